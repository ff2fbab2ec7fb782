package home_test

import (
	"strings"
	"testing"

	"belonging/internal/testkit"
)

// A director's home is kept by its version, and shows a change to what it
// lists at once, made anywhere (here in the database behind the app's
// back, as another server or a job would): an activity's session
// tomorrow, one yesterday whose outcome is due, the outcome recorded, a
// survey of theirs closing, the activity archived.
func TestHomeShowsEachChangeAtOnce(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn("director@northbridge.ac.uk", testkit.DemoPassword)
	home := func() string {
		t.Helper()
		resp := c.Get("/")
		if resp.StatusCode != 200 {
			t.Fatalf("home = %d", resp.StatusCode)
		}
		return strings.Join(strings.Fields(resp.Doc().Find("main").Text()), " ")
	}
	first := home()
	if again := home(); again != first {
		t.Fatalf("the same home read twice differs:\n%s\n%s", first, again)
	}
	activity := testkit.Scalar[int64](t, app, `
		SELECT min(a.id) FROM activities a JOIN programmes p ON p.id = a.programme_id
		WHERE p.code = 'C100' AND a.archived_at IS NULL AND a.status <> 'idea'`)
	testkit.Exec(t, app, `UPDATE activities SET title = 'Lantern walk round the campus' WHERE id = $1`, activity)
	const title = "Lantern walk round the campus"
	changes := []struct {
		what, sql string
		times     int // how often the home names the activity after it
	}{
		{"a session tomorrow", `INSERT INTO activity_sessions (institution_id, activity_id, session_date)
			SELECT institution_id, id, (now() AT TIME ZONE 'Europe/London')::date + 1 FROM activities WHERE id = $1`, 1},
		{"a session yesterday, its outcome due", `INSERT INTO activity_sessions (institution_id, activity_id, session_date)
			SELECT institution_id, id, (now() AT TIME ZONE 'Europe/London')::date - 1 FROM activities WHERE id = $1`, 2},
		{"its outcome recorded", `INSERT INTO outcomes (institution_id, activity_id, session_id, outcome_date)
			SELECT institution_id, activity_id, id, session_date FROM activity_sessions
			WHERE activity_id = $1 AND session_date = (now() AT TIME ZONE 'Europe/London')::date - 1`, 1},
		{"the activity archived", `UPDATE activities SET archived_at = now() WHERE id = $1`, 0},
	}
	for _, ch := range changes {
		home() // kept at the version before the change
		testkit.Exec(t, app, ch.sql, activity)
		if got := home(); strings.Count(got, title) != ch.times {
			t.Errorf("after %s the home names %q %d times, want %d:\n%s", ch.what, title, strings.Count(got, title), ch.times, got)
		}
	}
	home()
	testkit.Exec(t, app, `
		INSERT INTO surveys (institution_id, programme_id, instrument_id, title, token, answered_key, opens_at, closes_at, created_by)
		SELECT s.institution_id, s.programme_id, s.instrument_id, 'Allotment pulse', 'allotment-pulse-token-0001', s.answered_key,
		       now() - interval '1 day', now() + interval '3 days', u.id
		FROM surveys s, users u WHERE u.email = 'director@northbridge.ac.uk' AND s.institution_id = u.institution_id
		ORDER BY s.id LIMIT 1`)
	if got := home(); !strings.Contains(got, "Allotment pulse") {
		t.Errorf("a survey of theirs closing in three days is not on the home:\n%s", got)
	}
}
