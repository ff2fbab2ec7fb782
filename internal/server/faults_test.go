package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"belonging/internal/config"
	"belonging/internal/testkit"
)

// lockTable holds an exclusive lock on table from another connection, as a
// long migration or a stuck transaction would, until the test ends.
func lockTable(t *testing.T, app *testkit.App, table string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, app.DBURL)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "LOCK TABLE "+pgx.Identifier{table}.Sanitize()+" IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = tx.Rollback(ctx)
		_ = conn.Close(ctx)
	})
}

// wantBusyPage checks a response is the 503 page telling the person to
// try again shortly, with Retry-After for machines.
func wantBusyPage(t *testing.T, what string, resp *testkit.Response, title string) {
	t.Helper()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("%s = %d %q, want 503", what, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if resp.Header.Get("Retry-After") == "" {
		t.Errorf("%s: 503 without Retry-After", what)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Fatalf("%s: Content-Type %q, want the HTML error page", what, ct)
	}
	if got := strings.TrimSpace(resp.Doc().Find("h1").First().Text()); got != title {
		t.Errorf("%s: heading %q, want %q", what, got, title)
	}
	if !strings.Contains(resp.Text(), "try again") {
		t.Errorf("%s: the page does not say to try again", what)
	}
}

// A request still waiting when REQUEST_TIMEOUT passes gets the 503 "took
// too long" page. The page is drawn after the request's deadline, so it
// must not be drawn with the request's (expired) context.
func TestRequestPastItsDeadlineShowsTheTookTooLongPage(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t, func(c *config.Config) { c.RequestTimeout = time.Second })
	lockTable(t, app, "case_study_publications")
	resp := app.Client().Get("/library")
	wantBusyPage(t, "library with its table locked past the request deadline", resp, "This took too long")
}

// With one table locked, requests that need it give up after the short
// lock timeout with the 503 "try again shortly" page, and the pool's
// connections stay free for everything else: a signed-in page that does
// not touch the table still answers while a crowd waits on the lock.
func TestLockedTableAnswers503AndLeavesOtherPagesServed(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t, func(c *config.Config) {
		c.LockTimeout = 300 * time.Millisecond
		c.RequestTimeout = 20 * time.Second
	})
	signedIn := app.Client()
	signedIn.SignIn(director, testkit.DemoPassword)
	lockTable(t, app, "case_study_publications")

	crowd := 3 * int(app.Config.DBMaxConns)
	results := make(chan *testkit.Response, crowd)
	for range crowd {
		go func() { results <- app.Client().Get("/library") }()
	}
	if resp := signedIn.Get("/account"); resp.StatusCode != http.StatusOK {
		t.Errorf("account page while %d requests wait on a locked table = %d, want 200", crowd, resp.StatusCode)
	}
	for range crowd {
		wantBusyPage(t, "library with its table locked", <-results, "Please try again shortly")
	}
	if resp := app.Client().Get("/readyz"); resp.StatusCode != http.StatusOK {
		t.Errorf("/readyz with one table locked = %d, want 200: the database is up", resp.StatusCode)
	}
}
