package db_test

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"belonging/internal/db"
	"belonging/internal/testkit"
)

// Every migration must apply, revert and apply again on a clean database.
func TestMigrationsUpDownUp(t *testing.T) {
	t.Parallel()
	url := testkit.BareDB(t)
	m, err := db.NewMigrator(url)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()

	steps := []struct {
		name string
		run  func() error
		want uint
	}{
		{"up", m.Up, db.LatestVersion()},
		{"down", m.Down, 0},
		{"up again", m.Up, db.LatestVersion()},
	}
	for _, s := range steps {
		if err := s.run(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		v, dirty, err := m.Version()
		if err != nil || dirty || v != s.want {
			t.Fatalf("after %s: version() = %d, dirty %v, err %v; want %d, clean", s.name, v, dirty, err, s.want)
		}
	}
	if err := m.CheckCurrent(); err != nil {
		t.Fatalf("CheckCurrent() after up = %v, want nil", err)
	}

	// After all the way down, no application table may be left behind.
	if err := m.Down(); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var tables []string
	rows, _ := conn.Query(context.Background(), `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY 1`)
	tables, err = pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) != 0 {
		t.Errorf("tables left after migrating down: %v", tables)
	}
}

// A database behind the binary, or dirty after a failed migration, must
// be refused with a message saying what to do.
func TestCheckCurrentExplainsRecovery(t *testing.T) {
	t.Parallel()
	url := testkit.BareDB(t)
	m, err := db.NewMigrator(url)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()

	if err := m.Steps(1); err != nil {
		t.Fatal(err)
	}
	if err := m.CheckCurrent(); err == nil || !strings.Contains(err.Error(), "belonging migrate up") {
		t.Errorf("CheckCurrent() on a database behind the build = %v, want advice to run migrate up", err)
	}

	// A migration that fails half way leaves its version marked dirty.
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), "UPDATE schema_migrations SET dirty = true"); err != nil {
		t.Fatal(err)
	}
	err = m.CheckCurrent()
	if err == nil || !strings.Contains(err.Error(), "dirty") || !strings.Contains(err.Error(), "belonging migrate force 0") {
		t.Errorf("CheckCurrent() on a dirty database = %v, want it to say dirty and how to force", err)
	}
}
