package toc_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// A director on a phone, with JavaScript off, follows the activity page's
// link to its theory of change, adds a long-term outcome and links it to
// the activity element that leads to it; the page passes axe at 390 and
// 1280 px and is never wider than a 320 px screen (the diagram scrolls in
// its own box).
func TestBrowserTheoryOfChange(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	b := testkit.NewBrowser(t, app)
	b.SignIn("director@northbridge.ac.uk", testkit.DemoPassword)
	activity := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title = 'Meet the Researcher: welcome week lab tours'
		ORDER BY academic_year DESC LIMIT 1`)

	b.Viewport(390, 844)
	b.DisableJavaScript()
	b.Open(paths.Activity(activity))
	if got := b.Text("[data-testid=toc-summary]"); !strings.Contains(got, "2 mechanisms of change") {
		t.Errorf("activity page's summary = %q, want the seeded mechanisms counted", got)
	}
	if status := b.Submit("[data-testid=toc-summary] a"); status != 200 || b.Location() != paths.TheoryOfChange(activity) {
		t.Fatalf("following the link = %d at %s, want 200 at %s", status, b.Location(), paths.TheoryOfChange(activity))
	}
	b.Do(chromedp.SetValue(chromedp.CSS("#part"), "outcome"))
	b.Do(chromedp.Click(chromedp.CSS(`input[name=term][value=long]`)))
	b.Fill("#body", "More students choose a research project in year 3")
	if status := b.Submit(`form[action$="/theory-of-change"] button[type=submit]`); status != 200 {
		t.Fatalf("add = %d at %s", status, b.Location())
	}
	if got := b.Text(".flash"); !strings.Contains(got, "Outcome added") {
		t.Errorf("flash = %q, want the outcome added", got)
	}
	outcome := testkit.Scalar[int64](t, app, `SELECT id FROM toc_entries WHERE activity_id = $1 AND term = 'long'`, activity)
	b.Open(paths.TocEntry(activity, outcome))
	b.Do(chromedp.Click(chromedp.CSS(`input[name=from]`)))
	if status := b.Submit(`form[action$="/` + strconv.FormatInt(outcome, 10) + `"] button[type=submit]`); status != 200 {
		t.Fatalf("save = %d at %s", status, b.Location())
	}
	if got := testkit.Eval[string](t, b, `document.querySelector('svg [data-entry="`+strconv.FormatInt(outcome, 10)+`"]').textContent`); !strings.Contains(got, "research project") {
		t.Errorf("the diagram's box for the new outcome says %q", got)
	}
	if n := testkit.Eval[int](t, b, `document.querySelectorAll('svg path[data-to="`+strconv.FormatInt(outcome, 10)+`"]').length`); n != 1 {
		t.Errorf("lines drawn to the new outcome = %d, want 1", n)
	}

	b.EnableJavaScript()
	b.CheckAccessible()
	b.Screenshot("toc-phone")
	b.Viewport(320, 640)
	if n := testkit.Eval[int](t, b, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); n > 0 {
		t.Errorf("the page is %d px wider than a 320 px screen", n)
	}
	b.Viewport(1280, 900)
	b.CheckAccessible()
	b.Screenshot("toc-desktop")
	b.Open(paths.TocEntry(activity, outcome))
	b.CheckAccessible()
	b.Screenshot("toc-entry")
}
