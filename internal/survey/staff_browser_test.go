package survey_test

import (
	"strings"
	"testing"

	"belonging/internal/seed"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

// A director sets up the team's staff belonging survey in Chromium
// (submitting it empty first), a colleague answers it on a phone, and the
// programme report shows the team's figures apart from students'. Every
// page passes axe-core at 1280 and 390 px.
func TestBrowserStaffBelonging(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	prog := programmeID(t, app, "C100")

	dir := testkit.NewBrowser(t, app)
	dir.SignIn(director, testkit.DemoPassword)
	dir.Open(paths.NewStaffSurvey(prog))
	dir.CheckAccessible()
	dir.Screenshot("staff-survey-new")
	dir.Fill("#title", "")
	if status := dir.Submit("form.survey-form button[type=submit]"); status != 422 {
		t.Fatalf("empty title = %d, want 422", status)
	}
	if dir.Text("[data-testid=error-summary]") == "" {
		t.Error("no error summary for the empty staff survey")
	}
	dir.CheckAccessible()
	dir.Fill("#title", "How do you feel about our team?")
	dir.Submit("form.survey-form button[type=submit]")
	if !strings.HasPrefix(dir.Location(), "/surveys/") {
		t.Fatalf("after saving the staff survey the browser is at %s", dir.Location())
	}
	dir.CheckAccessible()
	path := strings.TrimPrefix(dir.Text("[data-testid=survey-link]"), app.URL)
	surveyPage, _, _ := strings.Cut(dir.Location(), "#")

	phone := testkit.NewBrowser(t, app)
	phone.Viewport(390, 844)
	if status := phone.Open(path); status != 200 {
		t.Fatalf("staff response page = %d", status)
	}
	phone.CheckAccessible()
	phone.Screenshot("staff-survey-phone")

	token := strings.TrimPrefix(path, "/s/")
	for i := 0; i < 10; i++ {
		respond(t, app, token, 2+i%4, nil)
	}
	dir.Open(surveyPage)
	dir.Submit(`form[action$="/close"] button`)
	dir.CheckAccessible()
	dir.Open(paths.ProgrammeSurveys(prog))
	dir.CheckAccessible()
	dir.Screenshot("staff-survey-list")
	for _, width := range []int64{1280, 390} {
		dir.Viewport(width, 900)
		dir.Open(paths.ProgrammeReport(prog, seed.CurrentYear()))
		dir.CheckAccessible()
	}
	if got := dir.Text("[data-testid=table-staff-statements]"); !strings.Contains(got, "I feel part of the team") {
		t.Errorf("report staff statements = %q", got)
	}
	dir.Viewport(1280, 900)
	dir.Open(paths.NewStaffSurvey(prog))
	dir.Open(paths.ProgrammeReport(prog, seed.CurrentYear()) + "#staff-belonging")
	dir.Screenshot("staff-report")
}
