-- name: ListPeople :many
SELECT u.id, u.name, u.email, u.disabled_at, u.created_at,
       coalesce((SELECT string_agg(m.role, ',' ORDER BY m.role) FROM memberships m WHERE m.user_id = u.id), '')::text AS roles,
       count(*) OVER ()::int AS total
FROM users u
WHERE u.institution_id = @institution_id
  AND (@q::text = '' OR u.name ILIKE '%' || @q::text || '%' OR u.email ILIKE '%' || @q::text || '%')
  AND (@role::text = '' OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.role = @role::text))
ORDER BY u.disabled_at IS NOT NULL, lower(u.name)
LIMIT @row_limit OFFSET @row_offset;

-- name: GetPerson :one
SELECT id, institution_id, name, email, disabled_at, created_at, session_epoch, erased_at
FROM users
WHERE institution_id = @institution_id AND id = @id;

-- name: ListPersonMemberships :many
SELECT m.id, m.role, m.department_id, m.programme_id, m.module_id,
       coalesce(d.name, p.code || ' ' || p.title, mo.code || ' ' || mo.title, '')::text AS scope_label
FROM memberships m
LEFT JOIN departments d ON d.id = m.department_id
LEFT JOIN programmes p ON p.id = m.programme_id
LEFT JOIN modules mo ON mo.id = m.module_id
WHERE m.institution_id = @institution_id AND m.user_id = @user_id
ORDER BY m.id;

-- name: GetMembership :one
SELECT id, user_id, role, department_id, programme_id, module_id
FROM memberships
WHERE institution_id = @institution_id AND id = @id;

-- name: DeleteMembership :exec
DELETE FROM memberships WHERE institution_id = @institution_id AND id = @id;

-- name: CountAdmins :one
SELECT count(*)::int FROM memberships m JOIN users u ON u.id = m.user_id
WHERE m.institution_id = @institution_id AND m.role = 'admin' AND u.disabled_at IS NULL;

-- name: SetUserDisabled :exec
-- Disabling raises the session epoch, ending the person's sessions at once.
UPDATE users
SET disabled_at = CASE WHEN @disabled::bool THEN now() ELSE NULL END,
    session_epoch = session_epoch + CASE WHEN @disabled::bool THEN 1 ELSE 0 END,
    updated_at = now()
WHERE institution_id = @institution_id AND id = @id;

-- name: GetUserIDByEmail :one
SELECT id, institution_id FROM users WHERE lower(email) = lower(@email);

-- name: ListMembersOfProgramme :many
-- The people with a role on a programme or one of its modules.
SELECT DISTINCT u.id, u.name, u.email
FROM memberships m
JOIN users u ON u.id = m.user_id
WHERE m.institution_id = @institution_id AND u.disabled_at IS NULL
  AND (m.programme_id = @programme_id::bigint
       OR m.module_id IN (SELECT pm.module_id FROM programme_modules pm WHERE pm.programme_id = @programme_id::bigint))
ORDER BY u.name;
