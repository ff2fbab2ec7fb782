-- name: ClearBaseline :execrows
-- Unmarks the programme's baseline for a year, whichever survey it is.
UPDATE surveys SET baseline_year = NULL, updated_at = now()
WHERE institution_id = @institution_id AND programme_id = @programme_id AND baseline_year = @academic_year;

-- name: MarkBaseline :execrows
-- Marks a whole-programme survey as its programme's baseline for a year.
UPDATE surveys SET baseline_year = @academic_year, updated_at = now()
WHERE institution_id = @institution_id AND id = @id AND activity_id IS NULL;

-- name: GetBaseline :one
-- The programme's baseline survey for a year.
SELECT id FROM surveys
WHERE institution_id = @institution_id AND programme_id = @programme_id AND baseline_year = @academic_year;
