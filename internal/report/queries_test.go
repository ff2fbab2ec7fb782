package report_test

import (
	"fmt"
	"testing"

	"belonging/internal/seed"
	"belonging/internal/testkit"
)

// addBulk adds 60 programmes in four departments with 10 activities each
// (600), every activity with two outcomes and a piece of evidence, and a
// closed survey with 12 responses on each programme.
func addBulk(t *testing.T, app *testkit.App, year int) {
	t.Helper()
	testkit.Exec(t, app, `
		WITH d AS (
			INSERT INTO departments (institution_id, name)
			SELECT i.id, 'Bulk department ' || g FROM institutions i, generate_series(1, 4) g WHERE i.slug = 'northbridge'
			RETURNING id, institution_id)
		INSERT INTO programmes (institution_id, department_id, code, title, level, cohort_size)
		SELECT d.institution_id, d.id, 'BULK' || d.id || '-' || g, 'BSc Bulk ' || g, 'ug', 120 FROM d, generate_series(1, 15) g`)
	testkit.Exec(t, app, `
		INSERT INTO activities (institution_id, programme_id, academic_year, title, kind, stage, dimensions, placement, level, partnership, status, cohort_size, in_timetabled_hours)
		SELECT p.institution_id, p.id, $1, 'Bulk activity ' || g,
		       (ARRAY['induction','social','mentoring','small_group','other'])[1 + g % 5],
		       (ARRAY['welcome_week','term_1','term_2','transition'])[1 + g % 4],
		       ARRAY[(ARRAY['peers','staff','confidence','voice'])[1 + g % 4]],
		       (ARRAY['curricular','co_curricular'])[1 + g % 2], 'programme',
		       (ARRAY['for','with','by'])[1 + g % 3], 'running', 100, g % 2 = 0
		FROM programmes p, generate_series(1, 10) g WHERE p.code LIKE 'BULK%'`, year)
	testkit.Exec(t, app, `
		INSERT INTO outcomes (institution_id, activity_id, outcome_date, attendance, invited)
		SELECT a.institution_id, a.id, make_date($1 + 1, 1, 10) + g, 40 + g, 100
		FROM activities a, generate_series(1, 2) g WHERE a.title LIKE 'Bulk activity%'`, year)
	testkit.Exec(t, app, `
		INSERT INTO evidence (institution_id, activity_id, title, kind, strength, link_url)
		SELECT a.institution_id, a.id, 'Bulk evidence', 'report', 1 + a.id % 3, 'https://example.org' FROM activities a WHERE a.title LIKE 'Bulk activity%'`)
	var progs []int64
	rows, err := app.Pool.Query(t.Context(), `SELECT id FROM programmes WHERE code LIKE 'BULK%' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		progs = append(progs, id)
	}
	for _, p := range progs {
		addSurvey(t, app, p, "Bulk pulse", fmt.Sprintf("%d-10-20", year), [2]int{12, 4})
	}
}

// An institution's report, a department's, a programme's and the
// network's each take the same number of queries with a few activities as
// with 60 more programmes and 600 more activities, with their outcomes,
// evidence and surveys: the aggregates are set-based.
func TestReportQueriesDoNotGrow(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	testkit.Exec(t, app, `UPDATE institutions SET share_network_figures = true`)
	year := seed.CurrentYear()
	seeded := testkit.Scalar[int](t, app, `SELECT count(*) FROM activities a JOIN institutions i ON i.id = a.institution_id
		WHERE i.slug = 'northbridge' AND a.academic_year = $1 AND a.archived_at IS NULL`, year)
	admin := app.Client()
	admin.SignIn("admin@northbridge.ac.uk", testkit.DemoPassword)
	prog := programmeID(t, app, "C100")
	dept := departmentID(t, app, "School of Biosciences")
	paths := []string{"/reports/institution", fmt.Sprintf("/reports/departments/%d", dept), fmt.Sprintf("/programmes/%d/report", prog)}
	// The account page is read first, uncounted: a page may also count
	// what waits for the person, for the navigation, which is then kept in
	// their session for a minute.
	count := func(path string) int64 {
		t.Helper()
		if resp := admin.Get("/account"); resp.StatusCode != 200 {
			t.Fatalf("/account = %d", resp.StatusCode)
		}
		before := app.Queries.Count()
		if resp := admin.Get(path); resp.StatusCode != 200 {
			t.Fatalf("%s = %d", path, resp.StatusCode)
		}
		return app.Queries.Count() - before
	}
	few := map[string]int64{}
	for _, p := range paths {
		few[p] = count(p)
	}
	addBulk(t, app, year)
	// As autovacuum would after a large load.
	testkit.Exec(t, app, `ANALYZE`)
	testkit.Exec(t, app, `UPDATE activities SET programme_id = $1 WHERE id IN (SELECT id FROM activities WHERE title LIKE 'Bulk activity%' ORDER BY id LIMIT 100)`, prog)
	for _, p := range paths {
		if many := count(p); many != few[p] {
			t.Errorf("%s: %d queries with a few activities, %d with 600 more", p, few[p], many)
		}
	}
	t.Logf("queries per report: %v", few)

	// The network's figures are kept a while, so each size is read
	// through a year not read before: an empty year and this year, with
	// the 600 more activities, take the same number of queries.
	small := count(fmt.Sprintf("/reports/network?year=%d", year-3))
	if large := count(fmt.Sprintf("/reports/network?year=%d", year)); large != small {
		t.Errorf("/reports/network: %d queries for a year with no activities, %d for one with 600", small, large)
	}
	if again := count(fmt.Sprintf("/reports/network?year=%d", year)); again >= small {
		t.Errorf("/reports/network read again at once: %d queries, want fewer than %d (the figures are kept)", again, small)
	}
	doc := admin.Get("/reports/institution").Doc()
	if n := doc.Find("[data-testid=table-programmes] tbody tr").Length(); n != 50 {
		t.Errorf("first page of programmes = %d rows, want 50", n)
	}
	if n := len(getCSV(t, admin, "/reports/institution.csv?table=programmes")); n != 66 {
		t.Errorf("programmes CSV = %d lines, want a header and 65 programmes", n)
	}
	if got, want := stat(doc, "activities"), fmt.Sprint(seeded+600); got != want {
		t.Errorf("activities = %q, want %s (the %d seeded and 600 more)", got, want, seeded)
	}
}
