-- name: ListTocEntries :many
-- An activity's theory of change, part by part in order.
SELECT e.id, e.part, e.term, e.position, e.body, e.evidence_note, e.evidence_id,
       coalesce(ev.title, '')::text AS evidence_title
FROM toc_entries e
LEFT JOIN evidence ev ON ev.institution_id = e.institution_id AND ev.id = e.evidence_id
WHERE e.institution_id = @institution_id AND e.activity_id = @activity_id
ORDER BY e.part, e.position, e.id;

-- name: ListTocLinks :many
-- Which activity elements lead to which outcomes.
SELECT outcome_id, element_id FROM toc_links
WHERE institution_id = @institution_id AND activity_id = @activity_id
ORDER BY outcome_id, element_id;

-- name: GetTocEntry :one
SELECT id, part, term, position, body, evidence_note, evidence_id
FROM toc_entries
WHERE institution_id = @institution_id AND activity_id = @activity_id AND id = @id;

-- name: AddTocEntry :one
-- A new entry goes last in its part. The activity row is locked first so
-- that two entries added at once do not take the same place.
WITH locked AS (
    SELECT a.id FROM activities a WHERE a.institution_id = @institution_id AND a.id = @activity_id FOR UPDATE
)
INSERT INTO toc_entries (institution_id, activity_id, part, term, position, body, evidence_note, evidence_id)
SELECT @institution_id, locked.id, @part, sqlc.narg(term), coalesce((
           SELECT max(position) FROM toc_entries WHERE activity_id = locked.id AND part = @part), 0) + 1,
       @body, @evidence_note, sqlc.narg(evidence_id)
FROM locked
RETURNING id;

-- name: UpdateTocEntry :exec
UPDATE toc_entries
SET term = sqlc.narg(term), body = @body, evidence_note = @evidence_note, evidence_id = sqlc.narg(evidence_id), updated_at = now()
WHERE institution_id = @institution_id AND activity_id = @activity_id AND id = @id;

-- name: DeleteTocEntry :execrows
DELETE FROM toc_entries WHERE institution_id = @institution_id AND activity_id = @activity_id AND id = @id;

-- name: DeleteTocLinksOfOutcome :exec
DELETE FROM toc_links WHERE institution_id = @institution_id AND activity_id = @activity_id AND outcome_id = @outcome_id;

-- name: AddTocLinks :exec
-- Links an outcome to elements; only elements of the same activity link
-- (the foreign keys refuse any other).
INSERT INTO toc_links (institution_id, activity_id, outcome_id, element_id)
SELECT @institution_id, @activity_id, @outcome_id, e.id
FROM toc_entries e
WHERE e.institution_id = @institution_id AND e.activity_id = @activity_id AND e.part = 'activity'
  AND e.id = ANY (@element_ids::bigint[]);

-- name: ListActivityEvidenceChoices :many
-- The evidence an assumption may point to: the activity's own.
SELECT id, title FROM evidence
WHERE institution_id = @institution_id AND activity_id = @activity_id
ORDER BY created_at, id;

-- name: TocSummary :one
-- Counts for the activity page's line about its theory of change.
SELECT count(*)::int AS entries,
       count(*) FILTER (WHERE part = 'outcome')::int AS outcomes,
       count(*) FILTER (WHERE part = 'mechanism')::int AS mechanisms,
       count(*) FILTER (WHERE part = 'assumption')::int AS assumptions,
       count(*) FILTER (WHERE part = 'assumption' AND (evidence_note <> '' OR evidence_id IS NOT NULL))::int AS evidenced,
       (SELECT count(*) FROM toc_links l WHERE l.institution_id = @institution_id AND l.activity_id = @activity_id)::int AS links
FROM toc_entries
WHERE institution_id = @institution_id AND activity_id = @activity_id;
