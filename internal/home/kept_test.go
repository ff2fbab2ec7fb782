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

// A home's version is a sum over the programmes it lists from, which
// change with it: after a director leaves the team of another programme's
// activity, their home's version is summed over fewer programmes and may
// be lower than the one kept. The home read afresh is kept all the same,
// and the next view is answered from it: the session's round trip and the
// batch, no more.
func TestHomeKeptAfterItsProgrammesShrink(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn("director@northbridge.ac.uk", testkit.DemoPassword)
	other := testkit.Scalar[int64](t, app, `
		SELECT min(a.id) FROM activities a JOIN programmes p ON p.id = a.programme_id
		WHERE p.code <> 'C100' AND p.institution_id = (SELECT institution_id FROM users WHERE email = 'director@northbridge.ac.uk')
		  AND a.archived_at IS NULL`)
	testkit.Exec(t, app, `INSERT INTO activity_team (activity_id, user_id) SELECT $1, id FROM users WHERE email = 'director@northbridge.ac.uk'`, other)
	for range 5 { // the other programme's version well above the director's own keys'
		testkit.Exec(t, app, `UPDATE activities SET title = title WHERE id = $1`, other)
	}
	c.Get("/")
	testkit.Exec(t, app, `DELETE FROM activity_team WHERE activity_id = $1`, other)
	c.Get("/") // read afresh: the kept home's version moved on
	before := app.Queries.RoundTrips()
	if resp := c.Get("/"); resp.StatusCode != 200 {
		t.Fatalf("home = %d", resp.StatusCode)
	}
	if trips := app.Queries.RoundTrips() - before; trips > 2 {
		t.Errorf("the home viewed again took %d round trips, want 2 (the session's and the batch): the home read afresh was not kept", trips)
	}
}
