-- name: InsertAudit :exec
INSERT INTO audit_log (institution_id, actor_id, action, entity, entity_id, changes)
VALUES (@institution_id, @actor_id, @action, @entity, @entity_id, @changes);
