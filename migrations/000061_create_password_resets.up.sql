-- Single-use password reset links. Only the SHA-256 of the token is kept,
-- so the table cannot be used to reset anyone's password.
CREATE TABLE password_resets (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users (id),
    token_hash  bytea NOT NULL UNIQUE,
    -- The admin who issued it, or null when the person asked for it (or
    -- the operator did, from the command line).
    issued_by   bigint REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    -- Set when a newer link or a completed reset made this one worthless.
    revoked_at  timestamptz
);
CREATE INDEX password_resets_user_idx ON password_resets (user_id);
