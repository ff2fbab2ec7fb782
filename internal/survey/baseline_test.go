package survey_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// A director marks the autumn check-in as the welcome-week baseline; the
// later pulse of that year names it; marking the later one moves the mark
// (one per programme and year); an activity's survey cannot be one.
func TestBaseline(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	autumn := testkit.Scalar[int64](t, app, `SELECT id FROM surveys WHERE title = 'Autumn belonging check-in'`)
	later := testkit.Scalar[int64](t, app, `SELECT id FROM surveys WHERE title = 'How are you finding your course this term?'`)
	pre := testkit.Scalar[int64](t, app, `SELECT id FROM surveys WHERE phase = 'pre' AND activity_id IS NOT NULL ORDER BY id LIMIT 1`)
	baselines := func() string {
		return testkit.Scalar[string](t, app, `SELECT coalesce(string_agg(title, ' | ' ORDER BY id), '') FROM surveys WHERE baseline_year IS NOT NULL`)
	}
	yes := url.Values{"mark": {"yes"}}

	m := app.Client()
	m.SignIn(member, testkit.DemoPassword)
	if resp := m.Post(paths.SurveyBaseline(autumn), yes); resp.StatusCode != http.StatusForbidden {
		t.Errorf("member marks a baseline = %d, want 403", resp.StatusCode)
	}

	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	if resp := c.Post(paths.SurveyBaseline(autumn), yes); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark the autumn check-in = %d, want 303", resp.StatusCode)
	}
	if got, want := baselines(), "Autumn belonging check-in"; got != want {
		t.Fatalf("baselines = %q, want %q", got, want)
	}
	card := c.Get(paths.Survey(later)).Doc().Find(`[data-testid="baseline"]`).Text()
	if !strings.Contains(card, "is Autumn belonging check-in") {
		t.Errorf("later pulse's baseline card = %q, want it to name the autumn check-in", card)
	}
	list := c.Get(paths.ProgrammeSurveys(programmeID(t, app, "C100"))).Doc().Find("tr:contains('Autumn belonging check-in')").Text()
	if !strings.Contains(list, "Baseline 20") {
		t.Errorf("surveys list row = %q, want a Baseline tag", list)
	}

	if resp := c.Post(paths.SurveyBaseline(later), yes); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark the later pulse = %d, want 303", resp.StatusCode)
	}
	if got, want := baselines(), "How are you finding your course this term?"; got != want {
		t.Errorf("baselines after marking another = %q, want %q: one per programme and year", got, want)
	}
	if resp := c.Post(paths.SurveyBaseline(pre), yes); resp.StatusCode != http.StatusNotFound {
		t.Errorf("mark an activity's survey = %d, want 404", resp.StatusCode)
	}
	if resp := c.Post(paths.SurveyBaseline(later), url.Values{"mark": {"no"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("unmark = %d, want 303", resp.StatusCode)
	}
	if got := baselines(); got != "" {
		t.Errorf("baselines after unmarking = %q, want none", got)
	}
}
