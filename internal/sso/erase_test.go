package sso_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// A person signs in through their university, is erased by an admin, and
// then cannot sign in through it again: their identity link is gone, and
// the provider's email address no longer finds an account.
func TestErasedPersonCannotSignInThroughTheirUniversity(t *testing.T) {
	t.Setenv("SSO_SECRET_TEST", "the-client-secret")
	idp := newIDProvider(t, "belonging-nb", "the-client-secret")
	app := testkit.NewApp(t)
	id := addOIDCProvider(t, app, idp.issuer(), "belonging-nb")
	helen := testkit.Scalar[int64](t, app, `SELECT id FROM users WHERE email = 'director@northbridge.ac.uk'`)

	claims := map[string]any{"sub": "nb-0001", "email": "director@northbridge.ac.uk", "email_verified": true, "name": "Helen Carter"}
	idp.signInAs(claims, nil, nil)
	before := app.Client()
	if resp := oidcSignIn(t, app, before, id); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in before erasing = %d, want 303\n%s", resp.StatusCode, resp.Text())
	}

	admin := app.Client()
	admin.SignIn("admin@northbridge.ac.uk", testkit.DemoPassword)
	if resp := admin.Post(paths.ErasePerson(helen), url.Values{"confirm": {"on"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("erase = %d, want 303\n%s", resp.StatusCode, testkit.FormErrors(resp))
	}
	if home := before.Get(paths.Home); home.StatusCode != http.StatusSeeOther {
		t.Errorf("her university session after erasing: GET / = %d, want 303 to sign in", home.StatusCode)
	}

	idp.signInAs(claims, nil, nil)
	after := app.Client()
	resp := oidcSignIn(t, app, after, id)
	title := strings.TrimSpace(resp.Doc().Find("h1").First().Text())
	if resp.StatusCode != http.StatusForbidden || title != "You do not have a Belonging account yet" {
		t.Errorf("sign-in after erasing = %d %q, want 403 %q", resp.StatusCode, title, "You do not have a Belonging account yet")
	}
	if home := after.Get(paths.Home); home.StatusCode != http.StatusSeeOther {
		t.Errorf("GET / after the refused sign-in = %d, want 303 to sign in (no session)", home.StatusCode)
	}
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM sso_identities WHERE user_id = $1`, helen); n != 0 {
		t.Errorf("identities linked to her after erasing = %d, want 0", n)
	}
}
