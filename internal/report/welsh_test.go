package report_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"belonging/internal/testkit"
)

// welsh reads pages in Welsh, as a browser that asks for it does.
var welsh = http.Header{"Accept-Language": {"cy-GB,cy;q=0.9,en;q=0.5"}}

// Every report reads in Welsh to a Welsh reader: the page's own words, the
// section and figure titles, the sentences built from the figures, the
// table headings and notes; no English message of the report's catalogue
// is left, and no message id shows in place of a missing message.
func TestReportsInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	prog, _ := programmeFixture(t, app)
	dept := departmentID(t, app, "Department of Z900")
	c := app.Client()
	c.SignIn(admin, testkit.DemoPassword)
	c.Header = welsh
	coord := app.Client()
	coord.SignIn(coordinator, testkit.DemoPassword)
	coord.Header = welsh
	for _, tt := range []struct {
		name string
		c    *testkit.Client
		path string
		want []string
	}{
		{"the list of reports", c, "/reports", []string{"Adroddiadau", "Adroddiad y sefydliad", "Adroddiad adran"}},
		{"a programme's report", c, fmt.Sprintf("/programmes/%d/report?year=2024", prog), []string{
			"Blwyddyn academaidd", "Cynnwys", "Am y ffigurau hyn", "Gweithgareddau yn ôl statws", "Map cwmpas",
			"Beth sydd ar goll", "Beth mae myfyrwyr yn ei ddweud", "Blwyddyn ar flwyddyn", "Perthyn staff", "Canlyniadau carfannau",
			"Lawrlwytho CSV", "Yn 2024/25, y math mwyaf cyffredin oedd", "Cyfanswm"}},
		{"the institution's report", c, "/reports/institution?year=2024", []string{"Rhaglenni yn ôl bylchau cwmpas", "Adrannau",
			"Gwaith perthyn ar draws 6 rhaglen", "y mae'r mwyaf o fylchau, 56 o 56 cell"}},
		{"a department's report", c, fmt.Sprintf("/reports/departments/%d?year=2024", dept), []string{"Rhaglenni", "Gweithgareddau yn ôl math"}},
		{"the network's report", coord, "/reports/network?year=2024", []string{"Adroddiad y rhwydwaith 2024/25", "Ble mae'r ymdrech yn mynd",
			"Astudiaethau achos a rannwyd", "Ar draws pob blwyddyn"}},
	} {
		res := tt.c.Get(tt.path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s in Welsh = %d", tt.name, res.StatusCode)
		}
		doc := res.Doc()
		if lang, _ := doc.Find("html").Attr("lang"); lang != "cy" {
			t.Errorf("%s: <html lang> = %q, want cy", tt.name, lang)
		}
		text := strings.Join(strings.Fields(doc.Find("main").Text()), " ")
		for _, want := range tt.want {
			if !strings.Contains(text, want) {
				t.Errorf("%s in Welsh does not say %q", tt.name, want)
			}
		}
		if strings.Contains(text, "report.") {
			t.Errorf("%s in Welsh shows a message id: %q", tt.name, text[strings.Index(text, "report."):][:40])
		}
		testkit.NoEnglishLeft(t, tt.name, text, "report")
	}
}
