package testkit

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"belonging/internal/pgcluster"
)

// Replica is a real streaming replica of the tests' PostgreSQL server,
// copied from it with pg_basebackup and following its changes.
type Replica struct {
	t       testing.TB
	cluster *pgcluster.Cluster
	// admin is the tests' server's own URL (a superuser's), pointed at
	// the replica: pausing replay needs it.
	admin   string
	stopped bool
}

// StartReplica starts a streaming replica of the server DATABASE_URL
// names, holding every database on it at the moment and every change
// after. It stops with the test.
func StartReplica(t testing.TB) *Replica {
	t.Helper()
	primary := os.Getenv("DATABASE_URL")
	if primary == "" {
		Missing(t, "DATABASE_URL (a PostgreSQL server for tests)")
	}
	c, err := pgcluster.Start(context.Background(), pgcluster.Options{
		Dir: filepath.Join(t.TempDir(), "replica"), Temporary: true, ReplicaOf: primary})
	if err != nil {
		t.Fatalf("start a replica: %v", err)
	}
	r := &Replica{t: t, cluster: c}
	r.admin = r.URL(primary)
	t.Cleanup(func() {
		if !r.stopped {
			_ = c.Stop()
		}
		if c.Relocated() {
			_ = os.RemoveAll(c.Dir())
		}
	})
	return r
}

// URL is dbURL (a database on the primary) on the replica.
func (r *Replica) URL(dbURL string) string {
	r.t.Helper()
	u, err := url.Parse(dbURL)
	if err != nil {
		r.t.Fatal(err)
	}
	u.Host = "127.0.0.1:" + strconv.Itoa(r.cluster.Port())
	return u.String()
}

// CatchUp waits (up to 20 s) until the replica has replayed everything
// the primary at dbURL had written when it was called.
func (r *Replica) CatchUp(dbURL string) {
	r.t.Helper()
	ctx := context.Background()
	var target string
	r.query(dbURL, "SELECT pg_current_wal_insert_lsn()::text", &target)
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		var caughtUp bool
		conn, err := pgx.Connect(ctx, r.URL(dbURL))
		if err == nil {
			err = conn.QueryRow(ctx, "SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn", target).Scan(&caughtUp)
			conn.Close(ctx)
		}
		if caughtUp {
			return
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("the replica did not replay up to %s in 20 s (last error %v)", target, err)
		}
	}
}

// Pause stops the replica replaying the primary's changes, as a replica
// falling behind would; Resume starts it again.
func (r *Replica) Pause() {
	r.query(r.admin, "SELECT pg_wal_replay_pause()::text", new(string))
}

// Resume lets a paused replica replay again.
func (r *Replica) Resume() {
	r.query(r.admin, "SELECT pg_wal_replay_resume()::text", new(string))
}

// Stop shuts the replica down, as a replica going away would.
func (r *Replica) Stop() {
	r.t.Helper()
	if err := r.cluster.Stop(); err != nil {
		r.t.Fatalf("stop the replica: %v", err)
	}
	r.stopped = true
}

func (r *Replica) query(dbURL, sql string, into any) {
	r.t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		r.t.Fatalf("connect: %v", err)
	}
	defer conn.Close(ctx)
	if err := conn.QueryRow(ctx, sql).Scan(into); err != nil {
		r.t.Fatalf("%s: %v", sql, err)
	}
}
