package survey_test

import (
	"fmt"
	"strings"
	"testing"

	"belonging/internal/seed"
	"belonging/internal/store"
	"belonging/internal/survey"
	"belonging/internal/testkit"
)

// The demo shows Type 3 evidence as a new user would meet it: the extended
// induction's before/after pair names Biomedical Science's pair, surveyed
// at the same times, as its comparison group; the first upkeep works the
// comparison out, the pair's evidence becomes Type 3 and the survey's page
// gives the difference in differences.
func TestDemoComparisonGroupGivesTypeThree(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	post := demoPairPost(t, app)
	if got := testkit.Scalar[int](t, app, `SELECT count(*) FROM survey_comparisons WHERE post_id = $1`, post); got != 1 {
		t.Fatalf("comparison groups named by the demo's extended induction pair = %d, want 1", got)
	}
	runUpkeep(t, app)
	if got := testkit.Scalar[int](t, app, `SELECT strength FROM evidence WHERE survey_id = $1`, post); got != 3 {
		t.Errorf("strength of the demo pair's evidence = %d, want 3", got)
	}
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	doc := c.Get(fmt.Sprintf("/surveys/%d", post)).Doc()
	if got := doc.Find("[data-testid=did-sentence]").Text(); !strings.HasPrefix(got, "Belonging rose") || !strings.Contains(got, "more in the group that took part") {
		t.Errorf("difference in differences on the demo pair's page = %q, want belonging to rise more where students took part", got)
	}
}

// demoPairPost is the "after" survey of the demo's extended induction
// pair, this academic year.
func demoPairPost(t *testing.T, app *testkit.App) int64 {
	t.Helper()
	return testkit.Scalar[int64](t, app, `
		SELECT s.id FROM surveys s JOIN activities a ON a.id = s.activity_id
		WHERE s.phase = 'post' AND a.title LIKE 'Extended induction%' AND a.academic_year = $1`, seed.CurrentYear())
}

// runUpkeep runs the survey upkeep job once, as the job queue would.
func runUpkeep(t *testing.T, app *testkit.App) {
	t.Helper()
	jobs := &survey.Handler{Pool: app.Pool, Queries: store.New(app.Pool), MinGroup: 10}
	if err := jobs.Upkeep(t.Context()); err != nil {
		t.Fatalf("survey upkeep: %v", err)
	}
}
