package survey_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"belonging/internal/testkit"
)

// A student answers a survey in Welsh on a phone with JavaScript off:
// they choose Cymraeg with the header's link, answer half the statements,
// switch to English with the form's button and back again, and every
// answer is still there when they send it. Both languages pass axe-core,
// html-has-lang and valid-lang included.
func TestBrowserSurveyInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	staff := app.Client()
	staff.SignIn(director, testkit.DemoPassword)
	id := newSurvey(t, app, staff, false)
	path := "/s/" + tokenOf(t, app, id)

	phone := testkit.NewBrowser(t, app)
	phone.Viewport(390, 844)
	phone.DisableJavaScript()
	if status := phone.Open(path); status != 200 {
		t.Fatalf("response page = %d", status)
	}
	// checkLanguage checks the page's language and runs axe-core, which
	// needs scripts for a moment; the page was reached without them.
	checkLanguage := func(want, says string) {
		t.Helper()
		phone.EnableJavaScript()
		lang, err := chromedp.Run(phone.Ctx, chromedp.Evaluate[string]("document.documentElement.lang"))
		if err != nil {
			t.Fatal(err)
		}
		if lang != want {
			t.Errorf("html lang = %q at %s, want %q", lang, phone.Location(), want)
		}
		phone.CheckAccessible()
		phone.DisableJavaScript()
		if got := phone.Text("main"); !strings.Contains(got, says) {
			t.Errorf("the page in %s does not say %q", want, says)
		}
	}
	checkLanguage("en-GB", "Send my answers")

	if status := phone.Submit("[data-testid=language-switch]"); status != 200 || phone.Location() != path {
		t.Fatalf("the Cymraeg link = %d at %s, want 200 at %s", status, phone.Location(), path)
	}
	checkLanguage("cy", "Anfon fy atebion")
	phone.Screenshot("survey-welsh-phone")

	names := strings.Split(testkit.Scalar[string](t, app, `SELECT string_agg('s' || id, ',' ORDER BY position) FROM survey_statements WHERE instrument_id = $1`, builtin(t, app)), ",")
	half := len(names) / 2
	for _, name := range names[:half] {
		phone.Do(chromedp.Click(chromedp.CSS(fmt.Sprintf("label[for=%s-4]", name))))
	}
	phone.Fill("#comment", "Mae'r boreau coffi yn help.")

	if status := phone.Submit("[data-testid=survey-language]"); status != 200 {
		t.Fatalf("switch to English = %d", status)
	}
	checkLanguage("en-GB", "There are people on my course")
	phone.Screenshot("survey-welsh-switched-english")
	if status := phone.Submit("[data-testid=survey-language]"); status != 200 {
		t.Fatalf("switch back to Welsh = %d", status)
	}
	checkLanguage("cy", "Mae pobl ar fy nghwrs")

	for _, name := range names[half:] {
		phone.Do(chromedp.Click(chromedp.CSS(fmt.Sprintf("label[for=%s-2]", name))))
	}
	if status := phone.Submit("form.pulse__form button.pulse__send"); status != 200 {
		t.Fatalf("send answers = %d at %s", status, phone.Location())
	}
	if got := phone.Text("[data-testid=survey-state]"); !strings.Contains(got, "Diolch") {
		t.Fatalf("after sending: %q at %s", got, phone.Location())
	}
	checkLanguage("cy", "Diolch")
	phone.Screenshot("survey-welsh-thanks")

	// The answers given before the switches were all kept.
	got := testkit.Scalar[string](t, app, `SELECT string_agg(a.score::text, '' ORDER BY st.position) || ' ' || r.comment
		FROM survey_responses r JOIN survey_answers a ON a.response_id = r.id JOIN survey_statements st ON st.id = a.statement_id
		WHERE r.survey_id = $1 GROUP BY r.id`, id)
	if want := strings.Repeat("4", half) + strings.Repeat("2", len(names)-half) + " Mae'r boreau coffi yn help."; got != want {
		t.Errorf("stored response = %q, want %q", got, want)
	}
}
