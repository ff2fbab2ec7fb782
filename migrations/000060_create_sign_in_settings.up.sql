-- How each institution's people sign in: the email domains that are the
-- institution's own, its identity providers (OpenID Connect or SAML 2.0),
-- whether passwords stay allowed, and the links between accounts and the
-- subjects providers assert.

-- An institution's email domains: the sign-in page finds the institution
-- from an address, and an address at one of these is trusted when a
-- provider of the institution asserts it.
CREATE TABLE institution_domains (
    institution_id bigint NOT NULL REFERENCES institutions (id) ON DELETE CASCADE,
    domain         text NOT NULL CHECK (domain ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$'),
    PRIMARY KEY (institution_id, domain)
);
-- A domain belongs to one institution, so an address names one.
CREATE UNIQUE INDEX institution_domains_domain_key ON institution_domains (domain);

ALTER TABLE institutions
    -- Passwords stay allowed until an admin turns them off, which needs a
    -- provider that has worked and a break-glass admin who keeps one.
    ADD COLUMN passwords_allowed boolean NOT NULL DEFAULT true,
    ADD COLUMN break_glass_user_id bigint REFERENCES users (id),
    -- What a first sign-in by someone with neither an account nor an
    -- invitation gets: 'refuse' (a page saying whom to ask) or 'create'
    -- (an account with no roles, which the admins are told about).
    ADD COLUMN unknown_people text NOT NULL DEFAULT 'refuse' CHECK (unknown_people IN ('refuse', 'create')),
    ADD CONSTRAINT institutions_break_glass_check CHECK (passwords_allowed OR break_glass_user_id IS NOT NULL);

-- An identity provider. institution_id is null for a network-level
-- provider, configured by the operator for coordinators.
CREATE TABLE identity_providers (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    institution_id bigint REFERENCES institutions (id),
    protocol       text NOT NULL CHECK (protocol IN ('oidc', 'saml')),
    -- What the sign-in button says: "Northbridge University account".
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    -- Shown on the sign-in pages; off while an admin tries it out.
    enabled        boolean NOT NULL DEFAULT false,
    -- When a sign-in through it first worked.
    verified_at    timestamptz,

    -- OpenID Connect. flavour 'entra' (issuer from the tenant), 'google'
    -- (checks hd against the institution's domains) or 'generic'.
    oidc_flavour   text NOT NULL DEFAULT '' CHECK (oidc_flavour IN ('', 'generic', 'entra', 'google')),
    oidc_issuer    text NOT NULL DEFAULT '',
    oidc_tenant    text NOT NULL DEFAULT '',
    oidc_client_id text NOT NULL DEFAULT '',
    -- The client secret is never stored in clear: either a reference to
    -- where the operator keeps it ('env:SSO_SECRET_…' or 'file:<name>' in
    -- SSO_SECRETS_DIR), or sealed with SSO_ENCRYPTION_KEY (AES-256-GCM).
    oidc_secret_ref    text NOT NULL DEFAULT '',
    oidc_secret_sealed bytea,

    -- SAML 2.0: the IdP's metadata from an address (refreshed daily) or
    -- pasted, the entity to pick from an aggregate, and the federation's
    -- certificate its signature must verify with.
    saml_metadata_url   text NOT NULL DEFAULT '',
    saml_entity_id      text NOT NULL DEFAULT '',
    saml_signing_cert   text NOT NULL DEFAULT '',
    -- The IdP's own metadata as last read (one EntityDescriptor).
    saml_metadata_xml   text NOT NULL DEFAULT '',
    saml_metadata_fetched_at timestamptz,
    -- Attribute mapping: which identifier is the subject, and the names of
    -- the attributes holding the email address, the name and the scoped
    -- affiliation.
    saml_subject        text NOT NULL DEFAULT 'eppn' CHECK (saml_subject IN ('eppn', 'pairwise-id', 'subject-id', 'nameid')),
    saml_email_attr     text NOT NULL DEFAULT 'urn:oid:0.9.2342.19200300.100.1.3',
    saml_name_attr      text NOT NULL DEFAULT 'urn:oid:2.16.840.1.113730.3.1.241',
    saml_affiliation_attr text NOT NULL DEFAULT 'urn:oid:1.3.6.1.4.1.5923.1.1.1.9',

    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (protocol <> 'oidc' OR (oidc_flavour <> '' AND oidc_issuer <> '' AND oidc_client_id <> '')),
    CHECK (protocol <> 'oidc' OR oidc_secret_ref <> '' OR oidc_secret_sealed IS NOT NULL),
    CHECK (protocol <> 'saml' OR saml_metadata_url <> '' OR saml_metadata_xml <> ''),
    CHECK (protocol <> 'saml' OR institution_id IS NOT NULL)
);
CREATE INDEX identity_providers_institution_idx ON identity_providers (institution_id);

-- The subject a provider asserts for a person, linked to their account at
-- their first sign-in and used from then on, so a changed email address
-- does not break it.
CREATE TABLE sso_identities (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    provider_id  bigint NOT NULL REFERENCES identity_providers (id) ON DELETE CASCADE,
    user_id      bigint NOT NULL REFERENCES users (id),
    subject      text NOT NULL CHECK (length(subject) BETWEEN 1 AND 1024),
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (provider_id, subject),
    UNIQUE (provider_id, user_id)
);
CREATE INDEX sso_identities_user_idx ON sso_identities (user_id);
