package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"belonging/internal/store"
	"belonging/internal/testkit"
)

// TestPrefetchAnswersAsTheDatabaseDoes runs an activity page's kinds of
// reads (a row of many types, lists with dates, times, arrays and NULLs,
// a read that finds nothing) straight on the database and from one
// prefetched batch, and compares them; it also shows that a read with
// other arguments, or the same read a second time, goes to the database,
// and that a write among the reads is not run.
func TestPrefetchAnswersAsTheDatabaseDoes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool, counter := testkit.Pool(t, testkit.SeededDB(t))
	var institution, activity, other int64
	err := pool.QueryRow(ctx, `
		SELECT a.institution_id, a.id, (SELECT b.id FROM activities b WHERE b.institution_id = a.institution_id AND b.id <> a.id ORDER BY b.id LIMIT 1)
		FROM activities a
		WHERE EXISTS (SELECT FROM outcomes o WHERE o.activity_id = a.id) AND EXISTS (SELECT FROM evidence e WHERE e.activity_id = a.id)
		  AND EXISTS (SELECT FROM activity_sessions s WHERE s.activity_id = a.id)
		ORDER BY a.id LIMIT 1`).Scan(&institution, &activity, &other)
	if err != nil {
		t.Fatal(err)
	}

	type page struct {
		Activity store.GetActivityRow
		Sessions []store.ListActivitySessionsRow
		Outcomes []store.ListActivityOutcomesRow
		Evidence []store.ListActivityEvidenceRow
		Team     []store.ListActivityTeamRow
		Codes    []store.ListEvaluationCodesRow
		Missing  error
	}
	read := func(ctx context.Context, q *store.Queries) (page, error) {
		var p page
		var err error
		if p.Activity, err = q.GetActivity(ctx, store.GetActivityParams{InstitutionID: institution, ID: activity}); err != nil {
			return p, err
		}
		if p.Sessions, err = q.ListActivitySessions(ctx, store.ListActivitySessionsParams{InstitutionID: institution, ActivityID: activity}); err != nil {
			return p, err
		}
		if p.Outcomes, err = q.ListActivityOutcomes(ctx, store.ListActivityOutcomesParams{InstitutionID: institution, ActivityID: activity}); err != nil {
			return p, err
		}
		if p.Evidence, err = q.ListActivityEvidence(ctx, store.ListActivityEvidenceParams{InstitutionID: institution, ActivityID: activity}); err != nil {
			return p, err
		}
		if p.Team, err = q.ListActivityTeam(ctx, activity); err != nil {
			return p, err
		}
		if p.Codes, err = q.ListEvaluationCodes(ctx, institution); err != nil {
			return p, err
		}
		_, p.Missing = q.GetActivity(ctx, store.GetActivityParams{InstitutionID: institution + 1000, ID: activity})
		return p, nil
	}
	want, err := read(ctx, store.New(pool))
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Sessions) == 0 || len(want.Outcomes) == 0 || len(want.Evidence) == 0 || !errors.Is(want.Missing, pgx.ErrNoRows) {
		t.Fatalf("the activity read has %d sessions, %d outcomes, %d evidence and a missing read's error %v: want some of each and no rows",
			len(want.Sessions), len(want.Outcomes), len(want.Evidence), want.Missing)
	}

	q := store.New(store.Prefetching(pool))
	pctx, err := store.Prefetch(ctx, pool, func(q *store.Queries) {
		if _, err := read(ctx, q); err != nil {
			t.Errorf("recording the reads: %v", err)
		}
		// A write among the reads is refused, not run.
		if err := q.SetActivityArchived(ctx, store.SetActivityArchivedParams{Archived: true, InstitutionID: institution, ID: activity}); err == nil {
			t.Error("a write among the prefetched reads was accepted")
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	before := counter.RoundTrips()
	got, err := read(pctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if trips := counter.RoundTrips() - before; trips != 0 {
		t.Errorf("prefetched reads took %d round trips, want 0", trips)
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b error) bool { return errors.Is(a, pgx.ErrNoRows) == errors.Is(b, pgx.ErrNoRows) })); diff != "" {
		t.Errorf("prefetched reads differ from the database's (-want +got):\n%s", diff)
	}

	// Each result is used once; other arguments are not answered from it.
	for _, args := range []int64{activity, other} {
		before := counter.RoundTrips()
		sessions, err := q.ListActivitySessions(pctx, store.ListActivitySessionsParams{InstitutionID: institution, ActivityID: args})
		if err != nil {
			t.Fatal(err)
		}
		direct, err := store.New(pool).ListActivitySessions(ctx, store.ListActivitySessionsParams{InstitutionID: institution, ActivityID: args})
		if err != nil {
			t.Fatal(err)
		}
		if trips := counter.RoundTrips() - before; trips != 2 {
			t.Errorf("ListActivitySessions(%d) after its prefetched result was used: %d round trips with the direct read, want 2", args, trips)
		}
		if diff := cmp.Diff(direct, sessions); diff != "" {
			t.Errorf("ListActivitySessions(%d) differs from the database's (-want +got):\n%s", args, diff)
		}
	}
	var archived bool
	if err := pool.QueryRow(ctx, `SELECT archived_at IS NOT NULL FROM activities WHERE id = $1`, activity).Scan(&archived); err != nil {
		t.Fatal(err)
	}
	if archived {
		t.Error("the write among the prefetched reads archived the activity")
	}
}

// countingBatcher counts the statements of the batches it sends.
type countingBatcher struct {
	store.Batcher
	queued int
}

func (c *countingBatcher) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	c.queued += b.Len()
	return c.Batcher.SendBatch(ctx, b)
}

// Two sections reading the same rows (an activity's page and its
// partners' card both read its sessions) send the read once; each is
// answered from it, and a third time goes to the database.
func TestPrefetchSendsARepeatedReadOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool, counter := testkit.Pool(t, testkit.SeededDB(t))
	var institution, activity int64
	err := pool.QueryRow(ctx, `SELECT institution_id, activity_id FROM activity_sessions
		GROUP BY 1, 2 HAVING count(*) > 1 ORDER BY 2 LIMIT 1`).Scan(&institution, &activity)
	if err != nil {
		t.Fatal(err)
	}
	args := store.ListActivitySessionsParams{InstitutionID: institution, ActivityID: activity}
	want, err := store.New(pool).ListActivitySessions(ctx, args)
	if err != nil {
		t.Fatal(err)
	}

	b := &countingBatcher{Batcher: pool}
	pctx, err := store.Prefetch(ctx, b, func(q *store.Queries) {
		q.ListActivitySessions(ctx, args)
		q.ListActivityTeam(ctx, activity)
		q.ListActivitySessions(ctx, args)
	})
	if err != nil {
		t.Fatal(err)
	}
	if b.queued != 2 {
		t.Errorf("the batch held %d statements, want 2 (the sessions once, the team)", b.queued)
	}
	q := store.New(store.Prefetching(pool))
	before := counter.RoundTrips()
	for i := range 2 {
		got, err := q.ListActivitySessions(pctx, args)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("read %d of the sessions differs from the database's (-want +got):\n%s", i+1, diff)
		}
	}
	if trips := counter.RoundTrips() - before; trips != 0 {
		t.Errorf("the two prefetched reads took %d round trips, want 0", trips)
	}
	if _, err := q.ListActivitySessions(pctx, args); err != nil {
		t.Fatal(err)
	}
	if trips := counter.RoundTrips() - before; trips != 1 {
		t.Errorf("a third read took %d round trips, want 1", trips)
	}
}
