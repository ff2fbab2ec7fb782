package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/url"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/server"
	"belonging/internal/testkit"
)

// startServers runs two servers as `belonging serve` runs them (workers
// on) on one database, sharing dataDir's file store, until the test ends.
func startServers(t *testing.T, dbURL, dataDir string) {
	t.Helper()
	runCtx, stop := context.WithCancel(context.Background())
	done := make(chan error, 2)
	for range 2 {
		cfg := testkit.TestConfig(dbURL, &url.URL{Scheme: "http", Host: "127.0.0.1"})
		cfg.ListenAddr = "127.0.0.1:0"
		cfg.DataDir = dataDir // one file store, as servers behind a load balancer share one
		cfg.Workers = true    // as serve runs by default (WORKERS=true)
		srvPool, _ := testkit.Pool(t, dbURL)
		srv, err := server.New(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), srvPool)
		if err != nil {
			t.Fatal(err)
		}
		go func() { done <- srv.Run(runCtx) }()
	}
	t.Cleanup(func() {
		stop()
		for range 2 {
			if err := <-done; err != nil {
				t.Errorf("server run: %v", err)
			}
		}
	})
}

// waitForLockWaiters waits until a server's statement like the pattern
// waits on the test's lock (failing after 90 s, saying what never
// happened), then as long again (10 s at most) for the other server to
// join it, and returns how many wait.
func waitForLockWaiters(t *testing.T, pool *pgxpool.Pool, pattern, never string) int {
	t.Helper()
	waiting := func() int {
		var n int
		if err := pool.QueryRow(context.Background(), `
			SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`, pattern).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for deadline := time.Now().Add(90 * time.Second); waiting() == 0; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal(never + " in 90 s")
		}
	}
	for deadline := time.Now().Add(10 * time.Second); waiting() < 2 && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
	return waiting()
}
