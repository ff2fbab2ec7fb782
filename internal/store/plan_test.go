package store_test

import (
	"context"
	"testing"
	"time"

	"belonging/internal/store"
	"belonging/internal/testkit"
)

// TestListPlanMarksPartneredActivities holds each plan row's Partnered to
// whether the activity has a student partner, for every programme and year
// of the demo data (where one activity has a partner).
func TestListPlanMarksPartneredActivities(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool, _ := testkit.Pool(t, testkit.SeededDB(t))
	q := store.New(pool)
	rows, err := pool.Query(ctx, `
		SELECT DISTINCT a.institution_id, a.programme_id, a.academic_year FROM activities a WHERE a.archived_at IS NULL`)
	if err != nil {
		t.Fatal(err)
	}
	type plan struct {
		institution, programme int64
		year                   int
	}
	var plans []plan
	for rows.Next() {
		var p plan
		if err := rows.Scan(&p.institution, &p.programme, &p.year); err != nil {
			t.Fatal(err)
		}
		plans = append(plans, p)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	partnered := map[int64]bool{}
	prows, err := pool.Query(ctx, `SELECT DISTINCT activity_id FROM memberships WHERE role = 'partner'`)
	if err != nil {
		t.Fatal(err)
	}
	for prows.Next() {
		var id int64
		if err := prows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		partnered[id] = true
	}
	if err := prows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(partnered) == 0 {
		t.Fatal("the demo data has no partnered activity to show")
	}
	seen := 0
	for _, p := range plans {
		got, err := q.ListPlan(ctx, store.PlanFilter{InstitutionID: p.institution, ProgrammeID: p.programme, AcademicYear: p.year, Today: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range got {
			if r.Partnered != partnered[r.ID] {
				t.Errorf("activity %d: Partnered = %t, want %t", r.ID, r.Partnered, partnered[r.ID])
			}
			if r.Partnered {
				seen++
			}
		}
	}
	if seen == 0 {
		t.Error("no plan row is marked partnered")
	}
}
