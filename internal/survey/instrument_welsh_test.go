package survey_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// An institution's questionnaire carries an optional Welsh wording of each
// statement and of its free-text question: students reading in Welsh see
// it (and the English where a statement has none), the form shows it
// again for editing, a new version keeps it, and Welsh without English is
// refused at its field.
func TestInstrumentWelshWording(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	a := app.Client()
	a.SignIn(admin, testkit.DemoPassword)
	f := url.Values{"name": {"Travel pulse"}, "free_text_prompt": {"Anything else?"}, "free_text_prompt_cy": {"Unrhyw beth arall?"},
		"statement": {"I can get to campus easily.", "I have friends on my course."}, "statement_cy": {"Gallaf gyrraedd y campws yn hawdd.", ""},
		"dimension": {"peers", "peers"}, "optional": {"no", "no"}}
	resp := a.Post(paths.Instruments, f)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add questionnaire with Welsh = %d: %s", resp.StatusCode, testkit.FormErrors(resp))
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(resp.Header.Get("Location"), "/surveys/instruments/"), 10, 64)
	if err != nil {
		t.Fatalf("no questionnaire in Location %q", resp.Header.Get("Location"))
	}
	welshOf := func(instrument int64) string {
		return testkit.Scalar[string](t, app, `SELECT i.free_text_prompt_cy || '|' || string_agg(s.body_cy, '|' ORDER BY s.position)
			FROM survey_instruments i JOIN survey_statements s ON s.instrument_id = i.id WHERE i.id = $1 GROUP BY i.id`, instrument)
	}
	if diff := cmp.Diff("Unrhyw beth arall?|Gallaf gyrraedd y campws yn hawdd.|", welshOf(id)); diff != "" {
		t.Errorf("Welsh stored (-want +got):\n%s", diff)
	}
	show := a.Get(paths.Instrument(id)).Doc()
	if got := show.Find("[data-testid=statement-cy] [lang=cy]").Text(); got != "Gallaf gyrraedd y campws yn hawdd." {
		t.Errorf("questionnaire page: Welsh statement = %q", got)
	}

	d := app.Client()
	d.SignIn(director, testkit.DemoPassword)
	survey := idFrom(t, d.Post(fmt.Sprintf("/programmes/%d/surveys", programmeID(t, app, "C100")), url.Values{"title": {"Travel"},
		"instrument": {strconv.FormatInt(id, 10)}, "kind": {"single"}, "opens": {day(0)}, "closes": {day(3)}}))
	student := app.Client()
	student.Header = http.Header{"Accept-Language": {"cy"}}
	text := student.Get("/s/" + tokenOf(t, app, survey)).Doc().Find("main").Text()
	for _, want := range []string{"Gallaf gyrraedd y campws yn hawdd.", "I have friends on my course.", "Unrhyw beth arall?"} {
		if !strings.Contains(text, want) {
			t.Errorf("the survey read in Welsh does not say %q", want)
		}
	}
	if strings.Contains(text, "I can get to campus easily.") {
		t.Error("the survey read in Welsh shows the English of a statement that has Welsh")
	}
	respond(t, app, tokenOf(t, app, survey), 4, nil)

	// In use: the form shows the Welsh again, and saving makes a new
	// version that keeps it.
	edit := a.Get(paths.EditInstrument(id)).Doc()
	if got, _ := edit.Find("#statement-cy-1").Attr("value"); got != "Gallaf gyrraedd y campws yn hawdd." {
		t.Errorf("edit form: Welsh of statement 1 = %q", got)
	}
	if got, _ := edit.Find("#free_text_prompt_cy").Attr("lang"); got != "cy" {
		t.Errorf("edit form: the Welsh question's lang = %q, want cy", got)
	}
	f.Set("name", "Travel pulse 2")
	resp = a.Post(paths.Instrument(id), f)
	next, err := strconv.ParseInt(strings.TrimPrefix(resp.Header.Get("Location"), "/surveys/instruments/"), 10, 64)
	if resp.StatusCode != http.StatusSeeOther || err != nil || next == id {
		t.Fatalf("edit in use = %d, Location %q: want a new version", resp.StatusCode, resp.Header.Get("Location"))
	}
	if diff := cmp.Diff(welshOf(id), welshOf(next)); diff != "" {
		t.Errorf("new version's Welsh (-old +new):\n%s", diff)
	}

	// Welsh with no English beside it.
	bad := a.Post(paths.Instruments, url.Values{"name": {"Only Welsh"}, "free_text_prompt_cy": {"Unrhyw beth?"},
		"statement": {"", "I feel at home."}, "statement_cy": {"Rwy'n teimlo'n gartrefol.", ""}, "dimension": {"", ""}, "optional": {"no", "no"}})
	if bad.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("Welsh without English = %d, want 422", bad.StatusCode)
	}
	for _, field := range []string{"free_text_prompt_cy", "statement-cy-1"} {
		if bad.Doc().Find("#"+field+"-error").Length() != 1 || bad.Doc().Find(fmt.Sprintf("[data-testid=error-summary] a[href='#%s']", field)).Length() != 1 {
			t.Errorf("Welsh without English: no error at %s (%s)", field, testkit.FormErrors(bad))
		}
	}
}

// The built-in staff belonging questionnaire reads in Welsh.
func TestStaffQuestionnaireInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	dir := app.Client()
	dir.SignIn(director, testkit.DemoPassword)
	team := newStaffSurvey(t, app, dir, "Our team")
	c := app.Client()
	c.Header = http.Header{"Accept-Language": {"cy"}}
	text := c.Get("/s/" + tokenOf(t, app, team)).Doc().Find("main").Text()
	for _, want := range []string{"Rwy'n teimlo'n rhan o'r tîm sy'n addysgu'r rhaglen hon.", "Byddwn yn dweud wrth gydweithiwr fod hwn yn dîm da i ymuno ag ef.",
		"A oes unrhyw beth a fyddai'n eich helpu i deimlo'n fwy o ran o'r tîm hwn?"} {
		if !strings.Contains(text, want) {
			t.Errorf("the staff questionnaire in Welsh does not say %q", want)
		}
	}
	if strings.Contains(text, "I feel part of the team") {
		t.Error("the staff questionnaire in Welsh shows an English statement")
	}
}
