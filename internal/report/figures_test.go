package report_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"belonging/internal/store"
	"belonging/internal/survey"
	"belonging/internal/testkit"
)

// act is an activity of the fixtures.
type act struct {
	year                           int
	title, kind, stage             string
	dims                           []string
	placement, partnership, status string
	checklist                      []string
	cohort                         any // an int, or nil
	aims                           string
	theory, archived               bool
}

// addProgramme adds a programme, in a department of its own, to the
// institution with the slug.
func addProgramme(t *testing.T, app *testkit.App, slug, code string) int64 {
	t.Helper()
	dept := testkit.Scalar[int64](t, app, `
		INSERT INTO departments (institution_id, name) SELECT id, 'Department of ' || $2 FROM institutions WHERE slug = $1 RETURNING id`, slug, code)
	return testkit.Scalar[int64](t, app, `
		INSERT INTO programmes (institution_id, department_id, code, title, level, cohort_size)
		SELECT institution_id, id, $2, 'BSc Fixture Studies ' || $2, 'ug', 100 FROM departments WHERE id = $1 RETURNING id`, dept, code)
}

func addActivity(t *testing.T, app *testkit.App, prog int64, a act) int64 {
	t.Helper()
	has := func(c string) bool {
		for _, x := range a.checklist {
			if x == c {
				return true
			}
		}
		return false
	}
	toc := ""
	if a.theory {
		toc = "Written"
	}
	return testkit.Scalar[int64](t, app, `
		INSERT INTO activities (institution_id, programme_id, academic_year, title, kind, stage, dimensions, placement, level,
		    partnership, status, aims, cohort_size, in_timetabled_hours, online_option, free_to_students, accessible,
		    suits_commuters_carers, alcohol_free, dietary_needs_met,
		    toc_inputs, toc_activities, toc_outputs, toc_outcomes, toc_impact, toc_assumptions, archived_at)
		SELECT p.institution_id, p.id, $2, $3, $4, $5, $6, $7, 'programme', $8, $9, $10, $11,
		       $12, $13, $14, $15, $16, $17, $18, $19, $19, $19, $19, $19, $19, CASE WHEN $20::bool THEN now() END
		FROM programmes p WHERE p.id = $1 RETURNING id`,
		prog, a.year, a.title, a.kind, a.stage, a.dims, a.placement, a.partnership, a.status, a.aims, a.cohort,
		has("in_timetabled_hours"), has("online_option"), has("free_to_students"), has("accessible"),
		has("suits_commuters_carers"), has("alcohol_free"), has("dietary_needs_met"), toc, a.archived)
}

func addOutcome(t *testing.T, app *testkit.App, activity int64, date string, attendance int, invited any) {
	t.Helper()
	testkit.Exec(t, app, `INSERT INTO outcomes (institution_id, activity_id, outcome_date, attendance, invited)
		SELECT institution_id, id, $2::date, $3, $4 FROM activities WHERE id = $1`, activity, date, attendance, invited)
}

func addEvidence(t *testing.T, app *testkit.App, activity int64, strength int) {
	t.Helper()
	testkit.Exec(t, app, `INSERT INTO evidence (institution_id, activity_id, title, kind, strength, link_url)
		SELECT institution_id, id, 'Fixture evidence', 'report', $2, 'https://example.org/evidence' FROM activities WHERE id = $1`, activity, strength)
}

var london, _ = time.LoadLocation("Europe/London")

// addSurvey adds a closed survey on the built-in pulse whose last day is
// lastDay, with groups of responses that answer every statement with one
// score each: {number of responses, score}. Made all at once, its
// responses have no order to hide, so it is sealed from the start.
func addSurvey(t *testing.T, app *testkit.App, prog int64, title, lastDay string, groups ...[2]int) int64 {
	t.Helper()
	day, err := time.ParseInLocation(time.DateOnly, lastDay, london)
	if err != nil {
		t.Fatal(err)
	}
	closes := day.AddDate(0, 0, 1)
	id := testkit.Scalar[int64](t, app, `
		INSERT INTO surveys (institution_id, programme_id, instrument_id, title, token, answered_key, opens_at, closes_at, sealed)
		SELECT p.institution_id, p.id, (SELECT min(id) FROM survey_instruments WHERE institution_id IS NULL), $2,
		       'fixture' || substr(md5(random()::text), 1, 24), decode(md5(random()::text), 'hex'), $3::timestamptz - interval '14 days', $3, true
		FROM programmes p WHERE p.id = $1 RETURNING id`, prog, title, closes)
	for _, g := range groups {
		testkit.Exec(t, app, `
			WITH r AS (
				INSERT INTO survey_responses (institution_id, survey_id)
				SELECT s.institution_id, s.id FROM surveys s, generate_series(1, $2) WHERE s.id = $1 RETURNING id)
			INSERT INTO survey_answers (response_id, statement_id, score)
			SELECT r.id, st.id, $3 FROM r, surveys s JOIN survey_statements st ON st.instrument_id = s.instrument_id WHERE s.id = $1`,
			id, g[0], g[1])
	}
	return id
}

// reportTable reads the report table with the given id: each row's cells
// keyed by its first cell, and the head row under "".
func reportTable(t *testing.T, doc *goquery.Document, id string) map[string][]string {
	t.Helper()
	sel := doc.Find("[data-testid=table-" + id + "]")
	if sel.Length() == 0 {
		t.Fatalf("no table %q on the page", id)
	}
	out := map[string][]string{}
	sel.Find("tr").Each(func(_ int, tr *goquery.Selection) {
		var cells []string
		tr.Find("th, td").Each(func(_ int, c *goquery.Selection) {
			cells = append(cells, strings.Join(strings.Fields(c.Text()), " "))
		})
		if len(cells) == 0 {
			return
		}
		if tr.Parent().Is("thead") {
			out[""] = cells
			return
		}
		out[cells[0]] = cells[1:]
	})
	return out
}

func stat(doc *goquery.Document, id string) string {
	return strings.TrimSpace(doc.Find("[data-testid=stat-" + id + "] .stat__value").Text())
}

// check compares the named rows of a table with what was counted by hand.
func check(t *testing.T, doc *goquery.Document, table string, want map[string][]string) {
	t.Helper()
	got := reportTable(t, doc, table)
	for k, w := range want {
		if !slices.Equal(w, got[k]) {
			t.Errorf("table %s, row %q = %q, want %q", table, k, got[k], w)
		}
	}
}

func getCSV(t *testing.T, c *testkit.Client, path string) [][]string {
	t.Helper()
	resp := c.Get(path)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("GET %s = %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(resp.Body, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatalf("CSV of %s: %v", path, err)
	}
	return rows
}

// programmeFixture is a programme with activities in 2023/24 and
// 2024/25, outcomes either side of 1 August 2025 and 2024, evidence, and
// surveys either side of the boundary and below the threshold.
func programmeFixture(t *testing.T, app *testkit.App) (prog int64, titles map[string]int64) {
	prog = addProgramme(t, app, "northbridge", "Z900")
	titles = map[string]int64{}
	for _, a := range []act{
		{year: 2024, title: "Coffee and questions", kind: "social", stage: "term_1", dims: []string{"peers", "wellbeing"}, placement: "curricular",
			partnership: "with", status: "completed", checklist: []string{"in_timetabled_hours", "free_to_students", "alcohol_free"}, cohort: 50, aims: "Meet peers", theory: true},
		{year: 2024, title: "Welcome fair", kind: "induction", stage: "welcome_week", dims: []string{"peers"}, placement: "co_curricular",
			partnership: "for", status: "planned"},
		{year: 2024, title: "Student-run quiz nights", kind: "social", stage: "term_1", dims: []string{"staff"}, placement: "extra_curricular",
			partnership: "by", status: "evaluated", checklist: []string{"in_timetabled_hours", "online_option", "free_to_students", "accessible", "suits_commuters_carers", "alcohol_free", "dietary_needs_met"},
			cohort: 40, aims: "Staff and students mix", theory: true},
		{year: 2024, title: "Archived mentoring", kind: "mentoring", stage: "term_2", dims: []string{"voice"}, placement: "curricular",
			partnership: "for", status: "idea", archived: true},
		{year: 2023, title: "Mentors into year 2", kind: "mentoring", stage: "transition", dims: []string{"confidence"}, placement: "curricular",
			partnership: "for", status: "completed", cohort: 10},
	} {
		titles[a.title] = addActivity(t, app, prog, a)
	}
	addOutcome(t, app, titles["Coffee and questions"], "2025-07-31", 20, 40) // the last day of 2024/25
	addOutcome(t, app, titles["Coffee and questions"], "2025-08-01", 30, 40) // the first of 2025/26
	addOutcome(t, app, titles["Coffee and questions"], "2024-08-01", 10, nil)
	addOutcome(t, app, titles["Student-run quiz nights"], "2024-10-10", 25, 40)
	addOutcome(t, app, titles["Welcome fair"], "2024-09-15", 5, nil) // invited unknown: no reach
	addOutcome(t, app, titles["Mentors into year 2"], "2024-07-31", 8, 10)
	addOutcome(t, app, titles["Archived mentoring"], "2024-10-01", 100, 100)
	addEvidence(t, app, titles["Coffee and questions"], 2)
	addEvidence(t, app, titles["Student-run quiz nights"], 1)
	addEvidence(t, app, titles["Student-run quiz nights"], 3)
	addEvidence(t, app, titles["Mentors into year 2"], 1)
	addSurvey(t, app, prog, "End of year pulse", "2025-07-31", [2]int{9, 4}, [2]int{3, 2})
	addSurvey(t, app, prog, "Summer school pulse", "2025-08-01", [2]int{15, 5})
	addSurvey(t, app, prog, "Small seminar pulse", "2024-11-30", [2]int{9, 5})
	return prog, titles
}

// Every figure of a programme's report, against counts made by hand from
// the fixtures: activities by the year they are planned for, outcomes by
// date (31 July is the old year, 1 August the new), surveys by the day
// they closed, a survey below the threshold shown nowhere.
func TestProgrammeReportFigures(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	prog, _ := programmeFixture(t, app)
	c := app.Client()
	c.SignIn(admin, testkit.DemoPassword)
	resp := c.Get(fmt.Sprintf("/programmes/%d/report?year=2024", prog))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("report = %d", resp.StatusCode)
	}
	doc := resp.Doc()

	if got := doc.Find("[data-testid=report-period]").Text(); got != "2024/25: 1 August 2024 to 31 July 2025" {
		t.Errorf("period = %q", got)
	}
	for id, want := range map[string]string{"activities": "3", "gaps": "52", "curricular": "33%", "co-created": "67%",
		"inclusivity": "48%", "reach": "42%", "evidence": "67%", "pulse": "75%"} {
		if got := stat(doc, id); got != want {
			t.Errorf("headline %s = %q, want %q", id, got, want)
		}
	}
	check(t, doc, "kinds", map[string][]string{
		"":                             {"Kind", "2023/24", "2024/25"},
		"Social gathering":             {"0", "2"},
		"Induction event":              {"0", "1"},
		"Peer or transition mentoring": {"1", "0"},
		"Total":                        {"1", "3"},
	})
	check(t, doc, "status", map[string][]string{"Idea": {"0", "0"}, "Planned": {"0", "1"}, "Completed": {"1", "1"}, "Evaluated": {"0", "1"}, "Total": {"1", "3"}})
	check(t, doc, "stages", map[string][]string{"Term 1": {"0", "2"}, "Welcome week": {"0", "1"}, "Transition to next year": {"1", "0"}, "Term 2": {"0", "0"}})
	check(t, doc, "dimensions", map[string][]string{"Connection with peers": {"0", "2"}, "Wellbeing": {"0", "1"},
		"Relationships with staff": {"0", "1"}, "Academic confidence": {"1", "0"}, "Student agency and voice": {"0", "0"}})
	check(t, doc, "coverage", map[string][]string{
		"Welcome week": {"1", "Gap", "Gap", "Gap", "Gap", "Gap", "Gap"},
		"Term 1":       {"1", "1", "Gap", "Gap", "Gap", "1", "Gap"},
		"Term 2":       {"Gap", "Gap", "Gap", "Gap", "Gap", "Gap", "Gap"},
	})
	check(t, doc, "reach", map[string][]string{
		"Coffee and questions":    {"2", "30", "90", "33%"},
		"Student-run quiz nights": {"1", "25", "40", "63%"},
		"All":                     {"3", "55", "130", "42%"},
	})
	check(t, doc, "placement", map[string][]string{"Curricular": {"1 (100%)", "1 (33%)"}, "Co-curricular": {"0 (0%)", "1 (33%)"}, "Extra-curricular": {"0 (0%)", "1 (33%)"}})
	check(t, doc, "partnership", map[string][]string{"For students": {"1 (100%)", "1 (33%)"}, "With students": {"0 (0%)", "1 (33%)"}, "By students": {"0 (0%)", "1 (33%)"}})
	check(t, doc, "inclusivity", map[string][]string{"In timetabled hours": {"0%", "2", "67%"}, "Online or hybrid option": {"0%", "1", "33%"}, "Free to students": {"0%", "2", "67%"}})
	check(t, doc, "evidence", map[string][]string{"No evidence yet": {"0", "1"}, "Type 1: narrative": {"1", "0"}, "Type 2: empirical": {"0", "1"}, "Type 3: causal": {"0", "1"}})
	check(t, doc, "missing", map[string][]string{
		"Welcome fair":            {"Planned", "Missing", "0 of 6", "1", "1", "0", "None", "Write its aims"},
		"Coffee and questions":    {"Completed", "Written", "6 of 6", "3", "3", "1", "Type 2: empirical", "Nothing missing"},
		"Student-run quiz nights": {"Evaluated", "Written", "6 of 6", "1", "1", "2", "Type 3: causal", "Nothing missing"},
	})
	check(t, doc, "pulse", map[string][]string{
		"":                  {"Statements", "2020/21", "2021/22", "2022/23", "2023/24", "2024/25"},
		"Responses counted": {"0", "0", "0", "0", "12"},
		"All statements":    {"–", "–", "–", "–", "75%"},
		"Wellbeing":         {"–", "–", "–", "–", "75%"},
	})
	check(t, doc, "surveys", map[string][]string{
		"End of year pulse":   {"31 Jul 2025", "12", "75%", "3.5"},
		"Small seminar pulse": {"30 Nov 2024", "9", "Hidden", "Hidden"},
	})
	if _, ok := reportTable(t, doc, "surveys")["Summer school pulse"]; ok {
		t.Error("a survey whose last day is 1 August 2025 is listed in 2024/25")
	}
	check(t, doc, "year-on-year", map[string][]string{
		"Activities":                          {"1", "3", "+2"},
		"Reach (attendance of those invited)": {"80%", "42%", "−38 points"},
		"Gaps in the coverage map":            {"55", "52", "−3"},
		"Students agreeing in pulse surveys":  {"–", "75%", "–"},
	})
	check(t, doc, "five-years", map[string][]string{"Social gathering": {"0", "0", "0", "0", "2"}, "Peer or transition mentoring": {"0", "0", "0", "1", "0"}})

	// The next year has the outcome of 1 August and the survey whose last
	// day it was.
	next := c.Get(fmt.Sprintf("/programmes/%d/report?year=2025", prog)).Doc()
	check(t, next, "reach", map[string][]string{"All": {"1", "30", "40", "75%"}})
	check(t, next, "pulse", map[string][]string{"Responses counted": {"0", "0", "0", "12", "15"}, "All statements": {"–", "–", "–", "75%", "100%"}})

	// Once the upkeep has tallied the closed surveys, the report reads
	// the tallies and shows the same figures.
	pulse := func() (string, string) {
		d := c.Get(fmt.Sprintf("/programmes/%d/report?year=2024", prog)).Doc()
		return d.Find("[data-testid=table-pulse]").Text(), d.Find("[data-testid=table-surveys]").Text()
	}
	livePulse, liveSurveys := pulse()
	if !strings.Contains(livePulse, "75%") || !strings.Contains(liveSurveys, "End of year pulse") {
		t.Fatalf("pulse tables not found: %q %q", livePulse, liveSurveys)
	}
	n, err := survey.TallyClosed(context.Background(), store.New(app.Pool), time.Now())
	if err != nil || n < 3 {
		t.Fatalf("tallied %d surveys (%v), want the fixture's closed surveys", n, err)
	}
	var tallied int
	if err := app.Pool.QueryRow(context.Background(), `SELECT count(*) FROM survey_tallies`).Scan(&tallied); err != nil || tallied == 0 {
		t.Fatalf("no tallies stored (%v)", err)
	}
	if gotPulse, gotSurveys := pulse(); gotPulse != livePulse || gotSurveys != liveSurveys {
		t.Errorf("tallied figures differ from counted ones:\n%s\n%s\nwant\n%s\n%s", gotPulse, gotSurveys, livePulse, liveSurveys)
	}
	check(t, c.Get(fmt.Sprintf("/programmes/%d/report?year=2025", prog)).Doc(), "pulse",
		map[string][]string{"Responses counted": {"0", "0", "0", "12", "15"}, "All statements": {"–", "–", "–", "75%", "100%"}})

	// The same numbers as CSV.
	rows := getCSV(t, c, fmt.Sprintf("/programmes/%d/report.csv?table=reach&year=2024", prog))
	want := [][]string{{"Activity", "Sessions recorded", "Attended", "Invited", "Reach"},
		{"Coffee and questions", "2", "30", "90", "33"}, {"Student-run quiz nights", "1", "25", "40", "63"}, {"All", "3", "55", "130", "42"}}
	if !slices.EqualFunc(want, rows, slices.Equal) {
		t.Errorf("reach CSV = %q, want %q", rows, want)
	}
	if got := c.Get(fmt.Sprintf("/programmes/%d/report.csv?table=reach&year=2024", prog)).Header.Get("Content-Disposition"); got != `attachment; filename="z900-2024-25-reach.csv"` {
		t.Errorf("CSV file name = %q", got)
	}
}

// An institution that starts its year in September moves the outcomes and
// surveys of August into the year before.
func TestAcademicYearStartIsTheInstitutions(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	prog, _ := programmeFixture(t, app)
	c := app.Client()
	c.SignIn(admin, testkit.DemoPassword)
	if resp := c.Post("/admin/settings", url.Values{"year_start_month": {"13"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("month 13 = %d, want 422", resp.StatusCode)
	}
	if resp := c.Post("/admin/settings", url.Values{"year_start_month": {"9"}, "default_language": {"en"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save settings = %d: %s", resp.StatusCode, testkit.FormErrors(resp))
	}
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM audit_log WHERE entity = 'institution' AND action = 'update'`); n != 1 {
		t.Errorf("settings changes audited = %d, want 1", n)
	}
	doc := c.Get(fmt.Sprintf("/programmes/%d/report?year=2024", prog)).Doc()
	if got := doc.Find("[data-testid=report-period]").Text(); got != "2024/25: 1 September 2024 to 31 August 2025" {
		t.Errorf("period = %q", got)
	}
	// 31 July and 1 August 2025 are both in 2024/25; 1 August 2024 is not.
	check(t, doc, "reach", map[string][]string{"Coffee and questions": {"2", "50", "80", "63%"}, "All": {"3", "75", "120", "63%"}})
	// Both surveys of the summer close in 2024/25: 9 + 15 of 27 agree.
	check(t, doc, "pulse", map[string][]string{"Responses counted": {"0", "0", "0", "0", "27"}, "All statements": {"–", "–", "–", "–", "89%"}})
}

// Bad input is ignored or refused, never a server error.
func TestReportBadInput(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	prog := programmeID(t, app, "C100")
	c := app.Client()
	c.SignIn(admin, testkit.DemoPassword)
	for path, want := range map[string]int{
		fmt.Sprintf("/programmes/%d/report?year=abc", prog):       200,
		fmt.Sprintf("/programmes/%d/report?year=99999", prog):     200,
		fmt.Sprintf("/programmes/%d/report.csv?table=nope", prog): 404,
		fmt.Sprintf("/programmes/%d/report.csv", prog):            404,
		"/programmes/abc/report":                                  404,
		"/programmes/0/report":                                    404,
		"/programmes/99999999/report":                             404,
		"/reports/institution?sort=bogus&dir=sideways&page=-3":    200,
		"/reports/institution?sort=reach&dir=asc&page=9999":       200,
		"/reports/departments/abc":                                404,
		"/reports/departments/0":                                  404,
		"/reports/departments/12x.csv?table=programmes":           404,
		"/activities/abc/export.json":                             404,
		"/reports/network?year=1":                                 200,
	} {
		if got := c.Get(path).StatusCode; got != want {
			t.Errorf("GET %s = %d, want %d", path, got, want)
		}
	}
}

// The programme table of the institution's report lists every programme,
// those with the most coverage gaps first, sorts by any column both ways,
// and downloads whole.
func TestInstitutionProgrammeTable(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	programmeFixture(t, app)
	c := app.Client()
	c.SignIn(admin, testkit.DemoPassword)
	doc := c.Get("/reports/institution?year=2024").Doc()
	var order []string
	doc.Find("[data-testid=table-programmes] tbody tr th").Each(func(_ int, s *goquery.Selection) {
		order = append(order, strings.Fields(s.Text())[0])
	})
	// In 2024/25 only Z900 has activities (4 cells covered); the seeded
	// programmes have none, so 56 gaps each, in code order. Survey
	// responses count every response, 12 and the 9 of the small survey.
	if want := []string{"B940", "C100", "C7A1", "C800", "H300", "Z900"}; !slices.Equal(order, want) {
		t.Errorf("programme order = %q, want %q", order, want)
	}
	check(t, doc, "programmes", map[string][]string{
		"Z900 BSc Fixture Studies Z900": {"Department of Z900", "3", "52", "33%", "67%", "48%", "42%", "67%", "21"},
		"C100 BSc Biological Sciences":  {"School of Biosciences", "0", "56", "–", "–", "–", "–", "–", "0"},
	})
	if got := stat(doc, "quiet"); got != "5" {
		t.Errorf("programmes with no activities = %q, want 5", got)
	}
	check(t, doc, "departments", map[string][]string{"Department of Z900": {"1", "0", "3", "33%", "42%", "1", "0", "1", "1"}})
	asc := c.Get("/reports/institution?year=2024&sort=gaps&dir=asc").Doc()
	if first := strings.Fields(asc.Find("[data-testid=table-programmes] tbody tr th").First().Text())[0]; first != "Z900" {
		t.Errorf("fewest gaps first = %s, want Z900", first)
	}
	if got, _ := asc.Find("[data-testid=table-programmes] th[aria-sort]").Attr("aria-sort"); got != "ascending" {
		t.Errorf("sorted column aria-sort = %q", got)
	}
	rows := getCSV(t, c, "/reports/institution.csv?table=programmes&year=2024&sort=programme&dir=desc")
	if len(rows) != 7 || rows[1][0] != "Z900 BSc Fixture Studies Z900" || rows[0][3] != "Gaps" {
		t.Errorf("programmes CSV = %q", rows)
	}
}

// A department's report counts its own programmes only.
func TestDepartmentReport(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	programmeFixture(t, app)
	dept := departmentID(t, app, "School of Biosciences")
	c := app.Client()
	c.SignIn(viewer, testkit.DemoPassword)
	doc := c.Get(fmt.Sprintf("/reports/departments/%d?year=2024", dept)).Doc()
	if got := stat(doc, "activities"); got != "0" {
		t.Errorf("Biosciences activities in 2024/25 = %q, want 0 (Z900 is another department's)", got)
	}
	if n := doc.Find("[data-testid=table-programmes] tbody tr").Length(); n != 3 {
		t.Errorf("Biosciences programmes = %d, want 3", n)
	}
	if doc.Find("[data-testid=table-departments]").Length() != 0 {
		t.Error("a department's report has a table of departments")
	}
}

// What is missing follows the facts, not the status: an activity whose
// sessions are all over with no outcome needs one, even left as an idea;
// one with a session still to come does not yet.
func TestMissingFollowsTheSessions(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	prog := addProgramme(t, app, "northbridge", "Z901")
	over := addActivity(t, app, prog, act{year: 2024, title: "Welcome lunch", kind: "induction", stage: "welcome_week", dims: []string{"peers"},
		placement: "curricular", partnership: "for", status: "idea", aims: "Meet peers", theory: true})
	ongoing := addActivity(t, app, prog, act{year: 2024, title: "Study groups", kind: "small_group", stage: "term_1", dims: []string{"peers"},
		placement: "curricular", partnership: "for", status: "planned", aims: "Study together", theory: true})
	testkit.Exec(t, app, `INSERT INTO activity_sessions (institution_id, activity_id, session_date, start_time, end_time)
		SELECT institution_id, id, DATE '2024-09-23', '12:00', '13:00' FROM activities WHERE id = $1`, over)
	testkit.Exec(t, app, `INSERT INTO activity_sessions (institution_id, activity_id, session_date)
		SELECT institution_id, id, d FROM activities, unnest(ARRAY[DATE '2024-10-07', CURRENT_DATE + 30]) d WHERE id = $1`, ongoing)
	c := app.Client()
	c.SignIn(admin, testkit.DemoPassword)
	doc := c.Get(fmt.Sprintf("/programmes/%d/report?year=2024", prog)).Doc()
	check(t, doc, "missing", map[string][]string{
		"Welcome lunch": {"Idea", "Written", "6 of 6", "0", "0", "0", "None", "Record an outcome"},
		"Study groups":  {"Planned", "Written", "6 of 6", "0", "0", "0", "None", "Nothing missing"},
	})
}
