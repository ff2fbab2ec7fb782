-- name: ListModules :many
SELECT m.id, m.code, m.title, m.credits, m.archived_at, d.name AS department_name,
       coalesce((SELECT string_agg(p.code, ', ' ORDER BY p.code) FROM programme_modules pm JOIN programmes p ON p.id = pm.programme_id WHERE pm.module_id = m.id), '')::text AS programme_codes,
       count(*) OVER ()::int AS total
FROM modules m
JOIN departments d ON d.id = m.department_id
WHERE m.institution_id = @institution_id
  AND (@include_archived::bool OR m.archived_at IS NULL)
  AND (@q::text = '' OR m.code ILIKE '%' || @q::text || '%' OR m.title ILIKE '%' || @q::text || '%')
  AND (@department_id::bigint = 0 OR m.department_id = @department_id::bigint)
ORDER BY m.archived_at IS NOT NULL, lower(m.code)
LIMIT @row_limit OFFSET @row_offset;

-- name: ListActiveModuleOptions :many
SELECT id, code, title FROM modules
WHERE institution_id = @institution_id AND archived_at IS NULL
ORDER BY lower(code);

-- name: GetModule :one
SELECT m.id, m.institution_id, m.department_id, m.code, m.title, m.credits, m.archived_at, m.updated_at,
       d.name AS department_name,
       coalesce((SELECT array_agg(pm.programme_id ORDER BY pm.programme_id) FROM programme_modules pm WHERE pm.module_id = m.id), '{}')::bigint[] AS programme_ids
FROM modules m
JOIN departments d ON d.id = m.department_id
WHERE m.institution_id = @institution_id AND m.id = @id;

-- name: GetModuleByCode :one
SELECT id, department_id, code, title, credits, archived_at
FROM modules
WHERE institution_id = @institution_id AND lower(code) = lower(@code);

-- name: CreateModule :one
INSERT INTO modules (institution_id, department_id, code, title, credits)
VALUES (@institution_id, @department_id, @code, @title, @credits)
RETURNING id;

-- name: UpdateModule :exec
UPDATE modules
SET department_id = @department_id, code = @code, title = @title, credits = @credits, updated_at = now()
WHERE institution_id = @institution_id AND id = @id;

-- name: SetModuleArchived :exec
UPDATE modules
SET archived_at = CASE WHEN @archived::bool THEN now() ELSE NULL END, updated_at = now()
WHERE institution_id = @institution_id AND id = @id;

-- name: ListModuleProgrammes :many
SELECT p.id, p.code, p.title, pm.year_of_study
FROM programme_modules pm
JOIN programmes p ON p.id = pm.programme_id
WHERE pm.institution_id = @institution_id AND pm.module_id = @module_id
ORDER BY lower(p.code);
