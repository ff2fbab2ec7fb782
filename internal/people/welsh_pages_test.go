package people_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"belonging/internal/testkit"
)

// welshPage reads path as c and checks the page answered status, says
// each of want and shows no English sentence of the people part.
func welshPage(t *testing.T, name string, resp *testkit.Response, status int, want ...string) {
	t.Helper()
	if resp.StatusCode != status {
		t.Errorf("%s in Welsh = %d, want %d", name, resp.StatusCode, status)
	}
	text := strings.Join(strings.Fields(resp.Doc().Find("body").Text()), " ")
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s in Welsh does not say %q:\n%s", name, w, text)
		}
	}
	testkit.NoEnglishLeft(t, name, text, "people")
}

// The people pages, the invitation form and its errors, a person's page,
// the audit log and the page a newly invited person reads first all speak
// Welsh to a reader who asks for it; the invitation page follows a
// Welsh-default institution for a browser that names only English.
func TestPeoplePagesInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t, testkit.Working)
	a := app.Client()
	a.Header.Set("Accept-Language", "cy")
	a.SignIn(admin, testkit.DemoPassword)

	welshPage(t, "people", a.Get("/admin/people"), http.StatusOK, "Pobl a rolau", "Gwahoddiadau sy'n aros", "Chwilio yn ôl enw neu e-bost")
	welshPage(t, "invite", a.Get("/admin/people/invite"), http.StatusOK, "Gwahodd rhywun", "Ble mae'r rôl yn berthnasol", "Yn cynllunio gweithgareddau rhaglen")
	empty := a.Post("/admin/people/invite", url.Values{})
	welshPage(t, "empty invitation", empty, http.StatusUnprocessableEntity, "Rhowch eu cyfeiriad e-bost", "Dewiswch rôl")
	if n := empty.Doc().Find(`.error-summary a[href="#email"]`).Length(); n != 1 {
		t.Errorf("the empty invitation's error summary links to #email %d times, want once", n)
	}
	prog := testkit.Scalar[int64](t, app, `SELECT id FROM programmes WHERE code = 'B940'`)
	link := invite(t, app, a, "aelod.newydd@northbridge.ac.uk", "member", "programme", prog)
	welshPage(t, "people after inviting", a.Get("/admin/people"), http.StatusOK, "Anfonwyd gwahoddiad at aelod.newydd@northbridge.ac.uk.", "Tynnu'n ôl")

	leader := testkit.Scalar[int64](t, app, `SELECT id FROM users WHERE email = 'leader@northbridge.ac.uk'`)
	welshPage(t, "person", a.Get("/admin/people/"+strconv.FormatInt(leader, 10)), http.StatusOK, "Ychwanegu rôl", "Analluogi'r cyfrif", "Lawrlwytho eu data")
	welshPage(t, "audit log", a.Get("/admin/audit"), http.StatusOK, "Cofnod archwilio", "Unrhyw gofnod", "Gwahoddwyd")
	welshPage(t, "audit log with a bad date", a.Get("/admin/audit?from=soon"), http.StatusUnprocessableEntity, "Rhowch y dyddiad dechrau fel dyddiad")

	guest := app.Client()
	guest.Header.Set("Accept-Language", "cy")
	welshPage(t, "invitation", guest.Get(link), http.StatusOK, "Ymuno â Belonging", "Mae Priya Shah wedi eich gwahodd i ymuno fel Aelod o'r tîm ar gyfer B940 BSc Biomedical Science. Gosodwch eich enw a chyfrinair i dderbyn.")
	welshPage(t, "empty acceptance", guest.Post(link, url.Values{}), http.StatusUnprocessableEntity, "Rhowch eich enw llawn", "Dewiswch gyfrinair")
	welshPage(t, "unknown invitation", guest.Get("/invitations/"+strings.Repeat("x", 43)), http.StatusNotFound, "Dydy'r ddolen wahodd hon ddim yn ddilys")

	// A browser naming only English reads the invitation in English at an
	// English-default institution, and in Welsh once the institution's
	// default is Welsh: the invited person has no account to choose with.
	english := app.Client()
	english.Header.Set("Accept-Language", "en-GB,en;q=0.9")
	if h1 := strings.TrimSpace(english.Get(link).Doc().Find("h1").Text()); h1 != "Join Belonging" {
		t.Errorf("invitation at an English-default institution, en-GB browser: h1 %q, want %q", h1, "Join Belonging")
	}
	setLanguage(t, a, "cy")
	resp := english.Get(link)
	if h1 := strings.TrimSpace(resp.Doc().Find("h1").Text()); h1 != "Ymuno â Belonging" || resp.Header.Get("Content-Language") != "cy" {
		t.Errorf("invitation at a Welsh-default institution, en-GB browser: h1 %q, Content-Language %q; want %q, cy", h1, resp.Header.Get("Content-Language"), "Ymuno â Belonging")
	}
}
