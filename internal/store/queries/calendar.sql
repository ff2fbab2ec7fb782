-- name: GetActiveFeed :one
SELECT id, created_at FROM calendar_feeds
WHERE institution_id = @institution_id AND programme_id = @programme_id::bigint AND revoked_at IS NULL;

-- name: RevokeFeeds :execrows
UPDATE calendar_feeds SET revoked_at = now()
WHERE institution_id = @institution_id AND programme_id = @programme_id::bigint AND revoked_at IS NULL;

-- name: CreateFeed :one
INSERT INTO calendar_feeds (institution_id, programme_id, token_hash, created_by)
VALUES (@institution_id, @programme_id::bigint, @token_hash, @created_by)
RETURNING id;

-- name: GetActivePersonalFeed :one
SELECT id, created_at FROM calendar_feeds
WHERE institution_id = @institution_id AND user_id = @user_id::bigint AND revoked_at IS NULL;

-- name: RevokePersonalFeeds :execrows
UPDATE calendar_feeds SET revoked_at = now()
WHERE institution_id = @institution_id AND user_id = @user_id::bigint AND revoked_at IS NULL;

-- name: CreatePersonalFeed :one
INSERT INTO calendar_feeds (institution_id, user_id, token_hash, created_by)
VALUES (@institution_id, @user_id::bigint, @token_hash, @user_id::bigint)
RETURNING id;

-- name: GetFeedByToken :one
-- A live feed: a programme's, or a person's ("my sessions") while their
-- account is enabled.
SELECT f.institution_id, coalesce(f.programme_id, 0)::bigint AS programme_id, coalesce(f.user_id, 0)::bigint AS user_id,
       coalesce(p.code, '')::text AS code, coalesce(p.title, u.name, '')::text AS title, i.name AS institution_name
FROM calendar_feeds f
LEFT JOIN programmes p ON p.id = f.programme_id
LEFT JOIN users u ON u.id = f.user_id
JOIN institutions i ON i.id = f.institution_id
WHERE f.token_hash = @token_hash AND f.revoked_at IS NULL AND (f.user_id IS NULL OR u.disabled_at IS NULL);
