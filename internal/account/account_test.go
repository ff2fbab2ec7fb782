package account_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"belonging/internal/config"
	"belonging/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

const (
	director = "director@northbridge.ac.uk"
	leader   = "leader@northbridge.ac.uk"
)

func signIn(c *testkit.Client, email, password string) *testkit.Response {
	return c.Post("/sign-in", url.Values{"email": {email}, "password": {password}})
}

func TestSignInSucceeds(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()

	// Email matching ignores case and surrounding spaces.
	resp := signIn(c, "  Director@Northbridge.AC.UK ", testkit.DemoPassword)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Fatalf("sign in = %d to %q, want 303 to /", resp.StatusCode, resp.Header.Get("Location"))
	}
	home := c.Get("/")
	if home.StatusCode != 200 || !strings.Contains(home.Text(), "Welcome, Helen") {
		t.Errorf("home after sign in = %d, want the signed-in home page", home.StatusCode)
	}
}

// A wrong email and a wrong password get the same words, so the page does
// not tell which accounts exist; the email is kept, the password is not.
func TestSignInFailureSaysTheSameForEmailAndPassword(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)

	wrongPassword := signIn(app.Client(), director, "not the password at all")
	wrongEmail := signIn(app.Client(), "nobody@northbridge.ac.uk", testkit.DemoPassword)
	for name, resp := range map[string]*testkit.Response{"wrong password": wrongPassword, "wrong email": wrongEmail} {
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", name, resp.StatusCode)
		}
	}
	if a, b := testkit.FormErrors(wrongPassword), testkit.FormErrors(wrongEmail); a != b || a == "" {
		t.Errorf("messages differ or are empty: wrong password %q, wrong email %q", a, b)
	}
	doc := wrongPassword.Doc()
	if v, _ := doc.Find("#email").Attr("value"); v != director {
		t.Errorf("email field = %q, want it kept as typed", v)
	}
	if v, _ := doc.Find("#password").Attr("value"); v != "" {
		t.Error("the password was sent back in the page")
	}

	missing := signIn(app.Client(), "", "")
	if missing.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(testkit.FormErrors(missing), "Enter your email address") ||
		!strings.Contains(testkit.FormErrors(missing), "Enter your password") {
		t.Errorf("empty form = %d %q, want 422 naming both fields", missing.StatusCode, testkit.FormErrors(missing))
	}
	if href, _ := missing.Doc().Find("[data-testid=error-summary] a").First().Attr("href"); href != "#email" {
		t.Errorf("error summary links to %q, want #email", href)
	}
}

// The session token changes at sign-in: a token obtained before signing in
// (for example one planted by an attacker) never becomes a signed-in session.
func TestSignInRenewsTheSessionToken(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	// Signing out while anonymous leaves a flash message, so the visitor
	// holds a session before signing in.
	c.Post("/sign-out", nil)
	before := c.Cookie("belonging_session")
	if before == "" {
		t.Fatal("no session cookie before sign in")
	}
	c.SignIn(director, testkit.DemoPassword)
	after := c.Cookie("belonging_session")
	if after == "" || after == before {
		t.Fatalf("session token after sign in = %q, want a new one (was %q)", after, before)
	}

	planted := app.Client()
	u, _ := url.Parse(app.URL)
	planted.HTTP.Jar.SetCookies(u, []*http.Cookie{{Name: "belonging_session", Value: before}})
	if resp := planted.Get("/"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/sign-in") {
		t.Errorf("GET / with the pre-sign-in token = %d, want a redirect to sign in", resp.StatusCode)
	}
}

func TestSignOutEndsTheSessionOnTheServer(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	token := c.Cookie("belonging_session")

	resp := c.Post("/sign-out", nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/sign-in" {
		t.Fatalf("sign out = %d to %q, want 303 to /sign-in", resp.StatusCode, resp.Header.Get("Location"))
	}
	var n int
	if err := app.Pool.QueryRow(context.Background(), "SELECT count(*) FROM sessions WHERE token = $1", token).Scan(&n); err != nil || n != 0 {
		t.Errorf("session rows for the old token = %d (%v), want 0", n, err)
	}
	// Replaying the old cookie does not get back in.
	replay := app.Client()
	u, _ := url.Parse(app.URL)
	replay.HTTP.Jar.SetCookies(u, []*http.Cookie{{Name: "belonging_session", Value: token}})
	if resp := replay.Get("/account"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("GET /account with the signed-out token = %d, want 303 to sign in", resp.StatusCode)
	}
	if page := c.Get("/sign-in"); !strings.Contains(page.Text(), "You have signed out of Belonging.") {
		t.Error("no signed-out message after sign out")
	}
}

// After the configured number of failures an account is locked for the
// window, even with the right password; other accounts are unaffected
// until the address limit.
func TestSignInRateLimit(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t, func(c *config.Config) {
		c.SignInAccountLimit = 3
		c.SignInAddressLimit = 5
	})
	c := app.Client()
	for i := 1; i <= 3; i++ {
		if resp := signIn(c, director, "wrong guess number"); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("failure %d: status %d, want 422", i, resp.StatusCode)
		}
	}
	resp := signIn(c, director, testkit.DemoPassword)
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("4th attempt with the right password = %d, want 429", resp.StatusCode)
	}
	if resp.Header.Get("Retry-After") == "" || !strings.Contains(resp.Text(), "Too many attempts") {
		t.Error("429 without Retry-After or a clear page")
	}

	// Another account from the same address still works...
	if resp := signIn(app.Client(), leader, testkit.DemoPassword); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("other account = %d, want 303", resp.StatusCode)
	}
	// ...until the address has failed five times in all.
	signIn(app.Client(), leader, "another wrong guess")
	signIn(app.Client(), leader, "another wrong guess")
	if resp := signIn(app.Client(), "viewer@northbridge.ac.uk", testkit.DemoPassword); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("after 5 failures from one address = %d, want 429", resp.StatusCode)
	}
}

// The idle timeout is three seconds, not one: on a loaded machine a
// second could pass between signing in and the next request, and the
// session had expired before the test looked.
func TestIdleSessionExpires(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t, func(c *config.Config) { c.SessionIdleTimeout = 3 * time.Second })
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	if resp := c.Get("/account"); resp.StatusCode != 200 {
		t.Fatalf("GET /account at once = %d, want 200", resp.StatusCode)
	}
	time.Sleep(6100 * time.Millisecond)
	if resp := c.Get("/account"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("GET /account after the idle timeout = %d, want 303 to sign in", resp.StatusCode)
	}
}

func TestChangePassword(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	here, elsewhere := app.Client(), app.Client()
	here.SignIn(director, testkit.DemoPassword)
	elsewhere.SignIn(director, testkit.DemoPassword)
	tokenBefore := here.Cookie("belonging_session")

	bad := []struct {
		name                   string
		current, next, confirm string
		field                  string
	}{
		{"wrong current", "not my password", "kettle orbit saffron", "kettle orbit saffron", "current_password"},
		{"too short", testkit.DemoPassword, "short one", "short one", "new_password"},
		{"common", testkit.DemoPassword, "password123456", "password123456", "new_password"},
		{"mismatch", testkit.DemoPassword, "kettle orbit saffron", "kettle orbit saffran", "confirm_password"},
	}
	for _, b := range bad {
		resp := here.Post("/account/password", url.Values{"current_password": {b.current}, "new_password": {b.next}, "confirm_password": {b.confirm}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", b.name, resp.StatusCode)
			continue
		}
		if resp.Doc().Find("#"+b.field+"-error").Length() != 1 {
			t.Errorf("%s: no error shown at %s (summary %q)", b.name, b.field, testkit.FormErrors(resp))
		}
	}

	newPassword := "kettle orbit saffron lamp"
	resp := here.Post("/account/password", url.Values{"current_password": {testkit.DemoPassword}, "new_password": {newPassword}, "confirm_password": {newPassword}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("change password = %d, want 303 (%s)", resp.StatusCode, testkit.FormErrors(resp))
	}
	if here.Cookie("belonging_session") == tokenBefore {
		t.Error("session token not renewed after the password change")
	}
	if resp := here.Get("/account"); resp.StatusCode != 200 || !strings.Contains(resp.Text(), "Your password has been changed") {
		t.Errorf("this session after the change = %d, want 200 with a confirmation", resp.StatusCode)
	}
	if resp := elsewhere.Get("/account"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the other session after the change = %d, want 303 to sign in", resp.StatusCode)
	}
	if resp := signIn(app.Client(), director, testkit.DemoPassword); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("old password = %d, want 422", resp.StatusCode)
	}
	if resp := signIn(app.Client(), director, newPassword); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("new password = %d, want 303", resp.StatusCode)
	}
	var audited int
	_ = app.Pool.QueryRow(context.Background(), "SELECT count(*) FROM audit_log WHERE action = 'change_password'").Scan(&audited)
	if audited != 1 {
		t.Errorf("audit rows for the change = %d, want 1", audited)
	}
}

func TestNextParameterCannotLeaveTheSite(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	for next, want := range map[string]string{
		"/account":               "/account",
		"//evil.example/x":       "/",
		"https://evil.example/x": "/",
		`/\evil.example`:         "/",
	} {
		resp := app.Client().Post("/sign-in", url.Values{"email": {director}, "password": {testkit.DemoPassword}, "next": {next}})
		if got := resp.Header.Get("Location"); got != want {
			t.Errorf("next=%q: redirect to %q, want %q", next, got, want)
		}
	}
}

// A session ends at its absolute lifetime however busy it is: the copy of
// the person a server keeps does not stretch it.
func TestSessionLifetimeIsAbsolute(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t, func(c *config.Config) {
		c.SessionLifetime = 2 * time.Second
		c.SessionIdleTimeout = time.Hour
	})
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	deadline := time.Now().Add(1500 * time.Millisecond)
	for time.Now().Before(deadline) {
		if resp := c.Get("/account"); resp.StatusCode != 200 {
			t.Fatalf("GET /account within the lifetime = %d, want 200", resp.StatusCode)
		}
		time.Sleep(250 * time.Millisecond)
	}
	time.Sleep(time.Until(deadline.Add(800 * time.Millisecond)))
	if resp := c.Get("/account"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("GET /account after the lifetime, busy all along = %d, want 303 to sign in", resp.StatusCode)
	}
}

// The session row names its person, so that loading it also checks them;
// a row that expired in the database is not loaded, whatever its cookie
// says; and a row saved before rows named their person still signs its
// person in, and is saved again naming them.
func TestSessionRowNamesItsPerson(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	token := c.Cookie("belonging_session")
	id := testkit.Scalar[int64](t, app, `SELECT id FROM users WHERE email = $1`, director)
	if got := testkit.Scalar[int64](t, app, `SELECT coalesce(user_id, 0) FROM sessions WHERE token = $1`, token); got != id {
		t.Fatalf("session row names person %d, want %d", got, id)
	}

	testkit.Exec(t, app, `UPDATE sessions SET user_id = NULL WHERE token = $1`, token)
	if resp := c.Get("/account"); resp.StatusCode != 200 || !strings.Contains(resp.Text(), "Helen") {
		t.Fatalf("GET /account with a row naming nobody = %d, want 200 signed in", resp.StatusCode)
	}
	if got := testkit.Scalar[int64](t, app, `SELECT coalesce(user_id, 0) FROM sessions WHERE token = $1`, token); got != id {
		t.Errorf("after that request the row names person %d, want %d", got, id)
	}

	testkit.Exec(t, app, `UPDATE sessions SET expiry = now() - interval '1 second' WHERE token = $1`, token)
	if resp := c.Get("/account"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("GET /account with the row expired = %d, want 303 to sign in", resp.StatusCode)
	}
}
