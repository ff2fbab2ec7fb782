package casestudy_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"belonging/internal/seed"
	"belonging/internal/store"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

func TestMain(m *testing.M) { testkit.Main(m) }

const (
	leader      = "leader@northbridge.ac.uk"
	director    = "director@northbridge.ac.uk"
	coordinator = "coordinator@belonging.network"
	otherStaff  = "director@eastmere.ac.uk"
)

func signedIn(t *testing.T, app *testkit.App, email string) *testkit.Client {
	c := app.Client()
	c.SignIn(email, testkit.DemoPassword)
	return c
}

// writeCaseStudy writes a case study from the current coffee-morning
// activity as the module leader, from the pre-filled form, and returns its id.
func writeCaseStudy(t *testing.T, app *testkit.App, c *testkit.Client, title string) int64 {
	t.Helper()
	act := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title LIKE 'Coffee mornings%' AND academic_year = $1`, seed.CurrentYear())
	form := testkit.FormValues(c.Get(paths.NewCaseStudy(act)).Doc().Find("form.activity-form"))
	if form.Get("kind") != "social" || !strings.Contains(form.Get("what_we_did"), "sessions between") {
		t.Fatalf("the form was not pre-filled from the activity: %v", form)
	}
	form.Set("title", title)
	resp := c.Post(paths.ActivityCaseStudies(act), form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create case study = %d: %s", resp.StatusCode, testkit.FormErrors(resp))
	}
	return testkit.Scalar[int64](t, app, `SELECT id FROM case_studies WHERE title = $1`, title)
}

func TestApprovalFlowAndVisibility(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	author, approver := signedIn(t, app, leader), signedIn(t, app, director)
	coord, other, anon := signedIn(t, app, coordinator), signedIn(t, app, otherStaff), app.Client()
	id := writeCaseStudy(t, app, author, "Coffee mornings and commuter belonging")
	path := fmt.Sprintf("/case-studies/%d", id)

	status := func(c *testkit.Client) int { return c.Get(path).StatusCode }
	expect := func(stage string, want map[string]int) {
		t.Helper()
		for who, c := range map[string]*testkit.Client{"author": author, "coordinator": coord, "other institution": other, "anonymous": anon} {
			if got := status(c); got != want[who] {
				t.Errorf("%s: %s reading = %d, want %d", stage, who, got, want[who])
			}
		}
	}
	expect("draft", map[string]int{"author": 200, "coordinator": 404, "other institution": 404, "anonymous": 404})

	if resp := author.Post(path+"/publish", url.Values{"visibility": {"institution"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish to institution = %d", resp.StatusCode)
	}
	expect("institution", map[string]int{"author": 200, "coordinator": 404, "other institution": 404, "anonymous": 404})
	if got := status(signedIn(t, app, "viewer@northbridge.ac.uk")); got != 200 {
		t.Errorf("a colleague reading the institution's case study = %d, want 200", got)
	}

	// The author asks for the network; nothing changes for readers yet.
	author.Post(path+"/publish", url.Values{"visibility": {"network"}})
	if got := author.Get(path + "?draft=1").Doc().Find("[data-testid=review-state]").Text(); !strings.Contains(got, "Waiting for approval") {
		t.Errorf("review state = %q", got)
	}
	expect("pending", map[string]int{"author": 200, "coordinator": 404, "other institution": 404, "anonymous": 404})
	if resp := author.Post(path+"/review", url.Values{"decision": {"approve"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("the author approving their own request = %d, want 403", resp.StatusCode)
	}

	// Changes first, with a comment the author sees.
	if resp := approver.Post(path+"/review", url.Values{"decision": {"changes"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("asking for changes without a comment = %d, want 422", resp.StatusCode)
	}
	// The reviewer's form carries the version of the draft they read.
	reviewForm := func(decision, comment string) url.Values {
		t.Helper()
		form := testkit.FormValues(approver.Get(path + "?draft=1").Doc().Find("section.review form"))
		form.Set("decision", decision)
		form.Set("comment", comment)
		return form
	}
	if resp := approver.Post(path+"/review", reviewForm("changes", "Please add the attendance figures.")); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("ask for changes = %d", resp.StatusCode)
	}
	page := author.Get(path + "?draft=1").Doc()
	if got := page.Find("[data-testid=review-comment]").Text(); got != "Please add the attendance figures." {
		t.Errorf("the author sees comment %q", got)
	}
	author.Post(path+"/publish", url.Values{"visibility": {"network"}})
	if resp := approver.Post(path+"/review", reviewForm("approve", "Good to share.")); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve = %d", resp.StatusCode)
	}
	expect("network", map[string]int{"author": 200, "coordinator": 200, "other institution": 200, "anonymous": 404})

	// A new draft leaves the published version in place.
	form := testkit.FormValues(author.Get(paths.EditCaseStudy(id)).Doc().Find("form.activity-form"))
	form.Set("title", "A new title in the draft")
	if resp := author.Post(paths.CaseStudyByID(id), form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit draft = %d: %s", resp.StatusCode, testkit.FormErrors(resp))
	}
	if got := coord.Get(path).Doc().Find("h1").Text(); got != "Coffee mornings and commuter belonging" {
		t.Errorf("readers see %q while the draft is edited, want the published title", got)
	}
	if got := author.Get(path + "?draft=1").Doc().Find("h1").Text(); got != "A new title in the draft" {
		t.Errorf("the author's draft shows %q", got)
	}
}

func TestSearchRankingFacetsAndSnippets(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := signedIn(t, app, coordinator)

	// "archive" is in one title and in the body of none; "treasure" too. A
	// title match must outrank body matches.
	doc := c.Get("/library?q=" + url.QueryEscape("lecture")).Doc()
	first := strings.TrimSpace(doc.Find("[data-testid=results] .result__title").First().Text())
	if !strings.Contains(strings.ToLower(first), "lecture") {
		t.Errorf("first result for 'lecture' = %q, want a title match first", first)
	}
	var titleRank, bodyRank int
	doc.Find("[data-testid=results] .result__title").Each(func(i int, s *goquery.Selection) {
		title := strings.ToLower(s.Text())
		if strings.Contains(title, "lecture") && titleRank == 0 {
			titleRank = i + 1
		}
		if !strings.Contains(title, "lecture") && bodyRank == 0 {
			bodyRank = i + 1
		}
	})
	if titleRank == 0 || (bodyRank != 0 && bodyRank < titleRank) {
		t.Errorf("a body match (%d) ranks above the title matches (%d)", bodyRank, titleRank)
	}
	if html, _ := doc.Find("[data-testid=snippet] mark").First().Html(); !strings.EqualFold(html, "lecture") && !strings.EqualFold(html, "lectures") {
		t.Errorf("snippet highlight = %q, want the matched word marked", html)
	}

	// Facet counts add up to the number of results, for every facet with
	// one value per case study.
	doc = c.Get("/library?q=" + url.QueryEscape("students") + "&kind=social").Doc()
	total := countOf(doc.Find("[data-testid=result-count]").Text())
	if total == 0 {
		t.Fatal("no results for students in social gatherings")
	}
	for _, facet := range []string{"kind", "stage", "placement", "strength", "institution", "year"} {
		sum := 0
		doc.Find(fmt.Sprintf("input[name=%s]", facet)).Each(func(_ int, s *goquery.Selection) {
			sum += countOf(s.Parent().Find(".facet__count").Text())
		})
		if sum != total {
			t.Errorf("facet %s counts add to %d, want the %d results", facet, sum, total)
		}
	}
	if n := doc.Find("[data-testid=results] > li").Length(); n != min(total, 20) {
		t.Errorf("page shows %d results, want %d", n, min(total, 20))
	}
}

func countOf(s string) int {
	n, _ := strconv.Atoi(strings.Fields(strings.Trim(s, "() "))[0])
	return n
}

// Odd searches get results or a clear "no results", never an error.
func TestSearchBadInput(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	for name, q := range map[string]string{
		"empty":             "",
		"stop words":        "the and of",
		"10,000 characters": strings.Repeat("belonging ", 1000),
		"unbalanced quotes": `"coffee morning`,
		"SQL-looking":       `'; DROP TABLE case_studies; --`,
		"operators only":    `- OR "" ( ) & | !`,
		"unicode":           "café ☕ 学生",
	} {
		resp := c.Get("/library?q=" + url.QueryEscape(q))
		if resp.StatusCode != 200 {
			t.Errorf("%s: status %d, want 200", name, resp.StatusCode)
			continue
		}
		count := resp.Doc().Find("[data-testid=result-count]").Text()
		if count == "" {
			t.Errorf("%s: no result count", name)
		}
	}
	if got := c.Get("/library?q=the+and+of").Doc().Find(".empty-state").Text(); !strings.Contains(got, "very common words") {
		t.Errorf("stop-word search says %q", got)
	}
	newest := c.Get("/library").Doc().Find("[data-testid=results] > li").Length()
	if newest == 0 {
		t.Error("an empty search lists nothing; want newest first")
	}
	// An unknown facet value is ignored; the rest of the filters stay.
	withKind := c.Get("/library?kind=social").Doc().Find("[data-testid=result-count]").Text()
	withJunk := c.Get("/library?kind=social&stage=nonsense&strength=9&year=abc").Doc().Find("[data-testid=result-count]").Text()
	if withKind != withJunk {
		t.Errorf("unknown facet values changed the results: %q vs %q", withKind, withJunk)
	}
	if n := testkit.Scalar[int](t, app, "SELECT count(*) FROM case_studies"); n == 0 {
		t.Error("the case studies are gone")
	}
}

func TestAtomFeed(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	type feed struct {
		Entries []struct {
			Title string `xml:"title"`
			Link  struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	read := func(c *testkit.Client) feed {
		resp := c.Get("/library/feed.atom")
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/atom+xml") {
			t.Fatalf("feed content type %q", resp.Header.Get("Content-Type"))
		}
		var f feed
		if err := xml.Unmarshal(resp.Body, &f); err != nil {
			t.Fatalf("parse feed: %v", err)
		}
		return f
	}
	public := testkit.Scalar[int](t, app, `SELECT count(*) FROM case_study_publications WHERE visibility = 'public'`)
	shared := testkit.Scalar[int](t, app, `SELECT count(*) FROM case_study_publications WHERE visibility IN ('public', 'network')`)
	if got := len(read(app.Client()).Entries); got != min(public, 50) {
		t.Errorf("anonymous feed has %d entries, want the %d public ones", got, public)
	}
	if got := len(read(signedIn(t, app, coordinator)).Entries); got != min(shared, 50) {
		t.Errorf("signed-in feed has %d entries, want %d network and public", got, min(shared, 50))
	}
}

func TestPublicPageHasOpenGraph(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	id := testkit.Scalar[int64](t, app, `SELECT case_study_id FROM case_study_publications WHERE visibility = 'public' AND title LIKE 'Meet the Researcher%'`)
	resp := app.Client().Get(fmt.Sprintf("/case-studies/%d-meet-the-researcher", id))
	if resp.StatusCode != 200 {
		t.Fatalf("public page = %d", resp.StatusCode)
	}
	doc := resp.Doc()
	for _, p := range []string{"og:title", "og:description", "og:url", "og:type"} {
		if v, ok := doc.Find(fmt.Sprintf(`meta[property="%s"]`, p)).Attr("content"); !ok || v == "" {
			t.Errorf("no %s", p)
		}
	}
	network := testkit.Scalar[int64](t, app, `SELECT case_study_id FROM case_study_publications WHERE visibility = 'network' LIMIT 1`)
	if resp := app.Client().Get(fmt.Sprintf("/case-studies/%d", network)); resp.StatusCode != 404 {
		t.Errorf("a network case study read anonymously = %d, want 404", resp.StatusCode)
	}
}

func TestCollectionsAndBookmarks(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	coord := signedIn(t, app, coordinator)
	staff := signedIn(t, app, director)
	if resp := signedIn(t, app, "viewer@northbridge.ac.uk").Post("/collections", url.Values{"title": {"Mine"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a viewer starting a collection = %d, want 403: coordinators and programme teams keep them", resp.StatusCode)
	}
	if resp := coord.Post("/collections", url.Values{"title": {""}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("collection without a title = %d, want 422", resp.StatusCode)
	}
	resp := coord.Post("/collections", url.Values{"title": {"Belonging in the first weeks"}, "description": {"Welcome week ideas"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create collection = %d", resp.StatusCode)
	}
	col := testkit.Scalar[int64](t, app, `SELECT id FROM collections WHERE title = 'Belonging in the first weeks'`)
	rows, err := app.Pool.Query(context.Background(), `SELECT case_study_id FROM case_study_publications WHERE visibility IN ('network','public') ORDER BY case_study_id LIMIT 3`)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil || len(ids) != 3 {
		t.Fatalf("shared case studies = %v (%v), want 3", ids, err)
	}
	for i, id := range ids {
		if resp := coord.Post("/collections/items", url.Values{"collection": {strconv.FormatInt(col, 10)}, "case_study": {strconv.FormatInt(id, 10)},
			"note": {fmt.Sprintf("Note %d", i)}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("add %d = %d", id, resp.StatusCode)
		}
	}
	order := func(c *testkit.Client) []string {
		var out []string
		c.Get(fmt.Sprintf("/collections/%d", col)).Doc().Find("[data-testid=collection] .result__title").Each(func(_ int, s *goquery.Selection) {
			out = append(out, strings.TrimSpace(s.Text()))
		})
		return out
	}
	before := order(coord)
	coord.Post(fmt.Sprintf("/collections/%d/items/%d/move", col, ids[2]), url.Values{"direction": {"up"}})
	after := order(coord)
	if len(after) != 3 || after[1] != before[2] || after[2] != before[1] {
		t.Errorf("after moving the last up: %v (was %v)", after, before)
	}
	// Not shared yet: other readers cannot see it.
	if resp := staff.Get(fmt.Sprintf("/collections/%d", col)); resp.StatusCode != 404 {
		t.Errorf("unshared collection read by another = %d, want 404", resp.StatusCode)
	}
	coord.Post(fmt.Sprintf("/collections/%d", col), url.Values{"title": {"Belonging in the first weeks"}, "shared": {"on"}})
	if got := order(staff); len(got) != 3 {
		t.Errorf("shared collection shows %d items to a signed-in reader, want 3", len(got))
	}
	if resp := staff.Post(fmt.Sprintf("/collections/%d/items/%d/remove", col, ids[0]), nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("another person removing an item = %d, want 403", resp.StatusCode)
	}

	// Bookmarks.
	staff.Post(fmt.Sprintf("/case-studies/%d/bookmark", ids[0]), nil)
	if n := staff.Get("/bookmarks").Doc().Find("[data-testid=bookmarks] > li").Length(); n != 1 {
		t.Errorf("bookmarks = %d, want 1", n)
	}
	staff.Post(fmt.Sprintf("/case-studies/%d/bookmark", ids[0]), nil)
	if n := staff.Get("/bookmarks").Doc().Find("[data-testid=bookmarks] > li").Length(); n != 0 {
		t.Errorf("bookmarks after removing = %d, want 0", n)
	}
	draft := testkit.Scalar[int64](t, app, `SELECT id FROM case_studies WHERE id NOT IN (SELECT case_study_id FROM case_study_publications) LIMIT 1`)
	if resp := coord.Post(fmt.Sprintf("/case-studies/%d/bookmark", draft), nil); resp.StatusCode != 404 {
		t.Errorf("bookmarking a draft of another institution = %d, want 404", resp.StatusCode)
	}
}

// A search matching more than store.CountCap case studies says "More than
// 200", offers the filters without counts, pages through the ranked
// candidates, and always considers the newest publication.
func TestBroadSearchIsBounded(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	// Copies of one network case study, each mentioning "quokka", one a
	// day; the newest is the one copied last.
	testkit.PublishCopies(t, app.Pool, store.CountCap+40, "Quokka walk", " The quokka came too.")
	c := signedIn(t, app, coordinator)
	doc := c.Get("/library?q=quokka").Doc()
	if got := strings.TrimSpace(doc.Find("[data-testid=result-count]").Text()); got != "More than 200 case studies" {
		t.Errorf("result count = %q, want %q", got, "More than 200 case studies")
	}
	if doc.Find("input[name=kind]").Length() == 0 || doc.Find(".facet__count").Length() != 0 {
		t.Errorf("want the filters offered without counts: %d kind options, %d counts",
			doc.Find("input[name=kind]").Length(), doc.Find(".facet__count").Length())
	}
	var titles []string
	for page := 1; page < 60; page++ {
		d := c.Get(fmt.Sprintf("/library?q=quokka&page=%d", page)).Doc()
		n := 0
		d.Find("[data-testid=results] .result__title").Each(func(_ int, s *goquery.Selection) {
			titles = append(titles, strings.TrimSpace(s.Text()))
			n++
		})
		if n < 20 {
			if !strings.Contains(d.Text(), "Add words or filters") {
				t.Error("the last ranked page does not say how to narrow the search")
			}
			break
		}
	}
	if len(titles) < store.Candidates || len(titles) > store.CountCap+1+store.Candidates {
		t.Errorf("paged through %d results, want between %d and %d", len(titles), store.Candidates, store.CountCap+1+store.Candidates)
	}
	if !slices.Contains(titles, fmt.Sprintf("Quokka walk %d", store.CountCap+40)) {
		t.Error("the newest matching case study is not among the ranked results")
	}
	seen := map[string]bool{}
	for _, title := range titles {
		if seen[title] {
			t.Errorf("%q appears twice", title)
		}
		seen[title] = true
	}
	// Ordered by newest, every match is reachable.
	doc = c.Get("/library?q=quokka&sort=newest").Doc()
	if first := strings.TrimSpace(doc.Find("[data-testid=results] .result__title").First().Text()); first != fmt.Sprintf("Quokka walk %d", store.CountCap+40) {
		t.Errorf("newest first = %q", first)
	}
}

// The error summary lists a draft's problems in the order of the fields on
// the page, every time.
func TestDraftErrorsInPageOrder(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := signedIn(t, app, leader)
	act := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title LIKE 'Coffee mornings%' AND academic_year = $1`, seed.CurrentYear())
	bad := url.Values{"title": {""}, "summary": {strings.Repeat("s", 2001)}, "kind": {"nonsense"}, "stage": {"nonsense"},
		"placement": {"nonsense"}, "dimensions": {"nonsense"}}
	for _, f := range []string{"institution_type", "discipline", "cohort"} {
		bad.Set(f, strings.Repeat("c", 201))
	}
	for _, f := range []string{"context", "what_we_did", "partnership", "inclusivity", "impact", "lessons", "advice", "cost_effort"} {
		bad.Set(f, strings.Repeat("w", 20001))
	}
	path := fmt.Sprintf("/activities/%d/case-studies", act)
	for try := range 10 {
		resp := c.Post(path, bad)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("POST %s with every field wrong = %d, want 422", path, resp.StatusCode)
		}
		summary, onPage := errorOrder(resp)
		if len(onPage) != 17 {
			t.Fatalf("fields showing an error = %v, want all 17", onPage)
		}
		if diff := cmp.Diff(onPage, summary); diff != "" {
			t.Fatalf("try %d: error summary order (-page +summary):\n%s", try, diff)
		}
	}
}

// errorOrder returns the fields the error summary links to and the fields
// showing an error, each in the order they come in the page.
func errorOrder(resp *testkit.Response) (summary, onPage []string) {
	doc := resp.Doc()
	doc.Find("[data-testid=error-summary] a").Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Attr("href")
		summary = append(summary, strings.TrimPrefix(href, "#"))
	})
	doc.Find(".field__error").Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Attr("id")
		onPage = append(onPage, strings.TrimSuffix(id, "-error"))
	})
	return summary, onPage
}

// A draft's changes are posted to the case study's own address, as every
// record's are; the old addresses of the form and of its posts redirect
// there, so a bookmark, or a page left open during an upgrade, still works.
func TestMovedAddresses(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	author := signedIn(t, app, leader)
	id := writeCaseStudy(t, app, author, "Coffee mornings, moved")
	act := testkit.Scalar[int64](t, app, `SELECT activity_id FROM case_studies WHERE id = $1`, id)

	old := fmt.Sprintf("/activities/%d/case-study/new", act)
	resp := author.Get(old)
	if got, want := resp.StatusCode, http.StatusMovedPermanently; got != want {
		t.Errorf("GET %s = %d, want %d", old, got, want)
	}
	if got, want := resp.Header.Get("Location"), paths.NewCaseStudy(act); got != want {
		t.Errorf("GET %s: Location = %q, want %q", old, got, want)
	}

	edit := author.Get(paths.EditCaseStudy(id)).Doc().Find("form.activity-form")
	if got, want := edit.AttrOr("action", ""), paths.CaseStudyByID(id); got != want {
		t.Errorf("the draft's form posts to %q, want %q", got, want)
	}
	form := testkit.FormValues(edit)
	form.Set("title", "Coffee mornings, moved again")
	oldPost := paths.CaseStudyByID(id) + "/edit"
	resp = author.Post(oldPost, form)
	if got, want := resp.StatusCode, http.StatusPermanentRedirect; got != want {
		t.Fatalf("POST %s = %d, want %d", oldPost, got, want)
	}
	if got, want := resp.Header.Get("Location"), paths.CaseStudyByID(id); got != want {
		t.Errorf("POST %s: Location = %q, want %q", oldPost, got, want)
	}
	if got, want := testkit.Scalar[string](t, app, `SELECT title FROM case_studies WHERE id = $1`, id), "Coffee mornings, moved"; got != want {
		t.Errorf("after the redirect alone, title = %q, want %q (unchanged)", got, want)
	}
	// A browser repeats the post, with its body, at the new address.
	if resp := author.Post(resp.Header.Get("Location"), form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST %s = %d, want 303: %s", paths.CaseStudyByID(id), resp.StatusCode, testkit.FormErrors(resp))
	}
	if got, want := testkit.Scalar[string](t, app, `SELECT title FROM case_studies WHERE id = $1`, id), "Coffee mornings, moved again"; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
}

// A request waiting for review reads as a sentence: "the network", not
// "The network".
func TestReviewStateReadsAsASentence(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := signedIn(t, app, director)
	id := testkit.Scalar[int64](t, app, `SELECT id FROM case_studies WHERE title = 'Extended induction: the same tutor all year'`)
	doc := c.Get(paths.CaseStudyDraft(id, "")).Doc()
	if got := strings.TrimSpace(doc.Find("[data-testid=review-state]").Text()); got != "Waiting for approval to share with the network" {
		t.Errorf("review state = %q, want %q", got, "Waiting for approval to share with the network")
	}
	if got := strings.TrimSpace(doc.Find("#review-title").Text()); got != "Review the request to share with the network" {
		t.Errorf("review heading = %q", got)
	}
}

// pendingReview writes a case study as the module leader and asks to share
// it with the network; it returns the case study and the director's review
// form as the director's page holds it.
func pendingReview(t *testing.T, app *testkit.App, author, approver *testkit.Client, title string) (int64, url.Values) {
	t.Helper()
	id := writeCaseStudy(t, app, author, title)
	if resp := author.Post(paths.PublishCaseStudy(id), url.Values{"visibility": {"network"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("ask to share with the network = %d", resp.StatusCode)
	}
	form := testkit.FormValues(approver.Get(paths.CaseStudyDraft(id, title)).Doc().Find("section.review form"))
	if form.Get("version") == "" {
		t.Fatalf("the review form carries no version of the draft: %v", form)
	}
	return id, form
}

// TestReviewApprovesWhatWasRead: an approval publishes exactly the version
// the reviewer opened; an edit made meanwhile is refused with 409 and
// nothing is published.
func TestReviewApprovesWhatWasRead(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	author, approver := signedIn(t, app, leader), signedIn(t, app, director)
	id, review := pendingReview(t, app, author, approver, "Coffee mornings, as first written")

	edit := testkit.FormValues(author.Get(paths.EditCaseStudy(id)).Doc().Find("form.activity-form"))
	edit.Set("title", "Coffee mornings, changed after the review opened")
	if resp := author.Post(paths.CaseStudyByID(id), edit); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit the draft = %d: %s", resp.StatusCode, testkit.FormErrors(resp))
	}

	review.Set("decision", "approve")
	if resp := approver.Post(paths.ReviewCaseStudy(id), review); resp.StatusCode != http.StatusConflict {
		t.Errorf("approving a draft that changed since it was opened = %d, want 409", resp.StatusCode)
	}
	if n := testkit.Scalar[int64](t, app, `SELECT count(*) FROM case_study_publications WHERE case_study_id = $1`, id); n != 0 {
		t.Errorf("publications after a refused approval = %d, want 0", n)
	}
	if got := testkit.Scalar[string](t, app, `SELECT review_state FROM case_studies WHERE id = $1`, id); got != "pending" {
		t.Errorf("review state after a refused approval = %q, want pending", got)
	}

	// Read again, then approve: what is published is what was read.
	review = testkit.FormValues(approver.Get(paths.CaseStudyDraft(id, "")).Doc().Find("section.review form"))
	review.Set("decision", "approve")
	if resp := approver.Post(paths.ReviewCaseStudy(id), review); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve the draft as read = %d", resp.StatusCode)
	}
	if got := testkit.Scalar[string](t, app, `SELECT title FROM case_study_publications WHERE case_study_id = $1`, id); got != "Coffee mornings, changed after the review opened" {
		t.Errorf("published title = %q, want the version read", got)
	}
}

// TestConcurrentApprovalsDecideOnce: ten approvals sent at once decide the
// request once, with one audit entry.
func TestConcurrentApprovalsDecideOnce(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	author, approver := signedIn(t, app, leader), signedIn(t, app, director)
	id, review := pendingReview(t, app, author, approver, "Coffee mornings, approved once")
	review.Set("decision", "approve")

	var wg sync.WaitGroup
	statuses := make([]int, 10)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = approver.Post(paths.ReviewCaseStudy(id), review).StatusCode
		}()
	}
	wg.Wait()
	for i, s := range statuses {
		if s != http.StatusSeeOther && s != http.StatusConflict {
			t.Errorf("approval %d = %d, want 303 or 409", i, s)
		}
	}
	if n := testkit.Scalar[int64](t, app, `SELECT count(*) FROM audit_log WHERE entity = 'case_study' AND entity_id = $1 AND action = 'review'`, id); n != 1 {
		t.Errorf("audit entries for the review = %d, want 1", n)
	}
	if got := testkit.Scalar[string](t, app, `SELECT review_state FROM case_studies WHERE id = $1`, id); got != "approved" {
		t.Errorf("review state = %q, want approved", got)
	}
}
