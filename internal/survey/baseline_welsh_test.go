package survey_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// The welcome-week baseline card and the flash of marking one read in
// Welsh.
func TestBaselineInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	autumn := testkit.Scalar[int64](t, app, `SELECT id FROM surveys WHERE title = 'Autumn belonging check-in'`)
	later := testkit.Scalar[int64](t, app, `SELECT id FROM surveys WHERE title = 'How are you finding your course this term?'`)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	c.Header = http.Header{"Accept-Language": {"cy"}}
	card := func(id int64) string {
		return strings.Join(strings.Fields(c.Get(paths.Survey(id)).Doc().Find(`[data-testid="baseline"], .flash, [role="status"]`).Text()), " ")
	}
	if got := card(later); !strings.Contains(got, "Llinell sylfaen wythnos y croeso") || !strings.Contains(got, "Gwneud hwn yn llinell sylfaen ar gyfer") {
		t.Errorf("the baseline card in Welsh = %q, want its heading and button in Welsh", got)
	}
	if resp := c.Post(paths.SurveyBaseline(autumn), url.Values{"mark": {"yes"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark the autumn check-in = %d, want 303", resp.StatusCode)
	}
	page := strings.Join(strings.Fields(c.Get(paths.Survey(autumn)).Doc().Find("body").Text()), " ")
	for _, w := range []string{"Yr arolwg hwn yw llinell sylfaen wythnos y croeso y rhaglen ar gyfer", "Nid yw'n llinell sylfaen mwyach"} {
		if !strings.Contains(page, w) {
			t.Errorf("the marked baseline's page in Welsh does not say %q", w)
		}
	}
	got := card(later)
	if !strings.Contains(got, "Y llinell sylfaen ar gyfer") || !strings.Contains(got, "Autumn belonging check-in") {
		t.Errorf("a later survey's baseline card in Welsh = %q, want it to name the baseline in Welsh", got)
	}
	testkit.NoEnglishLeft(t, "the baseline card", got, "surveyadmin")
}
