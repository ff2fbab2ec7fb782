package survey_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// The staff survey pages read in Welsh on a phone: the programme's
// surveys, a closed survey's results, and a questionnaire's page and
// form carry Welsh words and none of their English sentences, declare
// lang="cy", do not overflow 320 px and pass axe-core.
func TestBrowserSurveyAdminInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	closed := testkit.Scalar[int64](t, app, `SELECT id FROM surveys WHERE sealed AND audience = 'students' ORDER BY id LIMIT 1`)
	commuter := testkit.Scalar[int64](t, app, `SELECT id FROM survey_instruments WHERE name = 'Commuter student pulse'`)
	b := testkit.NewBrowser(t, app)
	b.Viewport(390, 844)
	b.SignIn(admin, testkit.DemoPassword)
	b.Open("/language?to=cy&back=" + paths.Instruments)
	for _, page := range []struct {
		path           string
		welsh, english string
	}{
		{paths.ProgrammeSurveys(programmeID(t, app, "C100")), "Arolwg rhaglen newydd", "New programme survey"},
		{paths.Survey(closed), "Canlyniadau", "Answers to each statement"},
		{paths.Instrument(commuter), "Datganiadau", "Edit questionnaire"},
		{paths.EditInstrument(commuter), "yn Gymraeg (dewisol)", "Save questionnaire"},
	} {
		if status := b.Open(page.path); status != 200 {
			t.Errorf("GET %s in Welsh = %d", page.path, status)
			continue
		}
		lang, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string]("document.documentElement.lang"))
		if err != nil {
			t.Fatal(err)
		}
		text := b.Text("main")
		if lang != "cy" || !strings.Contains(text, page.welsh) || strings.Contains(text, page.english) {
			t.Errorf("%s: lang %q, says %q: %v, says %q: %v; want Welsh only", page.path, lang, page.welsh, strings.Contains(text, page.welsh),
				page.english, strings.Contains(text, page.english))
		}
		b.CheckAccessible()
		b.Screenshot(fmt.Sprintf("survey-admin-welsh-%d", len(page.path)))
		b.Viewport(320, 700)
		if wide, err := chromedp.Run(b.Ctx, chromedp.Evaluate[bool]("document.documentElement.scrollWidth > 320")); err != nil || wide {
			t.Errorf("%s in Welsh overflows 320 px (%v)", page.path, err)
		}
		b.Viewport(390, 844)
	}
}
