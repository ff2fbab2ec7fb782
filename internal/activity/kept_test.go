package activity_test

import (
	"fmt"
	"strings"
	"testing"

	"belonging/internal/store"
	"belonging/internal/testkit"
)

// An activity's page keeps its reads of the activity's own rows by its
// page version, and shows a change to them at once, made anywhere (here in
// the database behind the app's back, as another server would): an
// outcome's words, a session's place, a team member's name, a code's
// words. A view while nothing has changed takes the session's round trip
// and one batch; the first after a change one more, to read the kept
// reads again.
func TestActivityPageShowsEachChangeAtOnce(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn("director@northbridge.ac.uk", testkit.DemoPassword)
	activity := testkit.Scalar[int64](t, app, `
		SELECT min(a.id) FROM activities a WHERE a.institution_id = 1
		AND EXISTS (SELECT FROM outcomes o WHERE o.activity_id = a.id)
		AND EXISTS (SELECT FROM activity_team t WHERE t.activity_id = a.id)
		AND EXISTS (SELECT FROM activity_codes ac WHERE ac.activity_id = a.id)
		AND NOT EXISTS (SELECT FROM surveys s WHERE s.activity_id = a.id)`)
	path := fmt.Sprintf("/activities/%d", activity)
	var queries int64
	view := func() (text string, trips int64) {
		t.Helper()
		before, count := app.Queries.RoundTrips(), app.Queries.Count()
		resp := c.Get(path)
		if resp.StatusCode != 200 {
			t.Fatalf("%s = %d", path, resp.StatusCode)
		}
		queries = app.Queries.Count() - count
		return strings.Join(strings.Fields(resp.Doc().Find("main").Text()), " "), app.Queries.RoundTrips() - before
	}
	first, _ := view()
	again, trips := view()
	if again != first {
		t.Fatalf("the same page read twice differs:\n%s\n%s", first, again)
	}
	if trips != 2 {
		t.Errorf("a view with nothing changed took %d round trips, want 2 (the session, one batch)", trips)
	}
	for _, ch := range []struct{ what, sql, want string }{
		{"an outcome's words", `UPDATE outcomes SET what_worked = 'Lanterns on the walk back' WHERE activity_id = $1`, "Lanterns on the walk back"},
		{"a session's place", `UPDATE activity_sessions SET location = 'Observatory dome' WHERE id = (SELECT min(id) FROM activity_sessions WHERE activity_id = $1)`, "Observatory dome"},
		{"a team member's name", `UPDATE users SET name = 'Ottoline Quist' WHERE id = (SELECT min(user_id) FROM activity_team WHERE activity_id = $1)`, "Ottoline Quist"},
		{"a code's words", `UPDATE evaluation_codes SET label = 'Evening socials by starlight' WHERE id = (SELECT min(code_id) FROM activity_codes WHERE activity_id = $1)`, "Evening socials by starlight"},
	} {
		view() // kept at the version before the change
		testkit.Exec(t, app, ch.sql, activity)
		got, trips := view()
		if !strings.Contains(got, ch.want) {
			t.Errorf("after %s changed the page does not show %q:\n%s", ch.what, ch.want, got)
		}
		if trips != 3 {
			t.Errorf("the first view after %s changed took %d round trips, want 3 (the session, the batch, the kept reads again)", ch.what, trips)
		}
		changed := queries
		if _, trips := view(); trips != 2 {
			t.Errorf("the view after that took %d round trips, want 2", trips)
		}
		// Every kept read was read again after the change, and none of
		// them the view after.
		if kept := int64(len(store.ActivityPageKept)); changed-queries != kept {
			t.Errorf("after %s changed the page ran %d queries, then %d: want the %d kept reads fewer", ch.what, changed, queries, kept)
		}
	}
}
