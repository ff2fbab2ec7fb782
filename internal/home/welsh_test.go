package home_test

import (
	"net/http"
	"strings"
	"testing"

	"belonging/internal/testkit"
)

// Every role's home reads in Welsh when the browser asks for Welsh: the
// sections' headings and sentences, dates and counts, with no English
// sentence of the home's left.
func TestHomesInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	for _, role := range []struct {
		email string
		want  []string
	}{
		{"director@northbridge.ac.uk", []string{"Croeso,", "Yn aros amdanoch", "I ddod", "Eich syniadau drafft", "Ble rydych chi'n gweithio", "Cyfarwyddwr rhaglen"}},
		{"leader@northbridge.ac.uk", []string{"Eich modiwlau", "Y sesiynau nesaf", "Deilliannau sy'n ddyledus", "Arweinydd modiwl"}},
		{"viewer@northbridge.ac.uk", []string{"Rhaglenni rydych chi'n eu hadolygu", "Bylchau yn y cwmpas", "Math 3"}},
		{"admin@northbridge.ac.uk", []string{"Eich sefydliad", "Sefydlu:", "Tasgau ac e-byst a fethodd", "Rhannu â'r rhwydwaith", "Gwahoddiadau heb eu derbyn eto"}},
		{"coordinator@belonging.network", []string{"Ar draws y rhwydwaith", "Eich casgliadau", "Wedi'u cadw fwyaf", "Llyfrgell astudiaethau achos"}},
	} {
		c := app.Client()
		c.SignIn(role.email, testkit.DemoPassword)
		c.Header = http.Header{"Accept-Language": {"cy"}}
		resp := c.Get("/")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET / as %s in Welsh = %d, want 200", role.email, resp.StatusCode)
		}
		doc := resp.Doc()
		if got := doc.Find("title").Text(); !strings.HasPrefix(got, "Hafan") {
			t.Errorf("title as %s = %q, want it to begin Hafan", role.email, got)
		}
		text := strings.Join(strings.Fields(doc.Find("main").Text()), " ")
		for _, w := range role.want {
			if !strings.Contains(text, w) {
				t.Errorf("the Welsh home of %s does not say %q", role.email, w)
			}
		}
		if left := testkit.EnglishLeft(t, text, "home"); len(left) > 0 {
			t.Errorf("the Welsh home of %s still says in English:\n%s", role.email, strings.Join(left, "\n"))
		}
	}
}
