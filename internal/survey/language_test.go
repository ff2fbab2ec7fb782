package survey_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// respondIn sends one student's answers from a new browser reading in
// lang ("en" or "cy").
func respondIn(t testing.TB, app *testkit.App, token, lang string) {
	t.Helper()
	c := app.Client()
	c.Header = http.Header{"Accept-Language": {lang}}
	if resp := c.Post("/s/"+token, answers(t, app, c, token, 4)); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("answer in %s = %d: %s", lang, resp.StatusCode, testkit.FormErrors(resp))
	}
}

// A survey's results say how many answered in Welsh and in English, once
// it has closed and only when each language's count reaches the
// threshold; a staff survey keeps no language at all.
func TestResultsShowTheLanguageSplit(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	staff := app.Client()
	staff.SignIn(director, testkit.DemoPassword)
	both, few := newSurvey(t, app, staff, false), newSurvey(t, app, staff, false)
	for i := 0; i < 12; i++ {
		respondIn(t, app, tokenOf(t, app, both), "en")
		respondIn(t, app, tokenOf(t, app, few), "en")
		if i < 10 {
			respondIn(t, app, tokenOf(t, app, both), "cy")
		}
		if i < 9 {
			respondIn(t, app, tokenOf(t, app, few), "cy")
		}
	}
	stored := testkit.Scalar[string](t, app, `SELECT string_agg(language || ':' || n, ' ' ORDER BY language)
		FROM (SELECT language, count(*) AS n FROM survey_responses WHERE survey_id = $1 GROUP BY language) g`, both)
	if stored != "cy:10 en:12" {
		t.Errorf("languages stored = %q, want cy:10 en:12", stored)
	}
	if open := staff.Get(paths.Survey(both)).Doc(); open.Find("[data-testid=language-split]").Length() != 0 {
		t.Error("an open survey shows its language split")
	}
	closeSurvey(t, staff, both)
	closeSurvey(t, staff, few)

	shown := staff.Get(paths.Survey(both)).Doc()
	if got := strings.TrimSpace(shown.Find("[data-testid=language-split]").Text()); got != "Answered in Welsh: 10 · in English: 12" {
		t.Errorf("10 Welsh, 12 English: split = %q", got)
	}
	welsh := app.Client()
	welsh.Header = http.Header{"Accept-Language": {"cy"}}
	welsh.SignIn(director, testkit.DemoPassword)
	if got := strings.TrimSpace(welsh.Get(paths.Survey(both)).Doc().Find("[data-testid=language-split]").Text()); got != "Wedi ateb yn Gymraeg: 10 · yn Saesneg: 12" {
		t.Errorf("10 Welsh, 12 English, read in Welsh: split = %q", got)
	}

	hidden := staff.Get(paths.Survey(few)).Doc()
	if hidden.Find("[data-testid=results-table]").Length() == 0 {
		t.Fatal("9 Welsh, 12 English: no results at all, want them without the split")
	}
	if n := hidden.Find("[data-testid=language-split]").Length(); n != 0 || strings.Contains(hidden.Text(), "Welsh: 9") {
		t.Errorf("9 Welsh, 12 English: the split is shown (%q)", hidden.Find("[data-testid=language-split]").Text())
	}
	if !strings.Contains(hidden.Find("[data-testid=language-split-note]").Text(), "at least 10 answered in each language") {
		t.Error("9 Welsh, 12 English: no note saying when the split is shown")
	}

	// A staff member answering in Welsh leaves no language beside the answers.
	team := newStaffSurvey(t, app, staff, "How is the team?")
	respondIn(t, app, tokenOf(t, app, team), "cy")
	got := testkit.Scalar[int](t, app, `SELECT count(*) FROM survey_responses WHERE survey_id = $1 AND language IS NOT NULL`, team)
	if diff := cmp.Diff(0, got); diff != "" {
		t.Errorf("staff responses with a language (-want +got):\n%s", diff)
	}
}

// A staff survey's pages speak to the team, not to students: its share
// card and its anonymity note.
func TestStaffSurveyPagesSayNoStudentWords(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	dir := app.Client()
	dir.SignIn(director, testkit.DemoPassword)
	team := newStaffSurvey(t, app, dir, "Our team this term")
	share := dir.Get(paths.Survey(team)).Doc().Find("#share").Text()
	if strings.Contains(share, "students") || !strings.Contains(share, "Share with the programme team") {
		t.Errorf("staff survey share card = %q, want it for the team", strings.Join(strings.Fields(share), " "))
	}
	note := app.Client().Get("/s/" + tokenOf(t, app, team)).Doc().Find("main").Text()
	if strings.Contains(note, "student number") || !strings.Contains(note, "does not need you to sign in") {
		t.Errorf("staff survey anonymity note = %q, want no student number", strings.Join(strings.Fields(note), " "))
	}
}
