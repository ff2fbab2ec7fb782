package codes_test

import (
	"net/http"
	"strings"
	"testing"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// The evaluation codes read in Welsh around the institution's own terms:
// the administration page, a file's preview, the codes' card on an
// activity's page and their part of the activity form.
func TestCodesPagesInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	welsh := http.Header{"Accept-Language": {"cy-GB,cy;q=0.9,en;q=0.5"}}
	a := app.Client()
	a.SignIn(admin, testkit.DemoPassword)
	a.Header = welsh
	d := app.Client()
	d.SignIn(director, testkit.DemoPassword)
	d.Header = welsh
	id := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title = 'Pizza evenings for first years'`)
	read := func(name string, res *testkit.Response, want ...string) {
		t.Helper()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s in Welsh = %d", name, res.StatusCode)
		}
		text := strings.Join(strings.Fields(res.Doc().Find("main").Text()), " ")
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s in Welsh does not say %q", name, w)
			}
		}
		testkit.NoEnglishLeft(t, name, text, "codes")
	}
	read("the codes' administration", a.Get(paths.AdminCodes), "Codau gwerthuso", "Mathau o weithgaredd", "Lawrlwytho'r codau presennol", "Gwirio'r ffeil")
	read("a file's preview", a.UploadImport(paths.AdminCodes, []byte(header+"type,transition-into-he,Starting university,,,\n")),
		"Gwiriwch beth fydd eich ffeil yn ei newid", "Codau y mae'r ffeil yn eu gadael allan", "Mewnforio'r codau hyn")
	bad := a.UploadImport(paths.AdminCodes, []byte(header+"type,,Starting university,,,\n"))
	if bad.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a file with an empty code in Welsh = %d, want 422", bad.StatusCode)
	}
	if got := bad.Doc().Find("[data-testid=codes-problems]").Text(); !strings.Contains(got, "Ni fewnforiwyd dim") || !strings.Contains(got, "Mae'r cod yn wag.") {
		t.Errorf("a file's problems in Welsh = %q", strings.Join(strings.Fields(got), " "))
	}
	read("the activity's codes", d.Get(paths.Activity(id)), "Codau gwerthuso")
	read("the activity form's codes", d.Get(paths.EditActivity(id)), "Math o weithgaredd (dewisol)", "Buddiolwyr arfaethedig (dewisol)")
}
