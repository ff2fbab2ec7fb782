package server_test

import (
	"context"
	"os"
	"testing"

	"belonging/internal/db"
	"belonging/internal/pgcluster"
	"belonging/internal/testkit"
)

// /readyz reports the database: 200 while it answers, 503 once it has
// stopped, so a load balancer takes the server out of rotation.
func TestReadinessFollowsTheDatabase(t *testing.T) {
	t.Parallel()
	if _, err := pgcluster.FindBinaries(); err != nil {
		testkit.Missing(t, "PostgreSQL binaries")
	}
	// Not t.TempDir: its parent is private to root, and the cluster may
	// run as the postgres user.
	dir, err := os.MkdirTemp("", "belonging-ready-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	cluster, err := pgcluster.Start(context.Background(), pgcluster.Options{Dir: dir, Temporary: true, Database: "ready"})
	if err != nil {
		t.Fatalf("start private cluster: %v", err)
	}
	t.Cleanup(func() { _ = cluster.Stop() })
	m, err := db.NewMigrator(cluster.URL())
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Up(); err != nil {
		t.Fatal(err)
	}
	m.Close()

	app := testkit.NewAppWithDB(t, cluster.URL())
	c := app.Client()
	if resp := c.Get("/readyz"); resp.StatusCode != 200 {
		t.Fatalf("/readyz with the database up = %d, want 200", resp.StatusCode)
	}
	if err := cluster.Kill(); err != nil {
		t.Fatalf("stop the database: %v", err)
	}
	if resp := c.Get("/readyz"); resp.StatusCode != 503 {
		t.Errorf("/readyz with the database stopped = %d, want 503", resp.StatusCode)
	}
	if resp := c.Get("/healthz"); resp.StatusCode != 200 {
		t.Errorf("/healthz with the database stopped = %d, want 200 (the process is up)", resp.StatusCode)
	}
}
