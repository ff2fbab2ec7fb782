-- name: CreateCollection :one
INSERT INTO collections (owner_id, title, description, shared) VALUES (@owner_id, @title, @description, @shared)
RETURNING id;

-- name: UpdateCollection :exec
UPDATE collections SET title = @title, description = @description, shared = @shared, updated_at = now()
WHERE id = @id;

-- name: GetCollection :one
SELECT c.id, c.owner_id, c.title, c.description, c.shared, c.created_at, c.updated_at, u.name AS owner_name
FROM collections c JOIN users u ON u.id = c.owner_id
WHERE c.id = @id;

-- name: ListCollections :many
-- The reader's own collections and those shared to the network.
SELECT c.id, c.owner_id, c.title, c.description, c.shared, c.updated_at, u.name AS owner_name,
       (SELECT count(*) FROM collection_items i WHERE i.collection_id = c.id)::int AS items
FROM collections c JOIN users u ON u.id = c.owner_id
WHERE c.owner_id = @user_id OR c.shared
ORDER BY c.owner_id = @user_id DESC, c.updated_at DESC
LIMIT 200;

-- name: ListOwnCollections :many
SELECT id, title FROM collections WHERE owner_id = @owner_id ORDER BY lower(title);

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
