package activity_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"belonging/internal/config"
	"belonging/internal/db"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

// The app works through a real PgBouncer in transaction mode, where each
// transaction may run on another server connection than the last: its
// pages and writes (sessions included), the plan import's advisory lock,
// which must hold for the transaction and no longer, and the job queue's
// periodic jobs, whose leader is elected without LISTEN. PgBouncer's pool
// is smaller than the app's, so clients take turns on server connections.
func TestThroughPgBouncerInTransactionMode(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	direct := testkit.SeededDB(t)
	// PgBouncer does not pass timeouts at connection start-up: the
	// database's own settings apply, as the README asks operators to set.
	conn, err := pgx.Connect(ctx, direct)
	if err != nil {
		t.Fatal(err)
	}
	var name string
	if err := conn.QueryRow(ctx, "SELECT current_database()").Scan(&name); err != nil {
		t.Fatal(err)
	}
	for _, set := range []string{"statement_timeout = '30s'", "lock_timeout = '10s'"} {
		if _, err := conn.Exec(ctx, "ALTER DATABASE "+pgx.Identifier{name}.Sanitize()+" SET "+set); err != nil {
			t.Fatal(err)
		}
	}
	conn.Close(ctx)

	app := testkit.NewAppWithDB(t, testkit.PgBouncer(t, direct), testkit.Working, func(c *config.Config) { c.PgBouncer = true })
	statement, lock, err := db.ServerTimeouts(ctx, app.Pool)
	if err != nil || statement != 30*time.Second || lock != 10*time.Second {
		t.Errorf("ServerTimeouts through PgBouncer = %v, %v, %v; want 30s, 10s, nil", statement, lock, err)
	}

	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	prog := programmeID(t, app, "C100")
	activityID := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE programme_id = $1 ORDER BY id LIMIT 1`, prog)
	pages := []string{paths.Home, paths.Programme(prog), paths.Activity(activityID), paths.Reports,
		paths.ProgrammeReport(prog, year), paths.Library, paths.CaseStudies, paths.PlanCSV(prog, year)}
	// Twice: the second time every statement's description is cached,
	// and its transactions land on other server connections.
	for round := range 2 {
		for _, p := range pages {
			if resp := c.Get(p); resp.StatusCode != http.StatusOK {
				t.Errorf("round %d: GET %s = %d, want 200", round+1, p, resp.StatusCode)
			}
		}
	}

	// Another import holds the programme's transaction-scoped lock: the
	// import through PgBouncer meets it and refuses.
	other, err := app.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('plan import'), mod($1::bigint, 2147483647)::int)`, prog); err != nil {
		t.Fatal(err)
	}
	resp := importPlan(t, c, prog, newRowsFile(planHeader(t, c, prog)))
	if err := other.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusConflict {
		t.Errorf("import while another holds the lock = %d, want 409: %s", resp.StatusCode, resp.Doc().Find("main").Text())
	}
	// Its lock ended with its transaction, on whichever server connection
	// that was: the next import goes through, and one after it changes
	// nothing.
	resp = importPlan(t, c, prog, newRowsFile(planHeader(t, c, prog)))
	if resp.StatusCode != http.StatusOK || strings.Contains(resp.Text(), "nothing changed") {
		t.Errorf("import after the lock was released = %d: %s", resp.StatusCode, resp.Doc().Find("main").Text())
	}
	if got := testkit.Scalar[int](t, app, `SELECT count(*) FROM activities WHERE programme_id = $1 AND title IN ('Study buddies', 'Peer writing circle')`, prog); got != 3 {
		t.Errorf("activities imported through PgBouncer = %d, want 3", got)
	}
	if resp := importPlan(t, c, prog, newRowsFile(planHeader(t, c, prog))); resp.StatusCode != http.StatusOK || !strings.Contains(resp.Text(), "nothing changed") {
		t.Errorf("the same import again = %d, want 200 saying nothing changed", resp.StatusCode)
	}

	// The job queue elects a leader by polling, which enqueues the
	// periodic jobs (each runs once when a leader is elected), and the
	// workers take them without being notified.
	const periodicKinds = 5 // at least: the hourly and minutely upkeep jobs
	for deadline := time.Now().Add(45 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		done := testkit.Scalar[int](t, app, `SELECT count(DISTINCT kind) FROM river_job WHERE state = 'completed'`)
		if done >= periodicKinds {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("periodic job kinds completed through PgBouncer = %d after 45 s, want at least %d", done, periodicKinds)
		}
	}
}
