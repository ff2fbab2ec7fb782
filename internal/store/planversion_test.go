package store_test

import (
	"context"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/store"
	"belonging/internal/testkit"
)

// recorder is a store.DBTX that keeps every statement sent through it.
type recorder struct {
	pool  *pgxpool.Pool
	stmts []recorded
}

type recorded struct {
	sql  string
	args []any
}

func (r *recorder) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	r.stmts = append(r.stmts, recorded{sql, args})
	return r.pool.Exec(ctx, sql, args...)
}

func (r *recorder) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	r.stmts = append(r.stmts, recorded{sql, args})
	return r.pool.Query(ctx, sql, args...)
}

func (r *recorder) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	r.stmts = append(r.stmts, recorded{sql, args})
	return r.pool.QueryRow(ctx, sql, args...)
}

// TestPlanVersionFollowsEveryTableThePlanReads holds migration 000290's
// triggers to what internal/activity keeps by plan version (kept.ByVersion):
// every table the plan page's list, coverage map and figures and the
// plan's export read, as
// PostgreSQL plans them with every filter, has a trigger raising the plan
// version, and a write to each raises the version of the programme whose
// plan shows it (and no other); where the trigger watches some columns
// only (people's names), the plans read no other column of that table but
// its key. A new join in those queries fails here until its table raises
// the version too.
func TestPlanVersionFollowsEveryTableThePlanReads(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool, _ := testkit.Pool(t, testkit.SeededDB(t))
	var inst, prog, other, activity, lead int64
	var year int
	// The demo's partnered activity, given a module, a lead and a code.
	err := pool.QueryRow(ctx, `
		SELECT a.institution_id, a.programme_id, a.academic_year, a.id,
		       (SELECT p.id FROM programmes p WHERE p.institution_id = a.institution_id AND p.id <> a.programme_id ORDER BY p.id LIMIT 1)
		FROM activities a
		WHERE EXISTS (SELECT 1 FROM memberships m WHERE m.activity_id = a.id AND m.role = 'partner')
		ORDER BY a.id LIMIT 1`).Scan(&inst, &prog, &year, &activity, &other)
	if err != nil {
		t.Fatalf("the demo data has no partnered activity: %v", err)
	}
	err = pool.QueryRow(ctx, `
		UPDATE activities SET module_id = (SELECT id FROM modules WHERE institution_id = $2 ORDER BY id LIMIT 1),
		       lead_id = (SELECT user_id FROM memberships WHERE institution_id = $2 AND role = 'director' ORDER BY id LIMIT 1)
		WHERE id = $1 RETURNING lead_id`, activity, inst).Scan(&lead)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `
		INSERT INTO activity_codes (institution_id, activity_id, code_id)
		SELECT $2, $1, id FROM evaluation_codes WHERE institution_id = $2 ORDER BY id LIMIT 1 ON CONFLICT DO NOTHING`, activity, inst); err != nil {
		t.Fatal(err)
	}

	// What the kept parts read, with every filter the cache keeps.
	rec := &recorder{pool: pool}
	q := store.New(rec)
	today := time.Now()
	filters := []store.PlanFilter{{}, {Kind: "social"}, {Stage: "term_1"}, {Dimension: "peers"}, {Status: "planned"}, {Placement: "curricular"}, {YearOfStudy: 1}}
	for _, f := range filters {
		f.InstitutionID, f.ProgrammeID, f.AcademicYear, f.Today = inst, prog, year, today
		if _, err := q.ListPlan(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := q.PlanCoverage(ctx, store.PlanCoverageParams{InstitutionID: inst, ProgrammeID: prog, AcademicYear: int32(year)}); err != nil {
		t.Fatal(err)
	}
	if _, err := q.PlanFigures(ctx, store.PlanFiguresParams{InstitutionID: inst, ProgrammeID: prog, AcademicYear: int32(year)}); err != nil {
		t.Fatal(err)
	}
	if _, err := q.ListProgrammeActivitiesForExport(ctx, store.ListProgrammeActivitiesForExportParams{InstitutionID: inst, ProgrammeID: prog, AcademicYear: int32(year)}); err != nil {
		t.Fatal(err)
	}
	if _, err := q.ListCodesOfPlan(ctx, store.ListCodesOfPlanParams{InstitutionID: inst, ProgrammeID: prog, AcademicYear: int32(year)}); err != nil {
		t.Fatal(err)
	}
	read := tablesRead(t, pool, rec.stmts) // table → columns the plans output from it

	// The tables with a trigger raising plan versions, and the columns
	// each watches (none: every change).
	watched := map[string][]string{}
	rows, err := pool.Query(ctx, `
		SELECT c.relname, coalesce(array_agg(a.attname ORDER BY a.attname) FILTER (WHERE a.attname IS NOT NULL), '{}')
		FROM pg_trigger t
		JOIN pg_class c ON c.oid = t.tgrelid
		JOIN pg_proc f ON f.oid = t.tgfoid
		LEFT JOIN pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = ANY (t.tgattr::int2[])
		WHERE f.proname LIKE '%raise%plan_versions' AND NOT t.tgisinternal
		GROUP BY c.relname, t.oid`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var table string
		var cols []string
		if err := rows.Scan(&table, &cols); err != nil {
			t.Fatal(err)
		}
		if prev, ok := watched[table]; ok && (len(prev) == 0 || len(cols) == 0) {
			cols = nil // some trigger on it watches every column
		}
		watched[table] = cols
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}

	var tables []string
	for table := range read {
		tables = append(tables, table)
	}
	sort.Strings(tables)
	if len(tables) < 5 {
		t.Fatalf("the plan's queries read only %v: the explained plans were not walked", tables)
	}
	for _, table := range tables {
		cols, ok := watched[table]
		if !ok {
			t.Errorf("the plan reads %s, which has no trigger raising plan versions", table)
			continue
		}
		if len(cols) == 0 {
			continue
		}
		for _, c := range read[table] {
			if c != "id" && !slices.Contains(cols, c) {
				t.Errorf("the plan reads %s.%s, but plan versions are raised only when %v change", table, c, cols)
			}
		}
	}
	for table := range watched {
		if _, ok := read[table]; !ok {
			t.Errorf("%s raises plan versions but the plan does not read it", table)
		}
	}

	// A write to each table raises the programme's version, not another's.
	versions := func() (int64, int64) {
		var mine, theirs int64
		if err := pool.QueryRow(ctx, `
			SELECT coalesce((SELECT version FROM plan_versions WHERE programme_id = $1), 0),
			       coalesce((SELECT version FROM plan_versions WHERE programme_id = $2), 0)`, prog, other).Scan(&mine, &theirs); err != nil {
			t.Fatal(err)
		}
		return mine, theirs
	}
	writes := map[string][]string{
		"activities": {
			`UPDATE activities SET title = title || ' (changed)' WHERE id = $1`,
			`INSERT INTO activities (institution_id, programme_id, academic_year, title, kind, stage, dimensions, placement, level, status)
			 SELECT institution_id, programme_id, academic_year, 'Added', kind, stage, dimensions, placement, level, status FROM activities WHERE id = $1`,
			`DELETE FROM activities WHERE title = 'Added' AND programme_id = (SELECT programme_id FROM activities WHERE id = $1)`,
		},
		"activity_sessions": {
			`INSERT INTO activity_sessions (institution_id, activity_id, session_date) SELECT institution_id, id, make_date(academic_year, 11, 30) FROM activities WHERE id = $1`,
			`UPDATE activity_sessions SET session_date = session_date + 1 WHERE activity_id = $1`,
			`DELETE FROM activity_sessions WHERE activity_id = $1 AND session_date = (SELECT make_date(academic_year, 12, 1) FROM activities WHERE id = $1)`,
		},
		"memberships": {
			`UPDATE memberships SET created_at = created_at - interval '1 day' WHERE activity_id = $1`,
			`DELETE FROM memberships WHERE activity_id = $1`,
		},
		"modules": {`UPDATE modules SET code = code || 'X' WHERE id = (SELECT module_id FROM activities WHERE id = $1)`},
		"users": {
			`UPDATE users SET name = name || ' Jr' WHERE id = (SELECT lead_id FROM activities WHERE id = $1)`,
			`UPDATE users SET email = 'moved.' || email WHERE id = (SELECT lead_id FROM activities WHERE id = $1)`,
		},
		"evaluation_codes": {`UPDATE evaluation_codes SET label = label || ' (renamed)' WHERE id IN (SELECT code_id FROM activity_codes WHERE activity_id = $1)`},
		"activity_codes": {
			`INSERT INTO activity_codes (institution_id, activity_id, code_id)
			 SELECT a.institution_id, a.id, c.id FROM activities a JOIN evaluation_codes c ON c.institution_id = a.institution_id
			 WHERE a.id = $1 AND c.id NOT IN (SELECT code_id FROM activity_codes WHERE activity_id = $1) ORDER BY c.id LIMIT 1`,
			`DELETE FROM activity_codes WHERE activity_id = $1 AND code_id = (SELECT max(code_id) FROM activity_codes WHERE activity_id = $1)`,
		},
	}
	for _, table := range tables {
		stmts, ok := writes[table]
		if !ok {
			t.Errorf("no write to %s is tried here: add one", table)
		}
		for _, stmt := range stmts {
			mine, theirs := versions()
			tag, err := pool.Exec(ctx, stmt, activity)
			if err != nil {
				t.Fatalf("%s: %v", stmt, err)
			}
			if tag.RowsAffected() == 0 {
				t.Fatalf("%s changed no row", stmt)
			}
			if m, o := versions(); m <= mine || o != theirs {
				t.Errorf("%s: the plan's version %d → %d, another programme's %d → %d; want only the plan's raised", stmt, mine, m, theirs, o)
			}
		}
	}
	// People's rows change at every sign-in; only a new name or address raises.
	mine, _ := versions()
	if _, err := pool.Exec(ctx, `UPDATE users SET name = name, email = email, updated_at = now() WHERE id = $1`, lead); err != nil {
		t.Fatal(err)
	}
	if m, _ := versions(); m != mine {
		t.Errorf("a lead's row written with the same name raised the plan's version %d → %d", mine, m)
	}
}

// tablesRead are the tables the statements' plans read, each with the
// columns output from it, as PostgreSQL plans them.
func tablesRead(t *testing.T, pool *pgxpool.Pool, stmts []recorded) map[string][]string {
	t.Helper()
	read := map[string][]string{}
	for _, s := range stmts {
		var out []byte
		if err := pool.QueryRow(context.Background(), "EXPLAIN (VERBOSE, FORMAT JSON) "+s.sql, s.args...).Scan(&out); err != nil {
			t.Fatalf("explain %q: %v", s.sql, err)
		}
		var plans []struct{ Plan planNode }
		if err := json.Unmarshal(out, &plans); err != nil {
			t.Fatal(err)
		}
		for _, p := range plans {
			p.Plan.relations(read)
		}
	}
	return read
}

// triggered lists the tables with a trigger whose function's name is
// LIKE pattern.
func triggered(t *testing.T, pool *pgxpool.Pool, pattern string) []string {
	t.Helper()
	var tables []string
	if err := pool.QueryRow(context.Background(), `
		SELECT array_agg(DISTINCT c.relname::text) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc f ON f.oid = t.tgfoid
		WHERE f.proname LIKE $1 AND NOT t.tgisinternal`, pattern).Scan(&tables); err != nil {
		t.Fatal(err)
	}
	return tables
}

// planNode is a node of EXPLAIN's JSON plan.
type planNode struct {
	Relation string     `json:"Relation Name"`
	Alias    string     `json:"Alias"`
	Output   []string   `json:"Output"`
	Plans    []planNode `json:"Plans"`
}

// relations adds each table the plan reads, and the columns output from
// it, to read.
func (n planNode) relations(read map[string][]string) {
	if n.Relation != "" {
		cols := read[n.Relation]
		for _, o := range n.Output {
			if c, ok := strings.CutPrefix(o, n.Alias+"."); ok && !slices.Contains(cols, c) {
				cols = append(cols, c)
			}
		}
		read[n.Relation] = cols
	}
	for _, p := range n.Plans {
		p.relations(read)
	}
}
