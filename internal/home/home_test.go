package home_test

import (
	"context"
	"strings"
	"testing"

	"belonging/internal/seed"
	"belonging/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// The dashboard lists a person's coming sessions, their past sessions
// with no outcome, and their draft ideas, and nothing of programmes they
// do not look after.
func TestDashboardLists(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	ctx := context.Background()
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := app.Pool.Exec(ctx, sql, args...); err != nil {
			t.Fatalf("%v\n%s", err, sql)
		}
	}
	// Three activities: two in the director's programme, one in another
	// programme of the same institution they have no role in.
	exec(`
		WITH director AS (SELECT id FROM users WHERE email = 'director@northbridge.ac.uk'),
		     own AS (SELECT programme_id AS id FROM memberships WHERE user_id = (SELECT id FROM director) AND role = 'director' LIMIT 1),
		     other AS (SELECT p.id FROM programmes p JOIN institutions i ON i.id = p.institution_id
		               WHERE i.slug = 'northbridge' AND p.id NOT IN (SELECT programme_id FROM memberships WHERE user_id = (SELECT id FROM director) AND programme_id IS NOT NULL) LIMIT 1),
		     acts AS (
		        INSERT INTO activities (institution_id, programme_id, academic_year, title, kind, stage, dimensions, placement, level, status, created_by)
		        SELECT i.id, x.programme, $1, x.title, 'social', 'term_1', '{peers}', 'co_curricular', 'programme', x.status, (SELECT id FROM director)
		        FROM institutions i, (VALUES ((SELECT id FROM own), 'Dashboard quiz night', 'scheduled'),
		                                     ((SELECT id FROM own), 'Dashboard idea: allotment', 'idea'),
		                                     ((SELECT id FROM other), 'Someone else''s picnic', 'scheduled')) AS x (programme, title, status)
		        WHERE i.slug = 'northbridge'
		        RETURNING id, institution_id, title)
		INSERT INTO activity_sessions (institution_id, activity_id, session_date, location)
		SELECT institution_id, id, current_date + d, 'Room ' || d FROM acts, (VALUES (3), (-5)) AS s (d)
		WHERE title <> 'Dashboard idea: allotment'`, seed.CurrentYear())

	c := app.Client()
	c.SignIn("director@northbridge.ac.uk", testkit.DemoPassword)
	doc := c.Get("/").Doc()
	section := func(id string) string { return doc.Find("[data-testid=" + id + "]").Text() }
	if got := section("upcoming"); !strings.Contains(got, "Dashboard quiz night") {
		t.Errorf("Coming up does not list the session in three days:\n%s", got)
	}
	if got := section("awaiting"); !strings.Contains(got, "Dashboard quiz night") {
		t.Errorf("Waiting for an outcome does not list the session five days ago:\n%s", got)
	}
	if got := section("drafts"); !strings.Contains(got, "Dashboard idea: allotment") {
		t.Errorf("drafts do not list the idea:\n%s", got)
	}
	if strings.Contains(doc.Text(), "Someone else's picnic") {
		t.Error("the dashboard lists an activity of a programme the director has no role in")
	}

	// An outcome for the past session takes it off the waiting list.
	exec(`INSERT INTO outcomes (institution_id, activity_id, session_id, outcome_date, attendance, invited)
		SELECT s.institution_id, s.activity_id, s.id, s.session_date, 30, 60 FROM activity_sessions s JOIN activities a ON a.id = s.activity_id
		WHERE a.title = 'Dashboard quiz night' AND s.session_date < current_date`)
	if got := c.Get("/").Doc().Find("[data-testid=awaiting]").Text(); strings.Contains(got, "Dashboard quiz night") {
		t.Errorf("a session with an outcome is still waiting for one:\n%s", got)
	}
}
