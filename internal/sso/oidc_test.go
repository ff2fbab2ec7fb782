package sso_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"net/http"
	"strings"
	"testing"
	"time"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// addOIDCProvider registers an enabled OpenID Connect provider for
// Northbridge whose client secret the operator keeps in the environment.
func addOIDCProvider(t *testing.T, app *testkit.App, issuer, client string) int64 {
	t.Helper()
	var id int64
	err := app.Pool.QueryRow(context.Background(), `
		INSERT INTO identity_providers (institution_id, protocol, name, enabled, oidc_flavour, oidc_issuer, oidc_client_id, oidc_secret_ref)
		SELECT id, 'oidc', 'Northbridge account', true, 'generic', $1, $2, 'env:SSO_SECRET_TEST' FROM institutions WHERE slug = 'northbridge'
		RETURNING id`, issuer, client).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// oidcSignIn goes through the whole code flow as a browser would: to the
// provider and back, returning the app's answer to the callback.
func oidcSignIn(t *testing.T, app *testkit.App, c *testkit.Client, providerID int64) *testkit.Response {
	t.Helper()
	start := c.Get(paths.SSOStart(providerID, "", ""))
	if start.StatusCode != http.StatusFound {
		t.Fatalf("GET start = %d, want 302\n%s", start.StatusCode, start.Text())
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(start.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusFound || !strings.HasPrefix(back, app.URL) {
		t.Fatalf("provider answered %d to %s, want 302 back to the app", resp.StatusCode, back)
	}
	return c.Get(strings.TrimPrefix(back, app.URL))
}

func TestOIDCSignInLinksTheAccountAndKeepsTheSubject(t *testing.T) {
	t.Setenv("SSO_SECRET_TEST", "the-client-secret")
	idp := newIDProvider(t, "belonging-nb", "the-client-secret")
	app := testkit.NewApp(t)
	id := addOIDCProvider(t, app, idp.issuer(), "belonging-nb")

	// First sign-in: the verified address finds Helen's account.
	idp.signInAs(map[string]any{"sub": "nb-0001", "email": "director@northbridge.ac.uk", "email_verified": true, "name": "Helen Carter"}, nil, nil)
	c := app.Client()
	resp := oidcSignIn(t, app, c, id)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != paths.Home {
		t.Fatalf("callback = %d to %q, want 303 to /\n%s", resp.StatusCode, resp.Header.Get("Location"), resp.Text())
	}
	home := c.Get(paths.Home)
	if home.StatusCode != http.StatusOK || !strings.Contains(home.Text(), "Dr Helen Carter") {
		t.Fatalf("home after sign-in = %d, want 200 naming Dr Helen Carter", home.StatusCode)
	}
	var linked string
	if err := app.Pool.QueryRow(context.Background(), `SELECT u.email FROM sso_identities i JOIN users u ON u.id = i.user_id
		WHERE i.provider_id = $1 AND i.subject = 'nb-0001'`, id).Scan(&linked); err != nil {
		t.Fatal(err)
	}
	if linked != "director@northbridge.ac.uk" {
		t.Errorf("subject nb-0001 linked to %q, want director@northbridge.ac.uk", linked)
	}

	// Later sign-in: the provider now asserts another address, and the
	// stored subject still finds the same account.
	idp.signInAs(map[string]any{"sub": "nb-0001", "email": "h.carter@northbridge.ac.uk", "email_verified": true}, nil, nil)
	c2 := app.Client()
	if resp := oidcSignIn(t, app, c2, id); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("second sign-in = %d, want 303\n%s", resp.StatusCode, resp.Text())
	}
	if home := c2.Get(paths.Home); home.StatusCode != http.StatusOK || !strings.Contains(home.Text(), "Dr Helen Carter") {
		t.Fatalf("home after second sign-in = %d, want 200 naming Dr Helen Carter", home.StatusCode)
	}

	// A pending invitation: the first sign-in makes the account with the
	// invitation's role.
	idp.signInAs(map[string]any{"sub": "nb-0002", "email": "new.lecturer@northbridge.ac.uk", "email_verified": true, "name": "Nia Lecturer"}, nil, nil)
	c3 := app.Client()
	if resp := oidcSignIn(t, app, c3, id); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("invited sign-in = %d, want 303\n%s", resp.StatusCode, resp.Text())
	}
	var role string
	if err := app.Pool.QueryRow(context.Background(), `SELECT m.role FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE u.email = 'new.lecturer@northbridge.ac.uk'`).Scan(&role); err != nil {
		t.Fatal(err)
	}
	if role != "module_leader" {
		t.Errorf("invited person's role = %q, want module_leader", role)
	}
}

// Each spoiled answer from the provider gets its own page and no session.
func TestOIDCRefusesBadTokens(t *testing.T) {
	t.Setenv("SSO_SECRET_TEST", "the-client-secret")
	idp := newIDProvider(t, "belonging-nb", "the-client-secret")
	app := testkit.NewApp(t)
	id := addOIDCProvider(t, app, idp.issuer(), "belonging-nb")
	otherKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	good := map[string]any{"sub": "nb-0001", "email": "director@northbridge.ac.uk", "email_verified": true}
	cases := []struct {
		name   string
		claims map[string]any
		tamper func(map[string]any)
		key    *rsa.PrivateKey
		status int
		title  string
	}{
		{"wrong issuer", good, func(c map[string]any) { c["iss"] = "https://login.example.org/other" }, nil,
			http.StatusForbidden, "This sign-in came from the wrong place"},
		{"wrong audience", good, func(c map[string]any) { c["aud"] = "another-application" }, nil,
			http.StatusForbidden, "This sign-in was meant for another service"},
		{"expired", good, func(c map[string]any) {
			c["iat"], c["exp"] = time.Now().Add(-time.Hour).Unix(), time.Now().Add(-30*time.Minute).Unix()
		}, nil, http.StatusForbidden, "This sign-in has expired"},
		{"bad signature", good, nil, otherKey, http.StatusForbidden, "This sign-in could not be verified"},
		{"nonce mismatch", good, func(c map[string]any) { c["nonce"] = "a-nonce-from-another-browser" }, nil,
			http.StatusForbidden, "This sign-in does not belong to this browser"},
		{"unverified email", map[string]any{"sub": "nb-0009", "email": "director@northbridge.ac.uk", "email_verified": false}, nil, nil,
			http.StatusForbidden, "Your email address has not been verified"},
		{"no invitation", map[string]any{"sub": "nb-0010", "email": "stranger@northbridge.ac.uk", "email_verified": true}, nil, nil,
			http.StatusForbidden, "You do not have a Belonging account yet"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			idp.signInAs(tc.claims, tc.tamper, tc.key)
			c := app.Client()
			resp := oidcSignIn(t, app, c, id)
			title := strings.TrimSpace(resp.Doc().Find("h1").First().Text())
			if resp.StatusCode != tc.status || title != tc.title {
				t.Errorf("callback = %d %q, want %d %q", resp.StatusCode, title, tc.status, tc.title)
			}
			if home := c.Get(paths.Home); home.StatusCode != http.StatusSeeOther {
				t.Errorf("GET / after refusal = %d, want 303 to sign in (no session)", home.StatusCode)
			}
		})
	}
	var links int
	if err := app.Pool.QueryRow(context.Background(), `SELECT count(*) FROM sso_identities`).Scan(&links); err != nil {
		t.Fatal(err)
	}
	if links != 0 {
		t.Errorf("%d identities linked by refused sign-ins, want 0", links)
	}
}

// A Google Workspace provider lets in only accounts whose hosted domain is
// one of the institution's: a personal account (no hd) or another
// organisation's is refused.
func TestGoogleWorkspaceChecksTheHostedDomain(t *testing.T) {
	t.Setenv("SSO_SECRET_TEST", "the-client-secret")
	idp := newIDProvider(t, "belonging-google", "the-client-secret")
	app := testkit.NewApp(t)
	id := addOIDCProvider(t, app, idp.issuer(), "belonging-google")
	if _, err := app.Pool.Exec(context.Background(), `UPDATE identity_providers SET oidc_flavour = 'google' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	person := func(hd string) map[string]any {
		c := map[string]any{"sub": "g-1001", "email": "director@northbridge.ac.uk", "email_verified": true}
		if hd != "" {
			c["hd"] = hd
		}
		return c
	}
	for _, hd := range []string{"", "gmail.com", "eastmere.ac.uk"} {
		idp.signInAs(person(hd), nil, nil)
		c := app.Client()
		resp := oidcSignIn(t, app, c, id)
		if got := strings.TrimSpace(resp.Doc().Find("h1").First().Text()); resp.StatusCode != http.StatusForbidden || got != "Use your university Google account" {
			t.Errorf("hd %q: callback = %d %q, want 403 \"Use your university Google account\"", hd, resp.StatusCode, got)
		}
		if home := c.Get(paths.Home); home.StatusCode != http.StatusSeeOther {
			t.Errorf("hd %q: GET / = %d, want 303 (no session)", hd, home.StatusCode)
		}
	}
	idp.signInAs(person("northbridge.ac.uk"), nil, nil)
	if resp := oidcSignIn(t, app, app.Client(), id); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("hd northbridge.ac.uk: callback = %d, want 303", resp.StatusCode)
	}
}
