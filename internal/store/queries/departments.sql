-- name: ListDepartments :many
SELECT d.id, d.name, d.archived_at,
       (SELECT count(*) FROM programmes p WHERE p.department_id = d.id AND p.archived_at IS NULL)::int AS programme_count,
       (SELECT count(*) FROM modules m WHERE m.department_id = d.id AND m.archived_at IS NULL)::int AS module_count,
       count(*) OVER ()::int AS total
FROM departments d
WHERE d.institution_id = @institution_id
  AND (@include_archived::bool OR d.archived_at IS NULL)
  AND (@q::text = '' OR d.name ILIKE '%' || @q::text || '%')
ORDER BY d.archived_at IS NOT NULL, lower(d.name)
LIMIT @row_limit OFFSET @row_offset;

-- name: ListActiveDepartmentNames :many
SELECT id, name FROM departments
WHERE institution_id = @institution_id AND archived_at IS NULL
ORDER BY lower(name);

-- name: GetDepartment :one
SELECT id, institution_id, name, archived_at, updated_at
FROM departments
WHERE institution_id = @institution_id AND id = @id;

-- name: CreateDepartment :one
INSERT INTO departments (institution_id, name) VALUES (@institution_id, @name)
RETURNING id;

-- name: UpdateDepartment :exec
UPDATE departments SET name = @name, updated_at = now()
WHERE institution_id = @institution_id AND id = @id;

-- name: SetDepartmentArchived :exec
UPDATE departments
SET archived_at = CASE WHEN @archived::bool THEN now() ELSE NULL END, updated_at = now()
WHERE institution_id = @institution_id AND id = @id;

-- name: CountDepartmentActiveChildren :one
SELECT ((SELECT count(*) FROM programmes p WHERE p.department_id = @id::bigint AND p.archived_at IS NULL)
      + (SELECT count(*) FROM modules m WHERE m.department_id = @id::bigint AND m.archived_at IS NULL))::int;
