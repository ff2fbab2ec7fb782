-- name: CreateCollection :one
-- A coordinator's collection has no institution or programme; a team's
-- has both.
INSERT INTO collections (owner_id, title, description, shared, institution_id, programme_id)
VALUES (@owner_id, @title, @description, @shared, sqlc.narg(institution_id), sqlc.narg(programme_id))
RETURNING id;

-- name: UpdateCollection :exec
UPDATE collections SET title = @title, description = @description, shared = @shared, updated_at = now()
WHERE id = @id;

-- name: GetCollection :one
SELECT c.id, c.owner_id, c.title, c.description, c.shared, c.created_at, c.updated_at, u.name AS owner_name,
       coalesce(c.institution_id, 0)::bigint AS institution_id, coalesce(c.programme_id, 0)::bigint AS programme_id,
       coalesce(p.code || ' ' || p.title, '')::text AS programme_label
FROM collections c JOIN users u ON u.id = c.owner_id
LEFT JOIN programmes p ON p.id = c.programme_id AND p.institution_id = c.institution_id
WHERE c.id = @id;

-- name: ListCollections :many
-- The collections a reader may read (auth.CanReadCollection): their own
-- network collections and those shared to the network; their programme
-- teams' collections and those shared in their institution. Those they
-- may change come first.
SELECT c.id, c.owner_id, c.title, c.description, c.shared, c.updated_at, u.name AS owner_name,
       (SELECT count(*) FROM collection_items i WHERE i.collection_id = c.id)::int AS items,
       coalesce(p.code, '')::text AS programme_code,
       ((c.institution_id IS NULL AND c.owner_id = @user_id) OR c.programme_id = ANY(@team_programmes::bigint[]))::bool AS mine
FROM collections c JOIN users u ON u.id = c.owner_id
LEFT JOIN programmes p ON p.id = c.programme_id AND p.institution_id = c.institution_id
WHERE (c.institution_id IS NULL AND (c.owner_id = @user_id OR c.shared))
   OR (c.institution_id = @institution_id AND (c.shared OR c.programme_id = ANY(@team_programmes::bigint[])))
ORDER BY mine DESC, c.updated_at DESC
LIMIT 200;

-- name: ListOwnCollections :many
-- The collections a person may add to (auth.CanChangeCollection): their
-- own network collections and their programme teams'.
SELECT c.id, c.title, coalesce(p.code, '')::text AS programme_code
FROM collections c
LEFT JOIN programmes p ON p.id = c.programme_id AND p.institution_id = c.institution_id
WHERE (c.institution_id IS NULL AND c.owner_id = @owner_id)
   OR (c.institution_id = @institution_id AND c.programme_id = ANY(@team_programmes::bigint[]))
ORDER BY lower(c.title), c.id;

-- name: ListCollectionItems :many
SELECT i.case_study_id, i.position, i.note, p.title, p.summary, p.institution_name, p.evidence_strength,
       p.kind, p.visibility, p.institution_id
FROM collection_items i
JOIN case_study_publications p ON p.case_study_id = i.case_study_id
WHERE i.collection_id = @collection_id
ORDER BY i.position, i.case_study_id;

-- name: AddCollectionItem :exec
INSERT INTO collection_items (collection_id, case_study_id, position, note)
SELECT @collection_id, @case_study_id, coalesce(max(position), 0) + 1, @note
FROM collection_items WHERE collection_id = @collection_id
ON CONFLICT (collection_id, case_study_id) DO UPDATE SET note = EXCLUDED.note;

-- name: UpdateCollectionItemNote :execrows
UPDATE collection_items SET note = @note WHERE collection_id = @collection_id AND case_study_id = @case_study_id;

-- name: RemoveCollectionItem :execrows
DELETE FROM collection_items WHERE collection_id = @collection_id AND case_study_id = @case_study_id;

-- name: CollectionHasItem :one
SELECT EXISTS (SELECT 1 FROM collection_items WHERE collection_id = @collection_id AND case_study_id = @case_study_id)::bool;

-- name: MoveCollectionItem :execrows
-- Swaps the item with its neighbour above (up) or below; nothing at the
-- top or bottom.
WITH me AS (
    SELECT position FROM collection_items WHERE collection_id = @collection_id AND case_study_id = @case_study_id
), other AS (
    SELECT ci.case_study_id, ci.position FROM collection_items ci, me
    WHERE ci.collection_id = @collection_id
      AND CASE WHEN @up::bool THEN ci.position < me.position ELSE ci.position > me.position END
    ORDER BY CASE WHEN @up::bool THEN -ci.position ELSE ci.position END
    LIMIT 1
)
UPDATE collection_items ci SET position = CASE WHEN ci.case_study_id = @case_study_id THEN (SELECT position FROM other) ELSE (SELECT position FROM me) END
WHERE ci.collection_id = @collection_id
  AND ci.case_study_id IN (@case_study_id, (SELECT case_study_id FROM other))
  AND EXISTS (SELECT 1 FROM other);
