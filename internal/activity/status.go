package activity

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/audit"
	"belonging/internal/store"
)

// FollowSessions moves activities' status on as their sessions happen: a
// scheduled activity is running once its first session has started, and
// completed once its last has ended. Only a start or end after the status
// was last set counts, so a person who sets the status afterwards keeps
// it. Each change is its own transaction, written to the audit log as the
// system's. The upkeep calls it; it returns how many activities moved.
func FollowSessions(ctx context.Context, pool *pgxpool.Pool, now time.Time) (int, error) {
	moved := 0
	for {
		due, err := store.New(pool).ActivitiesDueToMoveOn(ctx, now)
		if err != nil {
			return moved, err
		}
		batch := 0
		for _, a := range due {
			err := store.InTx(ctx, pool, func(q *store.Queries) error {
				n, err := q.MoveActivityStatus(ctx, store.MoveActivityStatusParams{InstitutionID: a.InstitutionID, ID: a.ID,
					Status: a.Status, NextStatus: a.NextStatus, Now: now})
				if err != nil || n == 0 {
					return err // n == 0: someone changed it meanwhile
				}
				batch++
				return audit.System(a.InstitutionID).Record(ctx, q, "update", "activity", a.ID,
					map[string]audit.Change{"status": {Before: a.Status, After: a.NextStatus}})
			})
			if err != nil {
				return moved, err
			}
		}
		moved += batch
		// A full batch may have more behind it; one that moved nothing
		// would only find the same rows again.
		if len(due) < 500 || batch == 0 {
			return moved, nil
		}
	}
}
