package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"belonging/internal/store"
	"belonging/internal/testkit"
)

// Reach is added up per activity and year first, then over activities;
// it must be what adding up every outcome, and counting the distinct
// activities behind them, gives: for each programme (whose activities
// look their outcomes up by id) and each institution (joined in one
// pass), by kind and by activity, over all years and over one. Some
// outcomes lose their attendance or their own count of students invited
// (so the activity's counts), some activities their cohort size, one is
// archived, so that every condition has rows on both sides.
func TestReachAddedUpAsFromEveryOutcome(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool, _ := testkit.Pool(t, testkit.SeededDB(t))
	changeRows(t, pool,
		`UPDATE outcomes SET attendance = NULL WHERE id % 7 = 0`,
		`UPDATE outcomes SET invited = NULL WHERE id % 3 = 0`,
		`UPDATE activities SET cohort_size = NULL WHERE id % 2 = 0`,
		`UPDATE activities SET archived_at = now() WHERE id = (SELECT min(activity_id) FROM outcomes)`)
	var seen struct{ several, fromActivity, skipped int }
	err := pool.QueryRow(ctx, `
		SELECT (SELECT count(*) FROM (SELECT activity_id FROM outcomes WHERE attendance IS NOT NULL GROUP BY 1 HAVING count(*) > 1) x),
		       (SELECT count(*) FROM outcomes o JOIN activities a ON a.id = o.activity_id WHERE o.invited IS NULL AND a.cohort_size > 0),
		       (SELECT count(*) FROM outcomes o JOIN activities a ON a.id = o.activity_id WHERE o.invited IS NULL AND a.cohort_size IS NULL)`).
		Scan(&seen.several, &seen.fromActivity, &seen.skipped)
	if err != nil {
		t.Fatal(err)
	}
	if seen.several == 0 || seen.fromActivity == 0 || seen.skipped == 0 {
		t.Fatalf("activities with several outcomes, outcomes counting the activity's invited, outcomes left out = %+v: the comparison proves little", seen)
	}

	// Every programme, then every institution (programme 0).
	rows, err := pool.Query(ctx, `SELECT institution_id, id FROM programmes UNION ALL SELECT id, 0 FROM institutions ORDER BY 2 DESC, 1`)
	if err != nil {
		t.Fatal(err)
	}
	type scope struct{ Institution, Programme int64 }
	scopes, err := pgx.CollectRows(rows, pgx.RowToStructByPos[scope])
	if err != nil {
		t.Fatal(err)
	}

	var latest time.Time
	if err := pool.QueryRow(ctx, `SELECT max(outcome_date) FROM outcomes`).Scan(&latest); err != nil {
		t.Fatal(err)
	}
	year := time.Date(latest.Year()-1, time.September, 1, 0, 0, 0, 0, time.UTC)
	if latest.Month() >= time.September {
		year = year.AddDate(1, 0, 0)
	}
	q := store.New(pool)
	counted := 0
	for _, sc := range scopes {
		s := store.ReportScope{InstitutionID: sc.Institution, ProgrammeID: sc.Programme}
		where, id := "a.institution_id", sc.Institution
		if sc.Programme != 0 {
			where, id = "a.programme_id", sc.Programme
		}
		for _, dates := range [][2]time.Time{{year.AddDate(-20, 0, 0), year.AddDate(20, 0, 0)}, {year, year.AddDate(1, 0, 0)}} {
			var want []string
			rows, err := pool.Query(ctx, `
				SELECT x.year, coalesce(x.kind, ''), coalesce(x.activity_id, 0), count(*), count(DISTINCT x.activity_id),
				       sum(x.attendance), sum(x.invited)
				FROM (
				    SELECT extract(year FROM o.outcome_date - interval '8 months')::int AS year, a.kind, a.id AS activity_id,
				           o.attendance, coalesce(o.invited, a.cohort_size) AS invited
				    FROM outcomes o JOIN activities a ON a.id = o.activity_id
				    WHERE `+where+` = $1 AND a.archived_at IS NULL AND o.outcome_date >= $2 AND o.outcome_date < $3
				      AND o.attendance IS NOT NULL AND coalesce(o.invited, a.cohort_size) > 0
				) x
				GROUP BY x.year, GROUPING SETS ((), (x.kind), (x.activity_id))`, id, dates[0], dates[1])
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var (
					kind string
					c    [6]int64
				)
				if err := rows.Scan(&c[0], &kind, &c[1], &c[2], &c[3], &c[4], &c[5]); err != nil {
					t.Fatal(err)
				}
				want = append(want, fmt.Sprint(kind, c))
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			got, err := q.ReportReach(ctx, s, store.ReachParams{From: dates[0], To: dates[1], StartMonth: 9, ByActivity: true})
			if err != nil {
				t.Fatal(err)
			}
			var lines []string
			for _, r := range got {
				lines = append(lines, fmt.Sprint(r.Kind, [6]int64{int64(r.Year), r.ActivityID, int64(r.Outcomes), int64(r.Activities), r.Attended, r.Invited}))
			}
			slices.Sort(want)
			slices.Sort(lines)
			if diff := cmp.Diff(want, lines); diff != "" {
				t.Errorf("ReportReach(%+v, %s to %s) (-every outcome +reported):\n%s", s, dates[0].Format(time.DateOnly), dates[1].Format(time.DateOnly), diff)
			}
			counted += len(lines)
		}
	}
	if counted == 0 {
		t.Fatal("no reach counted anywhere: the comparison proves little")
	}
}
