-- name: InsertAudit :exec
INSERT INTO audit_log (institution_id, actor_id, action, entity, entity_id, changes)
VALUES (@institution_id, @actor_id, @action, @entity, @entity_id, @changes);

-- name: ListAudit :many
SELECT a.id, a.action, a.entity, a.entity_id, a.changes, a.created_at,
       coalesce(u.name, 'System')::text AS actor_name, a.actor_id,
       count(*) OVER ()::int AS total
FROM audit_log a
LEFT JOIN users u ON u.id = a.actor_id
WHERE a.institution_id = @institution_id
  AND (@entity::text = '' OR a.entity = @entity::text)
  AND (@action::text = '' OR a.action = @action::text)
  AND (@actor_id::bigint = 0 OR a.actor_id = @actor_id::bigint)
  AND (sqlc.narg(since)::timestamptz IS NULL OR a.created_at >= sqlc.narg(since)::timestamptz)
  AND (sqlc.narg(until)::timestamptz IS NULL OR a.created_at < sqlc.narg(until)::timestamptz)
ORDER BY a.id DESC
LIMIT @row_limit OFFSET @row_offset;

-- name: ListAuditActors :many
SELECT DISTINCT u.id, u.name
FROM audit_log a JOIN users u ON u.id = a.actor_id
WHERE a.institution_id = @institution_id
ORDER BY u.name;
