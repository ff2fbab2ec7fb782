package survey_test

import (
	"net/http"
	"strings"
	"testing"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// The page saying what pulse surveys collect reads in Welsh for a reader
// of Welsh, its retention period in Welsh words, with no English sentence
// of it left; in English it reads as before.
func TestSurveyPrivacyInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	for _, tc := range []struct {
		lang  string
		title string
		want  []string
	}{
		{"cy", "Beth mae arolygon pwls yn ei gasglu", []string{"Beth mae arolygon pwls yn ei gasglu, a pham", "Pwy sy'n gweld beth",
			"Caiff ymatebion eu dileu'n awtomatig 3 blynedd ar ôl i arolwg gau.", "Dim ond ar gyfer grwpiau o 10 ymateb o leiaf"}},
		{"en", "What pulse surveys collect", []string{"What pulse surveys collect, and why", "Who sees what",
			"Responses are deleted automatically 3 years after a survey closes.", "Results are shown only for groups of at least 10 responses."}},
	} {
		c := app.Client()
		c.SignIn(director, testkit.DemoPassword)
		c.Header = http.Header{"Accept-Language": {tc.lang}}
		resp := c.Get(paths.SurveyPrivacy)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s in %s = %d, want 200", paths.SurveyPrivacy, tc.lang, resp.StatusCode)
		}
		doc := resp.Doc()
		if got := doc.Find("title").Text(); !strings.HasPrefix(got, tc.title) {
			t.Errorf("title in %s = %q, want it to begin %q", tc.lang, got, tc.title)
		}
		text := strings.Join(strings.Fields(doc.Find("main").Text()), " ")
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("the survey privacy page in %s does not say %q", tc.lang, w)
			}
		}
		if tc.lang == "cy" {
			testkit.NoEnglishLeft(t, "the survey privacy page", text, "surveyprivacy")
		}
	}
}
