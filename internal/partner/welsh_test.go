package partner_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"belonging/internal/testkit"
)

// welsh reads pages in Welsh, as a browser that asks for it does.
var welsh = http.Header{"Accept-Language": {"cy-GB,cy;q=0.9,en;q=0.5"}}

// A student partner's pages and the team's partner pages read in Welsh:
// no English message of the partner part is left, and an empty form is
// refused in Welsh at its field.
func TestPartnerPagesInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	p := signedIn(app, partnerEmail)
	p.Header = welsh
	d := signedIn(app, directorEmail)
	d.Header = welsh
	id := activityID(t, app, pizza)
	session := testkit.Scalar[int64](t, app, `SELECT min(id) FROM activity_sessions WHERE activity_id = $1`, id)
	outcome := testkit.Scalar[int64](t, app, `SELECT min(id) FROM outcomes WHERE activity_id = $1`, id)
	for _, tt := range []struct {
		name string
		c    *testkit.Client
		path string
		want []string
	}{
		{"the partner's home", p, "/partner", []string{"Eich gweithgareddau", "Y sesiwn nesaf"}},
		{"the partner's activity", p, fmt.Sprintf("/partner/activities/%d", id), []string{"Beth mae'n anelu ato", "Pwy sy'n ei redeg", "Beth ddywedodd myfyrwyr"}},
		{"the partner's edit form", p, fmt.Sprintf("/partner/activities/%d/edit", id), []string{"Golygu " + pizza, "Sut mae myfyrwyr yn ei lunio", "Cadw"}},
		{"session notes", p, fmt.Sprintf("/partner/sessions/%d/notes", session), []string{"Nodiadau ar sesiwn", "Cadw'r nodiadau"}},
		{"a student's words", p, fmt.Sprintf("/partner/outcomes/%d/quotes", outcome), []string{"Ychwanegu geiriau myfyriwr", "Beth ddywedon nhw"}},
		{"the team's partner page", d, fmt.Sprintf("/activities/%d/partners", id), []string{"Partneriaid myfyrwyr", "Gwahodd myfyriwr", "Eu cyfeiriad e-bost"}},
		{"the activity's partner card", d, fmt.Sprintf("/activities/%d", id), []string{"Partneriaid myfyrwyr", "Gwahodd neu dynnu partneriaid myfyrwyr"}},
	} {
		res := tt.c.Get(tt.path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s in Welsh = %d", tt.name, res.StatusCode)
		}
		text := strings.Join(strings.Fields(res.Doc().Find("main").Text()), " ")
		for _, want := range tt.want {
			if !strings.Contains(text, want) {
				t.Errorf("%s in Welsh does not say %q", tt.name, want)
			}
		}
		testkit.NoEnglishLeft(t, tt.name, text, "partner")
	}

	version := testkit.Scalar[int64](t, app, `SELECT version FROM activities WHERE id = $1`, id)
	empty := p.Post(fmt.Sprintf("/partner/activities/%d", id), url.Values{"version": {strconv.FormatInt(version, 10)}})
	if empty.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("empty partner edit in Welsh = %d, want 422", empty.StatusCode)
	}
	if got := strings.TrimSpace(empty.Doc().Find(`.error-summary a[href="#title"]`).Text()); got != "Rhowch deitl y gweithgaredd" {
		t.Errorf("empty partner edit's error in Welsh = %q", got)
	}
	invite := d.Post(fmt.Sprintf("/activities/%d/partners", id), url.Values{"email": {""}})
	if invite.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("empty invitation in Welsh = %d, want 422", invite.StatusCode)
	}
	if got := strings.TrimSpace(invite.Doc().Find(`.error-summary a[href="#email"]`).Text()); got != "Rhowch gyfeiriad e-bost y myfyriwr" {
		t.Errorf("empty invitation's error in Welsh = %q", got)
	}
}
