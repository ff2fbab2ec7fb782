package cohort_test

import (
	"strings"
	"testing"
	"time"

	"belonging/internal/seed"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

// A director enters the cohort profile in Chromium and finds the reach
// sentence on the plan; the empty forms answer with an error summary, and
// the new pages pass axe-core at full width and at 320 px. Screenshots
// land in .cache/screenshots (cohort-*.png).
func TestBrowserProfileShowsReachOnPlan(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	prog := programmeID(t, app)
	year := seed.CurrentYear()
	// Eight pages with axe at two widths: more than NewBrowser's three
	// minutes on a busy machine.
	b := testkit.NewBrowserFor(t, app, 8*time.Minute)
	b.SignIn(director, testkit.DemoPassword)

	for _, path := range []string{paths.CohortProfile(prog, year), paths.BelongingNote(prog)} {
		b.Open(path)
		if path == paths.BelongingNote(prog) {
			b.Set("#written_on", "")
		}
		if status := b.Submit("main form button[type=submit]"); status != 422 {
			t.Errorf("empty form at %s = %d, want 422", path, status)
		}
		if got := b.Text(".error-summary"); !strings.Contains(got, "There is a problem") {
			t.Errorf("%s: no error summary after an empty form: %q", path, got)
		}
		b.CheckAccessible()
	}
	b.Screenshot("cohort-note-errors")

	b.Open(paths.CohortProfile(prog, year))
	b.Fill("#cohort_size", "120")
	b.Fill("#commuting", "48")
	b.Fill("#carers", "14")
	b.Fill("#first_in_family", "41")
	b.Fill("#disabled", "11")
	b.CheckAccessible()
	b.Screenshot("cohort-profile")
	if status := b.Submit("main form button[type=submit]"); status != 200 {
		t.Fatalf("saving the profile ended at %d, want 200 after the redirect", status)
	}
	b.Open(paths.BelongingNote(prog))
	b.Fill("#body", "Belonging here means being known by name in the first week, and knowing who to ask when the train is late.")
	b.Fill("#written_by", "Dr Helen Carter, programme director")
	b.Fill("#written_with", "the year 2 course representatives")
	if status := b.Submit("main form button[type=submit]"); status != 200 {
		t.Fatalf("saving the note ended at %d, want 200 after the redirect", status)
	}
	b.Open(paths.Plan(prog, year))
	if got := b.Text("[data-testid=reach]"); !strings.Contains(got, "reach at most the 60% of students who do not commute (72 of 120)") {
		t.Errorf("plan reach = %q, want the upper bound for those who do not commute", got)
	}
	if got := b.Text("[data-testid=belonging-note]"); !strings.Contains(got, "known by name") {
		t.Errorf("plan note = %q", got)
	}
	for _, width := range []int64{1280, 320} {
		b.Viewport(width, 900)
		for _, path := range []string{paths.Plan(prog, year), paths.CohortProfile(prog, year), paths.BelongingNote(prog)} {
			b.Open(path)
			b.CheckAccessible()
		}
	}
	b.Viewport(1280, 900)
	b.Open(paths.Plan(prog, year) + "#know-students-title")
	b.Screenshot("cohort-plan")
}
