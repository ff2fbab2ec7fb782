package notice_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// The privacy notice and the accessibility statement, the product's own
// and an institution's, read in Welsh for a reader of Welsh: every
// sentence of the product's, the periods in Welsh words, no "not yet in
// Welsh" panel and no part marked as English. The admin's forms read in
// Welsh too, and an empty form answers in Welsh.
func TestNoticesInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	anon := app.Client()
	anon.Header = http.Header{"Accept-Language": {"cy"}}
	for _, tc := range []struct {
		path string
		want []string
	}{
		{paths.Privacy, []string{"Preifatrwydd", "Yn fyr", "Caiff atebion arolwg eu dileu 3 blynedd ar ôl i'w harolwg gau."}},
		{paths.Accessibility, []string{"Hygyrchedd", "Sut mae Belonging wedi'i adeiladu", "Beth nad yw'n hygyrch eto"}},
		{paths.InstitutionPrivacy("northbridge"), []string{"Hysbysiad preifatrwydd Belonging", "Pwy ydym ni",
			"3 blynedd ar ôl i'r arolwg gau, yna eu dileu", "Nes bydd staff yn eu dileu", "Sut i gwyno"}},
		{paths.InstitutionAccessibility("northbridge"), []string{"Datganiad hygyrchedd Belonging", "Gweithdrefn orfodi",
			"Chomisiwn Cydraddoldeb Gogledd Iwerddon", "yn cydymffurfio'n rhannol â Chanllawiau Hygyrchedd Cynnwys y We fersiwn 2.2 ar lefel AA"}},
	} {
		resp := anon.Get(tc.path)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s in Welsh = %d, want 200", tc.path, resp.StatusCode)
		}
		doc := resp.Doc()
		if got, _ := doc.Find("html").Attr("lang"); got != "cy" {
			t.Errorf("%s: html lang = %q, want cy", tc.path, got)
		}
		if n := doc.Find(`main [lang="en-GB"], [data-testid="english-only"]`).Length(); n != 0 {
			t.Errorf("%s in Welsh still marks %d parts as English", tc.path, n)
		}
		text := strings.Join(strings.Fields(doc.Find("main").Text()), " ")
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s in Welsh does not say %q", tc.path, w)
			}
		}
		testkit.NoEnglishLeft(t, tc.path, text, "notice")
	}

	a := app.Client()
	a.SignIn(admin, testkit.DemoPassword)
	a.Header = http.Header{"Accept-Language": {"cy"}}
	for _, tc := range []struct {
		path  string
		title string
		error string
	}{
		{paths.AdminAccessibility, "Datganiad hygyrchedd", "Rhowch y cyfeiriad e-bost y mae pobl yn ysgrifennu ato am hygyrchedd"},
		{paths.AdminPrivacy, "Hysbysiad preifatrwydd", "Rhowch gyfeiriad post y rheolydd"},
	} {
		doc := a.Get(tc.path).Doc()
		if got := doc.Find("h1").Text(); got != tc.title {
			t.Errorf("%s: h1 = %q, want %q", tc.path, got, tc.title)
		}
		testkit.NoEnglishLeft(t, tc.path, doc.Find("main").Text(), "notice")
		r := a.Post(tc.path, url.Values{})
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("POST %s empty in Welsh = %d, want 422", tc.path, r.StatusCode)
		}
		text := strings.Join(strings.Fields(r.Doc().Find("main").Text()), " ")
		if !strings.Contains(text, tc.error) {
			t.Errorf("POST %s empty in Welsh does not say %q", tc.path, tc.error)
		}
		testkit.NoEnglishLeft(t, tc.path+" with errors", text, "notice")
	}
}
