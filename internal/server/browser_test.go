package server_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"belonging/internal/config"
	"belonging/internal/testkit"
)

// The pages of the foundation, as a person sees them in Chromium: each has
// no axe-core violations, and sign-in works with JavaScript turned off.
func TestBrowserFoundationPages(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	b := testkit.NewBrowser(t, app)

	b.Open("/sign-in")
	b.CheckAccessible()
	b.Screenshot("sign-in")

	// A failed sign-in shows the error summary; it must be accessible too.
	b.Fill("#email", director)
	b.Fill("#password", "not the password")
	b.Submit("form[action='/sign-in'] button[type=submit]")
	if got := b.Text("[data-testid=error-summary]"); !strings.Contains(got, "not right") {
		t.Errorf("error summary = %q", got)
	}
	b.CheckAccessible()
	b.Screenshot("sign-in-error")

	b.SignIn(director, testkit.DemoPassword)
	if got := b.Text("h1"); !strings.Contains(got, "Welcome, Helen") {
		t.Errorf("home heading = %q", got)
	}
	b.CheckAccessible()
	b.Screenshot("home")

	for _, path := range []string{"/account", "/accessibility", "/privacy", "/no/such/page"} {
		b.Open(path)
		b.CheckAccessible()
	}
	b.Screenshot("not-found")

	// The 405 page's markup, fetched and shown in place of the document.
	b.Do(chromedp.Evaluate[chromedp.Void](`fetch("/sign-in", {method: "PUT"}).then(r => r.text()).then(html => {
		document.open(); document.write(html); document.close(); })`, chromedp.EvalAwaitPromise))
	h1, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.querySelector("h1").textContent`))
	if err != nil || h1 != "That action is not available here" {
		t.Errorf("405 page heading = %q (%v)", h1, err)
	}
	b.CheckAccessible()

	// The 500 page: the database goes away.
	app.Pool.Close()
	b.Open("/")
	if got := b.Text("h1"); got != "Sorry, something went wrong" {
		t.Errorf("500 page heading = %q", got)
	}
	b.CheckAccessible()
	b.Screenshot("server-error")
}

func TestBrowserSignInWithoutJavaScript(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	b := testkit.NewBrowser(t, app)
	b.DisableJavaScript()
	b.SignIn(director, testkit.DemoPassword)
	if got := b.Text("h1"); !strings.Contains(got, "Welcome") {
		t.Errorf("home heading without JavaScript = %q", got)
	}
	b.Submit("form[action='/sign-out'] button")
	if loc := b.Location(); loc != "/sign-in" {
		t.Errorf("after sign out at %q, want /sign-in", loc)
	}
}

// The pages that ask people to try again or to correct the address, as
// shown in Chromium: each says what happened and passes axe-core.
func TestBrowserTryAgainPages(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t, func(c *config.Config) { c.LockTimeout = 200 * time.Millisecond })
	b := testkit.NewBrowser(t, app)
	for _, p := range []struct{ path, heading, shot string }{
		{"/library?q=%00", "We could not read that request", "bad-request"},
		{"/library", "Please try again shortly", "try-again"},
	} {
		if p.shot == "try-again" {
			lockTable(t, app, "case_study_publications")
		}
		b.Open(p.path)
		if got := b.Text("h1"); got != p.heading {
			t.Errorf("%s heading = %q, want %q", p.path, got, p.heading)
		}
		b.CheckAccessible()
		b.Screenshot(p.shot)
	}
}
