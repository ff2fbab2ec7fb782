package sso_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// What a first sign-in does with a person nobody invited follows the
// institution's choice: refused with a clear page by default; or an
// account with no roles, whose arrival every admin is told of by email.
// An account of another institution, or a disabled one, is never signed
// in by Northbridge's provider.
func TestFirstSignInFollowsTheInstitutionsChoice(t *testing.T) {
	t.Setenv("SSO_SECRET_TEST", "the-client-secret")
	idp := newIDProvider(t, "belonging-nb", "the-client-secret")
	app := testkit.NewApp(t, testkit.Working) // the admins are emailed by the job queue
	id := addOIDCProvider(t, app, idp.issuer(), "belonging-nb")
	ctx := context.Background()
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := app.Pool.Exec(ctx, sql, args...); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	count := func(sql string, args ...any) int {
		t.Helper()
		var n int
		if err := app.Pool.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return n
	}
	refused := func(who, email, want string) {
		t.Helper()
		idp.signInAs(map[string]any{"sub": "sub-" + email, "email": email, "email_verified": true, "name": who}, nil, nil)
		c := app.Client()
		r := oidcSignIn(t, app, c, id)
		if r.StatusCode != http.StatusForbidden || title(r) != want {
			t.Errorf("%s signing in = %d %q, want 403 %q", who, r.StatusCode, title(r), want)
		}
		if home := c.Get(paths.Home); home.StatusCode != http.StatusSeeOther {
			t.Errorf("%s after a refused sign-in: home = %d, want 303 to sign in (no session)", who, home.StatusCode)
		}
		if n := count(`SELECT count(*) FROM sso_identities WHERE subject = $1`, "sub-"+email); n != 0 {
			t.Errorf("%s after a refused sign-in: %d links, want 0", who, n)
		}
	}

	refused("Sam Newcomer", "s.newcomer@northbridge.ac.uk", "You do not have a Belonging account yet")
	if n := count(`SELECT count(*) FROM users WHERE email = 's.newcomer@northbridge.ac.uk'`); n != 0 {
		t.Fatalf("a refused newcomer has %d accounts, want 0", n)
	}
	refused("James Whitfield", "admin@eastmere.ac.uk", "Your account belongs to another institution")
	exec(`UPDATE users SET disabled_at = now() WHERE email = 'leader@northbridge.ac.uk'`)
	refused("Disabled leader", "leader@northbridge.ac.uk", "Your account has been disabled")

	exec(`UPDATE institutions SET unknown_people = 'create' WHERE slug = 'northbridge'`)
	idp.signInAs(map[string]any{"sub": "nb-new-1", "email": "s.newcomer@northbridge.ac.uk", "email_verified": true, "name": "Sam Newcomer"}, nil, nil)
	c := app.Client()
	if r := oidcSignIn(t, app, c, id); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != paths.Home {
		t.Fatalf("newcomer with accounts allowed = %d to %q, want 303 to /\n%s", r.StatusCode, r.Header.Get("Location"), title(r))
	}
	home := c.Get(paths.Home)
	if flash := home.Doc().Find(".flash").Text(); home.StatusCode != http.StatusOK || !strings.Contains(flash, "your institution's administrators have been told") {
		t.Errorf("newcomer's home = %d with %q, want 200 with the welcome that admins were told", home.StatusCode, flash)
	}
	var userID int64
	if err := app.Pool.QueryRow(ctx, `SELECT u.id FROM users u JOIN sso_identities i ON i.user_id = u.id
		WHERE u.email = 's.newcomer@northbridge.ac.uk' AND i.subject = 'nb-new-1' AND i.provider_id = $1`, id).Scan(&userID); err != nil {
		t.Fatalf("the newcomer's linked account: %v", err)
	}
	if n := count(`SELECT count(*) FROM memberships WHERE user_id = $1`, userID); n != 0 {
		t.Errorf("the newcomer has %d roles, want none", n)
	}
	if n := count(`SELECT count(*) FROM audit_log WHERE action = 'create_without_roles' AND entity = 'user' AND entity_id = $1`, userID); n != 1 {
		t.Errorf("audit entries for the account made without roles = %d, want 1", n)
	}
	rows, err := app.Pool.Query(ctx, `SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id
		JOIN institutions i ON i.id = m.institution_id WHERE i.slug = 'northbridge' AND m.role = 'admin' AND u.disabled_at IS NULL`)
	if err != nil {
		t.Fatal(err)
	}
	var admins []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			t.Fatal(err)
		}
		admins = append(admins, e)
	}
	if err := rows.Err(); err != nil || len(admins) == 0 {
		t.Fatalf("Northbridge's admins: %v (%v)", admins, err)
	}
	for _, a := range admins {
		mail := app.Mail(a)
		if !strings.Contains(mail, "Sam Newcomer (s.newcomer@northbridge.ac.uk) signed in") || !strings.Contains(mail, paths.Person(userID)) {
			t.Errorf("email to admin %s does not name the newcomer and link to their page:\n%s", a, mail)
		}
	}
	app.WaitForJobs()
	if n := count(`SELECT count(*) FROM dev_mail WHERE body LIKE '%Sam Newcomer%' AND to_address LIKE '%@eastmere.ac.uk'`); n != 0 {
		t.Errorf("emails about Northbridge's newcomer to Eastmere = %d, want 0", n)
	}
}

// Signing out of Belonging after an OpenID Connect sign-in offers the
// provider's own sign-out, which is sent the ID token as a hint and the
// sign-in page to come back to; without the offer, the address just
// leads to the sign-in page.
func TestSignOutOffersTheProvidersSignOut(t *testing.T) {
	t.Setenv("SSO_SECRET_TEST", "the-client-secret")
	idp := newIDProvider(t, "belonging-nb", "the-client-secret")
	app := testkit.NewApp(t)
	id := addOIDCProvider(t, app, idp.issuer(), "belonging-nb")
	idp.signInAs(map[string]any{"sub": "nb-0001", "email": "director@northbridge.ac.uk", "email_verified": true}, nil, nil)
	c := app.Client()
	if r := oidcSignIn(t, app, c, id); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in = %d", r.StatusCode)
	}
	if r := c.Post(paths.SignOut, url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign out = %d, want 303", r.StatusCode)
	}
	page := c.Get(paths.SignIn)
	if offer := strings.TrimSpace(page.Doc().Find("[data-testid=provider-signout]").Text()); !strings.Contains(offer, "Northbridge account") {
		t.Fatalf("sign-in page after signing out offers %q, want the provider's sign-out", offer)
	}
	out := c.Get(paths.ProviderSignOut)
	loc, err := url.Parse(out.Header.Get("Location"))
	if out.StatusCode != http.StatusFound || err != nil || loc.Scheme+"://"+loc.Host+loc.Path != idp.issuer()+"/logout" {
		t.Fatalf("provider sign-out = %d to %q, want 302 to the provider's end_session_endpoint", out.StatusCode, out.Header.Get("Location"))
	}
	q := loc.Query()
	if q.Get("id_token_hint") == "" || q.Get("client_id") != "belonging-nb" || q.Get("post_logout_redirect_uri") != app.Config.BaseURL.String()+paths.SignIn {
		t.Errorf("provider sign-out query = %v, want an id_token_hint, the client id and the sign-in page to return to", q)
	}
	if again := c.Get(paths.ProviderSignOut); again.StatusCode != http.StatusSeeOther || again.Header.Get("Location") != paths.SignIn {
		t.Errorf("provider sign-out a second time = %d to %q, want 303 to the sign-in page (the offer is used once)", again.StatusCode, again.Header.Get("Location"))
	}
}
