-- name: GetActiveFeed :one
SELECT id, created_at FROM calendar_feeds
WHERE institution_id = @institution_id AND programme_id = @programme_id AND revoked_at IS NULL;

-- name: RevokeFeeds :execrows
UPDATE calendar_feeds SET revoked_at = now()
WHERE institution_id = @institution_id AND programme_id = @programme_id AND revoked_at IS NULL;

-- name: CreateFeed :one
INSERT INTO calendar_feeds (institution_id, programme_id, token_hash, created_by)
VALUES (@institution_id, @programme_id, @token_hash, @created_by)
RETURNING id;

-- name: GetFeedByToken :one
SELECT f.institution_id, f.programme_id, p.code, p.title, i.name AS institution_name
FROM calendar_feeds f
JOIN programmes p ON p.id = f.programme_id
JOIN institutions i ON i.id = f.institution_id
WHERE f.token_hash = @token_hash AND f.revoked_at IS NULL;
