package casestudy_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// A programme team keeps collections: private to the team, or shared with
// everyone in the institution; never seen by another institution or by
// coordinators, who read the case studies in it only when those are
// shared to the network.
func TestTeamCollections(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c100 := testkit.Scalar[int64](t, app, `SELECT p.id FROM programmes p JOIN institutions i ON i.id = p.institution_id WHERE i.slug = 'northbridge' AND p.code = 'C100'`)
	// A team member of another Northbridge programme.
	otherProgramme := testkit.Scalar[int64](t, app, `
		WITH p AS (SELECT p.id, p.institution_id FROM programmes p JOIN institutions i ON i.id = p.institution_id
		           WHERE i.slug = 'northbridge' AND p.code <> 'C100' AND p.archived_at IS NULL ORDER BY p.id LIMIT 1),
		     u AS (INSERT INTO users (institution_id, email, name, password_hash)
		           SELECT p.institution_id, 'other.member@northbridge.ac.uk', 'Olu Member', x.password_hash FROM p, users x WHERE x.email = $1 RETURNING id, institution_id)
		INSERT INTO memberships (institution_id, user_id, role, programme_id) SELECT u.institution_id, u.id, 'member', p.id FROM u, p RETURNING programme_id`, director)
	dir, member := signedIn(t, app, director), signedIn(t, app, "member@northbridge.ac.uk")
	elsewhere, viewer := signedIn(t, app, "other.member@northbridge.ac.uk"), signedIn(t, app, "viewer@northbridge.ac.uk")
	eastmere, coord := signedIn(t, app, otherStaff), signedIn(t, app, coordinator)

	// The form, empty, and with a programme that is not the director's.
	resp := dir.Post(paths.Collections, url.Values{})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("an empty collection form = %d, want 422", resp.StatusCode)
	}
	if href, _ := resp.Doc().Find(".error-summary a").First().Attr("href"); href != "#title" {
		t.Errorf("the error summary links to %q, want #title", href)
	}
	resp = dir.Post(paths.Collections, url.Values{"title": {"Forged"}, "keeper": {strconv.FormatInt(otherProgramme, 10)}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(testkit.FormErrors(resp), "Choose who keeps the collection") {
		t.Errorf("a collection for another programme's team = %d %q, want 422 asking who keeps it", resp.StatusCode, testkit.FormErrors(resp))
	}
	if resp := dir.Post(paths.Collections, url.Values{"title": {"C100 reading list"}, "keeper": {strconv.FormatInt(c100, 10)}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("a team collection = %d: %s, want 303", resp.StatusCode, testkit.FormErrors(resp))
	}
	col := testkit.Scalar[int64](t, app, `SELECT id FROM collections WHERE title = 'C100 reading list' AND programme_id = $1`, c100)

	// One case study shared only in Northbridge, one shared to the network.
	internal := testkit.Scalar[int64](t, app, `SELECT p.case_study_id FROM case_study_publications p JOIN institutions i ON i.id = p.institution_id
		WHERE i.slug = 'northbridge' AND p.visibility = 'institution' ORDER BY p.case_study_id LIMIT 1`)
	network := testkit.Scalar[int64](t, app, `SELECT case_study_id FROM case_study_publications WHERE visibility = 'network' ORDER BY case_study_id LIMIT 1`)
	for _, cs := range []int64{internal, network} {
		if resp := dir.Post(paths.CollectionItems, url.Values{"collection": {strconv.FormatInt(col, 10)}, "case_study": {strconv.FormatInt(cs, 10)}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("add case study %d = %d, want 303: %s", cs, resp.StatusCode, testkit.FormErrors(resp))
		}
	}
	items := func(c *testkit.Client) []string {
		var ids []string
		c.Get(paths.Collection(col)).Doc().Find("[data-testid=collection] .collection__item .result__title a").Each(func(_ int, s *goquery.Selection) {
			ids = append(ids, strings.TrimSpace(s.Text()))
		})
		return ids
	}
	internalTitle := testkit.Scalar[string](t, app, `SELECT title FROM case_study_publications WHERE case_study_id = $1`, internal)
	networkTitle := testkit.Scalar[string](t, app, `SELECT title FROM case_study_publications WHERE case_study_id = $1`, network)
	listed := func(c *testkit.Client) bool {
		return strings.Contains(c.Get(paths.Collections).Doc().Find("[data-testid=collections]").Text(), "C100 reading list")
	}
	status := func(c *testkit.Client) int { return c.Get(paths.Collection(col)).StatusCode }

	// Private: the team reads and changes it; nobody else sees it.
	if diff := cmp.Diff([]string{internalTitle, networkTitle}, items(member)); diff != "" {
		t.Errorf("the private collection read by a team member differs (-want +got):\n%s", diff)
	}
	if resp := member.Post(paths.CollectionItem(col, internal), url.Values{"note": {"Read before welcome week"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a team member's note = %d, want 303", resp.StatusCode)
	}
	for name, c := range map[string]*testkit.Client{"another programme's member": elsewhere, "a viewer": viewer, "another institution's director": eastmere, "a coordinator": coord} {
		if got := status(c); got != http.StatusNotFound {
			t.Errorf("the private collection read by %s = %d, want 404", name, got)
		}
		if listed(c) {
			t.Errorf("the private collection is listed for %s", name)
		}
	}

	// Shared in the institution: everyone there reads it, only the team
	// changes it; still nobody outside.
	if resp := dir.Post(paths.Collection(col), url.Values{"title": {"C100 reading list"}, "shared": {"on"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("share the collection = %d, want 303: %s", resp.StatusCode, testkit.FormErrors(resp))
	}
	for name, c := range map[string]*testkit.Client{"another programme's member": elsewhere, "a viewer": viewer} {
		if diff := cmp.Diff([]string{internalTitle, networkTitle}, items(c)); diff != "" {
			t.Errorf("the shared collection read by %s differs (-want +got):\n%s", name, diff)
		}
		if !listed(c) {
			t.Errorf("the shared collection is not listed for %s", name)
		}
	}
	if resp := elsewhere.Post(paths.RemoveCollectionItem(col, network), nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("another programme's member removing an item = %d, want 403", resp.StatusCode)
	}
	for name, c := range map[string]*testkit.Client{"another institution's director": eastmere, "a coordinator": coord} {
		if got := status(c); got != http.StatusNotFound {
			t.Errorf("the shared team collection read by %s = %d, want 404", name, got)
		}
		if listed(c) {
			t.Errorf("the shared team collection is listed for %s", name)
		}
	}
	// The coordinator reads the network case study in it, not the other.
	if got := coord.Get(paths.CaseStudyByID(network)).StatusCode; got != http.StatusOK && got != http.StatusMovedPermanently && got != http.StatusSeeOther {
		t.Errorf("the network case study read by a coordinator = %d, want it readable", got)
	}
	if got := coord.Get(paths.CaseStudyByID(internal)).StatusCode; got != http.StatusNotFound {
		t.Errorf("the institution's case study read by a coordinator = %d, want 404", got)
	}

	// "Add to a collection" offers the collections each person may change.
	options := func(c *testkit.Client, cs int64) []string {
		var out []string
		c.Get(paths.CaseStudyByID(cs)).Doc().Find("select#collection option").Each(func(_ int, s *goquery.Selection) {
			out = append(out, strings.TrimSpace(s.Text()))
		})
		return out
	}
	if got := options(member, network); !cmp.Equal(got, []string{"C100 reading list (C100 team)"}) {
		t.Errorf("a team member's collections to add to = %q, want the team's", got)
	}
	if got := options(elsewhere, network); len(got) != 0 {
		t.Errorf("another programme's member may add to %q, want none of C100's", got)
	}
	coordCol := testkit.Scalar[int64](t, app, `INSERT INTO collections (owner_id, title) SELECT id, 'Coordinator picks' FROM users WHERE email = $1 RETURNING id`, coordinator)
	if got := options(coord, network); !cmp.Equal(got, []string{"Coordinator picks"}) {
		t.Errorf("the coordinator's collections to add to = %q, want only their own", got)
	}
	resp = member.Post(paths.CollectionItems, url.Values{"collection": {strconv.FormatInt(coordCol, 10)}, "case_study": {strconv.FormatInt(network, 10)}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(testkit.FormErrors(resp), "Choose one of your collections") {
		t.Errorf("a team member adding to a coordinator's collection = %d %q, want 422", resp.StatusCode, testkit.FormErrors(resp))
	}
	if n := testkit.Scalar[int64](t, app, `SELECT count(*) FROM collection_items WHERE collection_id = $1`, coordCol); n != 0 {
		t.Errorf("the coordinator's collection holds %d items after the refused add, want 0", n)
	}
}
