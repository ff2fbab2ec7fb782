package sso_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// Passwords can be turned off only once a provider works, and only with a
// break-glass admin, who then alone signs in with a password.
func TestPasswordsTurnOffOnlyWithAWorkingProviderAndABreakGlassAdmin(t *testing.T) {
	app := testkit.NewApp(t)
	admin := app.Client()
	admin.SignIn("admin@northbridge.ac.uk", testkit.DemoPassword)
	adminID := testkit.Scalar[int64](t, app, `SELECT id FROM users WHERE email = 'admin@northbridge.ac.uk'`)
	off := url.Values{"domains": {"northbridge.ac.uk"}, "passwords": {"off"}, "break_glass": {strconv.FormatInt(adminID, 10)}, "unknown_people": {"refuse"}}

	resp := admin.Post(paths.AdminSignIn, off)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(testkit.FormErrors(resp), "Passwords can be turned off once") {
		t.Fatalf("passwords off with no working provider = %d %q, want 422 saying a provider must work first", resp.StatusCode, testkit.FormErrors(resp))
	}
	id := addOIDCProvider(t, app, "https://login.example.org", "belonging-nb")
	if _, err := app.Pool.Exec(context.Background(), `UPDATE identity_providers SET verified_at = now() WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	noBreakGlass := url.Values{"domains": {"northbridge.ac.uk"}, "passwords": {"off"}, "unknown_people": {"refuse"}}
	if resp := admin.Post(paths.AdminSignIn, noBreakGlass); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("passwords off without a break-glass admin = %d, want 422", resp.StatusCode)
	}
	if resp := admin.Post(paths.AdminSignIn, off); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("passwords off with a working provider = %d, want 303\n%s", resp.StatusCode, testkit.FormErrors(resp))
	}
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM audit_log WHERE action = 'update_sign_in'`); n != 1 {
		t.Errorf("%d audit entries for the change, want 1", n)
	}
	refused := app.Client().Post(paths.SignIn, url.Values{"email": {"director@northbridge.ac.uk"}, "password": {testkit.DemoPassword}})
	if refused.StatusCode != http.StatusForbidden || !strings.Contains(refused.Text(), "signs in with its university account") {
		t.Errorf("director's password sign-in = %d, want 403 pointing to the university account", refused.StatusCode)
	}
	if r := app.Client().Post(paths.SignIn, url.Values{"email": {"admin@northbridge.ac.uk"}, "password": {testkit.DemoPassword}}); r.StatusCode != http.StatusSeeOther {
		t.Errorf("break-glass admin's password sign-in = %d, want 303", r.StatusCode)
	}
}
