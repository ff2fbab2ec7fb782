package home_test

import (
	"testing"

	"belonging/internal/testkit"
)

// Reloading the coordinator's home does not write: the visit marker is
// written when it changes what "new since your last visit" answers, or
// once its latest visit is five minutes old, not on every view.
func TestHomeVisitWrittenOnlyWhenItMatters(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn("coordinator@belonging.network", testkit.DemoPassword)
	marker := `SELECT v.xmin::text || ' ' || seen_at::text FROM home_visits v JOIN users u ON u.id = v.user_id
		WHERE u.email = 'coordinator@belonging.network'`
	c.Get("/")
	first := testkit.Scalar[string](t, app, marker)
	for range 3 {
		c.Get("/")
	}
	if got := testkit.Scalar[string](t, app, marker); got != first {
		t.Errorf("visit marker after three reloads = %q, want it unwritten (%q)", got, first)
	}
	// Ten minutes on, the visit is noted again, and the list still counts
	// from the first visit's "before" (none: a first visit).
	testkit.Exec(t, app, `UPDATE home_visits SET seen_at = seen_at - interval '10 minutes'`)
	stale := testkit.Scalar[string](t, app, marker)
	mustShow(t, c.Get("/").Doc(), "home-news", "Latest case studies")
	if got := testkit.Scalar[string](t, app, marker); got == stale {
		t.Errorf("visit marker ten minutes on = %q, want it written", got)
	}
}
