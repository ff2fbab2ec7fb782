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
