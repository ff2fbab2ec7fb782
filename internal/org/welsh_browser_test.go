package org_test

import (
	"strings"
	"testing"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// The administration pages in Welsh pass axe-core at 390 px and do not
// scroll sideways at 320 px, Welsh being longer than English; an empty
// programme form shows its Welsh errors accessibly too, each field's
// error beginning with the Welsh word for error.
func TestBrowserAdministrationInWelshIsAccessible(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	prog := testkit.Scalar[int64](t, app, `SELECT min(id) FROM programmes WHERE institution_id = (SELECT id FROM institutions WHERE slug = 'northbridge')`)
	b := testkit.NewBrowser(t, app)
	b.SignIn("admin@northbridge.ac.uk", testkit.DemoPassword)
	b.Open("/language?to=cy&back=%2Fadmin")
	for _, width := range []int64{390, 320} {
		b.Viewport(width, 900)
		for _, path := range []string{paths.Admin, paths.AdminDepartments, paths.AdminProgramme(prog), paths.AdminModules, paths.AdminImport, paths.Programmes} {
			if status := b.Open(path); status != 200 {
				t.Errorf("GET %s in Welsh at %d px = %d", path, width, status)
				continue
			}
			if got := testkit.Eval[string](t, b, `document.documentElement.lang`); got != "cy" {
				t.Errorf("%s at %d px: <html lang> = %q, want cy", path, width, got)
			}
			b.CheckAccessible()
			if n := testkit.Eval[int](t, b, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); n > 0 {
				t.Errorf("%s in Welsh at %d px scrolls sideways by %d px", path, width, n)
			}
		}
	}
	b.Viewport(390, 900)
	b.Open(paths.NewProgramme)
	b.Set("#cohort_size", "")
	b.Set("#years", "")
	if status := b.Submit("main form[method=post] button[type=submit]"); status != 422 {
		t.Fatalf("an empty programme form in Welsh = %d, want 422", status)
	}
	if got := b.Text(".error-summary"); !strings.Contains(got, "Rhowch god y rhaglen") {
		t.Errorf("the error summary in Welsh says %q", got)
	}
	// Each field's error begins with a word the style sheet writes, which
	// a screen reader reads too: in Welsh it is Welsh.
	if got := testkit.Eval[string](t, b, `getComputedStyle(document.querySelector('.field__error'), '::before').content`); got != `"Gwall: "` {
		t.Errorf("a field error in Welsh begins %s, want \"Gwall: \"", got)
	}
	b.CheckAccessible()
	t.Logf("screenshot: %s", b.Screenshot("welsh-admin-programme-errors-390"))
}
