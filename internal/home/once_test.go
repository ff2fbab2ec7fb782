package home_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"belonging/internal/testkit"
)

// A module leader's home names each session once: a coming session under
// its module, not again under "Coming up"; an outcome to record under its
// module, not again under "Waiting for you", whose count still holds it.
func TestModuleLeaderHomeListsEachSessionOnce(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	module := testkit.Scalar[int64](t, app, `SELECT m.module_id FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE u.email = 'leader@northbridge.ac.uk' AND m.role = 'module_leader' ORDER BY m.module_id LIMIT 1`)
	testkit.Exec(t, app, `
		WITH act AS (
			INSERT INTO activities (institution_id, programme_id, module_id, academic_year, title, kind, stage, dimensions, placement, level, status)
			SELECT m.institution_id, pm.programme_id, m.id, extract(year FROM current_date)::int, 'Lab buddies lunch', 'social', 'term_1', '{peers}', 'curricular', 'module', 'scheduled'
			FROM modules m JOIN LATERAL (SELECT programme_id FROM programme_modules WHERE module_id = m.id LIMIT 1) pm ON true
			WHERE m.id = $1
			RETURNING id, institution_id)
		INSERT INTO activity_sessions (institution_id, activity_id, session_date)
		SELECT institution_id, id, current_date + d FROM act, (VALUES (4), (-6)) AS s (d)`, module)
	c := app.Client()
	c.SignIn("leader@northbridge.ac.uk", testkit.DemoPassword)
	doc := c.Get("/").Doc()
	where := map[string][]string{}
	doc.Find("[data-testid=waiting], [data-testid=upcoming], [data-testid=home-modules]").Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Attr("data-testid")
		s.Find("a").Each(func(_ int, a *goquery.Selection) {
			if strings.Contains(a.Text(), "Lab buddies lunch") {
				href, _ := a.Attr("href")
				where[href] = append(where[href], id)
			}
		})
	})
	var twice []string
	for href, ids := range where {
		if len(ids) > 1 {
			twice = append(twice, href+" in "+strings.Join(ids, ", "))
		}
	}
	if len(where) != 2 || len(twice) != 0 {
		t.Errorf("links to Lab buddies lunch = %v; want the session and the outcome to record, each once (twice: %v)", where, twice)
	}
	if diff := cmp.Diff([]string{"home-modules"}, dedupe(where)); diff != "" {
		t.Errorf("sections listing Lab buddies lunch (-want +got):\n%s", diff)
	}
	if got := strings.Join(strings.Fields(doc.Find("[data-testid=awaiting]").Text()), " "); !strings.Contains(got, "under Your modules") {
		t.Errorf("waiting's outcomes = %q, want it to say the module's are under Your modules", got)
	}
}

func dedupe(where map[string][]string) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, ids := range where {
		for _, id := range ids {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	slices.Sort(out)
	return out
}
