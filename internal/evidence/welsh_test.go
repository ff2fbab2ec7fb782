package evidence_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"belonging/internal/testkit"
)

// The evidence part of an activity's page — the summary, the outcomes and
// the evidence list — reads in Welsh for a reader who asks for it, with no
// English phrase of the evidence part left.
func TestEvidenceSectionInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(leader, testkit.DemoPassword)
	act := coffee(t, app)
	session := testkit.Scalar[int64](t, app, `SELECT max(id) FROM activity_sessions WHERE activity_id = $1 AND session_date < now()`, act)
	if resp := c.Post(fmt.Sprintf("/activities/%d/outcomes", act), url.Values{"session": {strconv.FormatInt(session, 10)}, "outcome_date": {"2026-11-16"},
		"attendance": {"81"}, "invited": {"180"}, "aims_met": {"4"}, "what_worked": {"Busy"}, "student_quotes": {"\"Good coffee\""}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("record outcome = %d: %s", resp.StatusCode, testkit.FormErrors(resp))
	}
	c.Header = http.Header{"Accept-Language": {"cy"}}
	doc := c.Get(fmt.Sprintf("/activities/%d", act)).Doc()
	text := strings.Join(strings.Fields(doc.Find("#evidence-summary, #outcomes, #evidence").Text()), " ")
	for _, want := range []string{"Y dystiolaeth yn gryno", "Nodau wedi'u hysgrifennu", "Deilliannau", "81 o 180", "4 – Gan mwyaf", "Presenoldeb",
		"Beth weithiodd a beth ddywedodd myfyrwyr", "Cofnodwyd gan"} {
		if !strings.Contains(text, want) {
			t.Errorf("the Welsh evidence section does not say %q: %s", want, text)
		}
	}
	testkit.NoEnglishLeft(t, "the evidence section", text, "evidence")
}
