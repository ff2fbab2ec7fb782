package evidence_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// Recording an outcome and adding evidence read in Welsh: the forms, the
// scales and choices they offer, every message of an empty form, and the
// flashes of saving and deleting.
func TestOutcomeAndEvidenceFormsInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(leader, testkit.DemoPassword)
	c.Header = http.Header{"Accept-Language": {"cy"}}
	act := coffee(t, app)
	text := func(r *testkit.Response) string {
		return strings.Join(strings.Fields(r.Doc().Find("body").Text()), " ")
	}

	for _, tc := range []struct {
		path string
		want []string
	}{
		{paths.NewOutcome(act), []string{"Cofnodi deilliant", "Myfyrwyr a ddaeth (dewisol)", "I ba raddau y cyflawnwyd y nodau? (dewisol)",
			"4 – Gan mwyaf", "Y gweithgaredd cyfan", "Cadw'r deilliant"}},
		{paths.NewEvidence(act), []string{"Ychwanegu tystiolaeth", "Cryfder y dystiolaeth", "Math 2", "Damcaniaeth newid a rhesymeg",
			"Manylion ar gyfer tystiolaeth Math 2 a Math 3", "Y dystiolaeth ei hun: dolen neu ffeil", "Cadw'r dystiolaeth"}},
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
		testkit.NoEnglishLeft(t, tc.path, page, "evidence")
	}

	for _, tc := range []struct {
		name string
		r    *testkit.Response
		want []string
	}{
		{"an empty outcome", c.Post(paths.Outcomes(act), url.Values{}), []string{"Rhowch ddyddiad y deilliant fel dyddiad go iawn, er enghraifft 5 Hydref 2026"}},
		{"empty evidence", post(t, c, paths.Evidence(act), url.Values{}, nil), []string{"Rhowch deitl i'r dystiolaeth", "Dewiswch y math o dystiolaeth o'r rhestr",
			"Dewiswch y math o dystiolaeth: 1, 2 neu 3", "Dewiswch ffeil neu rhowch ddolen"}},
		{"a text file that is not UTF-8", post(t, c, paths.Evidence(act), url.Values{"title": {"Nodiadau"}, "kind": {"other"}, "strength": {"1"}},
			&part{"file", "nodiadau.txt", []byte("caf\xe9 au lait\n")}), []string{"Nid yw'r ffeil destun hon yn UTF-8."}},
	} {
		if tc.r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("%s in Welsh = %d, want 422", tc.name, tc.r.StatusCode)
		}
		page := text(tc.r)
		for _, w := range tc.want {
			if !strings.Contains(page, w) {
				t.Errorf("%s in Welsh does not say %q", tc.name, w)
			}
		}
		testkit.NoEnglishLeft(t, tc.name, page, "evidence")
	}

	if r := c.Post(paths.Outcomes(act), url.Values{"outcome_date": {"2026-11-16"}, "attendance": {"30"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("record an outcome in Welsh = %d: %s", r.StatusCode, testkit.FormErrors(r))
	}
	if got := text(c.Get(paths.Activity(act))); !strings.Contains(got, "Cofnodwyd y deilliant.") {
		t.Errorf("the activity page after recording an outcome in Welsh does not say %q", "Cofnodwyd y deilliant.")
	}
	if r := post(t, c, paths.Evidence(act), url.Values{"title": {"Taflen bresenoldeb"}, "kind": {"attendance"}, "strength": {"1"},
		"link": {"https://intranet.example.ac.uk/presenoldeb"}}, nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("add evidence in Welsh = %d: %s", r.StatusCode, testkit.FormErrors(r))
	}
	if got := text(c.Get(paths.Activity(act))); !strings.Contains(got, "Ychwanegwyd y dystiolaeth \"Taflen bresenoldeb\".") {
		t.Errorf("the activity page after adding evidence in Welsh does not say it was added")
	}
	added := testkit.Scalar[int64](t, app, `SELECT id FROM evidence WHERE title = 'Taflen bresenoldeb'`)
	if r := c.Post(paths.DeleteEvidence(added), url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete evidence in Welsh = %d, want 303", r.StatusCode)
	}
	if got := text(c.Get(paths.Activity(act))); !strings.Contains(got, "Dilëwyd y dystiolaeth \"Taflen bresenoldeb\".") {
		t.Errorf("the activity page after deleting evidence in Welsh does not say it was deleted")
	}
}
