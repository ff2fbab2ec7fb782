package home_test

import (
	"testing"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// Each role's home in Welsh passes axe-core at 390 pixels wide and does
// not scroll sideways at 320, though Welsh runs longer than English.
func TestRoleHomesInWelshInTheBrowser(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	for _, role := range []struct{ name, email string }{
		{"director", "director@northbridge.ac.uk"},
		{"leader", "leader@northbridge.ac.uk"},
		{"viewer", "viewer@northbridge.ac.uk"},
		{"admin", "admin@northbridge.ac.uk"},
		{"coordinator", "coordinator@belonging.network"},
	} {
		t.Run(role.name, func(t *testing.T) {
			b := testkit.NewBrowser(t, app)
			b.SignIn(role.email, testkit.DemoPassword)
			b.Viewport(390, 900)
			if got := b.Open(paths.Language("cy", paths.Home)); got != 200 {
				t.Fatalf("home as %s in Welsh = %d, want 200", role.name, got)
			}
			if got := testkit.Eval[string](t, b, `document.documentElement.lang`); got != "cy" {
				t.Fatalf("home as %s: html lang = %q, want cy", role.name, got)
			}
			b.CheckAccessible()
			b.Screenshot("home-" + role.name + "-cy-390")
			b.Viewport(320, 800)
			b.Open(paths.Home)
			if n := testkit.Eval[int](t, b, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); n > 0 {
				t.Errorf("home as %s in Welsh at 320 px scrolls sideways by %d px", role.name, n)
			}
		})
	}
}
