-- The job queue's failed jobs, for admins. A job concerns an institution
-- (its metadata names it) or the whole installation (the upkeep, no
-- institution); admins see their institution's and the installation's.

-- name: ListFailedJobs :many
-- The institution's jobs that gave up after their retries, were refused
-- for good, or wait to retry after an error: the newest hundred. The
-- upkeep's jobs belong to no institution and are left to the operators
-- (their failures are logged): their errors may name any institution.
SELECT j.id, j.kind, j.state::text AS state, j.attempt::int AS attempt, j.max_attempts::int AS max_attempts,
       coalesce(j.errors[cardinality(j.errors)]->>'error', '')::text AS last_error,
       coalesce(j.finalized_at, j.scheduled_at)::timestamptz AS at
FROM river_job j
WHERE j.state IN ('discarded', 'cancelled', 'retryable') AND cardinality(j.errors) > 0
  AND j.metadata->>'institution_id' = sqlc.arg(institution_id)::bigint::text
ORDER BY j.id DESC
LIMIT 100;

-- name: GetFailedJob :one
SELECT j.id, j.kind, j.state::text AS state
FROM river_job j
WHERE j.id = @id AND j.state IN ('discarded', 'cancelled', 'retryable') AND cardinality(j.errors) > 0
  AND j.metadata->>'institution_id' = sqlc.arg(institution_id)::bigint::text;
