package server_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/auth"
	"belonging/internal/config"
	"belonging/internal/db"
	"belonging/internal/pgcluster"
	"belonging/internal/seed"
	"belonging/internal/testkit"
)

// /readyz reports the database: 200 while it answers, even when every
// connection of the pool is in use, and 503 once it has stopped, so a load
// balancer takes the server out of rotation only when it cannot serve.
func TestReadinessFollowsTheDatabase(t *testing.T) {
	t.Parallel()
	if _, err := pgcluster.FindBinaries(); err != nil {
		testkit.Missing(t, "PostgreSQL binaries")
	}
	// Run as root, the cluster is kept where the postgres user can reach
	// it (cluster.Dir), not in the test's private directory.
	cluster, err := pgcluster.Start(context.Background(), pgcluster.Options{Dir: filepath.Join(t.TempDir(), "pg"), Temporary: true, Database: "ready"})
	if err != nil {
		t.Fatalf("start private cluster: %v", err)
	}
	t.Cleanup(func() {
		_ = cluster.Stop()
		_ = os.RemoveAll(cluster.Dir())
	})
	m, err := db.NewMigrator(cluster.URL())
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Up(); err != nil {
		t.Fatal(err)
	}
	m.Close()

	hash, err := auth.HashPassword(context.Background(), seed.DemoPassword)
	if err != nil {
		t.Fatal(err)
	}
	seedPool, _ := testkit.Pool(t, cluster.URL())
	if err := seed.Load(context.Background(), seedPool, io.Discard, hash); err != nil {
		t.Fatal(err)
	}

	app := testkit.NewAppWithDB(t, cluster.URL(), func(c *config.Config) { c.RequestTimeout = 5 * time.Second })
	c := app.Client()
	if resp := c.Get("/readyz"); resp.StatusCode != 200 {
		t.Fatalf("/readyz with the database up = %d, want 200", resp.StatusCode)
	}
	signedIn := app.Client()
	signedIn.SignIn(director, seed.DemoPassword)

	// Every connection of the pool in use (a crowd of slow requests) is a
	// busy server, not a dead database: a load balancer that took every
	// busy server out of rotation would take them all.
	var held []*pgxpool.Conn
	for range app.Config.DBMaxConns {
		conn, err := app.Pool.Acquire(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, conn)
	}
	resp := c.Get("/readyz")
	if resp.StatusCode != 200 || !strings.Contains(resp.Text(), "busy") {
		t.Errorf("/readyz with every pool connection in use = %d %q, want 200 saying the pool is busy", resp.StatusCode, resp.Text())
	}
	for _, conn := range held {
		conn.Release()
	}

	if err := cluster.Kill(); err != nil {
		t.Fatalf("stop the database: %v", err)
	}
	if resp := c.Get("/readyz"); resp.StatusCode != 503 || !strings.Contains(resp.Text(), "database unavailable") {
		t.Errorf("/readyz with the database stopped = %d %q, want 503 database unavailable", resp.StatusCode, resp.Text())
	}
	// Pages answer 503 with Retry-After while the database is down: the
	// signed-in page fails loading the session, the library its search.
	wantBusyPage(t, "home with the database stopped", signedIn.Get("/"), "Please try again shortly")
	wantBusyPage(t, "library with the database stopped", c.Get("/library"), "Please try again shortly")
	if resp := c.Get("/healthz"); resp.StatusCode != 200 {
		t.Errorf("/healthz with the database stopped = %d, want 200 (the process is up)", resp.StatusCode)
	}
}
