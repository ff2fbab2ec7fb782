package cohort_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"belonging/internal/seed"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

// welsh reads pages in Welsh, as a browser that asks for it does.
var welsh = http.Header{"Accept-Language": {"cy-GB,cy;q=0.9,en;q=0.5"}}

// The cohort profile form, the "what belonging means here" form and the
// profiles' import read in Welsh, empty forms are refused in Welsh at their
// fields, and a file's preview and its line problems are in Welsh.
func TestCohortPagesInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	prog := programmeID(t, app)
	year := seed.CurrentYear()
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	c.Header = welsh
	read := func(name string, res *testkit.Response, status int, want ...string) {
		t.Helper()
		if res.StatusCode != status {
			t.Fatalf("%s in Welsh = %d, want %d", name, res.StatusCode, status)
		}
		text := strings.Join(strings.Fields(res.Doc().Find("main").Text()), " ")
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s in Welsh does not say %q", name, w)
			}
		}
		testkit.NoEnglishLeft(t, name, text, "cohort")
	}
	read("the profile form", c.Get(paths.CohortProfile(prog, year)), http.StatusOK, "Maint y garfan", "Faint ohonynt…", "Yn cymudo i'r campws (dewisol)", "Cadw proffil y garfan")
	read("an empty profile", c.Post(paths.CohortProfile(prog, year), url.Values{}), http.StatusUnprocessableEntity, "Rhowch faint y garfan")
	read("a count over the cohort", c.Post(paths.CohortProfile(prog, year), profileForm("120", "48", "121")), http.StatusUnprocessableEntity,
		"mae 121 yn fwy na'r garfan o 120")
	read("the note form", c.Get(paths.BelongingNote(prog)), http.StatusOK, "Ysgrifennwyd gan", "Cadw'r nodyn")
	read("an empty note", c.Post(paths.BelongingNote(prog), url.Values{}), http.StatusUnprocessableEntity,
		"Ysgrifennwch beth mae perthyn yn ei olygu ar y rhaglen hon", "Rhowch y dyddiad yr ysgrifennwyd ef")
	read("the import page", c.Get(paths.CohortProfileImport(prog)), http.StatusOK, "Mewnforio proffiliau carfan", "Y fformat", "Gwirio'r ffeil")
	read("a file's preview", c.UploadImport(paths.CohortProfileImport(prog), []byte(profileHeader+"2024/25,176,70,12,55,20,9,25\n")), http.StatusOK,
		"Carfan 2024/25", "Maint y garfan")
	read("a file's problems", c.UploadImport(paths.CohortProfileImport(prog), []byte(profileHeader+"2024/25,176,200,,,,,\n")), http.StatusUnprocessableEntity,
		"commuting: mae 200 yn fwy na'r garfan o 176.")
}
