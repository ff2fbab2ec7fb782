package pgcluster_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"belonging/internal/pgcluster"
	"belonging/internal/testkit"
)

// As root (how CI and many containers run), PostgreSQL runs as the
// postgres user, who cannot enter a directory private to root such as
// root's home or a `mktemp -d` folder. A cluster asked for there must
// still start, kept where that user can reach it.
func TestClusterUnderAPrivateDirectoryStarts(t *testing.T) {
	t.Parallel()
	requireRoot(t)
	private := t.TempDir() // mode 0700, owned by root
	if err := os.Chmod(private, 0o700); err != nil {
		t.Fatal(err)
	}
	cluster, err := pgcluster.Start(context.Background(), pgcluster.Options{Dir: filepath.Join(private, ".data", "postgres"), Temporary: true, Database: "private"})
	if err != nil {
		t.Fatalf("start a cluster under a 0700 directory: %v", err)
	}
	t.Cleanup(func() {
		_ = cluster.Stop()
		_ = os.RemoveAll(cluster.Dir())
	})
	conn, err := pgx.Connect(context.Background(), cluster.URL())
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer conn.Close(context.Background())
	var one int
	if err := conn.QueryRow(context.Background(), "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("SELECT 1 = %d, %v", one, err)
	}
	if !cluster.Relocated() || filepath.Dir(cluster.Dir()) != pgcluster.RelocatedBase {
		t.Errorf("cluster kept in %s (relocated %v), want a directory in %s", cluster.Dir(), cluster.Relocated(), pgcluster.RelocatedBase)
	}
}

// A cluster already initialised in a directory the postgres user can no
// longer reach is not silently replaced by an empty one: the error names
// the closed directory and how to open it.
func TestClusterBehindAClosedDirectoryNamesTheCause(t *testing.T) {
	t.Parallel()
	requireRoot(t)
	parent, err := os.MkdirTemp("", "belonging-closed-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(parent) })
	if err := os.Chmod(parent, 0o755); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(parent, "postgres")
	cluster, err := pgcluster.Start(context.Background(), pgcluster.Options{Dir: dir, Temporary: true})
	if err != nil {
		t.Fatalf("start a cluster in an open directory: %v", err)
	}
	if cluster.Relocated() {
		t.Errorf("a cluster in an open directory was relocated to %s", cluster.Dir())
	}
	if err := cluster.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(parent, 0o700); err != nil {
		t.Fatal(err)
	}
	_, err = pgcluster.Start(context.Background(), pgcluster.Options{Dir: dir, Temporary: true})
	if err == nil {
		t.Fatal("a cluster behind a closed directory started")
	}
	for _, want := range []string{"postgres user", "cannot enter " + parent, "chmod o+x " + parent} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

func requireRoot(t *testing.T) {
	t.Helper()
	if _, err := pgcluster.FindBinaries(); err != nil {
		testkit.Missing(t, "PostgreSQL binaries")
	}
	if os.Geteuid() != 0 {
		// CI runs as root, as a newcomer's first `make test` may: there the
		// check must run, never quietly pass.
		if testkit.InCI() {
			t.Fatal("these tests need root (only root runs PostgreSQL as another user), and CI=true: they cannot run")
		}
		t.Skip("only a process running as root runs PostgreSQL as another user")
	}
}
