package casestudy_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"belonging/internal/seed"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

// welshCheck reads a case study page in Welsh: it has the status wanted,
// says each of want, and says none of the English of the case study and
// library parts.
func welshCheck(t *testing.T, name string, resp *testkit.Response, status int, want ...string) {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("%s in Welsh = %d, want %d", name, resp.StatusCode, status)
	}
	doc := resp.Doc()
	if got := doc.Find("html").AttrOr("lang", ""); got != "cy" {
		t.Errorf("%s: html lang = %q, want cy", name, got)
	}
	// What people wrote, in the form's text areas, is never translated.
	main := doc.Find("main")
	main.Find("textarea").Remove()
	text := strings.Join(strings.Fields(main.Text()), " ")
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s in Welsh does not say %q", name, w)
		}
	}
	testkit.NoEnglishLeft(t, name, text, "casestudy", "library")
}

func welshClient(t *testing.T, app *testkit.App, email string) *testkit.Client {
	t.Helper()
	c := signedIn(t, app, email)
	c.Header = http.Header{"Accept-Language": {"cy"}}
	return c
}

// TestCaseStudyPageInWelsh reads a case study, its draft with the review
// panel, an empty request for changes and a bookmark in Welsh.
func TestCaseStudyPageInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := welshClient(t, app, director)
	pending := testkit.Scalar[int64](t, app, `SELECT id FROM case_studies WHERE title = 'Extended induction: the same tutor all year'`)
	welshCheck(t, "a draft waiting for review", c.Get(paths.CaseStudyDraft(pending, "")), http.StatusOK,
		"Rydych chi'n darllen y drafft", "Yn gryno", "Yn aros am gymeradwyaeth i'w rhannu â'r rhwydwaith",
		"Adolygu'r cais i'w rhannu â'r rhwydwaith", "Cymeradwyo a chyhoeddi", "Cyhoeddi'r drafft i", "Cyd-destun")
	form := testkit.FormValues(c.Get(paths.CaseStudyDraft(pending, "")).Doc().Find("section.review form"))
	form.Set("decision", "changes")
	welshCheck(t, "asking for changes without a comment", c.Post(paths.ReviewCaseStudy(pending), form), http.StatusUnprocessableEntity,
		"Mae problem wedi codi", "Dywedwch beth sydd angen ei newid")

	published := testkit.Scalar[int64](t, app, `SELECT case_study_id FROM case_study_publications WHERE visibility = 'network' ORDER BY case_study_id LIMIT 1`)
	welshCheck(t, "a published case study", c.Get(paths.CaseStudy(published, "")), http.StatusOK,
		"Yn gryno", "Darllenwyr", "Y rhwydwaith", "Math ", "Rhoi nod tudalen", "Ychwanegu at gasgliad")
	if resp := c.Post(paths.BookmarkCaseStudy(published), url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("bookmark = %d, want %d", resp.StatusCode, http.StatusSeeOther)
	}
	welshCheck(t, "a bookmarked case study", c.Get(paths.CaseStudy(published, "")), http.StatusOK,
		"Nod tudalen wedi'i roi", "Tynnu'r nod tudalen")
}

// TestLibraryInWelsh reads the library, a search, a search of only common
// words and one that finds nothing, in Welsh.
func TestLibraryInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := welshClient(t, app, director)
	welshCheck(t, "the library", c.Get(paths.Library), http.StatusOK,
		"Llyfrgell astudiaethau achos", "ar draws y rhwydwaith", "Eich nodau tudalen", "Hidlo", "Math o weithgaredd", "Cam y daith",
		"Dimensiwn perthyn", "Blwyddyn academaidd", "o astudiaethau achos", "Defnyddio'r hidlwyr")
	welshCheck(t, "a search", c.Get(paths.Library+"?q=coffee+morning"), http.StatusOK, "Chwilio", "Mwyaf perthnasol")
	welshCheck(t, "a search of common words", c.Get(paths.Library+"?q=the+and"), http.StatusOK, "Dim ond geiriau cyffredin iawn")
	welshCheck(t, "a search that finds nothing", c.Get(paths.Library+"?q=zzxqvw"), http.StatusOK,
		"Dim astudiaethau achos wedi'u canfod", "Does dim astudiaethau achos yn cyfateb")
	anon := app.Client()
	anon.Header = http.Header{"Accept-Language": {"cy"}}
	welshCheck(t, "the library to a public reader", anon.Get(paths.Library), http.StatusOK, "wedi'i ysgrifennu gan dimau cwrs.")
}

// TestListsAndCollectionsInWelsh reads the case studies a person writes,
// their bookmarks, the collections and a collection's pages in Welsh,
// with an empty new collection refused in Welsh.
func TestListsAndCollectionsInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := welshClient(t, app, director)
	welshCheck(t, "your case studies", c.Get(paths.CaseStudies), http.StatusOK, "Eich astudiaethau achos", "Chwilio'r llyfrgell", "Yn aros am adolygiad")
	welshCheck(t, "your bookmarks", c.Get(paths.Bookmarks), http.StatusOK, "Eich nodau tudalen", "Dim nodau tudalen eto")
	welshCheck(t, "the collections", c.Get(paths.Collections), http.StatusOK, "Casgliadau", "Dechrau casgliad")
	welshCheck(t, "a new collection", c.Get(paths.NewCollection), http.StatusOK, "Dechrau casgliad", "Disgrifiad (dewisol)", "Cadw'r casgliad")
	welshCheck(t, "an empty new collection", c.Post(paths.Collections, url.Values{}), http.StatusUnprocessableEntity,
		"Mae problem wedi codi", "Rhowch deitl i'r casgliad")
	form := testkit.FormValues(c.Get(paths.NewCollection).Doc().Find("main form"))
	form.Set("title", "Croeso")
	if resp := c.Post(paths.Collections, form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("start a collection = %d: %s", resp.StatusCode, testkit.FormErrors(resp))
	}
	col := testkit.Scalar[int64](t, app, `SELECT id FROM collections WHERE title = 'Croeso'`)
	welshCheck(t, "an empty collection", c.Get(paths.Collection(col)), http.StatusOK,
		"Casgliad wedi'i ddechrau", "Casgliad tîm", "preifat i'r tîm", "Does dim astudiaethau achos yn y casgliad hwn eto", "Manylion y casgliad")
	published := testkit.Scalar[int64](t, app, `SELECT case_study_id FROM case_study_publications WHERE visibility = 'network' ORDER BY case_study_id LIMIT 1`)
	if resp := c.Post(paths.CollectionItems, url.Values{"collection": {strconv.FormatInt(col, 10)}, "case_study": {strconv.FormatInt(published, 10)}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add to the collection = %d", resp.StatusCode)
	}
	welshCheck(t, "a collection", c.Get(paths.Collection(col)), http.StatusOK, "Wedi'i hychwanegu at \"Croeso\"", "Eich nodyn", "Cadw'r nodyn", "Tynnu")
	welshCheck(t, "the collections with one", c.Get(paths.Collections), http.StatusOK, "1 astudiaeth achos")
}

// TestCaseStudyFormInWelsh reads the form that writes a case study, sends
// it empty (422 with every message in Welsh) and reads the edit form.
func TestCaseStudyFormInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := welshClient(t, app, leader)
	act := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title LIKE 'Coffee mornings%' AND academic_year = $1`, seed.CurrentYear())
	welshCheck(t, "a new case study", c.Get(paths.NewCaseStudy(act)), http.StatusOK,
		"Ysgrifennu astudiaeth achos", "Crynodeb", "Cyd-destun", "Math o sefydliad", "Y stori", "Beth wnaethon ni", "Cadw'r drafft")
	// The story is pre-filled in the writer's language.
	prefilled := testkit.FormValues(c.Get(paths.NewCaseStudy(act)).Doc().Find("form.activity-form"))
	for field, want := range map[string]string{"what_we_did": "Cynhalion ni", "inclusivity": "Roedd y gweithgaredd:"} {
		if got := prefilled.Get(field); !strings.Contains(got, want) {
			t.Errorf("a new case study's %s in Welsh = %q, want it to say %q", field, got, want)
		}
	}
	welshCheck(t, "an empty case study", c.Post(paths.ActivityCaseStudies(act), url.Values{}), http.StatusUnprocessableEntity,
		"Mae problem wedi codi", "Rhowch deitl i'r astudiaeth achos", "Dewiswch y math o weithgaredd o'r rhestr", "Dewiswch gam y daith o'r rhestr", "Dewiswch y lleoliad")
	id := writeCaseStudy(t, app, signedIn(t, app, leader), "Boreau coffi")
	welshCheck(t, "a case study's edit form", c.Get(paths.EditCaseStudy(id)), http.StatusOK, "Golygu drafft yr astudiaeth achos", "Cadw'r drafft")
}
