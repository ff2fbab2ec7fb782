package sso_test

import (
	"net/http"
	"strings"
	"testing"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// A person signs in with their university account in Chromium without
// JavaScript: from the sign-in page, by their address, to the provider and
// back. Each page on the way, a refusal page and the admin's sign-in
// pages pass axe-core, at 320 px too.
func TestBrowserUniversitySignIn(t *testing.T) {
	t.Setenv("SSO_SECRET_TEST", "the-client-secret")
	idp := newIDProvider(t, "belonging-nb", "the-client-secret")
	app := testkit.NewApp(t)
	id := addOIDCProvider(t, app, idp.issuer(), "belonging-nb")
	idp.signInAs(map[string]any{"sub": "nb-0001", "email": "director@northbridge.ac.uk", "email_verified": true}, nil, nil)

	b := testkit.NewBrowser(t, app)
	b.DisableJavaScript()
	shot := func(b *testkit.Browser, name string) {
		t.Helper()
		t.Logf("screenshot %s: %s", name, b.Screenshot(name))
	}
	b.Open(paths.SignIn)
	shot(b, "sign-in")
	b.Fill("#university_email", "director@northbridge.ac.uk")
	b.Submit("form[action='" + paths.SignInUniversity + "'] button[type=submit]")
	if loc := b.Location(); !strings.HasPrefix(loc, paths.SignInInstitution("northbridge")) {
		t.Fatalf("after typing a Northbridge address: at %s, want Northbridge's sign-in page", loc)
	}
	shot(b, "institution")
	b.Submit("[data-testid=providers] a")
	if loc := b.Location(); loc != paths.Home {
		t.Fatalf("after the provider: at %s, want %s", loc, paths.Home)
	}
	if !strings.Contains(b.Text("body"), "Dr Helen Carter") {
		t.Error("home after signing in does not name Dr Helen Carter")
	}

	// axe-core needs scripts, so the pages are checked in another browser.
	pages := testkit.NewBrowser(t, app)
	for _, path := range []string{paths.SignIn, paths.SignInInstitution("northbridge"), paths.SignInInstitutions, paths.ForgotPassword} {
		pages.Open(path)
		pages.CheckAccessible()
	}
	pages.Viewport(320, 800)
	pages.Open(paths.SignInInstitution("northbridge"))
	pages.CheckAccessible()
	shot(pages, "institution-320")

	// A refused sign-in: the provider's token is for another application.
	idp.signInAs(map[string]any{"sub": "nb-0001", "email": "director@northbridge.ac.uk", "email_verified": true},
		func(c map[string]any) { c["aud"] = "another-application" }, nil)
	refused := testkit.NewBrowser(t, app)
	if status := refused.Open(paths.SSOStart(id, "", "")); status != http.StatusForbidden {
		t.Errorf("refused sign-in ended with %d, want 403", status)
	}
	if got := refused.Text("h1"); got != "This sign-in was meant for another service" {
		t.Errorf("refusal page title = %q", got)
	}
	refused.CheckAccessible()
	shot(refused, "refused-audience")

	admin := testkit.NewBrowser(t, app)
	admin.SignIn("admin@northbridge.ac.uk", testkit.DemoPassword)
	for _, path := range []string{paths.AdminSignIn, paths.AdminProvider(id), paths.NewProvider("saml")} {
		if status := admin.Open(path); status != http.StatusOK {
			t.Errorf("GET %s as admin = %d", path, status)
		}
		admin.CheckAccessible()
		shot(admin, "admin"+strings.NewReplacer("/", "-", "?", "-", "=", "-").Replace(path))
	}
	admin.Viewport(320, 800)
	admin.Open(paths.AdminSignIn)
	admin.CheckAccessible()
	shot(admin, "admin-sign-in-320")
}
