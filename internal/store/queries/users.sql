-- name: GetUserForSignIn :one
-- With whether the person's institution still allows passwords, and
-- whether they are its break-glass admin, who keeps one regardless.
SELECT u.id, u.password_hash, u.disabled_at, u.session_epoch,
       coalesce(i.passwords_allowed, true)::bool AS passwords_allowed,
       (i.break_glass_user_id IS NOT DISTINCT FROM u.id)::bool AS break_glass,
       coalesce(i.slug, '')::text AS institution_slug, coalesce(i.name, '')::text AS institution_name
FROM users u
LEFT JOIN institutions i ON i.id = u.institution_id
WHERE lower(u.email) = lower(@email);

-- name: GetSessionUser :one
-- Everything the request needs about the signed-in person, in one query:
-- who they are and every membership with the name of its scope.
-- The counters say which version of the person this is (see migration 30).
SELECT u.id, u.institution_id, u.email, u.name, u.is_coordinator, u.student_partner, u.session_epoch, u.disabled_at,
       u.access_version, coalesce(i.access_version, 0)::bigint AS institution_access_version,
       coalesce(i.name, '')::text AS institution_name, coalesce(i.slug, '')::text AS institution_slug,
       coalesce(i.year_start_month, 8)::int AS year_start_month,
       coalesce(i.default_language, '')::text AS institution_language,
       coalesce((
           SELECT jsonb_agg(jsonb_build_object(
                      'role', m.role,
                      'department_id', m.department_id,
                      'programme_id', m.programme_id,
                      'module_id', m.module_id,
                      'activity_id', m.activity_id,
                      'label', coalesce(d.name, p.code || ' ' || p.title, mo.code || ' ' || mo.title, act.title, i.name),
                      'module_programmes', coalesce((SELECT jsonb_agg(pm.programme_id) FROM programme_modules pm WHERE pm.module_id = m.module_id), '[]'::jsonb),
                      'department_programmes', coalesce((SELECT jsonb_agg(dp.id) FROM programmes dp WHERE dp.department_id = m.department_id), '[]'::jsonb)
                  ) ORDER BY m.id)
           FROM memberships m
           LEFT JOIN departments d ON d.id = m.department_id
           LEFT JOIN programmes p ON p.id = m.programme_id
           LEFT JOIN modules mo ON mo.id = m.module_id
           LEFT JOIN activities act ON act.id = m.activity_id
           WHERE m.user_id = u.id AND m.institution_id = u.institution_id
       ), '[]'::jsonb)::jsonb AS memberships
FROM users u
LEFT JOIN institutions i ON i.id = u.institution_id
WHERE u.id = @id;

-- name: SetPassword :one
-- Setting a password raises the session epoch, ending every other session.
UPDATE users
SET password_hash = @password_hash, session_epoch = session_epoch + 1, updated_at = now()
WHERE id = @id
RETURNING session_epoch;

-- name: GetPasswordHash :one
SELECT password_hash FROM users WHERE id = @id;

-- name: CreateUser :one
INSERT INTO users (institution_id, email, name, password_hash, is_coordinator)
VALUES (@institution_id, @email, @name, @password_hash, @is_coordinator)
RETURNING id;
