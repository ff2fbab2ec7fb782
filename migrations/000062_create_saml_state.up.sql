-- SAML sign-ins in flight and the assertions already accepted. Both live in
-- PostgreSQL so that any app server can take the IdP's answer to a request
-- another one made, and a replayed assertion is refused on every server.

-- A request sent to an IdP. The IdP's answer arrives as a cross-site POST,
-- which carries no session cookie; the verified person is kept here until
-- the browser that made the request (holding binding_hash's secret in its
-- session) comes to collect it.
CREATE TABLE saml_requests (
    id            text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 200),
    provider_id   bigint NOT NULL REFERENCES identity_providers (id) ON DELETE CASCADE,
    binding_hash  bytea NOT NULL,
    next_path     text NOT NULL DEFAULT '/',
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    -- Filled by the assertion consumer service once the answer verifies.
    identity      jsonb,
    completed_at  timestamptz,
    collected_at  timestamptz
);
CREATE INDEX saml_requests_expires_idx ON saml_requests (expires_at);

-- The ids of accepted assertions (and the other messages the SAML library
-- records), kept until the assertion would have expired anyway.
CREATE TABLE saml_assertions (
    id         text PRIMARY KEY,
    expires_at timestamptz NOT NULL
);
CREATE INDEX saml_assertions_expires_idx ON saml_assertions (expires_at);
