package survey_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// The survey forms read in Welsh: a new pulse survey, a new staff
// belonging survey and the edit form, with every validation message of
// an empty form in Welsh and the flashes of saving and closing.
func TestSurveyFormsInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	id := newSurvey(t, app, c, false)
	c.Get(paths.Survey(id)) // shows the English flash of adding it
	c.Header = http.Header{"Accept-Language": {"cy"}}
	programme := programmeID(t, app, "C100")

	// text is what the page says, leaving out the questionnaires offered
	// (their names are the institution's data) and adding the title typed.
	text := func(r *testkit.Response) string {
		doc := r.Doc()
		title := doc.Find("#title").AttrOr("value", "")
		doc.Find("option").Remove()
		return strings.Join(strings.Fields(doc.Find("body").Text()), " ") + " " + title
	}
	for _, tc := range []struct {
		path string
		want []string
	}{
		{paths.NewProgrammeSurvey(programme), []string{"Arolwg pwls newydd", "Un arolwg, neu cyn ac ar ôl?", "Ar ôl (parau yn unig): Yn agor ar",
			"Sut ydych chi'n teimlo am eich cwrs?", "Cadw'r arolwg"}},
		{paths.NewStaffSurvey(programme), []string{"Arolwg perthyn staff newydd", "Staff a wahoddwyd (dewisol)", "Sut ydych chi'n teimlo am ein tîm?"}},
		{paths.EditSurvey(id), []string{"Golygu How is your course going?", "Yn cau ar", "Amser cau (dewisol)"}},
	} {
		r := c.Get(tc.path)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("GET %s in Welsh = %d, want 200", tc.path, r.StatusCode)
		}
		page := text(r)
		for _, w := range tc.want {
			if !strings.Contains(page, w) {
				t.Errorf("%s in Welsh does not say %q", tc.path, w)
			}
		}
		testkit.NoEnglishLeft(t, tc.path, page, "surveyadmin")
	}

	empty := c.Post(paths.ProgrammeSurveys(programme), url.Values{})
	if empty.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("POST an empty survey form in Welsh = %d, want 422", empty.StatusCode)
	}
	page := text(empty)
	for _, w := range []string{"Rhowch deitl: mae myfyrwyr yn ei weld ar frig yr arolwg", "Dewiswch holiadur o'r rhestr",
		"Dewiswch un arolwg neu bâr cyn ac ar ôl", "Rhowch y dyddiad agor fel dyddiad go iawn, er enghraifft 5 Hydref 2026"} {
		if !strings.Contains(page, w) {
			t.Errorf("an empty survey form in Welsh does not say %q", w)
		}
	}
	testkit.NoEnglishLeft(t, "an empty survey form", page, "surveyadmin")

	if r := c.Post(paths.Survey(id), url.Values{"title": {"Sut mae'r cwrs?"}, "instrument": {strconv.FormatInt(builtin(t, app), 10)},
		"opens": {day(0)}, "closes": {day(7)}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST %s = %d, want 303: %s", paths.Survey(id), r.StatusCode, testkit.FormErrors(r))
	}
	if got := text(c.Get(paths.Survey(id))); !strings.Contains(got, "Cadwyd yr arolwg.") {
		t.Errorf("the survey page after saving in Welsh does not say %q", "Cadwyd yr arolwg.")
	}
	if r := c.Post(paths.CloseSurvey(id), url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST %s = %d, want 303", paths.CloseSurvey(id), r.StatusCode)
	}
	if got := text(c.Get(paths.Survey(id))); !strings.Contains(got, "Mae'r arolwg wedi cau.") {
		t.Errorf("the survey page after closing in Welsh does not say %q", "Mae'r arolwg wedi cau.")
	}
}
