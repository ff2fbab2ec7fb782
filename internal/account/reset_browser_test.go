package account_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"belonging/internal/account"
	"belonging/internal/store"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

// The password reset pages pass axe-core and read clearly, at 320 px too:
// the request, "check your email", the form, its errors, a used link, and
// an admin's provisioning token shown once.
func TestBrowserResetPagesAccessible(t *testing.T) {
	app := testkit.NewApp(t)
	issue := func() string {
		t.Helper()
		var token string
		err := store.InTx(context.Background(), app.Pool, func(q *store.Queries) error {
			id := testkit.Scalar[int64](t, app, `SELECT id FROM users WHERE email = $1`, leader)
			var err error
			_, token, err = account.IssueReset(context.Background(), q, app.Config.SigningKey, id, nil)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return paths.ResetPassword(token)
	}
	for _, width := range []int64{1280, 320} {
		b := testkit.NewBrowser(t, app)
		b.Viewport(width, 900)
		b.Open(paths.ForgotPassword)
		b.CheckAccessible()
		b.Fill("#email", leader)
		if status := b.Submit("main form button[type=submit]"); status != http.StatusOK || !strings.Contains(b.Text("h1"), "Check your email") {
			t.Fatalf("forgot at %d px = %d %q, want the check-your-email page", width, status, b.Text("h1"))
		}
		b.CheckAccessible()

		link := issue()
		b.Open(link)
		b.CheckAccessible()
		b.Fill("#new_password", "a-long-enough-password-2026")
		b.Fill("#confirm_password", "not-the-same-password-2026")
		if status := b.Submit("main form button[type=submit]"); status != http.StatusUnprocessableEntity {
			t.Errorf("mismatched passwords at %d px = %d, want 422", width, status)
		}
		b.CheckAccessible()
		b.Fill("#new_password", "a-long-enough-password-2026")
		b.Fill("#confirm_password", "a-long-enough-password-2026")
		if status := b.Submit("main form button[type=submit]"); status != http.StatusOK {
			t.Fatalf("reset at %d px = %d", width, status)
		}
		if status := b.Open(link); status != http.StatusGone {
			t.Errorf("a used link at %d px = %d, want 410", width, status)
		}
		b.CheckAccessible()
		t.Logf("screenshot: %s", b.Screenshot("reset-used-"+map[int64]string{1280: "1280", 320: "320"}[width]))
	}

	admin := testkit.NewBrowser(t, app)
	admin.SignIn("admin@northbridge.ac.uk", testkit.DemoPassword)
	admin.Open(paths.AdminSignIn)
	admin.Fill("#description", "Entra ID provisioning")
	admin.Submit("form[action='" + paths.SCIMTokens + "'] button[type=submit]")
	if got := admin.Text("body"); !strings.Contains(got, "scim_") {
		t.Fatal("the new provisioning token is not shown")
	}
	admin.CheckAccessible()
	t.Logf("screenshot: %s", admin.Screenshot("scim-token-shown"))
}
