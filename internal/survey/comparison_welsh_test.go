package survey_test

import (
	"net/http"
	"strings"
	"testing"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// The comparison group's section of a survey page, and the form naming
// one, read in Welsh: the difference in differences in Welsh words, the
// four groups, the caveats, and no English of theirs left.
func TestComparisonGroupInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	post := demoPairPost(t, app)
	runUpkeep(t, app)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	c.Header = http.Header{"Accept-Language": {"cy"}}
	section := strings.Join(strings.Fields(c.Get(paths.Survey(post)).Doc().Find("[data-testid=comparison-group]").Text()), " ")
	for _, want := range []string{"Grŵp cymharu", "Cododd ymdeimlad o berthyn", "Cymerodd ran, cyn", "Grŵp cymharu, ar ôl", "tueddiadau cyfochrog"} {
		if !strings.Contains(section, want) {
			t.Errorf("the comparison group in Welsh does not say %q: %q", want, section)
		}
	}
	testkit.NoEnglishLeft(t, "the comparison group", section, "surveyadmin")

	// The demo pair's evidence is Type 3 and fixed; a pair with none named
	// offers the form.
	other := testkit.Scalar[int64](t, app, `
		SELECT s.id FROM surveys s WHERE s.phase = 'post' AND s.activity_id IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM survey_comparisons c WHERE c.post_id = s.id) ORDER BY s.id LIMIT 1`)
	resp := c.Get(paths.SurveyComparison(other))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET the comparison form in Welsh = %d, want 200", resp.StatusCode)
	}
	// The caption is the survey's own title, as typed.
	form := strings.Join(strings.Fields(resp.Doc().Find("main h1, main .prose, main form").Text()), " ")
	for _, want := range []string{"Enwch bâr o arolygon", "Cadw'r grŵp cymharu", "Dim grŵp cymharu"} {
		if !strings.Contains(form, want) {
			t.Errorf("the comparison form in Welsh does not say %q", want)
		}
	}
	testkit.NoEnglishLeft(t, "the comparison form", form, "surveyadmin")
	resp = c.Post(paths.SurveyComparison(other), nil)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(testkit.FormErrors(resp), "Dewiswch bâr o arolygon") {
		t.Errorf("an empty comparison form in Welsh = %d %q, want 422 with the Welsh message", resp.StatusCode, testkit.FormErrors(resp))
	}
}
