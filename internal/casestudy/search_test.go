package casestudy_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/PuerkitoBio/goquery"

	"belonging/internal/libsearch"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

// The library's test set: searches a coordinator might make of the demo
// library, each with the case study that should come first. A change to
// ranking, to the query's widening or to the demo library that moves one
// of them fails here.
func TestSearchFirstResults(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := signedIn(t, app, coordinator)
	const coffee = "Coffee mornings before the Monday lecture: belonging for commuter students"
	for _, tc := range []struct {
		name, q, want string
		// partial: no case study has every word, so the first result
		// is the first of those with some of them.
		partial bool
	}{
		{"quoted phrase", `"table-talk question"`, coffee, false},
		{"the issue's coffee and commuters", "coffee mornings commuters", coffee, false},
		{"a kind's name and a stage", "meet the researcher welcome week", "Meet the Researcher in welcome week: first-years in the lab on day two", false},
		{"US spelling (organize)", "organize videos chemistry", "Videos about the first week, made by Chemistry students", false},
		{"US term (semester)", "law semester skills strand", "Induction that does not stop: a Law skills strand through terms 1 and 2", false},
		{"synonym (orientation for welcome)", "orientation archive", "An archive treasure hunt in welcome week: new historians handle real sources", false},
		{"the word typed ranks above its synonyms", "induction", "Induction that does not stop: a Biosciences skills strand through terms 1 and 2", false},
		{"quoted phrase of a synonym group", `"live at home"`, "A Friday lunch table for Business students who live at home", false},
		{"three words, none with all of them", "program jargon glossary", "A glossary of Computing jargon, written with first years", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := c.Get(paths.LibrarySearch(url.Values{"q": {tc.q}})).Doc()
			all := doc.Find("[data-testid=results] .result__title")
			some := doc.Find("[data-testid=partial-results] .result__title")
			if tc.partial != (all.Length() == 0) {
				t.Fatalf("search %q found %d with every word, want partial = %v", tc.q, all.Length(), tc.partial)
			}
			first := all.First()
			if tc.partial {
				if heading := doc.Find("[data-testid=partial-heading]").Text(); heading != "Also matching some of your words" {
					t.Errorf("search %q: partial heading = %q", tc.q, heading)
				}
				first = some.First()
			}
			if got := strings.TrimSpace(first.Text()); got != tc.want {
				t.Errorf("first result for %q = %q, want %q", tc.q, got, tc.want)
			}
		})
	}
}

// When few case studies have every word, those with some of them follow
// under their own heading, without repeating the full matches; when
// enough have every word, they do not.
func TestSearchAlsoMatchingSomeWords(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := signedIn(t, app, coordinator)
	doc := c.Get(paths.LibrarySearch(url.Values{"q": {"coffee mornings commuters"}})).Doc()
	full := map[string]bool{}
	doc.Find("[data-testid=results] .result__title").Each(func(_ int, s *goquery.Selection) { full[strings.TrimSpace(s.Text())] = true })
	if len(full) == 0 || len(full) >= 5 {
		t.Fatalf("coffee mornings commuters: %d full matches, want between 1 and 4 for this test", len(full))
	}
	partial := doc.Find("[data-testid=partial-results] .result__title")
	if partial.Length() == 0 {
		t.Fatal("no partial matches under a handful of full ones")
	}
	partial.Each(func(_ int, s *goquery.Selection) {
		if title := strings.TrimSpace(s.Text()); full[title] {
			t.Errorf("%q is listed both as a full and a partial match", title)
		}
	})
	doc = c.Get(paths.LibrarySearch(url.Values{"q": {"mentor students"}})).Doc()
	if n := doc.Find("[data-testid=results] > li").Length(); n < 5 {
		t.Fatalf("mentor students: %d full matches, want 5 or more for this test", n)
	}
	if n := doc.Find("[data-testid=partial-results]").Length(); n != 0 {
		t.Error("partial matches shown though five or more case studies have every word")
	}
}

// Snippets are whole sentences: each starts with a capital letter, a
// digit or an ellipsis, never inside a sentence or a word.
func TestSnippetsStartAtSentences(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := signedIn(t, app, coordinator)
	for _, q := range []string{"commuters", "mentor", "coffee", "survey", "placement"} {
		doc := c.Get(paths.LibrarySearch(url.Values{"q": {q}})).Doc()
		doc.Find("[data-testid=snippet]").Each(func(i int, s *goquery.Selection) {
			text := strings.TrimSpace(s.Text())
			for _, part := range strings.Split(text, " … ") {
				r := []rune(strings.TrimPrefix(part, "… "))
				if len(r) == 0 || !(unicode.IsUpper(r[0]) || unicode.IsDigit(r[0]) || strings.HasPrefix(part, "… ")) {
					t.Errorf("search %q, result %d: snippet part %q does not start a sentence", q, i+1, part)
				}
			}
			if n := len([]rune(text)); n > 2*libsearch.SnippetLength {
				t.Errorf("search %q, result %d: snippet of %d characters", q, i+1, n)
			}
		})
	}
}

// A case study's page lists similar ones the reader may read, of the same
// kind first, never itself.
func TestSimilarCaseStudies(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	similarOf := func(c *testkit.Client, titleLike string) (self int64, ids []int64, kinds []string) {
		t.Helper()
		self = testkit.Scalar[int64](t, app, `SELECT case_study_id FROM case_study_publications WHERE title LIKE $1`, titleLike)
		title := testkit.Scalar[string](t, app, `SELECT title FROM case_study_publications WHERE case_study_id = $1`, self)
		c.Get(paths.CaseStudy(self, title)).Doc().Find("[data-testid=similar] a").Each(func(_ int, s *goquery.Selection) {
			href, _ := s.Attr("href")
			ref := strings.TrimPrefix(href, paths.CaseStudyByID(0)[:len(paths.CaseStudyByID(0))-1])
			digits, _, _ := strings.Cut(ref, "-")
			id, err := strconv.ParseInt(digits, 10, 64)
			if err != nil {
				t.Fatalf("similar link %q has no id", href)
			}
			ids = append(ids, id)
			kinds = append(kinds, s.Parent().Find(".muted").Text())
		})
		return self, ids, kinds
	}
	self, ids, kinds := similarOf(signedIn(t, app, coordinator), "Coffee mornings before the Monday%")
	if len(ids) != 3 {
		t.Fatalf("similar case studies = %d, want 3", len(ids))
	}
	for i, id := range ids {
		if id == self {
			t.Errorf("similar %d is the case study itself", i+1)
		}
		if !strings.Contains(kinds[i], "Social gathering") {
			t.Errorf("similar %d is %q, want another social gathering", i+1, kinds[i])
		}
	}
	// A reader who is not signed in sees only public ones.
	_, ids, _ = similarOf(app.Client(), "Meet the Researcher in welcome week%")
	if len(ids) == 0 {
		t.Fatal("a public case study shows no similar ones to a reader not signed in")
	}
	for _, id := range ids {
		if v := testkit.Scalar[string](t, app, `SELECT visibility FROM case_study_publications WHERE case_study_id = $1`, id); v != "public" {
			t.Errorf("a reader not signed in is shown case study %d, published to %s", id, v)
		}
	}
}

// A search is kept until the library changes: typed again it reads less
// than when the library had just changed, and a case study renamed or
// withdrawn shows in the same search at once.
func TestSearchKeptUntilTheLibraryChanges(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := signedIn(t, app, coordinator)
	const q = "coffee mornings commuters"
	search := func() (titles []string, trips int64) {
		t.Helper()
		before := app.Queries.RoundTrips()
		doc := c.Get(paths.LibrarySearch(url.Values{"q": {q}})).Doc()
		trips = app.Queries.RoundTrips() - before
		doc.Find("[data-testid=results] .result__title").Each(func(_ int, s *goquery.Selection) {
			titles = append(titles, strings.TrimSpace(s.Text()))
		})
		return titles, trips
	}
	first, _ := search()
	if len(first) == 0 {
		t.Fatalf("%q found nothing", q)
	}

	// Another case study, renamed to have every word, is found at once.
	const renamed = "Coffee mornings for commuters in the library"
	other := testkit.Scalar[int64](t, app, `SELECT case_study_id FROM case_study_publications
		WHERE visibility IN ('network', 'public') AND title <> ALL($1) ORDER BY case_study_id LIMIT 1`, first)
	testkit.Exec(t, app, `UPDATE case_study_publications SET title = $1 WHERE case_study_id = $2`, renamed, other)
	changed, changedTrips := search()
	if !slices.Contains(changed, renamed) {
		t.Fatalf("after a case study was renamed %q, the search found %q", renamed, changed)
	}
	again, againTrips := search()
	if !slices.Equal(again, changed) {
		t.Fatalf("typed again, %q found %q; just before %q", q, again, changed)
	}
	if againTrips >= changedTrips {
		t.Errorf("typed again, %q took %d round trips, as many as just after the library changed (%d): not kept", q, againTrips, changedTrips)
	}
	// One withdrawn from the network is gone at once.
	testkit.Exec(t, app, `DELETE FROM case_study_publications WHERE case_study_id = $1`, other)
	if got, _ := search(); slices.Contains(got, renamed) {
		t.Fatalf("after %q was withdrawn, the search still found it: %q", renamed, got)
	}

	// Each page of a kept search is its own, read again or not.
	titles := func(doc *goquery.Document) (out []string) {
		doc.Find("[data-testid=results] .result__title").Each(func(_ int, s *goquery.Selection) {
			out = append(out, strings.TrimSpace(s.Text()))
		})
		return out
	}
	pageOf := func(n string) []string {
		return titles(c.Get(paths.LibrarySearch(url.Values{"q": {"students"}, "page": {n}})).Doc())
	}
	one, two := pageOf("1"), pageOf("2")
	if len(two) == 0 || slices.Equal(one, two) {
		t.Fatalf("students: page 1 %q, page 2 %q: want two pages of different results", one, two)
	}
	if again := pageOf("2"); !slices.Equal(again, two) {
		t.Errorf("students, page 2 again: %q, first %q", again, two)
	}
	// The same search, kept, is drawn in each reader's language.
	anon := app.Client()
	anon.Header = http.Header{"Accept-Language": {"en"}}
	if body := anon.Get(paths.LibrarySearch(url.Values{"q": {q}})).Text(); !strings.Contains(body, "Kind of activity") {
		t.Fatal("the English search has no facet headed \"Kind of activity\"")
	}
	anon.Header = http.Header{"Accept-Language": {"cy"}}
	if body := anon.Get(paths.LibrarySearch(url.Values{"q": {q}})).Text(); !strings.Contains(body, "Math o weithgaredd") {
		t.Error("the same search read in Welsh has no facet headed \"Math o weithgaredd\": its facets were kept in English")
	}
}

// The library's list filtered by an evaluation code counts only the case
// studies whose activity carries it, even just after the unfiltered list
// was counted and kept: the kept counts are named by the code filter too.
func TestListFilteredByCodeCountsItsOwnCaseStudies(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := signedIn(t, app, director)
	all := resultCount(t, c, paths.Library)
	testkit.Exec(t, app, `DELETE FROM activity_codes`)
	testkit.Exec(t, app, `
		INSERT INTO activity_codes (institution_id, activity_id, code_id)
		SELECT a.institution_id, a.id, c.id FROM activities a
		JOIN evaluation_codes c ON c.institution_id = a.institution_id AND c.code = 'eorr-8'
		WHERE a.id = (SELECT cs.activity_id FROM case_studies cs JOIN case_study_publications p ON p.case_study_id = cs.id
			JOIN institutions i ON i.id = cs.institution_id WHERE i.slug = 'northbridge' ORDER BY cs.id LIMIT 1)`)
	want := testkit.Scalar[int64](t, app, `SELECT count(*) FROM case_studies cs JOIN case_study_publications p ON p.case_study_id = cs.id
		JOIN activity_codes ac ON ac.institution_id = cs.institution_id AND ac.activity_id = cs.activity_id`)
	if want != 1 || all <= 1 {
		t.Fatalf("fixture: %d coded case studies of %d listed, want 1 of more", want, all)
	}
	if got := resultCount(t, c, paths.Library+"?risk=eorr-8"); got != 1 {
		t.Errorf("the list filtered by a risk just after the whole list: %d case studies counted, want 1 (of %d)", got, all)
	}
}

// resultCount reads the number of case studies the library's page says
// it found.
func resultCount(t *testing.T, c *testkit.Client, path string) int {
	t.Helper()
	text := strings.TrimSpace(c.Get(path).Doc().Find("[data-testid=result-count]").Text())
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, strings.Fields(text + " ")[0])
	n, err := strconv.Atoi(digits)
	if err != nil {
		t.Fatalf("%s: result count %q has no number", path, text)
	}
	return n
}

// The library's list is kept until the library changes, as a search is:
// a change the library's version does not follow is not seen (the page
// comes from what was kept), and a case study renamed or withdrawn shows
// in it at once.
func TestListKeptUntilTheLibraryChanges(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := signedIn(t, app, coordinator)
	list := func() (titles []string) {
		t.Helper()
		c.Get(paths.Library).Doc().Find("[data-testid=results] .result__title").Each(func(_ int, s *goquery.Selection) {
			titles = append(titles, strings.TrimSpace(s.Text()))
		})
		return titles
	}
	first := list()
	if len(first) == 0 {
		t.Fatal("the library lists nothing")
	}
	newest := testkit.Scalar[int64](t, app, `SELECT case_study_id FROM case_study_publications
		WHERE visibility IN ('network', 'public') ORDER BY published_at DESC, case_study_id DESC LIMIT 1`)
	// Behind the version's back (its trigger off, in this test's own
	// database): the list read again is the one kept.
	testkit.Exec(t, app, `ALTER TABLE case_study_publications DISABLE TRIGGER case_study_publications_library_version`)
	testkit.Exec(t, app, `UPDATE case_study_publications SET title = 'Unseen' WHERE case_study_id = $1`, newest)
	testkit.Exec(t, app, `ALTER TABLE case_study_publications ENABLE TRIGGER case_study_publications_library_version`)
	if got := list(); !slices.Equal(got, first) {
		t.Fatalf("read again with the library's version unchanged, the list is %q; kept %q", got, first)
	}
	const renamed = "Peer mentors who were commuters themselves"
	testkit.Exec(t, app, `UPDATE case_study_publications SET title = $1 WHERE case_study_id = $2`, renamed, newest)
	if changed := list(); len(changed) == 0 || changed[0] != renamed {
		t.Fatalf("after the newest case study was renamed %q, the list starts %q", renamed, changed)
	}
	testkit.Exec(t, app, `DELETE FROM case_study_publications WHERE case_study_id = $1`, newest)
	if got := list(); slices.Contains(got, renamed) {
		t.Fatalf("after %q was withdrawn, the list still shows it: %q", renamed, got)
	}
	// The second page is its own.
	two := c.Get(paths.Library + "?page=2").Doc().Find("[data-testid=results] .result__title")
	if two.Length() == 0 || slices.Contains(first, strings.TrimSpace(two.First().Text())) {
		t.Errorf("the list's second page starts %q, on the first page too", strings.TrimSpace(two.First().Text()))
	}
}
