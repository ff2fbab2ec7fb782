package survey_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"belonging/internal/testkit"
)

// A director sets up a survey; a student answers it on a phone-sized
// Chromium window with JavaScript off; after ten responses the director
// closes it and sees the chart. Every page passes axe-core.
func TestBrowserPulseSurvey(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	prog := programmeID(t, app, "C100")

	staff := testkit.NewBrowser(t, app)
	staff.SignIn(director, testkit.DemoPassword)
	staff.Open(fmt.Sprintf("/programmes/%d/surveys", prog))
	staff.CheckAccessible()
	staff.Screenshot("survey-list")
	staff.Open(fmt.Sprintf("/programmes/%d/surveys/new", prog))
	staff.CheckAccessible()
	staff.Screenshot("survey-new")
	staff.Fill("#title", "")
	if status := staff.Submit("form.survey-form button[type=submit]"); status != 422 {
		t.Fatalf("empty title = %d, want 422", status)
	}
	staff.CheckAccessible()
	staff.Fill("#title", "How is your first term going?")
	staff.Submit("form.survey-form button[type=submit]")
	if !strings.HasPrefix(staff.Location(), "/surveys/") {
		t.Fatalf("after saving the survey the browser is at %s", staff.Location())
	}
	staff.CheckAccessible()
	staff.Screenshot("survey-share")
	link := staff.Text("[data-testid=survey-link]")
	path := strings.TrimPrefix(link, app.URL)
	surveyPage := staff.Location()
	if i := strings.Index(surveyPage, "#"); i >= 0 {
		surveyPage = surveyPage[:i]
	}

	// The student, on a phone.
	phone := testkit.NewBrowser(t, app)
	phone.Viewport(390, 844)
	if status := phone.Open(path); status != 200 {
		t.Fatalf("response page = %d", status)
	}
	phone.CheckAccessible()
	phone.Submit("form.pulse__form button[type=submit]")
	if phone.Text("[data-testid=error-summary]") == "" {
		t.Error("no error summary for an empty response")
	}
	phone.CheckAccessible()
	phone.Screenshot("survey-phone-errors")

	phone.DisableJavaScript()
	phone.Open(path)
	names := testkit.Scalar[string](t, app, `SELECT string_agg('s' || id, ',' ORDER BY position) FROM survey_statements WHERE instrument_id = $1`, builtin(t, app))
	for i, name := range strings.Split(names, ",") {
		phone.Do(chromedp.Click(chromedp.CSS(fmt.Sprintf("label[for=%s-%d]", name, 3+i%3))))
	}
	phone.Fill("#comment", "Meeting people at the coffee mornings helped.")
	phone.Screenshot("survey-phone")
	if status := phone.Submit("form.pulse__form button[type=submit]"); status != 200 {
		t.Fatalf("send answers = %d", status)
	}
	if got := phone.Text("[data-testid=survey-state]"); !strings.Contains(got, "your answers are saved") {
		t.Fatalf("after sending: %q at %s", got, phone.Location())
	}
	phone.Screenshot("survey-phone-thanks")

	token := strings.TrimPrefix(path, "/s/")
	for i := 0; i < 9; i++ {
		respond(t, app, token, 2+i%4, nil)
	}

	staff.Open(surveyPage)
	staff.Submit(`form[action$="/close"] button`)
	if staff.Text("[data-testid=results-summary]") == "" {
		t.Fatalf("no results after closing with 10 responses at %s", staff.Location())
	}
	if got := staff.Text("[data-testid^=chart-] figcaption"); !strings.Contains(got, "How all 10 respondents answered") {
		t.Errorf("chart summary = %q", got)
	}
	staff.CheckAccessible()
	staff.Screenshot("survey-results")

	coffee := coffeeID(t, app)
	post := testkit.Scalar[int64](t, app, `SELECT id FROM surveys WHERE phase = 'post' AND activity_id = $1`, coffee)
	id := strings.TrimPrefix(surveyPage, "/surveys/")
	for _, p := range []string{
		fmt.Sprintf("/surveys/%d", post), // a pair, compared
		fmt.Sprintf("/activities/%d", coffee),
		fmt.Sprintf("/activities/%d/surveys/new", coffee),
		"/surveys/" + id + "/edit",
		"/surveys/" + id + "/poster",
		"/surveys/instruments",
		fmt.Sprintf("/surveys/instruments/%d", builtin(t, app)),
		"/surveys/privacy",
	} {
		if status := staff.Open(p); status != 200 {
			t.Errorf("GET %s = %d", p, status)
		}
		staff.CheckAccessible()
	}
	staff.Open(fmt.Sprintf("/surveys/%d", post))
	staff.Screenshot("survey-compare")
	staff.Open("/surveys/" + id + "/poster")
	staff.Screenshot("survey-poster")

	adminB := testkit.NewBrowser(t, app)
	adminB.SignIn(admin, testkit.DemoPassword)
	adminB.Open("/surveys/instruments/new")
	adminB.CheckAccessible()
	adminB.Screenshot("survey-instrument-new")
}
