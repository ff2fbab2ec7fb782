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
