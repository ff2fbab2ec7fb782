package toc_test

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// line is one entry as a reader meets it: under which heading, what it
// says, and what leads to it or backs it.
type line struct{ Heading, Body, Detail string }

func words(s string) string { return strings.Join(strings.Fields(s), " ") }

// A director builds a theory of change with every part; the diagram says
// exactly what the table beside it says (both parsed from the page), the
// activity's free text follows the entries, and every write is audited.
func TestDiagramSaysWhatTheTableSays(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn("director@northbridge.ac.uk", testkit.DemoPassword)
	activity := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title = 'Pizza evenings for first years'`)
	toc := paths.TheoryOfChange(activity)

	// An empty form is refused, with an error at each field it needs.
	res := c.Post(toc, url.Values{})
	if res.StatusCode != 422 {
		t.Fatalf("POST %s empty = %d, want 422", toc, res.StatusCode)
	}
	var links []string
	res.Doc().Find(`[data-testid=error-summary] a`).Each(func(_ int, s *goquery.Selection) { links = append(links, s.AttrOr("href", "")) })
	if diff := cmp.Diff([]string{"#part", "#body"}, links); diff != "" {
		t.Errorf("error summary links (-want +got):\n%s", diff)
	}
	if res := c.Post(toc, url.Values{"part": {"outcome"}, "body": {"Students know three peers by name"}}); res.StatusCode != 422 {
		t.Errorf("POST an outcome without a term = %d, want 422", res.StatusCode)
	}

	add := func(part, term, body string) int64 {
		t.Helper()
		res := c.Post(toc, url.Values{"part": {part}, "term": {term}, "body": {body}})
		if res.StatusCode != 303 {
			t.Fatalf("POST %s %q = %d, want 303\n%s", part, body, res.StatusCode, res.Text())
		}
		return testkit.Scalar[int64](t, app, `SELECT max(id) FROM toc_entries WHERE activity_id = $1`, activity)
	}
	add("context", "", "Many first years commute and leave straight after lectures.")
	add("input", "", "Pizza for 60 (£150 a term)")
	add("input", "", "The student society's committee")
	tables := add("activity", "", "Fortnightly pizza evening with   mixed tables")
	quiz := add("activity", "", "A quiz run by second years")
	add("output", "", "Six evenings a year")
	peers := add("outcome", "short", "Students know three peers by name")
	add("outcome", "medium", "Students join a society")
	long := add("outcome", "long", "Students stay on into year 2, with a word longer than any box: antidisestablishmentarianism")
	add("impact", "", "Continuation rises for commuting students")
	add("mechanism", "", "Eating together lowers the stakes of talking")
	assumption := add("assumption", "", "Students will come back in the evening")

	for _, c2 := range []struct {
		entry int64
		form  url.Values
	}{
		{peers, url.Values{"body": {"Students know three peers by name"}, "term": {"short"}, "from": {strconv.FormatInt(tables, 10), strconv.FormatInt(quiz, 10)}}},
		{long, url.Values{"body": {"Students stay on into year 2, with a word longer than any box: antidisestablishmentarianism"}, "term": {"long"}, "from": {strconv.FormatInt(quiz, 10)}}},
		{assumption, url.Values{"body": {"Students will come back in the evening"}, "evidence_note": {"Last year 40 of 60 came to the first evening."}}},
	} {
		if res := c.Post(paths.TocEntry(activity, c2.entry), c2.form); res.StatusCode != 303 {
			t.Fatalf("POST %s = %d, want 303\n%s", paths.TocEntry(activity, c2.entry), res.StatusCode, res.Text())
		}
	}
	// Another activity's element cannot be linked.
	other := testkit.Scalar[int64](t, app, `
		INSERT INTO toc_entries (institution_id, activity_id, part, position, body)
		SELECT institution_id, id, 'activity', 1, 'Elsewhere' FROM activities WHERE title = 'Lunch club for commuting students' RETURNING id`)
	if res := c.Post(paths.TocEntry(activity, peers), url.Values{"body": {"x"}, "term": {"short"}, "from": {strconv.FormatInt(other, 10)}}); res.StatusCode != 422 {
		t.Errorf("POST linking another activity's element = %d, want 422", res.StatusCode)
	}

	res = c.Get(toc)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s = %d, want 200", toc, res.StatusCode)
	}
	doc := res.Doc()
	var table []line
	doc.Find(`[data-testid=toc-table] tbody tr`).Each(func(_ int, tr *goquery.Selection) {
		table = append(table, line{words(tr.Find("th").Text()), words(tr.Find("td").Eq(0).Text()), words(tr.Find("td").Eq(1).Text())})
	})

	svg := doc.Find(`svg[data-testid=toc-svg]`)
	if svg.AttrOr("role", "") != "img" {
		t.Errorf("svg role = %q, want img", svg.AttrOr("role", ""))
	}
	for _, id := range strings.Fields(svg.AttrOr("aria-labelledby", "")) {
		if words(svg.Find("#"+id).Text()) == "" {
			t.Errorf("svg labelled by #%s, which is missing or empty", id)
		}
	}
	// The SVG read as text: headings above columns (matched by x) and
	// above lists; each box's and item's lines; the lines drawn from
	// elements to outcomes.
	body := map[string]string{}
	svg.Find("g[data-entry]").Each(func(_ int, g *goquery.Selection) {
		body[g.AttrOr("data-entry", "")] = words(g.Find("text").First().Text())
	})
	from := map[string][]string{}
	svg.Find("path[data-from]").Each(func(_ int, p *goquery.Selection) {
		from[p.AttrOr("data-to", "")] = append(from[p.AttrOr("data-to", "")], body[p.AttrOr("data-from", "")])
	})
	columns := map[string]string{}
	var drawn []line
	heading := ""
	svg.Children().Each(func(_ int, s *goquery.Selection) {
		switch {
		case s.Is("text.toc-svg__head") && s.Find("tspan").Length() > 0:
			columns[s.AttrOr("x", "")] = words(s.Find("tspan").Text())
		case s.Is("text.toc-svg__head"):
			heading = words(s.Text())
		case s.Is("g.toc-svg__box"):
			id := s.AttrOr("data-entry", "")
			detail := ""
			if len(from[id]) > 0 {
				detail = "From: " + strings.Join(from[id], "; ")
			}
			drawn = append(drawn, line{columns[s.Find("rect").AttrOr("x", "")], body[id], detail})
		case s.Is("g.toc-svg__item"):
			drawn = append(drawn, line{heading, body[s.AttrOr("data-entry", "")], words(s.Find("text.toc-svg__detail").Text())})
		}
	})
	if len(table) != 12 {
		t.Errorf("table rows = %d, want 12 (one per entry)", len(table))
	}
	sortLines := func(l []line) {
		sort.Slice(l, func(i, j int) bool { return l[i].Heading+l[i].Body < l[j].Heading+l[j].Body })
	}
	sortLines(table)
	sortLines(drawn)
	if diff := cmp.Diff(table, drawn); diff != "" {
		t.Errorf("the diagram's text differs from the table's (-table +diagram):\n%s", diff)
	}

	// The activity's free text is the entries', one a line.
	got := testkit.Scalar[string](t, app, `SELECT toc_inputs || '|' || toc_activities || '|' || toc_outcomes FROM activities WHERE id = $1`, activity)
	want := "Pizza for 60 (£150 a term)\nThe student society's committee|Fortnightly pizza evening with mixed tables\nA quiz run by second years|" +
		"Students know three peers by name\nStudents join a society\nStudents stay on into year 2, with a word longer than any box: antidisestablishmentarianism"
	if got != want {
		t.Errorf("activity text = %q, want %q", got, want)
	}
	if n := testkit.Scalar[int64](t, app, `SELECT count(*) FROM audit_log WHERE entity = 'toc_entry'`); n != 15 {
		t.Errorf("audit rows for entries = %d, want 15 (12 added, 3 changed)", n)
	}

	// Removing an element removes its lines.
	if res := c.Post(paths.DeleteTocEntry(activity, quiz), nil); res.StatusCode != 303 {
		t.Fatalf("POST delete = %d, want 303", res.StatusCode)
	}
	if n := testkit.Scalar[int64](t, app, `SELECT count(*) FROM toc_links WHERE activity_id = $1`, activity); n != 1 {
		t.Errorf("links after removing an element = %d, want 1", n)
	}
}

// Text written to the activity (its form, the plan import) becomes
// entries, keeping the entries whose lines are still there with their
// terms and links.
func TestActivityTextKeepsEntries(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	activity := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title = 'Pizza evenings for first years'`)
	testkit.Exec(t, app, `UPDATE activities SET toc_activities = E'Pizza\nQuiz', toc_outcomes = E'Friends\nBelonging' WHERE id = $1`, activity)
	id := func(body string) int64 {
		return testkit.Scalar[int64](t, app, `SELECT id FROM toc_entries WHERE activity_id = $1 AND body = $2`, activity, body)
	}
	friends, quiz := id("Friends"), id("Quiz")
	testkit.Exec(t, app, `UPDATE toc_entries SET term = 'long' WHERE id = $1`, friends)
	testkit.Exec(t, app, `INSERT INTO toc_links (institution_id, activity_id, outcome_id, element_id)
		SELECT institution_id, activity_id, $1, $2 FROM toc_entries WHERE id = $1`, friends, quiz)

	// The outcomes reordered and one added; an element dropped.
	testkit.Exec(t, app, `UPDATE activities SET toc_activities = 'Quiz', toc_outcomes = E'Belonging\nConfidence\nFriends' WHERE id = $1`, activity)
	rows := testkit.Scalars[string](t, app, `SELECT body || ' ' || coalesce(term, '-') || ' ' || position FROM toc_entries
		WHERE activity_id = $1 AND part IN ('activity', 'outcome') ORDER BY part, position`, activity)
	want := []string{"Quiz - 1", "Belonging short 1", "Confidence short 2", "Friends long 3"}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("entries after the text changed (-want +got):\n%s", diff)
	}
	if got := id("Friends"); got != friends {
		t.Errorf("entry of the kept line = %d, want the same entry %d", got, friends)
	}
	if n := testkit.Scalar[int64](t, app, `SELECT count(*) FROM toc_links WHERE outcome_id = $1 AND element_id = $2`, friends, quiz); n != 1 {
		t.Errorf("links of the kept outcome = %d, want 1", n)
	}
	if got := testkit.Scalar[string](t, app, `SELECT toc_outcomes FROM activities WHERE id = $1`, activity); got != "Belonging\nConfidence\nFriends" {
		t.Errorf("toc_outcomes = %q, want the text as written", got)
	}
}
