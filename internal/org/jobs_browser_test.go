package org_test

import (
	"context"
	"strings"
	"testing"

	"belonging/internal/notify"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

// The pages this work adds pass axe-core at full width and at 320 px: the
// failed jobs list (with a job that gave up), the email settings and the
// personal calendar on the account page, the waiting panel on the home
// page, and the unsubscribe page.
func TestBrowserJobsAndNotificationPagesAccessible(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	if _, err := app.Pool.Exec(context.Background(), `
		INSERT INTO river_job (args, kind, max_attempts, metadata, queue, state, attempt, attempted_at, finalized_at, errors)
		SELECT '{"invitation_id": 1}', 'invitation_mail', 12, jsonb_build_object('institution_id', i.id), 'mail', 'discarded', 12, now(), now(),
		       ARRAY[jsonb_build_object('at', now(), 'attempt', 12, 'error', '550 5.1.1 mailbox unavailable', 'trace', '')]
		FROM institutions i WHERE i.slug = 'northbridge'`); err != nil {
		t.Fatal(err)
	}
	admin := testkit.Scalar[int64](t, app, `SELECT id FROM users WHERE email = 'admin@northbridge.ac.uk'`)
	b := testkit.NewBrowser(t, app)
	b.SignIn("admin@northbridge.ac.uk", testkit.DemoPassword)
	for _, width := range []int64{1280, 320} {
		b.Viewport(width, 900)
		for _, path := range []string{paths.AdminJobs, paths.Account, paths.Home, paths.Unsubscribe(notify.UnsubscribeToken(app.Config.SigningKey, admin, notify.JobFailed))} {
			if status := b.Open(path); status != 200 {
				t.Errorf("GET %s at %d px = %d", path, width, status)
			}
			b.CheckAccessible()
		}
	}
	b.Viewport(1280, 900)
	b.Open(paths.AdminJobs)
	if got := b.Text("main"); !strings.Contains(got, "550 5.1.1 mailbox unavailable") {
		t.Errorf("the failed jobs page does not show the job's error:\n%s", got)
	}
	b.Screenshot("admin-jobs")
	b.Open(paths.Account)
	b.Screenshot("account-notifications")
}
