package activity_test

import (
	"fmt"
	"strings"
	"testing"

	"belonging/internal/testkit"
)

// The plan page keeps its figures, coverage map and list drawn, and shows
// a change to what they show at once, made anywhere (here in the database
// behind the app's back, as another server or a job would): a lead's new
// name, a module's new code, a new session, an activity's new title and an
// archived activity. The kept parts are the reader's language's.
func TestPlanPageShowsEachChangeAtOnce(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	prog := programmeID(t, app, "C100")
	path := fmt.Sprintf("/programmes/%d?year=%d", prog, year)
	plan := func() (list, figures string) {
		t.Helper()
		resp := c.Get(path)
		if resp.StatusCode != 200 {
			t.Fatalf("plan = %d", resp.StatusCode)
		}
		doc := resp.Doc()
		return strings.Join(strings.Fields(doc.Find("[data-testid=activity-list]").Text()), " "),
			strings.Join(strings.Fields(doc.Find("[data-testid=figures]").Text()), " ")
	}
	list, figures := plan()
	if again, _ := plan(); again != list {
		t.Fatalf("the same plan read twice differs:\n%s\n%s", list, again)
	}
	id := firstPlanActivity(t, app, prog)
	testkit.Exec(t, app, `UPDATE activities SET lead_id = (SELECT id FROM users WHERE email = $2),
		module_id = (SELECT id FROM modules WHERE institution_id = activities.institution_id ORDER BY id LIMIT 1) WHERE id = $1`, id, leader)
	changes := []struct{ what, sql, want string }{
		{"a lead's new name", `UPDATE users SET name = 'Morwenna Tregarthen' WHERE id = (SELECT lead_id FROM activities WHERE id = $1)`, "Morwenna Tregarthen"},
		{"a module's new code", `UPDATE modules SET code = 'ZQ9999' WHERE id = (SELECT module_id FROM activities WHERE id = $1)`, "ZQ9999"},
		{"an activity's new title", `UPDATE activities SET title = 'Lantern walk round the campus' WHERE id = $1`, "Lantern walk round the campus"},
	}
	for _, ch := range changes {
		plan() // kept at the version before the change
		testkit.Exec(t, app, ch.sql, id)
		if got, _ := plan(); !strings.Contains(got, ch.want) {
			t.Errorf("after %s the plan's list does not show %q:\n%s", ch.what, ch.want, got)
		}
	}
	sessions := func() int {
		return testkit.Scalar[int](t, app, `SELECT count(*) FROM activity_sessions WHERE activity_id = $1`, id)
	}
	before := sessions()
	plan()
	testkit.Exec(t, app, `INSERT INTO activity_sessions (institution_id, activity_id, session_date)
		SELECT institution_id, id, make_date(academic_year + 1, 3, 3) FROM activities WHERE id = $1`, id)
	if got, _ := plan(); !strings.Contains(got, fmt.Sprintf("Sessions%d · next 3 Mar", before+1)) {
		t.Errorf("after a new session on 3 March the list does not count %d sessions with that one next:\n%s", before+1, got)
	}
	testkit.Exec(t, app, `UPDATE activities SET archived_at = now() WHERE id = $1`, id)
	if got, gotFigures := plan(); strings.Contains(got, "Lantern walk") || gotFigures == figures {
		t.Errorf("an archived activity is still listed, or the figures did not change (%q → %q)", figures, gotFigures)
	}

	c.Header = welsh
	if got, _ := plan(); got == list || !strings.Contains(got, "Statws") {
		t.Errorf("the plan read in Welsh is not in Welsh:\n%s", got)
	}
}

// The plan's export is kept too, and written afresh after a change to
// anything it holds: a lead's new address, a code's new name, a code
// carried, a new session.
func TestPlanExportShowsEachChangeAtOnce(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	prog := programmeID(t, app, "C100")
	path := fmt.Sprintf("/programmes/%d/activities.csv?year=%d", prog, year)
	export := func() string {
		t.Helper()
		resp := c.Get(path)
		if resp.StatusCode != 200 {
			t.Fatalf("export = %d", resp.StatusCode)
		}
		return resp.Text()
	}
	first := export()
	if again := export(); again != first {
		t.Fatalf("the same export read twice differs")
	}
	id := firstPlanActivity(t, app, prog)
	testkit.Exec(t, app, `UPDATE activities SET lead_id = (SELECT id FROM users WHERE email = $2) WHERE id = $1`, id, leader)
	changes := []struct{ what, sql, want string }{
		{"a lead's new address", `UPDATE users SET email = 'k.penhaligon@northbridge.ac.uk' WHERE id = (SELECT lead_id FROM activities WHERE id = $1)`, "k.penhaligon@northbridge.ac.uk"},
		{"a code carried", `INSERT INTO activity_codes (institution_id, activity_id, code_id)
			SELECT a.institution_id, a.id, c.id FROM activities a JOIN evaluation_codes c ON c.institution_id = a.institution_id
			WHERE a.id = $1 AND c.code = 'transition-into-he' ON CONFLICT DO NOTHING`, "transition-into-he"},
		{"a code's new name", `UPDATE evaluation_codes SET code = 'arriving-and-settling'
			WHERE code = 'transition-into-he' AND institution_id = (SELECT institution_id FROM activities WHERE id = $1)`, "arriving-and-settling"},
		{"a new session", `INSERT INTO activity_sessions (institution_id, activity_id, session_date)
			SELECT institution_id, id, make_date(academic_year, 8, 1) FROM activities WHERE id = $1`, fmt.Sprintf("%d-08-01", year)},
	}
	for _, ch := range changes {
		export() // kept at the version before the change
		testkit.Exec(t, app, ch.sql, id)
		if got := export(); !strings.Contains(got, ch.want) {
			t.Errorf("after %s the export does not hold %q", ch.what, ch.want)
		}
	}
}

// firstPlanActivity is the programme's first activity of this year's plan.
func firstPlanActivity(t *testing.T, app *testkit.App, prog int64) int64 {
	t.Helper()
	return testkit.Scalar[int64](t, app, `
		SELECT id FROM activities WHERE programme_id = $1 AND academic_year = $2 AND archived_at IS NULL
		ORDER BY id LIMIT 1`, prog, year)
}
