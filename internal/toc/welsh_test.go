package toc_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// TestTheoryOfChangeInWelsh builds a theory of change in Welsh: an empty
// entry is refused in Welsh, the page, its diagram and the change form
// read in Welsh, and the context is still drawn across the top of the
// diagram, found by its part and not by its English heading.
func TestTheoryOfChangeInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn("director@northbridge.ac.uk", testkit.DemoPassword)
	c.Header = http.Header{"Accept-Language": {"cy"}}
	activity := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title = 'Pizza evenings for first years'`)
	toc := paths.TheoryOfChange(activity)

	check := func(name string, resp *testkit.Response, status int, want ...string) string {
		t.Helper()
		if resp.StatusCode != status {
			t.Fatalf("%s in Welsh = %d, want %d", name, resp.StatusCode, status)
		}
		text := words(resp.Doc().Find("main").Text())
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s in Welsh does not say %q", name, w)
			}
		}
		testkit.NoEnglishLeft(t, name, text, "toc")
		return text
	}
	check("an empty entry", c.Post(toc, url.Values{}), http.StatusUnprocessableEntity,
		"Mae problem wedi codi", "Dewiswch pa ran o'r ddamcaniaeth newid yw hon", "Rhowch beth mae'r cofnod yn ei ddweud")
	for _, e := range []url.Values{
		{"part": {"outcome"}, "term": {"short"}, "body": {"Students know three peers by name"}},
		{"part": {"context"}, "body": {"Many first years commute."}},
		{"part": {"assumption"}, "body": {"Students will come back in the evening"}},
	} {
		if resp := c.Post(toc, e); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("add %v = %d, want 303", e, resp.StatusCode)
		}
	}
	resp := c.Get(toc)
	check("the theory of change", resp, http.StatusOK, "Ychwanegwyd at y ddamcaniaeth newid: Rhagdybiaeth", "Damcaniaeth newid",
		"Mewn geiriau", "Deilliannau, tymor byr", "Ychwanegu cofnod", "Beth mae pob rhan yn ei olygu")
	svg := resp.Doc().Find("[data-testid=toc-svg]")
	if got := svg.Find("desc").Text(); !strings.Contains(got, "Y ddamcaniaeth newid o fewnbynnau i effaith") {
		t.Errorf("the diagram's description in Welsh = %q", got)
	}
	if got := words(svg.Find("text.toc-svg__head").First().Text()); got != "Cyd-destun" {
		t.Errorf("the diagram's first heading in Welsh = %q, want the context (Cyd-destun) across the top", got)
	}
	outcome := testkit.Scalar[int64](t, app, `SELECT id FROM toc_entries WHERE activity_id = $1 AND part = 'outcome'`, activity)
	check("changing an outcome", c.Get(paths.TocEntry(activity, outcome)), http.StatusOK, "Newid deilliant", "Cadw'r cofnod", "Tynnu'r cofnod hwn")
}
