-- name: ListProgrammes :many
SELECT p.id, p.code, p.title, p.level, p.subject_area, p.cohort_size, p.years, p.archived_at,
       d.name AS department_name,
       count(*) OVER ()::int AS total
FROM programmes p
JOIN departments d ON d.id = p.department_id
WHERE p.institution_id = @institution_id
  AND (@include_archived::bool OR p.archived_at IS NULL)
  AND (@q::text = '' OR p.code ILIKE '%' || @q::text || '%' OR p.title ILIKE '%' || @q::text || '%' OR p.subject_area ILIKE '%' || @q::text || '%')
  AND (@department_id::bigint = 0 OR p.department_id = @department_id::bigint)
ORDER BY p.archived_at IS NOT NULL, lower(p.code)
LIMIT @row_limit OFFSET @row_offset;

-- name: ListProgrammesByIDs :many
-- The programmes a person works on, for their navigation and lists.
SELECT p.id, p.code, p.title, p.level, p.cohort_size, p.archived_at, d.name AS department_name
FROM programmes p
JOIN departments d ON d.id = p.department_id
WHERE p.institution_id = @institution_id AND p.id = ANY(@ids::bigint[])
ORDER BY p.archived_at IS NOT NULL, lower(p.code);

-- name: ListActiveProgrammeOptions :many
SELECT id, code, title FROM programmes
WHERE institution_id = @institution_id AND archived_at IS NULL
ORDER BY lower(code);

-- name: GetProgramme :one
SELECT p.id, p.institution_id, p.department_id, p.code, p.title, p.level, p.subject_area,
       p.cohort_size, p.years, p.archived_at, p.updated_at, d.name AS department_name,
       -- Read with the programme, before anything of its plan: the plan
       -- page's kept parts are used only at the version read here.
       coalesce(v.version, 0)::bigint AS plan_version
FROM programmes p
JOIN departments d ON d.id = p.department_id
LEFT JOIN plan_versions v ON v.programme_id = p.id
WHERE p.institution_id = @institution_id AND p.id = @id;

-- name: GetProgrammeByCode :one
SELECT id, department_id, code, title, level, subject_area, cohort_size, years, archived_at
FROM programmes
WHERE institution_id = @institution_id AND lower(code) = lower(@code);

-- name: CreateProgramme :one
INSERT INTO programmes (institution_id, department_id, code, title, level, subject_area, cohort_size, years)
VALUES (@institution_id, @department_id, @code, @title, @level, @subject_area, @cohort_size, @years)
RETURNING id;

-- name: UpdateProgramme :exec
UPDATE programmes
SET department_id = @department_id, code = @code, title = @title, level = @level,
    subject_area = @subject_area, cohort_size = @cohort_size, years = @years, updated_at = now()
WHERE institution_id = @institution_id AND id = @id;

-- name: SetProgrammeArchived :exec
UPDATE programmes
SET archived_at = CASE WHEN @archived::bool THEN now() ELSE NULL END, updated_at = now()
WHERE institution_id = @institution_id AND id = @id;

-- name: ListProgrammeModules :many
SELECT m.id, m.code, m.title, m.credits, m.archived_at, pm.year_of_study
FROM programme_modules pm
JOIN modules m ON m.id = pm.module_id
WHERE pm.institution_id = @institution_id AND pm.programme_id = @programme_id
ORDER BY pm.year_of_study, lower(m.code);

-- name: LinkModule :exec
INSERT INTO programme_modules (institution_id, programme_id, module_id, year_of_study)
VALUES (@institution_id, @programme_id, @module_id, @year_of_study)
ON CONFLICT (programme_id, module_id) DO UPDATE SET year_of_study = EXCLUDED.year_of_study;

-- name: UnlinkModule :execrows
DELETE FROM programme_modules
WHERE institution_id = @institution_id AND programme_id = @programme_id AND module_id = @module_id;

-- name: GetProgrammeModuleYear :one
SELECT year_of_study FROM programme_modules
WHERE institution_id = @institution_id AND programme_id = @programme_id AND module_id = @module_id;
