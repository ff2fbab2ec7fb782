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

// The before-and-after card of each seeded pair reads in Welsh, whether
// it shows the comparison or says why not.
func TestComparisonCardInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	c.Header = http.Header{"Accept-Language": {"cy"}}
	ids := testkit.Scalar[[]int64](t, app, `SELECT array_agg(id ORDER BY id) FROM surveys WHERE phase = 'post'`)
	shown := 0
	for _, id := range ids {
		resp := c.Get(paths.Survey(id))
		if resp.StatusCode != http.StatusOK {
			continue // another institution's, or a programme the director does not plan
		}
		sel := resp.Doc().Find(`[data-testid="comparison"]`)
		if sel.Length() == 0 {
			continue
		}
		card := strings.Join(strings.Fields(sel.Text()), " ")
		if !strings.Contains(card, "Cyn ac ar ôl") {
			t.Errorf("survey %d's comparison card in Welsh = %q, want the heading Cyn ac ar ôl", id, card)
		}
		if sel.Find(`[data-testid="comparison-sentence"]`).Length() > 0 {
			shown++
			if !strings.Contains(card, "Ar gyfartaledd") || !strings.Contains(card, "Sgôr gymedrig pob datganiad") {
				t.Errorf("survey %d's comparison in Welsh = %q, want its sentence and table in Welsh", id, card)
			}
		}
		testkit.NoEnglishLeft(t, "a comparison card", card, "surveyadmin")
	}
	t.Logf("%d of %d pairs' cards show the comparison", shown, len(ids))
}
