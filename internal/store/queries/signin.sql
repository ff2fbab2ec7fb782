-- name: CountSignInFailures :many
-- Failures within the window under each of the keys (at most a few).
SELECT key, failures
FROM signin_failures
WHERE key = ANY(@keys::text[]) AND window_started_at > @window_start;

-- name: RecordSignInFailure :exec
-- Counts one more failure for each key, starting a new window for a key
-- whose window has passed.
INSERT INTO signin_failures AS f (key, window_started_at, failures)
SELECT k, now(), 1 FROM unnest(@keys::text[]) AS k
ON CONFLICT (key) DO UPDATE SET
    failures = CASE WHEN f.window_started_at > @window_start THEN f.failures + 1 ELSE 1 END,
    window_started_at = CASE WHEN f.window_started_at > @window_start THEN f.window_started_at ELSE now() END;

-- name: ClearSignInFailures :exec
DELETE FROM signin_failures WHERE key = @key;

-- name: DeleteStaleSignInFailures :exec
DELETE FROM signin_failures WHERE window_started_at < @before;
