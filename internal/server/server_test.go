package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"belonging/internal/config"
	"belonging/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

const director = "director@northbridge.ac.uk"

// Every page, signed in or not, error pages included, carries the
// protective headers.
func TestSecurityHeadersOnEveryPage(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	anon := app.Client()
	signedIn := app.Client()
	signedIn.SignIn(director, testkit.DemoPassword)

	pages := []struct {
		name   string
		client *testkit.Client
		method string
		path   string
		status int
	}{
		{"sign-in", anon, http.MethodGet, "/sign-in", 200},
		{"accessibility", anon, http.MethodGet, "/accessibility", 200},
		{"home", signedIn, http.MethodGet, "/", 200},
		{"account", signedIn, http.MethodGet, "/account", 200},
		{"not found", signedIn, http.MethodGet, "/no/such/page", 404},
		{"wrong method", anon, http.MethodPut, "/sign-in", 405},
	}
	for _, p := range pages {
		req, _ := http.NewRequest(p.method, app.URL+p.path, nil)
		resp := p.client.Do(req)
		if resp.StatusCode != p.status {
			t.Errorf("%s: status %d, want %d", p.name, resp.StatusCode, p.status)
		}
		h := resp.Header
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'self' 'nonce-", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'", "form-action 'self'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", p.name, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP %q allows unsafe code", p.name, csp)
		}
		for header, want := range map[string]string{
			"X-Content-Type-Options": "nosniff",
			"X-Frame-Options":        "DENY",
			"Referrer-Policy":        "strict-origin-when-cross-origin",
		} {
			if got := h.Get(header); got != want {
				t.Errorf("%s: %s = %q, want %q", p.name, header, got, want)
			}
		}
		if h.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS sent over a plain-http BASE_URL", p.name)
		}
		if h.Get("X-Request-Id") == "" {
			t.Errorf("%s: no X-Request-Id", p.name)
		}
	}

	// The nonce is fresh on every response.
	a, b := anon.Get("/sign-in").Header.Get("Content-Security-Policy"), anon.Get("/sign-in").Header.Get("Content-Security-Policy")
	if a == b {
		t.Error("two responses share one CSP nonce")
	}
}

func TestHTTPSBaseURLAddsHSTSAndSecureCookies(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t, func(c *config.Config) { c.BaseURL, _ = url.Parse("https://belonging.example.ac.uk") })
	resp := app.Client().Post("/sign-in", url.Values{"email": {director}, "password": {testkit.DemoPassword}})
	if got := resp.Header.Get("Strict-Transport-Security"); !strings.Contains(got, "max-age=") {
		t.Errorf("Strict-Transport-Security = %q, want a max-age", got)
	}
	cookie := strings.Join(resp.Header.Values("Set-Cookie"), "\n")
	for _, want := range []string{"belonging_session=", "HttpOnly", "Secure", "SameSite=Lax"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("Set-Cookie %q lacks %s", cookie, want)
		}
	}
}

func TestErrorPages(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()

	resp := c.Get("/no/such/page")
	if resp.StatusCode != 404 || !strings.Contains(resp.Text(), "Page not found") {
		t.Errorf("GET unknown path = %d, want the 404 page", resp.StatusCode)
	}

	req, _ := http.NewRequest(http.MethodDelete, app.URL+"/sign-in", nil)
	resp = c.Do(req)
	if resp.StatusCode != 405 || !strings.Contains(resp.Text(), "does not accept DELETE requests") {
		t.Errorf("DELETE /sign-in = %d, want the 405 page", resp.StatusCode)
	}
	if allow := strings.Join(resp.Header.Values("Allow"), ","); !strings.Contains(allow, "GET") || !strings.Contains(allow, "POST") {
		t.Errorf("405 Allow = %q, want GET and POST", allow)
	}

	// A real failure: the database goes away under a signed-in person.
	c.SignIn(director, testkit.DemoPassword)
	app.Pool.Close()
	resp = c.Get("/")
	if resp.StatusCode != 500 || !strings.Contains(resp.Text(), "Sorry, something went wrong") {
		t.Fatalf("GET / with the database closed = %d, want the 500 page", resp.StatusCode)
	}
	if strings.Contains(resp.Text(), "closed pool") || strings.Contains(strings.ToLower(resp.Text()), "pgx") {
		t.Error("the 500 page shows internal error text")
	}
	if !strings.Contains(resp.Text(), resp.Header.Get("X-Request-Id")) {
		t.Error("the 500 page does not show the request id to quote")
	}
}

func TestBadRequestBodies(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()

	big := strings.NewReader("email=" + strings.Repeat("a", 2<<20))
	if resp := c.PostBody("/sign-in", "application/x-www-form-urlencoded", big); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MiB form = %d, want 413", resp.StatusCode)
	} else if !strings.Contains(resp.Text(), "1 MiB") {
		t.Error("413 page does not say the limit")
	}
	if resp := c.PostBody("/sign-in", "application/x-www-form-urlencoded", strings.NewReader("email=%zz&password=%")); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("malformed form = %d, want 400", resp.StatusCode)
	}
}

// A form posted from another site is refused before it reaches a handler,
// and nothing changes.
func TestCrossOriginPostRejected(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	hashBefore := passwordHash(t, app, director)

	for _, tt := range []struct{ header, value string }{
		{"Sec-Fetch-Site", "cross-site"},
		{"Origin", "https://evil.example"},
	} {
		req, _ := http.NewRequest(http.MethodPost, app.URL+"/account/password", strings.NewReader(url.Values{
			"current_password": {testkit.DemoPassword}, "new_password": {"a brand new passphrase"}, "confirm_password": {"a brand new passphrase"},
		}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set(tt.header, tt.value)
		resp := c.Do(req)
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(resp.Text(), "sent from another website") {
			t.Errorf("POST with %s: %s = %d, want the 403 page", tt.header, tt.value, resp.StatusCode)
		}
	}
	if passwordHash(t, app, director) != hashBefore {
		t.Error("a refused cross-origin post changed the password")
	}

	// The same post from the app's own origin works.
	req, _ := http.NewRequest(http.MethodPost, app.URL+"/account/password", strings.NewReader(url.Values{
		"current_password": {testkit.DemoPassword}, "new_password": {"a brand new passphrase"}, "confirm_password": {"a brand new passphrase"},
	}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Origin", app.URL)
	if resp := c.Do(req); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("same-origin POST = %d, want 303", resp.StatusCode)
	}
}

func passwordHash(t *testing.T, app *testkit.App, email string) string {
	t.Helper()
	var h string
	if err := app.Pool.QueryRow(context.Background(), "SELECT password_hash FROM users WHERE email = $1", email).Scan(&h); err != nil {
		t.Fatal(err)
	}
	return h
}

func TestHealthMetrics(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	for _, path := range []string{"/healthz", "/readyz"} {
		if resp := c.Get(path); resp.StatusCode != 200 || strings.TrimSpace(resp.Text()) != "ok" {
			t.Errorf("GET %s = %d %q, want 200 ok", path, resp.StatusCode, resp.Text())
		}
	}
	c.Get("/sign-in")
	resp := c.Get("/metrics")
	for _, want := range []string{
		`http_request_duration_seconds_count{code="200",method="GET",route="/sign-in"}`,
		`db_pool_connections{state="idle"}`,
		`go_goroutines`,
	} {
		if !strings.Contains(resp.Text(), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
