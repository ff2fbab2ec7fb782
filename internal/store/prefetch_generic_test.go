package store_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"belonging/internal/store"
	"belonging/internal/testkit"
)

// TestPrefetchGenericPlansAnswersAndCloses reads a dashboard's kind of
// lists from one batch sent in a generic-plan transaction, and compares
// them with the same reads made straight on the database; then shows that
// the connection came back out of that transaction: it writes, and its
// plan setting is the default again.
func TestPrefetchGenericPlansAnswersAndCloses(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	url := testkit.SeededDB(t)
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	var institution, activity int64
	if err := conn.QueryRow(ctx, `SELECT institution_id, id FROM activities WHERE EXISTS (SELECT FROM activity_sessions s WHERE s.activity_id = activities.id) ORDER BY id LIMIT 1`).Scan(&institution, &activity); err != nil {
		t.Fatal(err)
	}
	type lists struct {
		Sessions []store.ListActivitySessionsRow
		Codes    []store.ListEvaluationCodesRow
	}
	read := func(ctx context.Context, q *store.Queries) (l lists, err error) {
		if l.Sessions, err = q.ListActivitySessions(ctx, store.ListActivitySessionsParams{InstitutionID: institution, ActivityID: activity}); err != nil {
			return l, err
		}
		l.Codes, err = q.ListEvaluationCodes(ctx, institution)
		return l, err
	}
	want, err := read(ctx, store.New(conn))
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Sessions) == 0 {
		t.Fatal("the activity has no sessions to read")
	}
	pctx, err := store.PrefetchGenericPlans(ctx, conn, func(q *store.Queries) { _, _ = read(ctx, q) })
	if err != nil {
		t.Fatal(err)
	}
	// A Queries that could not reach the database answers only from the batch.
	got, err := read(pctx, store.New(store.Prefetching(nil)))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("prefetched reads differ from direct ones (-direct +prefetched):\n%s", diff)
	}
	if s := conn.PgConn().TxStatus(); s != 'I' {
		t.Errorf("connection's transaction status after the batch = %q, want idle", s)
	}
	var mode string
	if err := conn.QueryRow(ctx, `SELECT current_setting('plan_cache_mode')`).Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if mode != "auto" {
		t.Errorf("plan_cache_mode after the batch = %q, want auto", mode)
	}
	if _, err := conn.Exec(ctx, `CREATE TEMP TABLE written_after_the_batch (id int)`); err != nil {
		t.Errorf("a write after the batch: %v", err)
	}
}
