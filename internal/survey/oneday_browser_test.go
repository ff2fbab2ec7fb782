package survey_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"belonging/internal/acyear"
	"belonging/internal/store"
	"belonging/internal/survey"
	"belonging/internal/testkit"
)

// A one-day induction is evaluated with a before/after pair on the day
// itself: the director sets the pair up in the browser (before 09:00–10:00,
// after 16:00–17:00 UK time), students answer each on a phone-sized window
// with JavaScript off, the survey before is sealed when it closes at 10:00
// and the survey after at 17:00, and the upkeep then adds Type 2 evidence
// whose figures are the ones worked out by hand below. The app runs by a
// test clock, moved through the day, rather than waiting for it.
func TestBrowserOneDayInductionPair(t *testing.T) {
	t.Parallel()
	// A day a week ahead, so the survey times lie in the future when the
	// director sets them.
	date := acyear.Today().AddDate(0, 0, 7)
	at := func(hour, minute int) time.Time {
		return time.Date(date.Year(), date.Month(), date.Day(), hour, minute, 0, 0, acyear.London)
	}
	clock := testkit.NewClock(time.Now())
	app := testkit.NewAppWithClock(t, clock)
	ctx := context.Background()
	induction := testkit.Scalar[int64](t, app, `
		WITH a AS (
			INSERT INTO activities (institution_id, programme_id, academic_year, title, kind, stage, dimensions, placement, level, status, cohort_size)
			SELECT institution_id, id, $2, 'Induction day for new Biosciences students', 'induction', 'welcome_week', '{peers,staff}',
				'curricular', 'programme', 'scheduled', 30
			FROM programmes WHERE code = 'C100' RETURNING id, institution_id)
		INSERT INTO activity_sessions (institution_id, activity_id, session_date, start_time, end_time, location)
		SELECT institution_id, id, $1::date, '09:00', '17:00', 'Great Hall' FROM a RETURNING activity_id`,
		date.Format("2006-01-02"), acyear.Of(date, acyear.DefaultStartMonth))
	// The minute job that seals closed surveys, and the hourly upkeep, as
	// the app's workers run them, on the same clock.
	jobs := &survey.Handler{Pool: app.Pool, Queries: store.New(app.Pool), MinGroup: app.Config.SurveyMinGroup, Now: clock.Now}

	staff := testkit.NewBrowserFor(t, app, 8*time.Minute)
	staff.SignIn(director, testkit.DemoPassword)
	staff.Open(fmt.Sprintf("/activities/%d/surveys/new", induction))
	staff.CheckAccessible()
	set := func(opens, closes, postOpens, postCloses string) {
		day := date.Format("2006-01-02")
		for field, value := range map[string]string{"opens": day, "closes": day, "post_opens": day, "post_closes": day,
			"opens_time": opens, "closes_time": closes, "post_opens_time": postOpens, "post_closes_time": postCloses} {
			staff.Do(chromedp.SetValue(chromedp.CSS("#"+field), value))
		}
	}
	staff.Fill("#title", "Induction day: how do you feel about your course?")
	staff.Fill("#invited", "30")
	set("09:00", "10:00", "09:30", "17:00")
	if status := staff.Submit("form.survey-form button[type=submit]"); status != 422 {
		t.Fatalf("overlapping pair = %d, want 422", status)
	}
	if got := staff.Text("#post_opens_time-error"); !strings.Contains(got, "once the one before has closed") {
		t.Errorf("overlap error at the after's opening time = %q", got)
	}
	staff.CheckAccessible()
	staff.Screenshot("survey-pair-overlap")
	set("09:00", "10:00", "16:00", "17:00")
	staff.Submit("form.survey-form button[type=submit]")
	if !strings.HasPrefix(staff.Location(), "/surveys/") {
		t.Fatalf("after saving the pair the browser is at %s", staff.Location())
	}
	pre := testkit.Scalar[int64](t, app, `SELECT id FROM surveys WHERE activity_id = $1 AND phase = 'pre'`, induction)
	post := testkit.Scalar[int64](t, app, `SELECT id FROM surveys WHERE pre_id = $1`, pre)
	preLink := strings.TrimPrefix(staff.Text("[data-testid=survey-link]"), app.URL)
	staff.Open(fmt.Sprintf("/surveys/%d", post))
	postLink := strings.TrimPrefix(staff.Text("[data-testid=survey-link]"), app.URL)
	staff.CheckAccessible()
	staff.Screenshot("survey-same-day-after")

	names := strings.Split(testkit.Scalar[string](t, app,
		`SELECT string_agg('s' || id, ',' ORDER BY position) FROM survey_statements WHERE instrument_id = $1`, builtin(t, app)), ",")
	// Each student answers every statement with one score, on their own
	// phone: twelve students, ten before and twelve after.
	phones := make([]*testkit.Browser, 12)
	for i := range phones {
		phones[i] = testkit.NewBrowserFor(t, app, 8*time.Minute)
		phones[i].Viewport(390, 844)
	}
	answer := func(phone *testkit.Browser, link string, score int) {
		t.Helper()
		if status := phone.Open(link); status != 200 {
			t.Fatalf("GET %s = %d", link, status)
		}
		for _, name := range names {
			phone.Do(chromedp.Click(chromedp.CSS(fmt.Sprintf("label[for=%s-%d]", name, score))))
		}
		if status := phone.Submit("form.pulse__form button[type=submit]"); status != 200 {
			t.Fatalf("sending answers to %s = %d", link, status)
		}
		if got := phone.Text("[data-testid=survey-state]"); !strings.Contains(got, "your answers are saved") {
			t.Fatalf("after sending to %s: %q", link, got)
		}
	}
	before := []int{2, 3, 3, 4, 2, 3, 3, 2, 4, 3}
	after := []int{3, 4, 4, 5, 3, 4, 4, 3, 5, 4, 4, 4}

	clock.Set(at(8, 59))
	if phones[0].Open(preLink); !strings.Contains(phones[0].Text("main"), "not open yet") {
		t.Error("at 08:59 the survey before is not shown as not open yet")
	}
	clock.Set(at(9, 0))
	phones[0].Open(preLink)
	phones[0].CheckAccessible() // axe runs as a script, so before scripts are turned off
	phones[0].Screenshot("survey-same-day-phone")
	for _, phone := range phones {
		phone.DisableJavaScript()
	}
	for i, score := range before {
		answer(phones[i], preLink, score)
	}
	if got := phones[10].Open(postLink); got != 200 || !strings.Contains(phones[10].Text("main"), "16:00") {
		t.Errorf("at 09:00 the survey after = %d, %q; want it to say it opens at 16:00", got, phones[10].Text("main"))
	}

	clock.Set(at(10, 0))
	if n, err := jobs.SealClosed(ctx); err != nil || n != 1 {
		t.Fatalf("SealClosed at 10:00 = %d, %v; want the survey before sealed", n, err)
	}
	if status := phones[10].Open(preLink); status != 410 {
		t.Errorf("the survey before at 10:00 = %d, want 410 (closed)", status)
	}

	clock.Set(at(16, 0))
	for i, score := range after {
		answer(phones[i], postLink, score)
	}
	staff.Open(fmt.Sprintf("/surveys/%d", post))
	if got := staff.Text("[data-testid=comparison]"); !strings.Contains(got, "when both surveys have closed") {
		t.Errorf("while the survey after is open the comparison says %q", got)
	}

	clock.Set(at(17, 0))
	if n, err := jobs.SealClosed(ctx); err != nil || n != 1 {
		t.Fatalf("SealClosed at 17:00 = %d, %v; want the survey after sealed", n, err)
	}
	if err := jobs.Upkeep(ctx); err != nil {
		t.Fatalf("Upkeep at 17:00 = %v", err)
	}

	// By hand: before, 10 of 30 invited (33%); after, 12 of 30 (40%);
	// together 22 responses of 60 invitations (37%). Means 2.90 and 3.92.
	staff.Open(fmt.Sprintf("/activities/%d", induction))
	staff.CheckAccessible()
	staff.Screenshot("survey-same-day-evidence")
	evidence := strings.Join(strings.Fields(staff.Text("[data-testid=evidence-list]")), " ")
	for _, want := range []string{"Type 2", "N = 22", "Response rate 37%", "10 of 30 invited (33%)", "12 of 30 invited (40%)",
		"22 responses of 60 invitations (37%)", "mean 2.90", "mean 3.92"} {
		if !strings.Contains(evidence, want) {
			t.Errorf("the induction's evidence lacks %q: %s", want, evidence)
		}
	}
	day := date.Format("2 Jan 2006")
	comparison := testkit.Scalar[string](t, app, `SELECT comparison FROM evidence WHERE survey_id = $1`, post)
	if want := fmt.Sprintf("before (10 responses, %s, 09:00–10:00) and after (12 responses, %s, 16:00–17:00)", day, day); !strings.Contains(comparison, want) {
		t.Errorf("evidence comparison = %q, want it to contain %q", comparison, want)
	}
}
