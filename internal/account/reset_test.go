package account_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

var resetLink = regexp.MustCompile(`/reset-password/[A-Za-z0-9_-]+`)

// lastResetLink is the reset address in the newest email to address.
func lastResetLink(t *testing.T, app *testkit.App, address string) string {
	t.Helper()
	app.WaitForJobs() // the email is sent by the job queue
	body := testkit.Scalar[string](t, app, `SELECT body FROM dev_mail WHERE to_address = $1 ORDER BY id DESC LIMIT 1`, address)
	link := resetLink.FindString(body)
	if link == "" {
		t.Fatalf("email to %s has no reset link: %q", address, body)
	}
	return link
}

func mainText(r *testkit.Response) string {
	return strings.Join(strings.Fields(r.Doc().Find("main").Text()), " ")
}

func TestForgottenPasswordIsResetOnceAndEndsOtherSessions(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t, testkit.Working)
	elsewhere := app.Client()
	elsewhere.SignIn(director, testkit.DemoPassword)

	// The answer is the same whether or not the address has an account.
	c := app.Client()
	known := c.Post(paths.ForgotPassword, url.Values{"email": {director}})
	unknown := c.Post(paths.ForgotPassword, url.Values{"email": {"nobody@northbridge.ac.uk"}})
	if known.StatusCode != http.StatusOK || unknown.StatusCode != http.StatusOK {
		t.Fatalf("forgot = %d and %d, want 200 for both", known.StatusCode, unknown.StatusCode)
	}
	if got, want := strings.ReplaceAll(mainText(unknown), "nobody@northbridge.ac.uk", "ADDRESS"), strings.ReplaceAll(mainText(known), director, "ADDRESS"); got != want {
		t.Errorf("answer for an unknown address = %q, want the same as for a known one, %q", got, want)
	}
	app.WaitForJobs()
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM dev_mail WHERE to_address = 'nobody@northbridge.ac.uk'`); n != 0 {
		t.Errorf("%d emails to an address with no account, want 0", n)
	}
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM password_resets r JOIN users u ON u.id = r.user_id WHERE u.email = $1 AND r.expires_at - r.created_at BETWEEN interval '29 minutes 55 seconds' AND interval '30 minutes 5 seconds'`, director); n != 1 {
		t.Errorf("%d reset links lasting 30 minutes, want 1", n)
	}

	link := lastResetLink(t, app, director)
	if page := c.Get(link); page.StatusCode != http.StatusOK {
		t.Fatalf("GET reset link = %d, want 200", page.StatusCode)
	}
	const newPassword = "a-new-password-for-helen-2026"
	resp := c.Post(link, url.Values{"new_password": {newPassword}, "confirm_password": {newPassword}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset = %d, want 303\n%s", resp.StatusCode, testkit.FormErrors(resp))
	}
	if home := c.Get(paths.Home); home.StatusCode != http.StatusOK {
		t.Errorf("home after reset = %d, want 200 (signed in)", home.StatusCode)
	}
	if r := elsewhere.Get(paths.Account); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the other session after a reset: GET /account = %d, want 303 to sign in", r.StatusCode)
	}
	if r := signIn(app.Client(), director, testkit.DemoPassword); r.StatusCode == http.StatusSeeOther {
		t.Error("the old password still signs in")
	}
	if r := signIn(app.Client(), director, newPassword); r.StatusCode != http.StatusSeeOther {
		t.Errorf("sign in with the new password = %d, want 303", r.StatusCode)
	}
	// The link works once.
	again := app.Client().Post(link, url.Values{"new_password": {"yet-another-password-2026"}, "confirm_password": {"yet-another-password-2026"}})
	if got := strings.TrimSpace(again.Doc().Find("h1").First().Text()); again.StatusCode != http.StatusGone || got != "This reset link has already been used" {
		t.Errorf("second use = %d %q, want 410 \"This reset link has already been used\"", again.StatusCode, got)
	}
}

func TestExpiredResetLinkIsRefused(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t, testkit.Working)
	c := app.Client()
	c.Post(paths.ForgotPassword, url.Values{"email": {leader}})
	link := lastResetLink(t, app, leader)
	if _, err := app.Pool.Exec(context.Background(), `UPDATE password_resets SET created_at = created_at - interval '31 minutes', expires_at = expires_at - interval '31 minutes'`); err != nil {
		t.Fatal(err)
	}
	page := c.Get(link)
	if got := strings.TrimSpace(page.Doc().Find("h1").First().Text()); page.StatusCode != http.StatusGone || got != "This reset link has expired" {
		t.Errorf("expired link = %d %q, want 410 \"This reset link has expired\"", page.StatusCode, got)
	}
}

// Asking for links is throttled like signing in: after the account's
// limit from one network, the next request is refused with 429.
func TestResetRequestsAreThrottled(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t, testkit.Working)
	c := app.Client()
	limit := app.Config.SignInAccountLimit
	for i := range limit {
		if r := c.Post(paths.ForgotPassword, url.Values{"email": {leader}}); r.StatusCode != http.StatusOK {
			t.Fatalf("request %d = %d, want 200", i+1, r.StatusCode)
		}
	}
	if r := c.Post(paths.ForgotPassword, url.Values{"email": {leader}}); r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
		t.Errorf("request %d = %d (Retry-After %q), want 429 with Retry-After", limit+1, r.StatusCode, r.Header.Get("Retry-After"))
	}
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM password_resets r JOIN users u ON u.id = r.user_id WHERE u.email = $1`, leader); n != limit {
		t.Errorf("%d reset links made, want %d", n, limit)
	}
	// Each request replaces the last link; a link replaced before its
	// email went out is not sent, so at most one email per request.
	app.WaitForJobs()
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM dev_mail WHERE to_address = $1`, leader); n < 1 || n > limit {
		t.Errorf("%d emails sent, want 1 to %d", n, limit)
	}
	// Sign-in is counted apart: the requests did not lock the account.
	if r := signIn(app.Client(), leader, testkit.DemoPassword); r.StatusCode != http.StatusSeeOther {
		t.Errorf("sign in after reset requests = %d, want 303", r.StatusCode)
	}
}

// A reset email is a job committed with its link, and neither the job nor
// the table keeps the link: the worker rebuilds it from a salt and the
// app's key. An admin's link says who sent it.
func TestResetEmailsGoThroughTheQueueWithoutKeepingTheLink(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t, testkit.Working)
	c := app.Client()
	if r := c.Post(paths.ForgotPassword, url.Values{"email": {director}}); r.StatusCode != http.StatusOK {
		t.Fatalf("forgot = %d", r.StatusCode)
	}
	link := lastResetLink(t, app, director)
	token := strings.TrimPrefix(link, "/reset-password/")
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM river_job WHERE kind = 'password_reset_mail'`); n != 1 {
		t.Errorf("reset email jobs = %d, want 1", n)
	}
	for _, q := range []string{
		`SELECT count(*) FROM river_job WHERE position($1 IN args::text) > 0`,
		`SELECT count(*) FROM password_resets WHERE position(convert_to($1, 'UTF8') IN token_hash) > 0 OR position(convert_to($1, 'UTF8') IN coalesce(link_salt, ''))  > 0`,
		`SELECT count(*) FROM audit_log WHERE position($1 IN coalesce(changes::text, '')) > 0`,
	} {
		if n := testkit.Scalar[int](t, app, q, token); n != 0 {
			t.Errorf("%s: %d rows hold the link's token, want 0", q, n)
		}
	}
	if r := c.Get(link); r.StatusCode != http.StatusOK {
		t.Errorf("GET the emailed link = %d, want 200", r.StatusCode)
	}

	admin := app.Client()
	admin.SignIn("admin@northbridge.ac.uk", testkit.DemoPassword)
	id := testkit.Scalar[int64](t, app, `SELECT id FROM users WHERE email = $1`, leader)
	if r := admin.Post(paths.PersonResetLink(id), url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("admin's reset link = %d, want 303", r.StatusCode)
	}
	lastResetLink(t, app, leader)
	body := testkit.Scalar[string](t, app, `SELECT body FROM dev_mail WHERE to_address = $1 ORDER BY id DESC LIMIT 1`, leader)
	if !strings.Contains(body, "Priya Shah, an administrator at your institution") {
		t.Errorf("email of an admin's reset link does not name the admin:\n%s", body)
	}
}
