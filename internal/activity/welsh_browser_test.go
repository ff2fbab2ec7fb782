package activity_test

import (
	"testing"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// An activity's pages in Welsh, and the new activity form sent empty,
// pass axe-core at 390 pixels wide and do not scroll sideways at 320.
func TestBrowserActivityPagesInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	prog := programmeID(t, app, "C100")
	activity := testkit.Scalar[int64](t, app, `
		SELECT a.id FROM activities a JOIN activity_sessions s ON s.activity_id = a.id
		WHERE a.programme_id = $1 AND a.aims <> '' ORDER BY a.id LIMIT 1`, prog)
	b := testkit.NewBrowser(t, app)
	b.SignIn(director, testkit.DemoPassword)
	b.Viewport(390, 900)
	if got := b.Open(paths.Language("cy", paths.Activity(activity))); got != 200 {
		t.Fatalf("the activity in Welsh = %d, want 200", got)
	}
	for _, page := range []struct{ name, path string }{
		{"show", paths.Activity(activity)},
		{"form", paths.EditActivity(activity)},
		{"calendar", paths.Calendar(prog)},
		{"about", paths.ProgrammeAbout(prog)},
		{"new", paths.NewActivity(prog, year)},
	} {
		b.Viewport(390, 900)
		if got := b.Open(page.path); got != 200 {
			t.Fatalf("%s in Welsh = %d, want 200", page.name, got)
		}
		if page.name == "new" {
			if got := b.Submit(".activity-form button[type=submit]"); got != 422 {
				t.Fatalf("the empty new activity form in Welsh = %d, want 422", got)
			}
		}
		b.CheckAccessible()
		b.Screenshot("activity-" + page.name + "-cy-390")
		b.Viewport(320, 800)
		if page.name != "new" {
			b.Open(page.path)
		}
		if n := testkit.Eval[int](t, b, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); n > 0 {
			t.Errorf("%s in Welsh at 320 px scrolls sideways by %d px", page.name, n)
		}
	}
}
