-- name: CreateOutcome :one
INSERT INTO outcomes (institution_id, activity_id, session_id, outcome_date, attendance, invited, staff_present,
    what_worked, what_to_change, aims_met, student_quotes, next_steps, recorded_by)
VALUES (@institution_id, @activity_id, @session_id, @outcome_date, @attendance, @invited, @staff_present,
    @what_worked, @what_to_change, @aims_met, @student_quotes, @next_steps, @recorded_by)
RETURNING id;

-- name: UpdateOutcome :exec
UPDATE outcomes SET session_id = @session_id, outcome_date = @outcome_date, attendance = @attendance, invited = @invited,
    staff_present = @staff_present, what_worked = @what_worked, what_to_change = @what_to_change, aims_met = @aims_met,
    student_quotes = @student_quotes, next_steps = @next_steps, updated_at = now()
WHERE institution_id = @institution_id AND id = @id;

-- name: GetOutcome :one
SELECT id, activity_id, session_id, outcome_date, attendance, invited, staff_present, what_worked, what_to_change,
       aims_met, student_quotes, next_steps, recorded_by, created_at, updated_at
FROM outcomes
WHERE institution_id = @institution_id AND id = @id;

-- name: DeleteOutcome :exec
DELETE FROM outcomes WHERE institution_id = @institution_id AND id = @id;

-- name: ListActivityOutcomes :many
SELECT o.id, o.session_id, o.outcome_date, o.attendance, o.invited, o.staff_present, o.what_worked, o.what_to_change,
       o.aims_met, o.student_quotes, o.next_steps, coalesce(u.name, '')::text AS recorded_by_name,
       s.session_date AS session_date
FROM outcomes o
LEFT JOIN users u ON u.id = o.recorded_by
LEFT JOIN activity_sessions s ON s.id = o.session_id
WHERE o.institution_id = @institution_id AND o.activity_id = @activity_id
ORDER BY o.outcome_date DESC, o.id DESC;

-- name: ListOutcomesPastRetention :many
-- Outcomes of institutions that keep them for a number of years: those
-- whose activity's academic year ended at least that many years before
-- today. A batch at a time, oldest first.
SELECT o.id, o.institution_id, o.activity_id, o.outcome_date, a.academic_year
FROM outcomes o
JOIN institutions i ON i.id = o.institution_id
JOIN activities a ON a.institution_id = o.institution_id AND a.id = o.activity_id
WHERE i.outcome_retention_years IS NOT NULL
  AND make_date(a.academic_year + 1 + i.outcome_retention_years, i.year_start_month, 1) <= @today::date
ORDER BY o.id
LIMIT @batch;

-- name: DeleteOutcomeForRetention :execrows
-- Deletes one outcome, unless another run already has. Its evidence stays
-- with the activity.
DELETE FROM outcomes WHERE institution_id = @institution_id AND id = @id;
