package report_test

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"belonging/internal/acyear"
	"belonging/internal/report"
	"belonging/internal/seed"
	"belonging/internal/store"
	"belonging/internal/survey"
	"belonging/internal/testkit"
)

// The summaries that department, institution and network reports read
// (migration 31) equal the figures counted from scratch, for every scope
// and year, after a mixed series of writes: through the app's own forms
// and in plain SQL, one at a time and several at once on one programme.
func TestSummariesEqualCountsFromScratch(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	director := app.Client()
	director.SignIn("director@northbridge.ac.uk", testkit.DemoPassword)
	admin := app.Client()
	admin.SignIn("admin@northbridge.ac.uk", testkit.DemoPassword)
	this := seed.CurrentYear()
	c100, b940, c800 := programmeID(t, app, "C100"), programmeID(t, app, "B940"), programmeID(t, app, "C800")
	compareSummaries(t, app, "after seeding")

	post := func(c *testkit.Client, path string, form url.Values) *testkit.Response {
		t.Helper()
		resp := c.Post(path, form)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("POST %s = %d: %s", path, resp.StatusCode, testkit.FormErrors(resp))
		}
		return resp
	}
	// edit fetches a form, changes some of its fields and sends it back.
	edit := func(c *testkit.Client, page, action string, changes url.Values) {
		t.Helper()
		form := testkit.FormValues(c.Get(page).Doc().Find("form[action='" + action + "']"))
		for k, v := range changes {
			form[k] = v
		}
		post(c, action, form)
	}
	idOf := func(resp *testkit.Response) int64 {
		id, _ := strconv.ParseInt(strings.TrimPrefix(resp.Header.Get("Location"), "/activities/"), 10, 64)
		return id
	}

	// Activities created through the plan's form, this year and next.
	var created []int64
	for i, f := range []url.Values{
		{"kind": {"social"}, "stage": {"term_1"}, "dimensions": {"peers", "staff"}, "placement": {"curricular"}, "partnership": {"with"},
			"checklist": {"in_timetabled_hours", "alcohol_free"}, "status": {"planned"}, "academic_year": {strconv.Itoa(this)}},
		{"kind": {"mentoring"}, "stage": {"welcome_week"}, "dimensions": {"confidence"}, "placement": {"co_curricular"}, "partnership": {"by"},
			"checklist": {"free_to_students"}, "status": {"running"}, "academic_year": {strconv.Itoa(this)}},
		{"kind": {"induction"}, "stage": {"pre_arrival"}, "dimensions": {"mattering", "wellbeing", "voice"}, "placement": {"extra_curricular"},
			"partnership": {"for"}, "status": {"idea"}, "academic_year": {strconv.Itoa(this + 1)}},
	} {
		f.Set("title", fmt.Sprintf("Summary check %d", i))
		f.Set("level", "programme")
		f.Set("audience_level", "ug")
		created = append(created, idOf(post(director, fmt.Sprintf("/programmes/%d/activities", c100), f)))
	}
	// Edits: everything a summary counts, then the status alone.
	edit(director, fmt.Sprintf("/activities/%d/edit", created[0]), fmt.Sprintf("/activities/%d", created[0]), url.Values{
		"kind": {"meet_researcher"}, "stage": {"term_2"}, "dimensions": {"inclusion"}, "placement": {"co_curricular"},
		"checklist": {"accessible", "dietary_needs_met", "online_option"}, "status": {"completed"}, "partnership": {"for"}})
	edit(director, fmt.Sprintf("/activities/%d/edit", created[1]), fmt.Sprintf("/activities/%d", created[1]), url.Values{"status": {"evaluated"}})

	// Outcomes through their form: with and without a count of those
	// invited, one moved to last academic year, one deleted.
	post(director, fmt.Sprintf("/activities/%d/outcomes", created[0]), url.Values{"outcome_date": {fmt.Sprintf("%d-11-03", this)}, "attendance": {"41"}, "invited": {"60"}})
	post(director, fmt.Sprintf("/activities/%d/outcomes", created[0]), url.Values{"outcome_date": {fmt.Sprintf("%d-02-10", this+1)}, "attendance": {"12"}})
	post(director, fmt.Sprintf("/activities/%d/outcomes", created[1]), url.Values{"outcome_date": {fmt.Sprintf("%d-10-01", this)}, "attendance": {"30"}, "invited": {"35"}})
	outcomes := func() []int64 {
		return testkit.Scalar[[]int64](t, app, `SELECT array_agg(id ORDER BY id) FROM outcomes WHERE activity_id = ANY($1)`, created)
	}()
	edit(director, fmt.Sprintf("/outcomes/%d/edit", outcomes[1]), fmt.Sprintf("/outcomes/%d", outcomes[1]),
		url.Values{"outcome_date": {fmt.Sprintf("%d-06-20", this)}, "attendance": {"19"}})
	post(director, fmt.Sprintf("/outcomes/%d/delete", outcomes[2]), nil)

	// Evidence: added (the form takes files and links; plain SQL here), one
	// strengthened, one deleted through the app.
	addEvidence(t, app, created[0], 1)
	addEvidence(t, app, created[0], 3)
	addEvidence(t, app, created[1], 2)
	testkit.Exec(t, app, `UPDATE evidence SET strength = 3 WHERE activity_id = $1 AND strength = 2`, created[1])
	weak := testkit.Scalar[int64](t, app, `SELECT id FROM evidence WHERE activity_id = $1 AND strength = 1`, created[0])
	post(director, fmt.Sprintf("/evidence/%d/delete", weak), nil)

	// Archiving and restoring an activity, copying one and the whole plan
	// to next year.
	post(director, fmt.Sprintf("/activities/%d/archive", created[2]), nil)
	post(director, fmt.Sprintf("/activities/%d/restore", created[2]), nil)
	post(director, fmt.Sprintf("/activities/%d/archive", created[1]), nil)
	post(director, fmt.Sprintf("/activities/%d/copy", created[0]), nil)
	post(director, fmt.Sprintf("/programmes/%d/copy", c100), url.Values{"year": {strconv.Itoa(this)}})
	compareSummaries(t, app, "after writes through the plan")

	// The institution's set-up: a programme archived and restored, another
	// archived for good, one moved to another department, and the first
	// month of the academic year changed.
	post(admin, fmt.Sprintf("/admin/programmes/%d/archive", b940), nil)
	post(admin, fmt.Sprintf("/admin/programmes/%d/restore", b940), nil)
	h300 := programmeID(t, app, "H300")
	testkit.Exec(t, app, `INSERT INTO activities (institution_id, programme_id, academic_year, title, kind, stage, dimensions, placement, level)
		SELECT institution_id, id, $2, 'Engineering welcome', 'induction', 'welcome_week', '{peers}', 'curricular', 'programme' FROM programmes WHERE id = $1`, h300, this)
	post(admin, fmt.Sprintf("/admin/programmes/%d/archive", h300), nil)
	edit(admin, fmt.Sprintf("/admin/programmes/%d", c800), fmt.Sprintf("/admin/programmes/%d", c800),
		url.Values{"department": {strconv.FormatInt(departmentID(t, app, "School of Biosciences"), 10)}})
	edit(admin, "/admin/settings", "/admin/settings", url.Values{"year_start_month": {"9"}, "default_language": {"en"}})
	compareSummaries(t, app, "after changes to the institution's set-up")

	// Plain SQL: several rows in one statement, across programmes and
	// institutions, an activity moved to another programme, and deletes
	// that take outcomes and evidence with them.
	testkit.Exec(t, app, `INSERT INTO outcomes (institution_id, activity_id, outcome_date, attendance, invited)
		SELECT institution_id, id, make_date(academic_year, 10, 15), 25, NULL FROM activities WHERE archived_at IS NULL`)
	testkit.Exec(t, app, `UPDATE activities SET status = 'completed', toc_inputs = 'x', toc_activities = 'x', toc_outputs = 'x',
		toc_outcomes = 'x', toc_impact = 'x', toc_assumptions = 'x' WHERE academic_year = $1 AND kind <> 'social'`, this)
	testkit.Exec(t, app, `UPDATE activities SET programme_id = $2 WHERE id = $1`, created[2], b940)
	testkit.Exec(t, app, `UPDATE activities SET cohort_size = 75 WHERE programme_id = $1`, c100)
	testkit.Exec(t, app, `DELETE FROM activities WHERE id = (SELECT min(id) FROM activities WHERE programme_id = $1 AND archived_at IS NULL)`, c100)
	testkit.Exec(t, app, `DELETE FROM outcomes WHERE attendance = 25 AND activity_id IN (SELECT id FROM activities WHERE programme_id = $1)`, b940)
	compareSummaries(t, app, "after writes in plain SQL")

	// Pulse surveys, some tallied by the upkeep and some closed since:
	// groups above and below the threshold, in several years, and surveys
	// where most respondents left one statement unanswered, so that its
	// dimension falls below the threshold on its own.
	partly := func(id int64) {
		testkit.Exec(t, app, `DELETE FROM survey_answers WHERE statement_id = (
			SELECT st.id FROM surveys s JOIN survey_statements st ON st.instrument_id = s.instrument_id WHERE s.id = $1 ORDER BY st.position LIMIT 1)
			AND response_id IN (SELECT id FROM survey_responses WHERE survey_id = $1 ORDER BY id LIMIT 9)`, id)
	}
	addSurvey(t, app, c100, "Counted", fmt.Sprintf("%d-11-20", this), [2]int{8, 4}, [2]int{6, 2})
	addSurvey(t, app, c100, "Too few", fmt.Sprintf("%d-12-01", this), [2]int{9, 5})
	lastYear := addSurvey(t, app, b940, "Last year", fmt.Sprintf("%d-03-15", this), [2]int{11, 3})
	partly(addSurvey(t, app, c800, "Partly answered", fmt.Sprintf("%d-10-10", this), [2]int{10, 4}, [2]int{4, 2}))
	if _, err := survey.TallyClosed(context.Background(), store.New(app.Pool), time.Now()); err != nil {
		t.Fatal(err)
	}
	if n := testkit.Scalar[int64](t, app, `SELECT count(*) FROM programme_pulse`); n == 0 {
		t.Errorf("programmes' pulse sums after the tally: %d rows, want some", n)
	}
	compareSummaries(t, app, "after tallying pulse surveys")
	partly(addSurvey(t, app, c800, "Closed since", fmt.Sprintf("%d-10-30", this), [2]int{12, 5}, [2]int{3, 1}))
	addSurvey(t, app, programmeID(t, app, "V100"), "Eastmere", fmt.Sprintf("%d-10-30", this), [2]int{20, 4})
	compareSummaries(t, app, "with surveys closed since the tally")
	// A tallied survey's responses deleted after the retention period,
	// another survey deleted, and a programme with tallied surveys
	// archived.
	testkit.Exec(t, app, `UPDATE surveys SET responses_deleted_on = current_date WHERE id = $1`, lastYear)
	testkit.Exec(t, app, `DELETE FROM surveys WHERE title = 'Counted'`)
	post(admin, fmt.Sprintf("/admin/programmes/%d/archive", c800), nil)
	compareSummaries(t, app, "after pulse surveys")
	// Another threshold: reports count survey by survey until the upkeep
	// makes the sums apply it, and the recomputed sums agree.
	for _, minGroup := range []int{5, 10} {
		if err := store.New(app.Pool).SetReportThreshold(context.Background(), minGroup); err != nil {
			t.Fatal(err)
		}
		compareSummaries(t, app, fmt.Sprintf("after the sums apply a threshold of %d", minGroup))
	}

	// Writers at once on one programme, each in its own transaction: new
	// activities with outcomes and evidence, status changes, and the
	// programme archived and restored between them.
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tx, err := app.Pool.Begin(ctx)
			if err != nil {
				errs <- err
				return
			}
			defer tx.Rollback(ctx)
			statements := []string{
				`INSERT INTO activities (institution_id, programme_id, academic_year, title, kind, stage, dimensions, placement, level, status)
				 SELECT institution_id, id, $2::int, 'At once ' || $3::int, (ARRAY['social', 'mentoring', 'ambassadors'])[1 + $3::int % 3], 'term_1',
				        '{peers,voice}', 'curricular', 'programme', 'scheduled' FROM programmes WHERE id = $1`,
				`INSERT INTO outcomes (institution_id, activity_id, outcome_date, attendance, invited)
				 SELECT institution_id, id, make_date($2::int, 11, 1 + $3::int), 10 + $3::int, 50 FROM activities WHERE title = 'At once ' || $3::int AND programme_id = $1`,
				`INSERT INTO evidence (institution_id, activity_id, title, kind, strength, link_url)
				 SELECT institution_id, id, 'At once', 'report', 1 + $3::int % 3, 'https://example.org/' || $3::int FROM activities
				 WHERE title = 'At once ' || $3::int AND programme_id = $1 AND $2::int > 0`,
				`UPDATE activities SET status = 'evaluated' WHERE programme_id = $1 AND title = 'At once ' || (($3::int + 1) % 8) AND $2::int > 0`,
			}
			if w == 3 {
				statements = append(statements, `UPDATE programmes SET archived_at = now() WHERE id = $1 AND $2::int > 0 AND $3::int >= 0`,
					`UPDATE programmes SET archived_at = NULL WHERE id = $1 AND $2::int > 0 AND $3::int >= 0`)
			}
			for _, s := range statements {
				if _, err := tx.Exec(ctx, s, c100, this, w); err != nil {
					errs <- fmt.Errorf("writer %d: %w", w, err)
					return
				}
				time.Sleep(time.Duration(w%3) * 5 * time.Millisecond)
			}
			if err := tx.Commit(ctx); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	compareSummaries(t, app, "after writers at once")
}

// compareSummaries checks, for every institution, department and the
// network, in each of three academic years, that the figures read from
// the summaries are those counted from scratch; that each programme's row
// of an institution's table agrees with its own report counted from
// scratch; and that the summary tables hold what recounting them gives.
func compareSummaries(t *testing.T, app *testkit.App, when string) {
	t.Helper()
	ctx := context.Background()
	q := store.New(app.Pool)
	if n := testkit.Scalar[int](t, app, `
		SELECT count(*) FROM ((SELECT * FROM programme_figures EXCEPT ALL SELECT * FROM count_programme_figures(ARRAY(SELECT id FROM programmes)))
		UNION ALL (SELECT * FROM count_programme_figures(ARRAY(SELECT id FROM programmes)) EXCEPT ALL SELECT * FROM programme_figures)) x`); n != 0 {
		t.Errorf("%s: programme_figures differs from a recount in %d rows", when, n)
	}
	if n := testkit.Scalar[int](t, app, `
		WITH recount AS (
		    SELECT f.institution_id, f.year, f.facet, f.value, sum(f.activities) AS activities, sum(f.outcomes) AS outcomes,
		           sum(f.attended) AS attended, sum(f.invited) AS invited, sum(f.cells) AS cells, sum(f.type3) AS type3,
		           sum(f.finished_no_outcome) AS finished_no_outcome, count(*) FILTER (WHERE f.activities > 0) AS programmes
		    FROM programme_figures f JOIN programmes p ON p.id = f.programme_id WHERE p.archived_at IS NULL
		    GROUP BY 1, 2, 3, 4),
		kept AS (
		    SELECT institution_id, year, facet, value, activities::numeric, outcomes::numeric, attended::numeric, invited::numeric,
		           cells::numeric, type3::numeric, finished_no_outcome::numeric, programmes::bigint
		    FROM institution_figures WHERE activities <> 0 OR outcomes <> 0 OR programmes <> 0)
		SELECT count(*) FROM ((SELECT * FROM recount EXCEPT ALL SELECT * FROM kept) UNION ALL (SELECT * FROM kept EXCEPT ALL SELECT * FROM recount)) x`); n != 0 {
		t.Errorf("%s: institution_figures differs from the sum of its programmes' rows in %d rows", when, n)
	}

	type scope struct {
		name       string
		s          store.ReportScope
		startMonth int
	}
	var scopes []scope
	rows, err := app.Pool.Query(ctx, `
		SELECT i.id, 0, i.year_start_month, i.slug FROM institutions i
		UNION ALL SELECT d.institution_id, d.id, i.year_start_month, i.slug || ' / ' || d.name FROM departments d JOIN institutions i ON i.id = d.institution_id
		ORDER BY 1, 2`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var sc scope
		if err := rows.Scan(&sc.s.InstitutionID, &sc.s.DepartmentID, &sc.startMonth, &sc.name); err != nil {
			t.Fatal(err)
		}
		scopes = append(scopes, sc)
	}
	if rows.Err() != nil {
		t.Fatal(rows.Err())
	}
	testkit.Exec(t, app, `UPDATE institutions SET share_network_figures = true`)
	scopes = append(scopes, scope{name: "network", s: store.ReportScope{Network: true}, startMonth: acyear.DefaultStartMonth})

	this := seed.CurrentYear()
	for _, sc := range scopes {
		for year := this - 1; year <= this+1; year++ {
			name := fmt.Sprintf("%s: %s %d", when, sc.name, year)
			summary, err := q.ReportFigures(ctx, sc.s, year-4, year)
			if err != nil {
				t.Fatal(err)
			}
			facets, coverage, evidence, reach := store.SplitFigures(summary)
			if sc.s.Network {
				reach = nil
			}
			want := countFromScratch(t, q, sc.s, year, sc.startMonth)
			sortFigures(facets, coverage, evidence, reach)
			sortFigures(want.facets, want.coverage, want.evidence, want.reach)
			for what, diff := range map[string]string{
				"facets":   gocmp.Diff(want.facets, facets, cmpopts.EquateEmpty()),
				"coverage": gocmp.Diff(want.coverage, coverage, cmpopts.EquateEmpty()),
				"evidence": gocmp.Diff(want.evidence, evidence, cmpopts.EquateEmpty()),
				"reach":    gocmp.Diff(want.reach, reach, cmpopts.EquateEmpty()),
			} {
				if diff != "" {
					t.Errorf("%s: %s from the summaries differ from a count from scratch (-scratch +summaries):\n%s", name, what, diff)
				}
			}
			if !sc.s.Network {
				compareProgrammeTable(t, q, sc.s, year, sc.startMonth, name)
			}
			// Both the threshold the sums apply and another, which is
			// counted survey by survey.
			for _, minGroup := range []int{5, 10} {
				comparePulse(t, q, sc.s, year, sc.startMonth, minGroup, fmt.Sprintf("%s, threshold %d", name, minGroup))
			}
		}
	}
}

type counted struct {
	facets   []store.FacetRow
	coverage []store.CoverageRow
	evidence []store.EvidenceRow
	reach    []store.ReachRow
}

// countFromScratch runs the queries that count from scratch, for the
// years and facets a report reads from the summaries: the kinds of
// activity and the totals for five years, the rest for two.
func countFromScratch(t *testing.T, q *store.Queries, s store.ReportScope, year, startMonth int) counted {
	t.Helper()
	ctx := context.Background()
	var c counted
	facets, err := q.ReportFacets(ctx, s, year-4, year)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range facets {
		if int(f.Year) >= year-1 || f.Facet == "kind" || f.Facet == "all" {
			c.facets = append(c.facets, f)
		}
	}
	if c.coverage, err = q.ReportCoverage(ctx, s, year-1, year); err != nil {
		t.Fatal(err)
	}
	if c.evidence, err = q.ReportEvidence(ctx, s, year-1, year); err != nil {
		t.Fatal(err)
	}
	if !s.Network {
		from, _ := acyear.Bounds(year-1, startMonth)
		_, to := acyear.Bounds(year, startMonth)
		if c.reach, err = q.ReportReach(ctx, s, store.ReachParams{From: from, To: to, StartMonth: startMonth}); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

func sortFigures(facets []store.FacetRow, coverage []store.CoverageRow, evidence []store.EvidenceRow, reach []store.ReachRow) {
	slices.SortFunc(facets, func(a, b store.FacetRow) int {
		return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.Facet, b.Facet), cmp.Compare(a.Value, b.Value))
	})
	slices.SortFunc(coverage, func(a, b store.CoverageRow) int {
		return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.Stage, b.Stage), cmp.Compare(a.Dimension, b.Dimension))
	})
	slices.SortFunc(evidence, func(a, b store.EvidenceRow) int {
		return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.Strongest, b.Strongest))
	})
	slices.SortFunc(reach, func(a, b store.ReachRow) int {
		return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.Kind, b.Kind))
	})
}

// compareProgrammeTable checks each programme's row of a roll-up's table
// against that programme's own figures counted from scratch.
func compareProgrammeTable(t *testing.T, q *store.Queries, s store.ReportScope, year, startMonth int, name string) {
	t.Helper()
	ctx := context.Background()
	from, to := acyear.Bounds(year, startMonth)
	table, err := q.ReportProgrammes(ctx, s, store.ProgrammeFiguresParams{Year: year, From: from, To: to, Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	for _, got := range table {
		one := store.ReportScope{InstitutionID: s.InstitutionID, ProgrammeID: got.ID}
		facets, err := q.ReportFacets(ctx, one, year, year)
		if err != nil {
			t.Fatal(err)
		}
		coverage, err := q.ReportCoverage(ctx, one, year, year)
		if err != nil {
			t.Fatal(err)
		}
		evidence, err := q.ReportEvidence(ctx, one, year, year)
		if err != nil {
			t.Fatal(err)
		}
		reach, err := q.ReportReach(ctx, one, store.ReachParams{From: from, To: to, StartMonth: startMonth})
		if err != nil {
			t.Fatal(err)
		}
		want := got
		want.Activities, want.Curricular, want.CoCreated, want.ChecklistTicks, want.Cells = 0, 0, 0, 0, 0
		want.NoEvidence, want.Type1, want.Type2, want.Type3, want.Attended, want.Invited = 0, 0, 0, 0, 0, 0
		for _, f := range facets {
			switch {
			case f.Facet == "all":
				want.Activities = f.Activities
				// Labelled with or by students, or with student partners.
				want.CoCreated = f.CoCreated
				want.ChecklistTicks = f.InTimetabledHours + f.OnlineOption + f.FreeToStudents + f.Accessible +
					f.SuitsCommutersCarers + f.AlcoholFree + f.DietaryNeedsMet
			case f.Facet == "placement" && f.Value == "curricular":
				want.Curricular = f.Activities
			}
		}
		for _, c := range coverage {
			if c.Stage != "" {
				want.Cells++
			}
		}
		for _, e := range evidence {
			*[]*int32{&want.NoEvidence, &want.Type1, &want.Type2, &want.Type3}[e.Strongest] = e.Activities
		}
		for _, r := range reach {
			if r.Kind == "" {
				want.Attended, want.Invited = r.Attended, r.Invited
			}
		}
		if diff := gocmp.Diff(want, got); diff != "" {
			t.Errorf("%s: programme %s in the table differs from its figures counted from scratch (-scratch +table):\n%s", name, got.Code, diff)
		}
	}
}

// comparePulse checks the pulse sums a roll-up reads, added up in the
// database, against the same sums added up from each survey's answers.
func comparePulse(t *testing.T, q *store.Queries, s store.ReportScope, year, startMonth, minGroup int, name string) {
	t.Helper()
	ctx := context.Background()
	first, _ := acyear.Bounds(year-4, startMonth)
	_, last := acyear.Bounds(year, startMonth)
	from := time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, london)
	to := time.Date(last.Year(), last.Month(), last.Day(), 0, 0, 0, 0, london)
	got, err := q.ReportPulse(ctx, s, from, to, time.Now(), startMonth, minGroup)
	if err != nil {
		t.Fatal(err)
	}
	surveys, err := q.ReportSurveys(ctx, s, from, to, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	want := report.PulseYears(surveys, startMonth, minGroup)
	order := func(a, b store.PulseRow) int {
		return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.Dimension, b.Dimension))
	}
	slices.SortFunc(got, order)
	slices.SortFunc(want, order)
	if diff := gocmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("%s: pulse sums from the database differ from those of each survey (-surveys +database):\n%s", name, diff)
	}
}
