// Package retention deletes what an institution has chosen not to keep
// beyond a number of years: evidence files, and outcomes, counted from the
// end of their activity's academic year. Both are off until an admin sets
// them (Administration → Settings). Survey responses have their own
// retention, SURVEY_RETENTION, kept by the survey upkeep.
//
// Run is the work of a periodic job, once per period across all servers;
// each deletion is its own transaction, recorded in the audit log as the
// system's, and claims its row, so a second run that overlaps the first
// (a job retried after its server died) deletes and records nothing twice.
package retention

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/acyear"
	"belonging/internal/audit"
	"belonging/internal/blob"
	"belonging/internal/store"
)

// batch is how many records one query lists; Run repeats until none is
// left, so an institution that has just turned retention on is caught up
// in one run, a batch of short transactions at a time.
const batch = 500

// Result counts what one run deleted.
type Result struct {
	Files    int
	Outcomes int
}

// Upkeep holds what a run needs.
type Upkeep struct {
	Pool   *pgxpool.Pool
	Blobs  blob.Store
	Logger *slog.Logger
}

// Run deletes, as of now (its UK date), every evidence file and every
// outcome past its institution's retention. An evidence file goes from
// the database first and then from the file store: should the store fail,
// the hourly sweep of files no record refers to removes it later, and a
// record never points to a missing file. An outcome's evidence stays with
// its activity.
func (u Upkeep) Run(ctx context.Context, now time.Time) (Result, error) {
	var res Result
	today := acyear.DateOf(now)
	q := store.New(u.Pool)
	for {
		files, err := q.ListEvidenceFilesPastRetention(ctx, store.ListEvidenceFilesPastRetentionParams{Today: today, Batch: batch})
		if err != nil || len(files) == 0 {
			if err != nil {
				return res, err
			}
			break
		}
		for _, f := range files {
			deleted, err := u.deleteFile(ctx, f)
			if err != nil {
				return res, err
			}
			if deleted {
				res.Files++
			}
		}
	}
	for {
		outcomes, err := q.ListOutcomesPastRetention(ctx, store.ListOutcomesPastRetentionParams{Today: today, Batch: batch})
		if err != nil || len(outcomes) == 0 {
			return res, err
		}
		for _, o := range outcomes {
			var n int64
			err := store.InTx(ctx, u.Pool, func(q *store.Queries) (err error) {
				n, err = q.DeleteOutcomeForRetention(ctx, store.DeleteOutcomeForRetentionParams{InstitutionID: o.InstitutionID, ID: o.ID})
				if err != nil || n == 0 {
					return err
				}
				return audit.System(o.InstitutionID).Record(ctx, q, "delete_past_retention", "outcome", o.ID, map[string]audit.Change{
					"activity_id":   {Before: o.ActivityID},
					"outcome_date":  {Before: o.OutcomeDate.Format(time.DateOnly)},
					"academic_year": {Before: acyear.Label(int(o.AcademicYear))},
				})
			})
			if err != nil {
				return res, err
			}
			res.Outcomes += int(n)
		}
	}
}

// deleteFile deletes one evidence file's record and then the file, and
// reports whether this run deleted it.
func (u Upkeep) deleteFile(ctx context.Context, f store.ListEvidenceFilesPastRetentionRow) (bool, error) {
	var key string
	err := store.InTx(ctx, u.Pool, func(q *store.Queries) (err error) {
		key, err = q.DeleteEvidenceFile(ctx, store.DeleteEvidenceFileParams{InstitutionID: f.InstitutionID, ID: f.ID})
		if err != nil {
			return err
		}
		return audit.System(f.InstitutionID).Record(ctx, q, "delete_past_retention", "evidence", f.ID, map[string]audit.Change{
			"title":         {Before: f.Title},
			"file":          {Before: f.FileName},
			"activity_id":   {Before: f.ActivityID},
			"academic_year": {Before: acyear.Label(int(f.AcademicYear))},
		})
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil // another run deleted it first
	}
	if err != nil {
		return false, err
	}
	if err := u.Blobs.Delete(ctx, key); err != nil && u.Logger != nil {
		u.Logger.Warn("evidence file past retention left for the sweep", "key", key, "err", err)
	}
	return true, nil
}
