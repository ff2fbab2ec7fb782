-- name: ListInstitutionDomains :many
SELECT domain FROM institution_domains WHERE institution_id = @institution_id ORDER BY domain;

-- name: DeleteInstitutionDomains :exec
DELETE FROM institution_domains WHERE institution_id = @institution_id;

-- name: AddInstitutionDomain :exec
INSERT INTO institution_domains (institution_id, domain) VALUES (@institution_id, @domain);

-- name: FindDomainOwner :one
-- The institution an email domain belongs to, if any.
SELECT i.id, i.slug, i.name
FROM institution_domains d JOIN institutions i ON i.id = d.institution_id
WHERE d.domain = lower(@domain);

-- name: GetSignInSettings :one
SELECT i.id, i.slug, i.name, i.passwords_allowed, i.break_glass_user_id, i.unknown_people,
       coalesce(b.email, '')::text AS break_glass_email
FROM institutions i
LEFT JOIN users b ON b.id = i.break_glass_user_id
WHERE i.id = @id;

-- name: GetSignInInstitution :one
SELECT id, slug, name, passwords_allowed, default_language FROM institutions WHERE slug = @slug;

-- name: UpdateSignInSettings :exec
UPDATE institutions
SET passwords_allowed = @passwords_allowed, break_glass_user_id = @break_glass_user_id, unknown_people = @unknown_people
WHERE id = @id;

-- name: ListSignInInstitutions :many
-- Institutions whose people can sign in with a provider, for the list on
-- the sign-in page, optionally filtered by a part of their name.
SELECT i.id, i.slug, i.name
FROM institutions i
WHERE EXISTS (SELECT 1 FROM identity_providers p WHERE p.institution_id = i.id AND p.enabled)
  AND (@q::text = '' OR i.name ILIKE '%' || @q::text || '%' OR i.slug ILIKE '%' || @q::text || '%'
       OR EXISTS (SELECT 1 FROM institution_domains d WHERE d.institution_id = i.id AND d.domain ILIKE '%' || @q::text || '%'))
ORDER BY lower(i.name)
LIMIT 100;

-- name: ListProviders :many
-- An institution's providers for its admins, or (with no institution) the
-- network's.
SELECT id, institution_id, protocol, name, enabled, verified_at, oidc_flavour, oidc_issuer, oidc_client_id,
       saml_metadata_url, saml_entity_id, saml_metadata_fetched_at
FROM identity_providers
WHERE institution_id IS NOT DISTINCT FROM sqlc.narg(institution_id)::bigint
ORDER BY id;

-- name: ListEnabledProviders :many
SELECT id, protocol, name, oidc_flavour
FROM identity_providers
WHERE institution_id IS NOT DISTINCT FROM sqlc.narg(institution_id)::bigint AND enabled
ORDER BY id;

-- name: GetProvider :one
-- A provider by id, for a sign-in through it. Providers are public: the
-- sign-in pages name them to anyone.
SELECT id, institution_id, protocol, name, enabled, verified_at, oidc_flavour, oidc_issuer, oidc_tenant, oidc_client_id,
       oidc_secret_ref, oidc_secret_sealed, saml_metadata_url, saml_entity_id, saml_signing_cert, saml_metadata_xml,
       saml_metadata_fetched_at, saml_subject, saml_email_attr, saml_name_attr, saml_affiliation_attr, created_at, updated_at
FROM identity_providers
WHERE id = @id;

-- name: GetInstitutionProvider :one
SELECT id, institution_id, protocol, name, enabled, verified_at, oidc_flavour, oidc_issuer, oidc_tenant, oidc_client_id,
       oidc_secret_ref, oidc_secret_sealed, saml_metadata_url, saml_entity_id, saml_signing_cert, saml_metadata_xml,
       saml_metadata_fetched_at, saml_subject, saml_email_attr, saml_name_attr, saml_affiliation_attr, created_at, updated_at
FROM identity_providers
WHERE institution_id = @institution_id AND id = @id;

-- name: CreateProvider :one
INSERT INTO identity_providers (institution_id, protocol, name, enabled, oidc_flavour, oidc_issuer, oidc_tenant, oidc_client_id,
    oidc_secret_ref, oidc_secret_sealed, saml_metadata_url, saml_entity_id, saml_signing_cert, saml_metadata_xml,
    saml_metadata_fetched_at, saml_subject, saml_email_attr, saml_name_attr, saml_affiliation_attr)
VALUES (@institution_id, @protocol, @name, @enabled, @oidc_flavour, @oidc_issuer, @oidc_tenant, @oidc_client_id,
    @oidc_secret_ref, @oidc_secret_sealed, @saml_metadata_url, @saml_entity_id, @saml_signing_cert, @saml_metadata_xml,
    @saml_metadata_fetched_at, @saml_subject, @saml_email_attr, @saml_name_attr, @saml_affiliation_attr)
RETURNING id;

-- name: UpdateProvider :exec
UPDATE identity_providers
SET name = @name, enabled = @enabled, oidc_flavour = @oidc_flavour, oidc_issuer = @oidc_issuer, oidc_tenant = @oidc_tenant,
    oidc_client_id = @oidc_client_id, oidc_secret_ref = @oidc_secret_ref, oidc_secret_sealed = @oidc_secret_sealed,
    saml_metadata_url = @saml_metadata_url, saml_entity_id = @saml_entity_id, saml_signing_cert = @saml_signing_cert,
    saml_metadata_xml = @saml_metadata_xml, saml_metadata_fetched_at = @saml_metadata_fetched_at, saml_subject = @saml_subject,
    saml_email_attr = @saml_email_attr, saml_name_attr = @saml_name_attr, saml_affiliation_attr = @saml_affiliation_attr,
    updated_at = now()
WHERE id = @id;

-- name: SetProviderEnabled :exec
UPDATE identity_providers SET enabled = @enabled, updated_at = now() WHERE id = @id;

-- name: DeleteProvider :exec
DELETE FROM identity_providers WHERE id = @id;

-- name: MarkProviderVerified :exec
-- The first sign-in that works through a provider shows it works.
UPDATE identity_providers SET verified_at = now() WHERE id = @id AND verified_at IS NULL;

-- name: SaveProviderMetadata :exec
UPDATE identity_providers SET saml_metadata_xml = @saml_metadata_xml, saml_metadata_fetched_at = now()
WHERE id = @id;

-- name: CountWorkingProviders :one
SELECT count(*)::int FROM identity_providers WHERE institution_id = @institution_id AND enabled AND verified_at IS NOT NULL;

-- name: GetIdentity :one
SELECT id, user_id FROM sso_identities WHERE provider_id = @provider_id AND subject = @subject;

-- name: GetIdentityOfUser :one
SELECT id, subject FROM sso_identities WHERE provider_id = @provider_id AND user_id = @user_id;

-- name: CreateIdentity :one
INSERT INTO sso_identities (provider_id, user_id, subject) VALUES (@provider_id, @user_id, @subject)
RETURNING id;

-- name: TouchIdentity :exec
UPDATE sso_identities SET last_used_at = now() WHERE id = @id;

-- name: GetSSOUser :one
-- What a sign-in through a provider needs to know about an account.
SELECT id, institution_id, email, name, is_coordinator, disabled_at, session_epoch
FROM users WHERE id = @id;

-- name: GetSSOUserByEmail :one
SELECT id, institution_id, email, name, is_coordinator, disabled_at, session_epoch
FROM users WHERE lower(email) = lower(@email);

-- name: ListOpenInvitationsForEmail :many
-- The waiting invitations for an address at an institution, each granting
-- one role; a first sign-in through a provider accepts them all.
SELECT i.id, i.role, i.department_id, i.programme_id, i.module_id, i.activity_id, i.invited_by,
       coalesce(d.name, p.code || ' ' || p.title, mo.code || ' ' || mo.title, act.title, inst.name)::text AS scope_label
FROM invitations i
JOIN institutions inst ON inst.id = i.institution_id
LEFT JOIN departments d ON d.id = i.department_id
LEFT JOIN programmes p ON p.id = i.programme_id
LEFT JOIN modules mo ON mo.id = i.module_id
LEFT JOIN activities act ON act.id = i.activity_id
WHERE i.institution_id = @institution_id AND lower(i.email) = lower(@email)
  AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()
ORDER BY i.id
FOR UPDATE OF i;

-- name: ListInstitutionAdmins :many
SELECT u.id, u.name, u.email
FROM memberships m JOIN users u ON u.id = m.user_id
WHERE m.institution_id = @institution_id AND m.role = 'admin' AND u.disabled_at IS NULL
ORDER BY u.id;

-- name: IsActiveAdmin :one
SELECT EXISTS (
    SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id
    WHERE m.institution_id = @institution_id AND m.role = 'admin' AND u.id = @user_id AND u.disabled_at IS NULL
)::bool;

-- name: CreateSAMLRequest :exec
INSERT INTO saml_requests (id, provider_id, binding_hash, next_path, expires_at)
VALUES (@id, @provider_id, @binding_hash, @next_path, @expires_at);

-- name: GetSAMLRequest :one
SELECT id, provider_id, binding_hash, next_path, expires_at, identity, completed_at, collected_at
FROM saml_requests WHERE id = @id;

-- name: CompleteSAMLRequest :execrows
-- The verified person, kept for the browser that made the request.
UPDATE saml_requests SET identity = @identity, completed_at = now()
WHERE id = @id AND completed_at IS NULL AND expires_at > now();

-- name: CollectSAMLRequest :execrows
-- Taken once, by the browser whose session holds the request's secret.
UPDATE saml_requests SET collected_at = now()
WHERE id = @id AND completed_at IS NOT NULL AND collected_at IS NULL AND expires_at > now();

-- name: ConsumeSAMLMessage :execrows
-- Records an accepted assertion's id; no row means it was seen before.
INSERT INTO saml_assertions (id, expires_at) VALUES (@id, @expires_at)
ON CONFLICT (id) DO NOTHING;

-- name: DeleteExpiredSAMLState :exec
WITH r AS (DELETE FROM saml_requests WHERE saml_requests.expires_at < @before)
DELETE FROM saml_assertions WHERE saml_assertions.expires_at < @before;

-- name: ListSAMLProvidersOfInstitution :many
SELECT p.id, p.institution_id, p.protocol, p.name, p.enabled, p.verified_at, p.oidc_flavour, p.oidc_issuer, p.oidc_tenant, p.oidc_client_id,
       p.oidc_secret_ref, p.oidc_secret_sealed, p.saml_metadata_url, p.saml_entity_id, p.saml_signing_cert, p.saml_metadata_xml,
       p.saml_metadata_fetched_at, p.saml_subject, p.saml_email_attr, p.saml_name_attr, p.saml_affiliation_attr, p.created_at, p.updated_at
FROM identity_providers p JOIN institutions i ON i.id = p.institution_id
WHERE i.slug = @slug AND p.protocol = 'saml'
ORDER BY p.id;

-- name: AnySignInInstitution :one
-- Whether any institution shows a provider, for the sign-in page.
SELECT EXISTS (SELECT 1 FROM identity_providers WHERE institution_id IS NOT NULL AND enabled)::bool;
