package report_test

import (
	"testing"

	"belonging/internal/seed"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

// The plan's cohort outcomes section passes axe-core at a desktop's and a
// phone's width, and its table fits a 320 px screen without the page
// scrolling sideways.
func TestBrowserPlanCohortSection(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	programme := programmeID(t, app, "C100")
	last := seed.CurrentYear() - 1
	// The demo's own figures make way for the test's.
	testkit.Exec(t, app, `DELETE FROM cohort_figures WHERE programme_id = $1`, programme)
	testkit.Exec(t, app, `INSERT INTO cohort_figures (institution_id, programme_id, academic_year, measure, numerator, denominator)
		SELECT institution_id, id, y, m, n, d FROM programmes,
		(VALUES ($2::int, 'continuation', 171, 180), ($2, 'attainment', 112, 160), ($2 - 1, 'continuation', 150, 170)) AS f(y, m, n, d)
		WHERE id = $1`, programme, last)
	b := testkit.NewBrowser(t, app)
	b.SignIn(director, testkit.DemoPassword)
	for _, width := range []int64{1280, 390, 320} {
		b.Viewport(width, 900)
		b.Open(paths.Plan(programme, last))
		b.CheckAccessible()
		if wide := testkit.Eval[bool](t, b, `document.documentElement.scrollWidth > document.documentElement.clientWidth`); wide {
			t.Errorf("the plan with cohort figures scrolls sideways at %d px", width)
		}
	}
	b.Viewport(1280, 900)
	b.Open(paths.Plan(programme, last))
	shoot(t, b, "[data-testid=plan-cohort]", "plan-cohort-1280")
	b.Viewport(390, 900)
	b.Open(paths.Plan(programme, last))
	shoot(t, b, "[data-testid=plan-cohort]", "plan-cohort-390")
}
