package rights_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"belonging/internal/rights"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

// The erasure page reads in Welsh: what erasing does, the confirmation,
// its error when sent unticked, and the refusal for the only admin; none
// of the rights part's English sentences is left.
func TestErasePageInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	tom := testkit.Scalar[int64](t, app, `SELECT id FROM users WHERE email = $1`, leaderEmail)
	adminID := testkit.Scalar[int64](t, app, `SELECT id FROM users WHERE email = $1`, adminEmail)
	admin := app.Client()
	admin.SignIn(adminEmail, testkit.DemoPassword)
	admin.Header = http.Header{"Accept-Language": {"cy"}}
	text := func(resp *testkit.Response) string {
		return strings.Join(strings.Fields(resp.Doc().Find("main").Text()), " ")
	}

	page := admin.Get(paths.ErasePerson(tom))
	if page.StatusCode != http.StatusOK {
		t.Fatalf("GET %s in Welsh = %d, want 200", paths.ErasePerson(tom), page.StatusCode)
	}
	if got, want := page.Doc().Find("title").Text(), "Dileu manylion "+leaderName; !strings.HasPrefix(got, want) {
		t.Errorf("title = %q, want it to begin %q", got, want)
	}
	body := text(page)
	for _, w := range []string{"Beth sy'n digwydd", "Mae eu henw yn troi'n " + rights.Pseudonym(tom), "Does dim modd dadwneud hyn", "Rwy'n deall y caiff enw a chyfeiriad e-bost", "Dileu eu manylion"} {
		if !strings.Contains(body, w) {
			t.Errorf("the erasure page in Welsh does not say %q", w)
		}
	}
	testkit.NoEnglishLeft(t, "the erasure page", body, "rights")

	empty := admin.Post(paths.ErasePerson(tom), url.Values{})
	if empty.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(empty.Doc().Find(".error-summary").Text(), "Ticiwch y blwch i gadarnhau") {
		t.Errorf("unticked erase in Welsh = %d, want 422 with the error in Welsh:\n%s", empty.StatusCode, empty.Doc().Find(".error-summary").Text())
	}

	refusal := admin.Get(paths.ErasePerson(adminID))
	if got := text(refusal); !strings.Contains(got, "yw unig weinyddwr y sefydliad") || !strings.Contains(got, "Allwch chi ddim dileu") {
		t.Errorf("erasing the only admin in Welsh = %d, want the refusal in Welsh:\n%s", refusal.StatusCode, got)
	} else {
		testkit.NoEnglishLeft(t, "the refusal", got, "rights")
	}
}
