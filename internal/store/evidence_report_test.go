package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/store"
	"belonging/internal/testkit"
)

// A programme's evidence figures look each activity's evidence and
// outcomes up by its id; they must be what grouping the programme's
// evidence and outcomes by activity gives. Some outcomes lose their
// attendance, some activities their evidence or outcomes, so that every
// column has both kinds of activity.
func TestProgrammeEvidenceCountedAsGrouped(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool, _ := testkit.Pool(t, testkit.SeededDB(t))
	changeRows(t, pool,
		`UPDATE outcomes SET attendance = NULL WHERE id % 3 = 0`,
		`DELETE FROM evidence WHERE activity_id % 4 = 0`,
		`DELETE FROM outcomes WHERE activity_id % 5 = 0 AND NOT EXISTS (SELECT FROM evidence e WHERE e.outcome_id = outcomes.id)`,
		`UPDATE activities SET status = 'completed' WHERE id % 2 = 0 AND status <> 'idea'`)
	rows, err := pool.Query(ctx, `SELECT p.institution_id, p.id, min(a.academic_year), max(a.academic_year)
		FROM programmes p JOIN activities a ON a.programme_id = p.id GROUP BY 1, 2 ORDER BY 2`)
	if err != nil {
		t.Fatal(err)
	}
	type programme struct{ Institution, ID, From, To int64 }
	programmes, err := pgx.CollectRows(rows, pgx.RowToStructByPos[programme])
	if err != nil {
		t.Fatal(err)
	}
	q := store.New(pool)
	seen := map[string]bool{}
	for _, p := range programmes {
		var want []string
		rows, err := pool.Query(ctx, `
			SELECT a.academic_year, coalesce(ev.strongest, 0), count(*), count(*) FILTER (WHERE a.status IN ('completed', 'evaluated')),
			       count(oc.activity_id), count(*) FILTER (WHERE a.status IN ('completed', 'evaluated') AND oc.activity_id IS NULL),
			       count(*) FILTER (WHERE oc.attendance)
			FROM activities a
			LEFT JOIN (SELECT e.activity_id, max(e.strength) AS strongest FROM evidence e GROUP BY e.activity_id) ev ON ev.activity_id = a.id
			LEFT JOIN (SELECT o.activity_id, bool_or(o.attendance IS NOT NULL) AS attendance FROM outcomes o GROUP BY o.activity_id) oc
			       ON oc.activity_id = a.id
			WHERE a.programme_id = $1 AND a.archived_at IS NULL AND a.academic_year BETWEEN $2 AND $3
			GROUP BY 1, 2`, p.ID, p.From, p.To)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var c [7]int
			if err := rows.Scan(&c[0], &c[1], &c[2], &c[3], &c[4], &c[5], &c[6]); err != nil {
				t.Fatal(err)
			}
			want = append(want, fmt.Sprint(c))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		got, err := q.ReportEvidence(ctx, store.ReportScope{InstitutionID: p.Institution, ProgrammeID: p.ID}, int(p.From), int(p.To))
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, r := range got {
			lines = append(lines, fmt.Sprint([7]int{int(r.Year), int(r.Strongest), int(r.Activities), int(r.Finished), int(r.WithOutcomes),
				int(r.FinishedNoOutcome), int(r.WithAttendance)}))
			for name, n := range map[string]int32{"with outcomes": r.WithOutcomes, "finished without": r.FinishedNoOutcome,
				"with attendance": r.WithAttendance, "evidence": r.Strongest} {
				if n > 0 {
					seen[name] = true
				}
			}
		}
		slices.Sort(want)
		slices.Sort(lines)
		if diff := cmp.Diff(want, lines); diff != "" {
			t.Errorf("programme %d's evidence figures (-grouped +reported):\n%s", p.ID, diff)
		}
	}
	for _, name := range []string{"with outcomes", "finished without", "with attendance", "evidence"} {
		if !seen[name] {
			t.Errorf("no programme had activities %s: the comparison proves little", name)
		}
	}
}

// changeRows runs statements that vary the seeded data before a
// comparison, so that each condition the query tells apart has rows.
func changeRows(t *testing.T, pool *pgxpool.Pool, statements ...string) {
	t.Helper()
	for _, sql := range statements {
		if _, err := pool.Exec(context.Background(), sql); err != nil {
			t.Fatal(err)
		}
	}
}
