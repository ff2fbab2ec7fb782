package notice_test

import (
	"strings"
	"testing"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// An admin fills in the statement and the notice in Chromium, by keyboard
// where it matters: the empty forms answer with an error summary, and
// every page this adds passes axe-core at full width and at 320 px with
// nothing wider than the screen. Screenshots land in .cache/screenshots
// (notice-*.png).
func TestBrowserStatementAndNoticePages(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	b := testkit.NewBrowser(t, app)

	// Signed out: the lists of institutions, and one institution's pages
	// before it has reviewed them.
	for _, path := range []string{paths.Accessibility, paths.Privacy, paths.InstitutionAccessibility("northbridge")} {
		if status := b.Open(path); status != 200 {
			t.Fatalf("GET %s = %d, want 200", path, status)
		}
		b.CheckAccessible()
	}

	b.SignIn(admin, testkit.DemoPassword)
	for _, path := range []string{paths.AdminAccessibility, paths.AdminPrivacy} {
		b.Open(path)
		if status := b.Submit("main form button[type=submit]"); status != 422 {
			t.Errorf("empty form at %s = %d, want 422", path, status)
		}
		if got := b.Text(".error-summary"); !strings.Contains(got, "There is a problem") {
			t.Errorf("%s: no error summary after an empty form: %q", path, got)
		}
		b.CheckAccessible()
		b.Screenshot("notice-" + strings.ReplaceAll(strings.TrimPrefix(path, "/"), "/", "-") + "-errors")
	}
	b.Open(paths.AdminAccessibility)
	b.Fill("#contact_email", "access@northbridge.ac.uk")
	b.Fill("#reply_days", "5")
	b.Fill("#known_issues", "Lecture capture videos before 2024 have no captions.")
	if status := b.Submit("main form button[type=submit]"); status != 200 {
		t.Fatalf("saving the statement ended at %d, want 200 after the redirect", status)
	}
	b.Open(paths.AdminPrivacy)
	b.Fill("#controller_address", "Northbridge University\n1 College Road\nNorthbridge NB1 1AA")
	b.Fill("#dpo_name", "Sam Okafor")
	b.Fill("#dpo_email", "dpo@northbridge.ac.uk")
	if status := b.Submit("main form button[type=submit]"); status != 200 {
		t.Fatalf("saving the notice ended at %d, want 200 after the redirect", status)
	}

	pages := []string{paths.InstitutionAccessibility("northbridge"), paths.InstitutionPrivacy("northbridge"),
		paths.AdminAccessibility, paths.AdminPrivacy, paths.AdminSettings, paths.Accessibility, paths.Privacy}
	for _, width := range []int64{1280, 320} {
		b.Viewport(width, 900)
		for _, path := range pages {
			if status := b.Open(path); status != 200 {
				t.Errorf("GET %s at %d px = %d, want 200", path, width, status)
				continue
			}
			b.CheckAccessible()
			if wider := testkit.Eval[int](t, b, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); wider > 0 {
				t.Errorf("%s is %d px wider than a %d px screen", path, wider, width)
			}
			name := "notice-" + strings.ReplaceAll(strings.TrimPrefix(path, "/"), "/", "-")
			if width == 320 {
				b.Screenshot(name + "-320")
			} else if path == paths.InstitutionPrivacy("northbridge") || path == paths.InstitutionAccessibility("northbridge") {
				b.Screenshot(name)
			}
		}
	}
	b.Viewport(1280, 900)
	b.Open(paths.InstitutionAccessibility("northbridge"))
	if got := b.Text("main"); !strings.Contains(got, "access@northbridge.ac.uk") || !strings.Contains(got, "Lecture capture videos") {
		t.Errorf("the statement does not show what the admin typed:\n%s", got)
	}
}
