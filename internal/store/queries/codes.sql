-- name: ListEvaluationCodes :many
-- An institution's evaluation codes in the order its vocabulary lists them.
SELECT id, category, code, label, parent_code, description, suggested_for, position
FROM evaluation_codes
WHERE institution_id = @institution_id
ORDER BY position, id;

-- name: EvaluationCodeUsage :many
-- How many activities (archived ones too) carry each code that is in use.
SELECT c.code, count(*)::int AS activities
FROM activity_codes ac JOIN evaluation_codes c ON c.institution_id = ac.institution_id AND c.id = ac.code_id
WHERE ac.institution_id = @institution_id
GROUP BY c.code;

-- name: LockEvaluationCodes :exec
-- Holds the institution's vocabulary while an import replaces it, so two
-- imports never interleave (the lock ends with the transaction).
SELECT pg_advisory_xact_lock(hashtextextended('evaluation_codes:' || @institution_id::bigint, 0));

-- name: UpsertEvaluationCode :exec
-- A code keeps its id when an import rewrites it, so the activities that
-- carry it keep it.
INSERT INTO evaluation_codes (institution_id, category, code, label, parent_code, description, suggested_for, position)
VALUES (@institution_id, @category, @code, @label, sqlc.narg('parent_code'), @description, @suggested_for, @position)
ON CONFLICT (institution_id, code) DO UPDATE SET
    category = EXCLUDED.category, label = EXCLUDED.label, parent_code = EXCLUDED.parent_code,
    description = EXCLUDED.description, suggested_for = EXCLUDED.suggested_for, position = EXCLUDED.position;

-- name: DeleteEvaluationCodesNotIn :execrows
-- Removes the codes a new vocabulary leaves out, and with them their place
-- on activities.
DELETE FROM evaluation_codes
WHERE institution_id = @institution_id AND NOT (code = ANY (@keep::text[]));

-- name: ListActivityCodes :many
-- The codes one activity carries, in the vocabulary's order.
SELECT c.id, c.category, c.code, c.label, c.parent_code
FROM activity_codes ac JOIN evaluation_codes c ON c.institution_id = ac.institution_id AND c.id = ac.code_id
WHERE ac.institution_id = @institution_id AND ac.activity_id = @activity_id
ORDER BY c.position, c.id;

-- name: ListCodesOfPlan :many
-- The codes of a programme's activities in one academic year (its plan's
-- export), in the vocabulary's order: chosen as the export chooses its
-- activities, so that both go to the database in one batch.
SELECT ac.activity_id, c.category, c.code, c.label
FROM activities a
JOIN activity_codes ac ON ac.institution_id = a.institution_id AND ac.activity_id = a.id
JOIN evaluation_codes c ON c.institution_id = ac.institution_id AND c.id = ac.code_id
WHERE a.institution_id = @institution_id AND a.programme_id = @programme_id AND a.academic_year = @academic_year
  AND a.archived_at IS NULL
ORDER BY ac.activity_id, c.position, c.id;

-- name: ClearActivityCodes :exec
DELETE FROM activity_codes WHERE institution_id = @institution_id AND activity_id = @activity_id;

-- name: AddActivityCodes :exec
-- Codes are named by their code; one that is not the institution's adds
-- nothing.
INSERT INTO activity_codes (institution_id, activity_id, code_id)
SELECT @institution_id, @activity_id, c.id
FROM evaluation_codes c
WHERE c.institution_id = @institution_id AND c.code = ANY (@codes::text[])
ON CONFLICT DO NOTHING;

-- name: CopyActivityCodes :exec
INSERT INTO activity_codes (institution_id, activity_id, code_id)
SELECT src.institution_id, @to_activity_id::bigint, src.code_id
FROM activity_codes src
WHERE src.institution_id = @institution_id AND src.activity_id = @from_activity_id;
