package main

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// The operator's reset link works once in the app, and asking again makes
// the older link worthless.
func TestUserResetPasswordPrintsAWorkingLink(t *testing.T) {
	app := testkit.NewApp(t)
	t.Setenv("DATABASE_URL", app.DBURL)
	t.Setenv("BASE_URL", app.Config.BaseURL.String())
	link := regexp.MustCompile(`/reset-password/[A-Za-z0-9_-]+`)
	issue := func() string {
		t.Helper()
		var out, errs bytes.Buffer
		if err := run(context.Background(), []string{"user", "reset-password", "-email", "coordinator@belonging.network"}, nil, &out, &errs); err != nil {
			t.Fatalf("user reset-password: %v\n%s", err, errs.String())
		}
		l := link.FindString(out.String())
		if l == "" || !strings.Contains(out.String(), app.Config.BaseURL.String()+l) {
			t.Fatalf("output %q has no reset link on %s", out.String(), app.Config.BaseURL)
		}
		return l
	}
	first, second := issue(), issue()
	c := app.Client()
	if r := c.Get(first); r.StatusCode != http.StatusGone {
		t.Errorf("GET the replaced link = %d, want 410", r.StatusCode)
	}
	const pw = "a-fresh-passphrase-for-morgan-2026"
	if r := c.Post(second, url.Values{"new_password": {pw}, "confirm_password": {pw}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset with the operator's link = %d, want 303\n%s", r.StatusCode, testkit.FormErrors(r))
	}
	if r := app.Client().Post(paths.SignIn, url.Values{"email": {"coordinator@belonging.network"}, "password": {pw}}); r.StatusCode != http.StatusSeeOther {
		t.Errorf("sign in with the new password = %d, want 303", r.StatusCode)
	}
	var errs bytes.Buffer
	if err := run(context.Background(), []string{"user", "reset-password", "-email", "nobody@example.ac.uk"}, nil, &bytes.Buffer{}, &errs); err == nil {
		t.Error("reset-password for an unknown address succeeded, want an error")
	}
}
