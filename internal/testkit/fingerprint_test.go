package testkit

import (
	"context"
	"testing"
)

// A job a request enqueues changes the fingerprint; one the clock
// enqueues (a periodic job, due every minute for the sealing of surveys)
// does not, so a refused request's test does not fail at a minute's turn.
func TestFingerprintLeavesOutPeriodicJobs(t *testing.T) {
	t.Parallel()
	app := NewApp(t)
	ctx := context.Background()
	app.WaitForJobs()
	before := Fingerprint(t, app.Pool)
	if _, err := app.Pool.Exec(ctx, `INSERT INTO river_job (kind, args, metadata, max_attempts, state, scheduled_at)
		VALUES ('seal_closed_surveys', '{}', '{"periodic": true}', 25, 'scheduled', now() + interval '1 day')`); err != nil {
		t.Fatal(err)
	}
	if got := Fingerprint(t, app.Pool); got != before {
		t.Error("a periodic job enqueued by the clock changed the fingerprint")
	}
	if _, err := app.Pool.Exec(ctx, `INSERT INTO river_job (kind, args, max_attempts, state, scheduled_at)
		VALUES ('invitation_mail', '{"id": 1}', 25, 'scheduled', now() + interval '1 day')`); err != nil {
		t.Fatal(err)
	}
	if got := Fingerprint(t, app.Pool); got == before {
		t.Error("a job a request would enqueue left the fingerprint as it was")
	}
}
