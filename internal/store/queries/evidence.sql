-- name: CreateEvidence :one
INSERT INTO evidence (institution_id, activity_id, outcome_id, title, kind, strength, notes, instrument, sample_size,
    response_rate, comparison, effect_size, link_url, file_key, file_name, content_type, size_bytes, sha256,
    photo_consent, created_by)
VALUES (@institution_id, @activity_id, @outcome_id, @title, @kind, @strength, @notes, @instrument, @sample_size,
    @response_rate, @comparison, @effect_size, @link_url, @file_key, @file_name, @content_type, @size_bytes, @sha256,
    @photo_consent, @created_by)
RETURNING id;

-- name: GetEvidence :one
SELECT id, activity_id, outcome_id, title, kind, strength, notes, instrument, sample_size, response_rate, comparison,
       effect_size, link_url, file_key, file_name, content_type, size_bytes, sha256, photo_consent, survey_id, created_at
FROM evidence
WHERE institution_id = @institution_id AND id = @id;

-- name: DeleteEvidence :exec
DELETE FROM evidence WHERE institution_id = @institution_id AND id = @id;

-- name: ListActivityEvidence :many
SELECT e.id, e.outcome_id, e.title, e.kind, e.strength, e.notes, e.instrument, e.sample_size, e.response_rate,
       e.comparison, e.effect_size, e.link_url, e.file_key, e.file_name, e.content_type, e.size_bytes,
       e.survey_id, e.created_at, coalesce(u.name, '')::text AS created_by_name
FROM evidence e
LEFT JOIN users u ON u.id = e.created_by
WHERE e.institution_id = @institution_id AND e.activity_id = @activity_id
ORDER BY e.strength DESC, e.created_at DESC, e.id DESC;

-- name: ReferencedFileKeys :many
-- Every stored file a row refers to, for the sweep of orphaned files.
SELECT file_key::text FROM evidence WHERE file_key IS NOT NULL AND file_key LIKE @prefix::text || '%';

-- name: ListEvidenceFilesPastRetention :many
-- Evidence files of institutions that keep them for a number of years:
-- those whose activity's academic year ended at least that many years
-- before today (a year starting in Y at month M ends on the last day
-- before month M of Y+1). A batch at a time, oldest first.
SELECT e.id, e.institution_id, e.activity_id, e.title, e.file_key::text AS file_key, e.file_name::text AS file_name,
       a.academic_year
FROM evidence e
JOIN institutions i ON i.id = e.institution_id
JOIN activities a ON a.institution_id = e.institution_id AND a.id = e.activity_id
WHERE i.evidence_file_retention_years IS NOT NULL
  AND e.file_key IS NOT NULL
  AND make_date(a.academic_year + 1 + i.evidence_file_retention_years, i.year_start_month, 1) <= @today::date
ORDER BY e.id
LIMIT @batch;

-- name: DeleteEvidenceFile :one
-- Deletes one evidence file's record, unless another run already has.
DELETE FROM evidence WHERE institution_id = @institution_id AND id = @id AND file_key IS NOT NULL
RETURNING file_key::text;
