package report_test

import (
	"net/http"
	"testing"

	"belonging/internal/testkit"
)

// firstProgramme is the first programme of the institution with the slug.
func firstProgramme(t *testing.T, app *testkit.App, slug string) int64 {
	return testkit.Scalar[int64](t, app, `SELECT min(p.id) FROM programmes p JOIN institutions i ON i.id = p.institution_id WHERE i.slug = $1`, slug)
}

// publish adds a published case study of the institution's first
// programme.
func publish(t *testing.T, app *testkit.App, slug, kind, visibility string) {
	t.Helper()
	testkit.Exec(t, app, `
		WITH c AS (
			INSERT INTO case_studies (institution_id, programme_id, title, kind, stage, placement, academic_year)
			SELECT p.institution_id, p.id, 'Fixture case study', $2, 'term_1', 'curricular', 2023
			FROM programmes p WHERE p.id = $1 RETURNING id, institution_id)
		INSERT INTO case_study_publications (case_study_id, institution_id, visibility, title, summary, sections, body, kind, stage,
		    dimensions, placement, discipline, institution_type, institution_name, evidence_strength, academic_year, version)
		SELECT c.id, c.institution_id, $3, 'Fixture case study', '', '[]', '', $2, 'term_1', '{peers}', 'curricular', '', '', '', 1, 2023, 1
		FROM c`, firstProgramme(t, app, slug), kind, visibility)
}

// The network report counts only what institutions share: the figures of
// those that chose to share them, and case studies published to the
// network or the public. Every figure resting on fewer than three
// institutions is hidden, with one more where a total would reveal it,
// and every survey figure on fewer than ten responses. Counted by hand.
func TestNetworkReportSharesOnlyWhatIsShared(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	testkit.Exec(t, app, `UPDATE institutions SET share_network_figures = slug IN ('northbridge', 'eastmere', 'kingsport')`)
	testkit.Exec(t, app, `DELETE FROM case_study_publications`)
	a, b, c, d := firstProgramme(t, app, "northbridge"), firstProgramme(t, app, "eastmere"), firstProgramme(t, app, "kingsport"), firstProgramme(t, app, "westfield")
	social := act{year: 2023, title: "Coffee", kind: "social", stage: "term_1", dims: []string{"peers"}, placement: "curricular", partnership: "for", status: "completed"}
	induction := act{year: 2023, title: "Welcome", kind: "induction", stage: "welcome_week", dims: []string{"peers"}, placement: "curricular", partnership: "for", status: "completed"}
	mentoring := act{year: 2023, title: "Mentors", kind: "mentoring", stage: "transition", dims: []string{"confidence"}, placement: "co_curricular", partnership: "for", status: "completed"}
	for _, x := range []struct {
		prog int64
		acts []act
	}{
		{a, []act{social, social, induction}},
		{b, []act{social, mentoring}},
		{c, []act{social, induction}},
		{d, []act{social, social, social, social, social}}, // Westfield shares nothing
	} {
		for _, y := range x.acts {
			addActivity(t, app, x.prog, y)
		}
	}
	addSurvey(t, app, a, "Pulse", "2024-03-01", [2]int{12, 5})
	addSurvey(t, app, b, "Pulse", "2024-03-01", [2]int{10, 1})
	addSurvey(t, app, c, "Pulse", "2024-03-01", [2]int{11, 4})
	addSurvey(t, app, c, "Small pulse", "2024-03-08", [2]int{8, 1}) // too few responses
	addSurvey(t, app, d, "Pulse", "2024-03-01", [2]int{20, 1})      // not shared
	addSurvey(t, app, a, "Pulse", "2023-03-01", [2]int{12, 5})      // 2022/23: two institutions only
	addSurvey(t, app, b, "Pulse", "2023-03-01", [2]int{10, 5})
	for _, p := range [][2]string{{"northbridge", "social"}, {"eastmere", "social"}, {"kingsport", "social"}, {"northbridge", "induction"}} {
		publish(t, app, p[0], p[1], "network")
	}
	for _, s := range []string{"northbridge", "eastmere", "kingsport", "northbridge"} {
		publish(t, app, s, "meet_researcher", "public")
	}
	publish(t, app, "northbridge", "meet_researcher", "institution") // private: never counted
	publish(t, app, "eastmere", "meet_researcher", "institution")

	cl := app.Client()
	cl.SignIn(coordinator, testkit.DemoPassword)
	resp := cl.Get("/reports/network?year=2023")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("network report = %d", resp.StatusCode)
	}
	doc := resp.Doc()
	for id, want := range map[string]string{"sharing": "3", "activities": "7", "case-studies": "8", "publishing": "3"} {
		if got := stat(doc, id); got != want {
			t.Errorf("headline %s = %q, want %q", id, got, want)
		}
	}
	// Social: 4 from three institutions. Induction (two) and mentoring
	// (one) are hidden; two hidden values cannot be told apart. 2022/23
	// rests on no institution at all, so nothing of it is shown.
	check(t, doc, "kinds", map[string][]string{
		"Social gathering":             {"Hidden", "4"},
		"Induction event":              {"Hidden", "Hidden"},
		"Peer or transition mentoring": {"Hidden", "Hidden"},
		"Student ambassadors":          {"Hidden", "0"},
		"Total":                        {"Hidden", "7"},
	})
	// Co-curricular rests on one institution; with the total shown,
	// curricular would give it away, so it is hidden too.
	check(t, doc, "placement", map[string][]string{"Curricular": {"Hidden", "Hidden"}, "Co-curricular": {"Hidden", "Hidden"},
		"Extra-curricular": {"Hidden", "0 (0%)"}, "Total": {"Hidden", "7"}})
	check(t, doc, "dimensions", map[string][]string{"Connection with peers": {"Hidden", "6"}, "Academic confidence": {"Hidden", "Hidden"}})
	// 12 agree, 10 disagree and 11 agree: 23 of 33; the survey of 8 and
	// Westfield's are not counted. 2022/23 rests on two institutions.
	check(t, doc, "pulse", map[string][]string{
		"Responses counted": {"0", "0", "0", "22", "33"},
		"All statements":    {"–", "–", "–", "Hidden", "70%"},
	})
	// Meet the Researcher: four public case studies from three
	// institutions, not the two kept within theirs. Induction rests on one
	// institution, so social is hidden with it.
	check(t, doc, "study-kinds", map[string][]string{
		"Meet the Researcher": {"4"},
		"Social gathering":    {"Hidden"},
		"Induction event":     {"Hidden"},
		"Total":               {"8"},
	})
	rows := getCSV(t, cl, "/reports/network.csv?table=kinds&year=2023")
	if len(rows) != 13 || rows[3][0] != "Social gathering" || rows[3][2] != "4" || rows[1][2] != "hidden" {
		t.Errorf("network kinds CSV = %q", rows)
	}
	// The workbook holds what the page and its CSV files hold: every
	// hidden figure stays words, never a number.
	if n, hidden := compareWithPage(t, cl, "/reports/network?year=2023"); n < 100 || hidden < 10 {
		t.Errorf("network workbook: compared %d cells, %d hidden; want the fixture's hidden figures", n, hidden)
	}

	// Institution people other than admins are refused it.
	v := app.Client()
	v.SignIn(director, testkit.DemoPassword)
	if got := v.Get("/reports/network").StatusCode; got != http.StatusForbidden {
		t.Errorf("network report for a director = %d, want 403", got)
	}
}
