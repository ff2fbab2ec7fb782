-- name: CreateInvitation :one
INSERT INTO invitations (institution_id, email, role, department_id, programme_id, module_id, activity_id, token_hash, link_salt, invited_by, expires_at)
VALUES (@institution_id, @email, @role, @department_id, @programme_id, @module_id, sqlc.narg(activity_id), @token_hash, @link_salt, @invited_by, @expires_at)
RETURNING id;

-- name: GetInvitationForMail :one
-- What the invitation email says, and the salt its link is rebuilt from.
SELECT i.id, i.email, i.role, i.expires_at, i.accepted_at, i.revoked_at, i.link_salt,
       inst.name AS institution_name, u.name AS invited_by_name, inst.default_language AS institution_language,
       coalesce(d.name, p.code || ' ' || p.title, mo.code || ' ' || mo.title, act.title, '')::text AS scope_label
FROM invitations i
JOIN institutions inst ON inst.id = i.institution_id
JOIN users u ON u.id = i.invited_by
LEFT JOIN departments d ON d.id = i.department_id
LEFT JOIN programmes p ON p.id = i.programme_id
LEFT JOIN modules mo ON mo.id = i.module_id
LEFT JOIN activities act ON act.id = i.activity_id
WHERE i.id = @id;

-- name: ListOpenInvitations :many
SELECT i.id, i.email, i.role, i.created_at, i.expires_at,
       coalesce(d.name, p.code || ' ' || p.title, mo.code || ' ' || mo.title, act.title, '')::text AS scope_label,
       u.name AS invited_by_name
FROM invitations i
JOIN users u ON u.id = i.invited_by
LEFT JOIN departments d ON d.id = i.department_id
LEFT JOIN programmes p ON p.id = i.programme_id
LEFT JOIN modules mo ON mo.id = i.module_id
LEFT JOIN activities act ON act.id = i.activity_id
WHERE i.institution_id = @institution_id AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()
ORDER BY i.created_at DESC;

-- name: GetInvitationByToken :one
SELECT i.id, i.institution_id, i.email, i.role, i.department_id, i.programme_id, i.module_id, i.activity_id,
       i.expires_at, i.accepted_at, i.revoked_at,
       inst.name AS institution_name, u.name AS invited_by_name, u.email AS invited_by_email,
       inst.default_language AS institution_language,
       coalesce(d.name, p.code || ' ' || p.title, mo.code || ' ' || mo.title, act.title, inst.name)::text AS scope_label
FROM invitations i
JOIN institutions inst ON inst.id = i.institution_id
JOIN users u ON u.id = i.invited_by
LEFT JOIN departments d ON d.id = i.department_id
LEFT JOIN programmes p ON p.id = i.programme_id
LEFT JOIN modules mo ON mo.id = i.module_id
LEFT JOIN activities act ON act.id = i.activity_id
WHERE i.token_hash = @token_hash;

-- name: LockInvitation :one
-- Taken in the accepting transaction, so an invitation is used only once.
SELECT accepted_at, revoked_at, expires_at FROM invitations WHERE id = @id FOR UPDATE;

-- name: MarkInvitationAccepted :exec
UPDATE invitations SET accepted_at = now() WHERE id = @id;

-- name: RevokeInvitation :execrows
UPDATE invitations SET revoked_at = now()
WHERE institution_id = @institution_id AND id = @id AND accepted_at IS NULL AND revoked_at IS NULL;
