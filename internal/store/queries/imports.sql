-- name: ImportDepartments :many
SELECT id, name, archived_at FROM departments WHERE institution_id = @institution_id;

-- name: ImportProgrammes :many
SELECT id, department_id, code, title, level, subject_area, cohort_size, years
FROM programmes WHERE institution_id = @institution_id;

-- name: ImportModules :many
SELECT id, department_id, code, title, credits
FROM modules WHERE institution_id = @institution_id;

-- name: ImportLinks :many
SELECT programme_id, module_id, year_of_study
FROM programme_modules WHERE institution_id = @institution_id;

-- name: TryLockStructureImport :one
-- One structure import per institution at a time: held until the
-- transaction ends; a second import asking meanwhile is told at once.
SELECT pg_try_advisory_xact_lock(hashtext('structure import'), mod(@institution_id::bigint, 2147483647)::int) AS locked;

-- name: LockStructureForImport :exec
-- Holds the institution's departments, programmes and modules (and so
-- their module places, whose keys they are) until the import's
-- transaction ends, so the structure it compares against is the one it
-- writes over.
WITH d AS (SELECT id FROM departments WHERE departments.institution_id = @institution_id FOR UPDATE),
     p AS (SELECT id FROM programmes WHERE programmes.institution_id = @institution_id FOR UPDATE),
     m AS (SELECT id FROM modules WHERE modules.institution_id = @institution_id FOR UPDATE)
SELECT (SELECT count(*) FROM d) + (SELECT count(*) FROM p) + (SELECT count(*) FROM m);
