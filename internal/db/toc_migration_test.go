package db_test

import (
	"context"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"belonging/internal/db"
	"belonging/internal/testkit"
	"belonging/migrations"
)

// The theory-of-change migration turns every activity's six free-text
// columns into entries, and nothing is lost: for every activity, each
// column's text is its part's entries joined by newlines, whatever the
// text was (blank lines, Windows line ends, repeated lines, spaces, the
// longest text allowed).
func TestTheoryOfChangeMigrationLosesNothing(t *testing.T) {
	t.Parallel()
	url := testkit.BareDB(t)
	m, err := db.NewMigrator(url)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	before, mine := versionsAround(t, "_theory_of_change.up.sql")
	for {
		v, _, err := m.Version()
		if err != nil {
			t.Fatal(err)
		}
		if v == before {
			break
		}
		if err := m.Steps(1); err != nil {
			t.Fatal(err)
		}
	}

	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `
		WITH i AS (INSERT INTO institutions (name, slug) VALUES ('Test University', 'test') RETURNING id),
		d AS (INSERT INTO departments (institution_id, name) SELECT id, 'School' FROM i RETURNING id, institution_id)
		INSERT INTO programmes (institution_id, department_id, code, title, level) SELECT institution_id, id, 'T1', 'BSc Test', 'ug' FROM d`)
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{
		"",
		"Six research groups give an hour each; final-year hosts.",
		"Tours\nPosters\nA shared lunch",
		"First paragraph.\n\nSecond paragraph after a blank line.",
		"Windows line ends\r\nsecond line",
		"  indented\nand not",
		"ends with a newline\n",
		"\n",
		"   ",
		"the same line\nthe same line",
		"Café — ☕ and\ttabs",
		strings.Repeat("long text ", 400),
	}
	cols := []string{"toc_inputs", "toc_activities", "toc_outputs", "toc_outcomes", "toc_impact", "toc_assumptions"}
	// Every text in every column, each column shifted so that each activity
	// mixes kinds of text.
	for n := range texts {
		args := []any{"Activity " + strconv.Itoa(n)}
		for c := range cols {
			args = append(args, texts[(n+c)%len(texts)])
		}
		_, err := conn.Exec(ctx, `
			INSERT INTO activities (institution_id, programme_id, academic_year, title, kind, stage, dimensions, placement, level,
			    toc_inputs, toc_activities, toc_outputs, toc_outcomes, toc_impact, toc_assumptions)
			SELECT institution_id, id, 2026, $1, 'induction', 'welcome_week', '{peers}', 'curricular', 'programme', $2, $3, $4, $5, $6, $7
			FROM programmes`, args...)
		if err != nil {
			t.Fatal(err)
		}
	}
	oldText := readColumns(t, conn)

	if err := m.Steps(1); err != nil {
		t.Fatal(err)
	}
	if v, _, err := m.Version(); err != nil || v != mine {
		t.Fatalf("version after one step = %d (%v), want %d", v, err, mine)
	}

	// The text read back from the entries alone.
	rows, err := conn.Query(ctx, `SELECT activity_id, part, body FROM toc_entries ORDER BY activity_id, part, position, id`)
	if err != nil {
		t.Fatal(err)
	}
	column := map[string]string{"input": "toc_inputs", "activity": "toc_activities", "output": "toc_outputs",
		"outcome": "toc_outcomes", "impact": "toc_impact", "assumption": "toc_assumptions"}
	parts := map[int64]map[string][]string{}
	for rows.Next() {
		var id int64
		var part, body string
		if err := rows.Scan(&id, &part, &body); err != nil {
			t.Fatal(err)
		}
		if parts[id] == nil {
			parts[id] = map[string][]string{}
		}
		parts[id][column[part]] = append(parts[id][column[part]], body)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	readBack := map[int64][6]string{}
	for id := range oldText {
		var got [6]string
		for c, col := range cols {
			got[c] = strings.Join(parts[id][col], "\n")
		}
		readBack[id] = got
	}
	if diff := cmp.Diff(oldText, readBack); diff != "" {
		t.Errorf("text read back from the entries differs from the columns before the migration (-before +after):\n%s", diff)
	}
	if diff := cmp.Diff(oldText, readColumns(t, conn)); diff != "" {
		t.Errorf("the migration changed the columns (-before +after):\n%s", diff)
	}
	// Lines became entries where that loses nothing.
	var lines int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM toc_entries WHERE body = 'Posters'`).Scan(&lines); err != nil || lines != len(cols) {
		t.Errorf("entries of the line \"Posters\" = %d (%v), want %d (one per column it is in)", lines, err, len(cols))
	}
}

func readColumns(t *testing.T, conn *pgx.Conn) map[int64][6]string {
	t.Helper()
	rows, err := conn.Query(context.Background(), `
		SELECT id, toc_inputs, toc_activities, toc_outputs, toc_outcomes, toc_impact, toc_assumptions FROM activities`)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64][6]string{}
	for rows.Next() {
		var id int64
		var v [6]string
		if err := rows.Scan(&id, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]); err != nil {
			t.Fatal(err)
		}
		out[id] = v
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// versionsAround finds the migration whose up file ends in suffix, and the
// version applied just before it, whatever numbers they are given.
func versionsAround(t *testing.T, suffix string) (before, mine uint) {
	t.Helper()
	names, err := fs.Glob(migrations.FS, "*.up.sql")
	if err != nil {
		t.Fatal(err)
	}
	var versions []uint
	for _, name := range names {
		n, err := strconv.ParseUint(name[:strings.IndexByte(name, '_')], 10, 64)
		if err != nil {
			t.Fatalf("migration %s: %v", name, err)
		}
		versions = append(versions, uint(n))
		if strings.HasSuffix(name, suffix) {
			mine = uint(n)
		}
	}
	sort.Slice(versions, func(i, j int) bool { return versions[i] < versions[j] })
	for i, v := range versions {
		if v == mine && i > 0 {
			return versions[i-1], mine
		}
	}
	t.Fatalf("no migration ending in %s", suffix)
	return 0, 0
}
