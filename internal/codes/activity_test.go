package codes_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

const director = "director@northbridge.ac.uk"

// A director codes an activity from its edit form: the kind's suggestion
// is marked but not chosen, the codes are saved in the vocabulary's
// order, audited with the activity's other changes, and shown on its page.
func TestCodesOnAnActivityAreSavedAuditedAndShown(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	id := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title = 'Pizza evenings for first years'`)
	exec(t, app, `DELETE FROM activity_codes WHERE activity_id = $1`, id)

	edit := c.Get(paths.EditActivity(id)).Doc()
	if got := edit.Find(`#code_type option[selected]:not([value=""])`).Text(); got != "" {
		t.Errorf("type selected on an uncoded activity's form = %q, want none (suggestions are never chosen)", got)
	}
	if got := edit.Find(`#code_type option[value="social-connection"]`).Text(); got != "Social connection (suggested)" {
		t.Errorf("the social kind's type option = %q, want it marked suggested", got)
	}
	vals := testkit.FormValues(edit.Find("form.activity-form"))
	vals.Set("code_type", "social-events")
	vals.Set("code_mode", "in-person")
	vals["code_risks"] = []string{"eorr-8", "eorr-7"}
	vals["code_outcomes"] = []string{"peer-connection"}
	vals["code_beneficiaries"] = []string{"commuters"}
	if resp := c.Post(paths.Activity(id), vals); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save with codes = %d, want 303: %s", resp.StatusCode, testkit.FormErrors(resp))
	}
	got := testkit.Scalars[string](t, app, `SELECT c.code FROM activity_codes ac JOIN evaluation_codes c ON c.id = ac.code_id
		WHERE ac.activity_id = $1 ORDER BY c.position`, id)
	if diff := cmp.Diff([]string{"social-events", "in-person", "commuters", "peer-connection", "eorr-7", "eorr-8"}, got); diff != "" {
		t.Errorf("codes saved (-want +got):\n%s", diff)
	}
	audited := testkit.Scalar[string](t, app, `SELECT changes->'codes'->>'after' FROM audit_log
		WHERE entity = 'activity' AND entity_id = $1 AND action = 'update' ORDER BY id DESC LIMIT 1`, id)
	if want := "social-events;in-person;commuters;peer-connection;eorr-7;eorr-8"; audited != want {
		t.Errorf("audited codes = %q, want %q", audited, want)
	}

	show := c.Get(paths.Activity(id)).Doc()
	if got := show.Find("[data-testid=code-type]").Text(); got != "Social connection: Informal social gatherings" {
		t.Errorf("type on the activity page = %q", got)
	}
	if got := show.Find("[data-testid=code-risks]").Text(); got != "Insufficient personal support; Mental health" {
		t.Errorf("risks on the activity page = %q", got)
	}
	if got := show.Find("[data-testid=evaluation-codes-block]").Text(); !strings.Contains(got, "Course peers a student could ask for help") {
		t.Errorf("the block lacks the outcome's suggested measures: %q", got)
	}

	// Clearing the codes is a change too.
	again := testkit.FormValues(c.Get(paths.EditActivity(id)).Doc().Find("form.activity-form"))
	for _, f := range []string{"code_type", "code_mode", "code_risks", "code_outcomes", "code_beneficiaries"} {
		again.Del(f)
	}
	if resp := c.Post(paths.Activity(id), again); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save without codes = %d, want 303: %s", resp.StatusCode, testkit.FormErrors(resp))
	}
	if n := testkit.Scalar[int64](t, app, `SELECT count(*) FROM activity_codes WHERE activity_id = $1`, id); n != 0 {
		t.Errorf("codes left after clearing = %d, want 0", n)
	}
}

// The codes are never demanded: an empty new-activity form names only the
// fields an activity needs. A code that is not offered is refused at its
// field, with nothing saved.
func TestCodesAreOptionalAndChecked(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	programme := testkit.Scalar[int64](t, app, `SELECT id FROM programmes WHERE code = 'C100'`)

	empty := c.Post(paths.Activities(programme), url.Values{})
	if empty.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("empty form = %d, want 422", empty.StatusCode)
	}
	for _, a := range empty.Doc().Find("[data-testid=error-summary] a").EachIter() {
		if href := a.AttrOr("href", ""); strings.HasPrefix(href, "#code_") {
			t.Errorf("empty form demands %s", href)
		}
	}

	form := testkit.FormValues(c.Get(paths.NewActivity(programme, 2026)).Doc().Find("form.activity-form"))
	form.Set("title", "Coded coffee")
	form.Set("kind", "social")
	form.Set("stage", "term_1")
	form.Set("placement", "curricular")
	form["dimensions"] = []string{"peers"}
	form.Set("code_type", "not-a-code")
	form["code_risks"] = []string{"eorr-3", "belonging"}
	before := testkit.Scalar[int64](t, app, `SELECT count(*) FROM activities`)
	resp := c.Post(paths.Activities(programme), form)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("unknown codes = %d, want 422", resp.StatusCode)
	}
	var fields []string
	for _, a := range resp.Doc().Find("[data-testid=error-summary] a").EachIter() {
		fields = append(fields, a.AttrOr("href", ""))
	}
	if diff := cmp.Diff([]string{"#code_type", "#code_risks"}, fields); diff != "" {
		t.Errorf("errors for unknown codes (-want +got):\n%s", diff)
	}
	if got := resp.Doc().Find(`#code_risks input[value="eorr-3"][checked]`).Length(); got != 1 {
		t.Errorf("the risk ticked is not kept on the re-rendered form")
	}
	if n := testkit.Scalar[int64](t, app, `SELECT count(*) FROM activities`); n != before {
		t.Errorf("activities after a refused form = %d, want %d", n, before)
	}

	form.Set("code_type", "social-connection")
	form["code_risks"] = []string{"eorr-3"}
	if resp := c.Post(paths.Activities(programme), form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("new activity with codes = %d, want 303: %s", resp.StatusCode, testkit.FormErrors(resp))
	}
	got := testkit.Scalars[string](t, app, `SELECT c.code FROM activity_codes ac JOIN evaluation_codes c ON c.id = ac.code_id
		JOIN activities a ON a.id = ac.activity_id WHERE a.title = 'Coded coffee' ORDER BY c.position`)
	if diff := cmp.Diff([]string{"social-connection", "eorr-3"}, got); diff != "" {
		t.Errorf("codes of the new activity (-want +got):\n%s", diff)
	}
}
