-- name: GetUserForReset :one
SELECT u.id, u.institution_id, u.email, u.name, u.disabled_at, u.password_hash <> '' AS has_password,
       coalesce(i.passwords_allowed, true)::bool AS passwords_allowed,
       (i.break_glass_user_id IS NOT DISTINCT FROM u.id)::bool AS break_glass,
       coalesce(i.name, '')::text AS institution_name, coalesce(i.slug, '')::text AS institution_slug
FROM users u
LEFT JOIN institutions i ON i.id = u.institution_id
WHERE lower(u.email) = lower(@email);

-- name: RevokeOpenPasswordResets :exec
-- A new link, or a finished reset, makes the person's older links worthless.
UPDATE password_resets SET revoked_at = now()
WHERE user_id = @user_id AND used_at IS NULL AND revoked_at IS NULL;

-- name: CreatePasswordReset :one
INSERT INTO password_resets (user_id, token_hash, link_salt, issued_by, expires_at)
VALUES (@user_id, @token_hash, @link_salt, @issued_by, @expires_at)
RETURNING id;

-- name: GetPasswordResetForMail :one
-- A reset link's email, rebuilt by the job that sends it.
SELECT r.id, r.link_salt, r.expires_at, r.used_at, r.revoked_at, u.email, u.name, u.disabled_at,
       coalesce(a.name, '')::text AS issued_by_name, coalesce(i.default_language, '')::text AS institution_language
FROM password_resets r
JOIN users u ON u.id = r.user_id
LEFT JOIN users a ON a.id = r.issued_by
LEFT JOIN institutions i ON i.id = u.institution_id
WHERE r.id = @id;

-- name: GetUserForSignInMail :one
-- The person told that their institution signs in with university accounts.
SELECT u.email, u.name, u.disabled_at, coalesce(i.name, '')::text AS institution_name, coalesce(i.slug, '')::text AS institution_slug,
       coalesce(i.default_language, '')::text AS institution_language
FROM users u LEFT JOIN institutions i ON i.id = u.institution_id
WHERE u.id = @id;

-- name: GetPasswordReset :one
SELECT r.id, r.user_id, r.expires_at, r.used_at, r.revoked_at,
       u.email, u.name, u.institution_id, u.disabled_at
FROM password_resets r JOIN users u ON u.id = r.user_id
WHERE r.token_hash = @token_hash;

-- name: LockPasswordReset :one
-- Taken in the resetting transaction, so a link works once.
SELECT used_at, revoked_at, expires_at FROM password_resets WHERE id = @id FOR UPDATE;

-- name: MarkPasswordResetUsed :exec
UPDATE password_resets SET used_at = now() WHERE id = @id;

-- name: DeleteOldPasswordResets :exec
DELETE FROM password_resets WHERE expires_at < @before;
