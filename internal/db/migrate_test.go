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

// Migration 80 corrects the response rate of evidence made from a
// before/after pair: 23 responses of 80 invitations is 29%, where the
// survey after's 11 of 40, rounded down, gave 27%.
func TestPairRateMigration(t *testing.T) {
	t.Parallel()
	url := testkit.BareDB(t)
	m, err := db.NewMigrator(url)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if err := m.Steps(11); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `
		WITH i AS (INSERT INTO institutions (name, slug) VALUES ('Test University', 'test') RETURNING id),
		d AS (INSERT INTO departments (institution_id, name) SELECT id, 'School' FROM i RETURNING id, institution_id),
		p AS (INSERT INTO programmes (institution_id, department_id, code, title, level) SELECT institution_id, id, 'T1', 'BSc Test', 'ug' FROM d RETURNING id, institution_id),
		a AS (INSERT INTO activities (institution_id, programme_id, academic_year, title, kind, stage, dimensions, placement, level)
		      SELECT institution_id, id, 2026, 'Induction', 'induction', 'welcome_week', '{peers}', 'curricular', 'programme' FROM p RETURNING id, institution_id, programme_id),
		pre AS (INSERT INTO surveys (institution_id, programme_id, activity_id, instrument_id, title, phase, token, browser_salt, opens_at, closes_at, invited)
		        SELECT institution_id, programme_id, id, 1, 'Pulse', 'pre', repeat('a', 22), '\x00112233445566778899aabbccddeeff', '2026-09-21 09:00+01', '2026-09-21 10:00+01', 40 FROM a
		        RETURNING id, institution_id, activity_id, programme_id),
		post AS (INSERT INTO surveys (institution_id, programme_id, activity_id, instrument_id, title, phase, pre_id, token, browser_salt, opens_at, closes_at, invited)
		         SELECT institution_id, programme_id, activity_id, 1, 'Pulse', 'post', id, repeat('b', 22), '\x00112233445566778899aabbccddeeff', '2026-09-21 16:00+01', '2026-09-21 17:00+01', 40 FROM pre
		         RETURNING id, institution_id, activity_id)
		INSERT INTO evidence (institution_id, activity_id, title, kind, strength, sample_size, response_rate, survey_id)
		SELECT institution_id, activity_id, 'Pulse before and after', 'survey', 2, 23, 27, id FROM post`)
	if err != nil {
		t.Fatal(err)
	}
	// Up to and including migration 80, through the ones between.
	for {
		v, _, err := m.Version()
		if err != nil {
			t.Fatal(err)
		}
		if v >= 80 {
			break
		}
		if err := m.Steps(1); err != nil {
			t.Fatal(err)
		}
	}
	var rate int
	if err := conn.QueryRow(ctx, `SELECT response_rate FROM evidence`).Scan(&rate); err != nil || rate != 29 {
		t.Errorf("response rate after the migration = %d (%v), want 29", rate, err)
	}
}
