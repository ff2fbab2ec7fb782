package survey_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"belonging/internal/acyear"
	"belonging/internal/seed"
	"belonging/internal/store"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

func staffInstrument(t testing.TB, app *testkit.App) int64 {
	return testkit.Scalar[int64](t, app, `SELECT id FROM survey_instruments WHERE audience = 'staff' AND institution_id IS NULL`)
}

// newStaffSurvey adds an open staff belonging survey of C100's team.
func newStaffSurvey(t testing.TB, app *testkit.App, c *testkit.Client, title string) int64 {
	t.Helper()
	f := url.Values{"audience": {"staff"}, "kind": {"single"}, "title": {title},
		"instrument": {strconv.FormatInt(staffInstrument(t, app), 10)}, "opens": {day(0)}, "closes": {day(7)}, "invited": {"12"}}
	return idFrom(t, c.Post(paths.ProgrammeSurveys(programmeID(t, app, "C100")), f))
}

// studentFigures is every section of a report page but the staff one, as
// text: what students' figures say.
func studentFigures(t testing.TB, c *testkit.Client, path string) string {
	t.Helper()
	resp := c.Get(path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d", path, resp.StatusCode)
	}
	var b strings.Builder
	resp.Doc().Find("section.report-section").Each(func(_ int, s *goquery.Selection) {
		if id, _ := s.Attr("id"); id != "staff-belonging" {
			b.WriteString(id + ": " + strings.Join(strings.Fields(s.Text()), " ") + "\n")
		}
	})
	if b.Len() == 0 {
		t.Fatalf("GET %s: no report sections", path)
	}
	return b.String()
}

func tableRows(doc *goquery.Document, testid string) [][]string {
	var rows [][]string
	doc.Find("[data-testid=" + testid + "] tbody tr").Each(func(_ int, tr *goquery.Selection) {
		var cells []string
		tr.Find("th, td").Each(func(_ int, td *goquery.Selection) {
			cells = append(cells, strings.Join(strings.Fields(td.Text()), " "))
		})
		rows = append(rows, cells)
	})
	return rows
}

// A programme team answers its own staff belonging survey like students
// answer theirs (same link, anonymity, threshold, results after close),
// and its answers are reported apart: the programme report's "Staff
// belonging" section, never a student figure of the programme report,
// the institution report or the pulse tallies.
func TestStaffBelonging(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	ctx := context.Background()
	dir := app.Client()
	dir.SignIn(director, testkit.DemoPassword)
	adm := app.Client()
	adm.SignIn(admin, testkit.DemoPassword)
	c100 := programmeID(t, app, "C100")

	// The form offers the staff questionnaire alone, once, with no year.
	form := dir.Get(paths.NewStaffSurvey(c100))
	if form.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d", paths.NewStaffSurvey(c100), form.StatusCode)
	}
	var offered []string
	form.Doc().Find("select#instrument option").Each(func(_ int, o *goquery.Selection) { offered = append(offered, o.Text()) })
	if diff := cmp.Diff([]string{"Staff belonging"}, offered); diff != "" {
		t.Errorf("staff form questionnaires (-want +got):\n%s", diff)
	}
	if n := form.Doc().Find("input[name=ask_year], input[type=radio][name=kind]").Length(); n != 0 {
		t.Errorf("staff form has %d year-of-study or pair fields, want none", n)
	}

	// Submitted empty: 422, the staff form again, each field linked.
	empty := dir.Post(paths.ProgrammeSurveys(c100), url.Values{"audience": {"staff"}})
	if empty.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("empty staff survey = %d, want 422", empty.StatusCode)
	}
	var links []string
	empty.Doc().Find(".error-summary a").Each(func(_ int, a *goquery.Selection) { href, _ := a.Attr("href"); links = append(links, href) })
	if diff := cmp.Diff([]string{"#title", "#instrument", "#opens", "#closes"}, links); diff != "" {
		t.Errorf("empty staff survey: error summary links (-want +got):\n%s", diff)
	}
	if h1 := empty.Doc().Find("h1").Text(); h1 != "New staff belonging survey" {
		t.Errorf("empty staff survey: h1 = %q, want the staff form", h1)
	}
	// A students' questionnaire is not on offer to a staff survey.
	wrong := dir.Post(paths.ProgrammeSurveys(c100), url.Values{"audience": {"staff"}, "title": {"Team"}, "kind": {"single"},
		"instrument": {strconv.FormatInt(builtin(t, app), 10)}, "opens": {day(0)}, "closes": {day(7)}})
	if wrong.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(testkit.FormErrors(wrong), "Choose a questionnaire") {
		t.Errorf("staff survey on the students' pulse = %d (%s), want 422 at the questionnaire", wrong.StatusCode, testkit.FormErrors(wrong))
	}

	staff := newStaffSurvey(t, app, dir, "How do you feel about our team?")
	few := newStaffSurvey(t, app, dir, "Spring check on the team")
	students := newSurvey(t, app, dir, false)
	if got := testkit.Scalar[string](t, app, `SELECT audience FROM surveys WHERE id = $1`, staff); got != "staff" {
		t.Fatalf("staff survey audience = %q, want staff", got)
	}

	// The team's page speaks of the team and asks no year of study.
	answer := app.Client().Get(paths.Answer(tokenOf(t, app, staff))).Doc()
	if about := answer.Find(".pulse__about").Text(); !strings.Contains(about, "About your team") {
		t.Errorf("staff response page: about = %q, want it about the team", strings.TrimSpace(about))
	}
	if answer.Find("input[name=year]").Length() != 0 {
		t.Error("staff response page asks a year of study")
	}

	// The programme's surveys page lists staff surveys apart.
	list := dir.Get(paths.ProgrammeSurveys(c100)).Doc()
	studentList := list.Find("[data-testid=surveys]").First().Text()
	staffList := list.Find("section[aria-labelledby=staff-belonging]").Text()
	if strings.Contains(studentList, "our team") || !strings.Contains(staffList, "How do you feel about our team?") || strings.Contains(staffList, "How is your course going?") {
		t.Errorf("surveys page: students' list %q, staff list %q; want each apart", studentList, staffList)
	}

	// Ten of the team disagree with everything, nine answer the other
	// survey; ten students strongly agree.
	for i := 0; i < 10; i++ {
		respond(t, app, tokenOf(t, app, staff), 1, nil)
		respond(t, app, tokenOf(t, app, students), 5, nil)
		if i < 9 {
			respond(t, app, tokenOf(t, app, few), 2, nil)
		}
	}
	year := seed.CurrentYear()
	report := paths.ProgrammeReport(c100, year)
	open := dir.Get(paths.Survey(staff)).Doc()
	if open.Find("[data-testid=results-table]").Length() != 0 || !strings.Contains(open.Find("[data-testid=results-hidden]").Text(), "when the survey closes") {
		t.Error("an open staff survey shows results")
	}
	if got := dir.Get(report).Doc().Find("[data-testid=table-staff-statements]").Text(); !strings.Contains(got, "No staff survey this year") {
		t.Errorf("report while staff surveys are open: %q, want no figures", got)
	}

	for _, id := range []int64{staff, few, students} {
		closeSurvey(t, dir, id)
	}
	q := store.New(app.Pool)
	if _, err := q.TallyClosedSurveys(ctx, time.Now().Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if n := testkit.Scalar[int64](t, app, `SELECT count(*) FROM surveys WHERE audience = 'staff' AND tallied_responses IS NOT NULL`); n != 0 {
		t.Errorf("%d staff surveys tallied for the pulse figures, want 0", n)
	}

	// Closed: the team's results, and the report's staff section, with the
	// survey of nine hidden.
	if n := dir.Get(paths.Survey(staff)).Doc().Find("[data-testid=results-table] tbody tr").Length(); n != 8 {
		t.Errorf("closed staff survey: %d statements in its results, want 8", n)
	}
	doc := dir.Get(report).Doc()
	closedOn := time.Now().In(acyear.London).Format("2 January 2006")
	wantSurveys := [][]string{{"How do you feel about our team?", closedOn, "10"}, {"Spring check on the team", closedOn, "Fewer than 10"}}
	if diff := cmp.Diff(wantSurveys, tableRows(doc, "table-staff-surveys")); diff != "" {
		t.Errorf("report staff surveys (-want +got):\n%s", diff)
	}
	statements := tableRows(doc, "table-staff-statements")
	if len(statements) != 8 {
		t.Fatalf("report staff statements: %d rows, want 8: %v", len(statements), statements)
	}
	if diff := cmp.Diff([]string{"I feel part of the team that teaches this programme.", "10", "0%", "1.0"}, statements[0]); diff != "" {
		t.Errorf("report first staff statement (-want +got):\n%s", diff)
	}

	// Students' figures are the same with the staff surveys as without.
	institution := paths.InstitutionReport(url.Values{"year": {strconv.Itoa(year)}})
	withProgramme, withInstitution := studentFigures(t, dir, report), studentFigures(t, adm, institution)
	pulse := `SELECT coalesce(string_agg(concat_ws(' ', month, dimension, surveys, responses, answered, agree, score_sum), '; ' ORDER BY month, dimension), '')
		FROM programme_pulse WHERE programme_id = $1`
	withPulse := testkit.Scalar[string](t, app, pulse, c100)
	if n := testkit.Scalar[*int32](t, app, `SELECT tallied_responses FROM surveys WHERE id = $1`, students); n == nil || *n != 10 {
		t.Errorf("students' survey tallied_responses = %v, want 10 (in the pulse figures)", n)
	}
	testkit.Exec(t, app, `DELETE FROM surveys WHERE audience = 'staff'`)
	if diff := cmp.Diff(studentFigures(t, dir, report), withProgramme); diff != "" {
		t.Errorf("programme report's student figures change with staff surveys (-without +with):\n%s", diff)
	}
	if diff := cmp.Diff(studentFigures(t, adm, institution), withInstitution); diff != "" {
		t.Errorf("institution report's figures change with staff surveys (-without +with):\n%s", diff)
	}
	if got := testkit.Scalar[string](t, app, pulse, c100); got != withPulse {
		t.Errorf("programme pulse without staff surveys = %q, with = %q", got, withPulse)
	}
}

// A staff survey is never a students' welcome-week baseline.
func TestStaffSurveyIsNoBaseline(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	dir := app.Client()
	dir.SignIn(director, testkit.DemoPassword)
	id := newStaffSurvey(t, app, dir, "Our team")
	if resp := dir.Post(fmt.Sprintf("/surveys/%d/baseline", id), url.Values{"mark": {"yes"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("mark a staff survey as baseline = %d, want 404", resp.StatusCode)
	}
	if dir.Get(paths.Survey(id)).Doc().Find("[data-testid=baseline]").Length() != 0 {
		t.Error("a staff survey's page offers the baseline")
	}
}
