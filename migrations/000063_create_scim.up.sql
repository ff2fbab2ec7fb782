-- SCIM 2.0 provisioning: bearer tokens per institution (only their SHA-256
-- is kept) and what the provisioning client knows a person by.
CREATE TABLE scim_tokens (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    institution_id bigint NOT NULL REFERENCES institutions (id),
    token_hash     bytea NOT NULL UNIQUE,
    description    text NOT NULL CHECK (length(description) BETWEEN 1 AND 100),
    created_by     bigint REFERENCES users (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    last_used_at   timestamptz,
    revoked_at     timestamptz
);
CREATE INDEX scim_tokens_institution_idx ON scim_tokens (institution_id);

ALTER TABLE users
    -- The client's userName (often the user principal name) and
    -- externalId; null for people the client has not provisioned.
    ADD COLUMN scim_user_name text,
    ADD COLUMN scim_external_id text,
    -- The name's parts as the client sent them, so they read back the same;
    -- users.name holds the name people see.
    ADD COLUMN scim_given_name text,
    ADD COLUMN scim_family_name text,
    -- Set when the client deleted the person: the account stays, disabled,
    -- with their work, but the client no longer sees it.
    ADD COLUMN scim_deleted_at timestamptz;
CREATE UNIQUE INDEX users_scim_user_name_key ON users (institution_id, lower(scim_user_name)) WHERE scim_user_name IS NOT NULL;
CREATE INDEX users_scim_external_id_idx ON users (institution_id, scim_external_id) WHERE scim_external_id IS NOT NULL;
