-- name: GetSCIMToken :one
SELECT t.id, t.institution_id, t.revoked_at, i.slug AS institution_slug
FROM scim_tokens t JOIN institutions i ON i.id = t.institution_id
WHERE t.token_hash = @token_hash;

-- name: TouchSCIMToken :exec
-- Noted at most once a minute, so a burst of requests writes once.
UPDATE scim_tokens SET last_used_at = now()
WHERE id = @id AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute');

-- name: CreateSCIMToken :one
INSERT INTO scim_tokens (institution_id, token_hash, description, created_by)
VALUES (@institution_id, @token_hash, @description, @created_by)
RETURNING id;

-- name: ListSCIMTokens :many
SELECT id, description, created_at, last_used_at, revoked_at
FROM scim_tokens WHERE institution_id = @institution_id
ORDER BY revoked_at IS NOT NULL, id DESC;

-- name: RevokeSCIMToken :execrows
UPDATE scim_tokens SET revoked_at = now()
WHERE institution_id = @institution_id AND id = @id AND revoked_at IS NULL;

-- name: ListSCIMUsers :many
-- The institution's people as the provisioning client sees them, filtered
-- by one attribute when the client asks (its lookups before creating).
SELECT id, email, name, disabled_at, scim_user_name, scim_external_id, scim_given_name, scim_family_name, created_at, updated_at,
       count(*) OVER ()::int AS total
FROM users
WHERE institution_id = @institution_id AND scim_deleted_at IS NULL
  AND (@user_name::text = '' OR lower(coalesce(scim_user_name, email)) = lower(@user_name::text))
  AND (@external_id::text = '' OR scim_external_id = @external_id::text)
  AND (@email::text = '' OR lower(email) = lower(@email::text))
ORDER BY id
LIMIT @row_limit OFFSET @row_offset;

-- name: GetSCIMUser :one
SELECT id, email, name, disabled_at, scim_user_name, scim_external_id, scim_given_name, scim_family_name, created_at, updated_at
FROM users
WHERE institution_id = @institution_id AND id = @id AND scim_deleted_at IS NULL;

-- name: CreateSCIMUser :one
INSERT INTO users (institution_id, email, name, scim_user_name, scim_external_id, scim_given_name, scim_family_name, disabled_at)
VALUES (@institution_id, @email, @name, @scim_user_name, @scim_external_id, @scim_given_name, @scim_family_name,
        CASE WHEN @active::bool THEN NULL ELSE now() END)
RETURNING id;

-- name: UpdateSCIMUser :exec
-- Deactivating raises the session epoch, ending the person's sessions at once.
UPDATE users
SET email = @email, name = @name, scim_user_name = @scim_user_name, scim_external_id = @scim_external_id,
    scim_given_name = @scim_given_name, scim_family_name = @scim_family_name,
    disabled_at = CASE WHEN @active::bool THEN NULL ELSE coalesce(disabled_at, now()) END,
    session_epoch = session_epoch + CASE WHEN NOT @active::bool AND disabled_at IS NULL THEN 1 ELSE 0 END,
    updated_at = now()
WHERE institution_id = @institution_id AND id = @id AND scim_deleted_at IS NULL;

-- name: DeleteSCIMUser :execrows
-- A deleted person's account stays, disabled, with their work.
UPDATE users
SET disabled_at = coalesce(disabled_at, now()), session_epoch = session_epoch + 1, scim_deleted_at = now(), updated_at = now()
WHERE institution_id = @institution_id AND id = @id AND scim_deleted_at IS NULL;

-- name: GetInstitutionSCIMToken :one
SELECT id, institution_id, description, revoked_at FROM scim_tokens WHERE institution_id = @institution_id AND id = @id;

-- name: LockSCIMUser :one
-- The person being changed, locked until the change commits.
SELECT id, email, name, disabled_at, scim_user_name, scim_external_id, scim_given_name, scim_family_name, created_at, updated_at
FROM users
WHERE institution_id = @institution_id AND id = @id AND scim_deleted_at IS NULL
FOR UPDATE;

-- name: GetUserByEmailForSCIM :one
-- An account with the address a client wants to create, to adopt it when
-- it is the institution's and no client manages it yet.
SELECT id, institution_id, scim_user_name, scim_deleted_at
FROM users WHERE lower(email) = lower(@email);

-- name: AdoptSCIMUser :exec
UPDATE users
SET scim_user_name = @scim_user_name, scim_external_id = @scim_external_id, scim_given_name = @scim_given_name,
    scim_family_name = @scim_family_name, name = @name, updated_at = now()
WHERE institution_id = @institution_id AND id = @id;
