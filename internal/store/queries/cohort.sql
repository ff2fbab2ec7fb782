-- name: GetCohortProfile :one
SELECT cohort_size, commuting, carers, first_in_family, mature, international, disabled, updated_at
FROM cohort_profiles
WHERE institution_id = @institution_id AND programme_id = @programme_id AND academic_year = @academic_year;

-- name: SaveCohortProfile :exec
INSERT INTO cohort_profiles (institution_id, programme_id, academic_year, cohort_size, commuting, carers,
                             first_in_family, mature, international, disabled)
VALUES (@institution_id, @programme_id, @academic_year, @cohort_size, @commuting, @carers,
        @first_in_family, @mature, @international, @disabled)
ON CONFLICT (programme_id, academic_year) DO UPDATE
SET cohort_size = EXCLUDED.cohort_size, commuting = EXCLUDED.commuting, carers = EXCLUDED.carers,
    first_in_family = EXCLUDED.first_in_family, mature = EXCLUDED.mature,
    international = EXCLUDED.international, disabled = EXCLUDED.disabled, updated_at = now();

-- name: CohortReach :one
-- What the plan's activities for a year offer students who commute or
-- care: how many there are, how many are inside timetabled teaching or
-- marked as suiting commuters and carers, and how many are outside the
-- curriculum (co- or extra-curricular) without being marked so.
SELECT count(*)::int AS total,
       count(*) FILTER (WHERE suits_commuters_carers)::int AS suit_commuters,
       count(*) FILTER (WHERE placement = 'curricular' OR in_timetabled_hours)::int AS in_teaching,
       count(*) FILTER (WHERE placement <> 'curricular' AND NOT in_timetabled_hours AND NOT suits_commuters_carers)::int AS outside_hours,
       count(*) FILTER (WHERE accessible)::int AS accessible
FROM activities
WHERE institution_id = @institution_id AND programme_id = @programme_id AND academic_year = @academic_year
  AND archived_at IS NULL;

-- name: GetBelongingNote :one
SELECT body, written_by, written_with, written_on, updated_at
FROM belonging_notes
WHERE institution_id = @institution_id AND programme_id = @programme_id;

-- name: SaveBelongingNote :exec
INSERT INTO belonging_notes (institution_id, programme_id, body, written_by, written_with, written_on)
VALUES (@institution_id, @programme_id, @body, @written_by, @written_with, @written_on)
ON CONFLICT (programme_id) DO UPDATE
SET body = EXCLUDED.body, written_by = EXCLUDED.written_by, written_with = EXCLUDED.written_with,
    written_on = EXCLUDED.written_on, updated_at = now();
