package outcomefigures_test

import (
	"net/http"
	"strings"
	"testing"

	"belonging/internal/testkit"
)

// The import of cohort outcome figures reads in Welsh: the page, a good
// file's preview and a bad file's line problems.
func TestImportCohortFiguresInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(admin, testkit.DemoPassword)
	c.Header = http.Header{"Accept-Language": {"cy-GB,cy;q=0.9,en;q=0.5"}}
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
		testkit.NoEnglishLeft(t, name, text, "outcomefigures")
	}
	header := "programme,academic_year,measure,numerator,denominator\n"
	read("the import page", c.Get("/admin/cohort-figures"), http.StatusOK, "Mewnforio ffigurau canlyniadau carfannau", "Dilyniant: myfyrwyr sy'n parhau", "Gwirio'r ffeil")
	read("a file's preview", c.UploadImport("/admin/cohort-figures", []byte(header+"C100,2024/25,continuation,171,180\n")), http.StatusOK,
		"C100 2024/25, Dilyniant", "171 o 180")
	read("a file's problems", c.UploadImport("/admin/cohort-figures", []byte(header+"C100,2024/25,continuation,190,180\nX999,2024/25,attainment,1,2\n")),
		http.StatusUnprocessableEntity, "Mae'r rhifiadur (190) yn fwy na'r enwadur (180).", "Nid oes gan unrhyw raglen y cod \"X999\".")
	read("an empty upload", c.UploadImport("/admin/cohort-figures", nil), http.StatusUnprocessableEntity, "Ffeil CSV")
}
