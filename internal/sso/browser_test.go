package sso_test

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

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

// A person signs in through their university's SAML identity provider in
// Chromium without JavaScript (the IdP's "Continue" button stands in for
// its script), then signs out of Belonging and, from the offer on the
// sign-in page, of the IdP too: the IdP's logout answer is verified.
func TestBrowserSAMLSignInAndOut(t *testing.T) {
	s := newSAMLIdP(t)
	app := testkit.NewApp(t)
	s.registerSP(app, true)
	addSAMLProvider(t, app, s.srv.URL+"/metadata")

	b := testkit.NewBrowser(t, app)
	b.DisableJavaScript()
	// Helen signed in at her IdP earlier today: its session cookie is in
	// her browser. (The test IdP's own login form cannot carry the app's
	// signed request on, so the session is made first, as for the HTTP
	// tests.)
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	login, err := (&http.Client{Jar: jar}).PostForm(s.srv.URL+"/login", url.Values{"user": {"helen"}, "password": {"idp-password"}})
	if err != nil {
		t.Fatal(err)
	}
	login.Body.Close()
	idpURL, err := url.Parse(s.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range jar.Cookies(idpURL) {
		if _, err := chromedp.Call(b.Ctx, network.SetCookie, network.SetCookieParams{Name: c.Name, Value: c.Value, URL: s.srv.URL}); err != nil {
			t.Fatalf("give the browser the IdP's session: %v", err)
		}
	}
	b.Open(paths.SignInInstitution("northbridge"))
	b.Submit("[data-testid=providers] a")
	if loc := b.Location(); !strings.HasPrefix(loc, s.srv.URL+"/sso") {
		t.Fatalf("after choosing the provider: at %s, want the IdP's answer", loc)
	}
	if status := b.Submit("#SAMLSubmitButton"); status != http.StatusOK {
		t.Fatalf("posting the IdP's answer ended with %d", status)
	}
	if loc := b.Location(); loc != paths.Home {
		t.Fatalf("after the IdP's answer: at %s (%q), want %s", loc, b.Text("h1"), paths.Home)
	}
	if !strings.Contains(b.Text("body"), "Dr Helen Carter") {
		t.Error("home after signing in does not name Dr Helen Carter")
	}
	t.Logf("screenshot saml-home: %s", b.Screenshot("saml-home"))

	b.Submit("form[action='" + paths.SignOut + "'] button")
	if got := b.Text("[data-testid=provider-signout]"); !strings.Contains(got, "Northbridge single sign-on") {
		t.Fatalf("after signing out, the offer to sign out at the IdP = %q", got)
	}
	t.Logf("screenshot saml-signed-out: %s", b.Screenshot("saml-signed-out"))
	b.Submit("[data-testid=provider-signout] a")
	if loc := b.Location(); !strings.HasPrefix(loc, paths.SignIn) {
		t.Fatalf("after signing out at the IdP: at %s, want the sign-in page", loc)
	}
	if got := b.Text("body"); !strings.Contains(got, "You have signed out of Belonging and of your university account.") {
		t.Errorf("sign-in page after the IdP's logout answer does not confirm both sign-outs:\n%s", got)
	}
	// The IdP's session is over: starting again asks for the password.
	b.Open(paths.SignInInstitution("northbridge"))
	b.Submit("[data-testid=providers] a")
	if nodes, err := chromedp.Run(b.Ctx, chromedp.Nodes(chromedp.CSS("input[name=password]"), chromedp.AtLeast(0))); err != nil || len(nodes) != 1 {
		t.Errorf("signing in again after the IdP's logout: password fields = %d (%v), want the IdP to ask again", len(nodes), err)
	}
	if status := b.Open(paths.Home); status != http.StatusOK || !strings.HasPrefix(b.Location(), paths.SignIn) {
		t.Errorf("home after signing out = %d at %s, want the sign-in page", status, b.Location())
	}
}
