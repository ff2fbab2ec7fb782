package server_test

import (
	"bytes"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// The evaluation journey from end to end, as a director meets it: code an
// activity on its form, build its Enhanced Theory of Change, run a session
// with check-in from a student's phone (390 px, JavaScript off) and take
// the evaluation record away as a spreadsheet that holds what was done.
// Every page on the way passes axe-core.
func TestBrowserEvaluationJourney(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	activity := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title = 'Meet the Researcher: welcome week lab tours'
		ORDER BY academic_year DESC LIMIT 1`)
	session := testkit.Scalar[int64](t, app, `SELECT min(id) FROM activity_sessions WHERE activity_id = $1`, activity)
	director := testkit.NewBrowser(t, app)
	director.SignIn("director@northbridge.ac.uk", testkit.DemoPassword)

	// 1. Codes, in the form's folded section: a type and a risk.
	director.Open(paths.EditActivity(activity))
	// The section opens by itself when the activity has codes already.
	if !testkit.Eval[bool](t, director, `document.querySelector("details:has(#code_type)").open`) {
		director.Do(chromedp.Click(chromedp.CSS(`details:has(#code_type) > summary`)))
	}
	codeType := testkit.Eval[string](t, director, `[...document.querySelectorAll("#code_type option")].find(o => o.value !== "").value`)
	director.Do(chromedp.SetValue(chromedp.CSS("#code_type"), codeType))
	risk := testkit.Eval[string](t, director, `document.querySelector("input[name=code_risks]:not(:checked)").value`)
	director.Do(chromedp.Click(chromedp.CSS(`input[name=code_risks][value="` + risk + `"]`)))
	director.CheckAccessible()
	if status := director.Submit("form.activity-form button[type=submit]"); status != http.StatusOK || director.Location() != paths.Activity(activity) {
		t.Fatalf("saving the codes = %d at %s: %s", status, director.Location(), director.Text("[data-testid=error-summary]"))
	}
	coded := testkit.Scalars[string](t, app, `SELECT c.code FROM activity_codes ac JOIN evaluation_codes c ON c.id = ac.code_id WHERE ac.activity_id = $1`, activity)
	if !slices.Contains(coded, codeType) || !slices.Contains(coded, risk) {
		t.Fatalf("the activity's codes = %q, want %s and %s among them", coded, codeType, risk)
	}
	riskLabel := testkit.Scalar[string](t, app, `SELECT label FROM evaluation_codes c JOIN activities a ON a.institution_id = c.institution_id WHERE a.id = $1 AND c.code = $2`, activity, risk)

	// 2. The theory of change: a long-term outcome, linked to the element
	// that leads to it.
	director.Open(paths.TheoryOfChange(activity))
	director.Do(chromedp.SetValue(chromedp.CSS("#part"), "outcome"))
	director.Do(chromedp.Click(chromedp.CSS(`input[name=term][value=long]`)))
	director.Fill("#body", "Students ask to join a research group in their second year")
	if status := director.Submit(`form[action$="/theory-of-change"] button[type=submit]`); status != http.StatusOK {
		t.Fatalf("adding an outcome = %d at %s", status, director.Location())
	}
	outcome := testkit.Scalar[int64](t, app, `SELECT id FROM toc_entries WHERE activity_id = $1 AND body LIKE 'Students ask to join%'`, activity)
	director.Open(paths.TocEntry(activity, outcome))
	director.Do(chromedp.Click(chromedp.CSS(`input[name=from]`)))
	director.CheckAccessible()
	director.Submit(`main form button[type=submit]`)
	if n := testkit.Scalar[int64](t, app, `SELECT count(*) FROM toc_links WHERE outcome_id = $1`, outcome); n != 1 {
		t.Errorf("links to the new outcome = %d, want 1", n)
	}
	director.CheckAccessible()

	// 3. Check-in: the screen's code, followed on a phone without
	// JavaScript, counts one student.
	director.Open(paths.CheckInScreen(session))
	director.CheckAccessible()
	link := director.Text("[data-testid=checkin-link]")
	phone := testkit.NewBrowser(t, app)
	phone.Viewport(390, 844)
	phone.DisableJavaScript()
	if status := phone.Open(link[strings.Index(link, "/c/"):]); status != http.StatusOK {
		t.Fatalf("the phone at %s = %d, want 200", link, status)
	}
	if status := phone.Submit("form button[type=submit]"); status != http.StatusOK {
		t.Fatalf("I'm here = %d", status)
	}
	phone.EnableJavaScript()
	phone.Open(phone.Location())
	phone.CheckAccessible()
	director.Open(paths.CheckInScreen(session))
	if got := director.Text("[data-testid=checkin-count]"); got != "1 student checked in" {
		t.Errorf("the screen's count = %q, want 1 student checked in", got)
	}

	// 4. The evaluation record, from the activity page's exports.
	director.Open(paths.Activity(activity))
	if href := testkit.Eval[string](t, director, `document.querySelector("[data-testid=evaluation-workbook]").getAttribute("href")`); href != paths.ActivityWorkbook(activity) {
		t.Errorf("the activity page's evaluation record link = %q, want %s", href, paths.ActivityWorkbook(activity))
	}
	director.CheckAccessible()
	c := app.Client()
	c.SignIn("director@northbridge.ac.uk", testkit.DemoPassword)
	resp := c.Get(paths.ActivityWorkbook(activity))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d", paths.ActivityWorkbook(activity), resp.StatusCode)
	}
	f, err := excelize.OpenReader(bytes.NewReader(resp.Body))
	if err != nil {
		t.Fatalf("excelize.OpenReader(the evaluation record) = %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows("Evaluation codes")
	if err != nil {
		t.Fatalf("the record's codes sheet: %v (sheets %q)", err, f.GetSheetList())
	}
	var labels []string
	for _, r := range rows[1:] {
		if len(r) > 2 {
			labels = append(labels, r[2])
		}
	}
	if !slices.Contains(labels, riskLabel) {
		t.Errorf("the record's codes = %q, want the risk %q", labels, riskLabel)
	}
	if sessions, err := f.GetRows("Sessions"); err != nil || len(sessions) < 2 {
		t.Errorf("the record's sessions sheet = %d rows (%v), want a header and the sessions", len(sessions), err)
	}
}
