package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"belonging/internal/seed"
	"belonging/internal/testkit"
)

// Each key page runs the same number of queries however many rows it
// shows: the test counts the queries of every page, adds many more
// activities, sessions, outcomes, evidence, case studies and survey
// answers where the pages will show them, and counts again.
func TestKeyPagesRunAFixedNumberOfQueries(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	ctx := context.Background()
	var programme, activity, survey int64
	var token string
	err := app.Pool.QueryRow(ctx, `
		SELECT a.programme_id, a.id FROM activities a
		WHERE a.title LIKE 'Coffee mornings%' AND a.academic_year = $1`, seed.CurrentYear()).Scan(&programme, &activity)
	if err != nil {
		t.Fatal(err)
	}
	err = app.Pool.QueryRow(ctx, `
		INSERT INTO surveys (institution_id, programme_id, instrument_id, title, token, answered_key, opens_at, closes_at, ask_year)
		SELECT p.institution_id, p.id, (SELECT id FROM survey_instruments WHERE institution_id IS NULL ORDER BY id LIMIT 1),
		       'Counted survey', 'counted-survey-token-000001', '\x00112233445566778899aabbccddeeff'::bytea, now() - interval '1 day', now() + interval '9 days', true
		FROM programmes p WHERE p.id = $1
		RETURNING id, token`, programme).Scan(&survey, &token)
	if err != nil {
		t.Fatal(err)
	}

	// An activity of the same programme with no surveys: its page's reads
	// are the batch's alone.
	var plainActivity int64
	err = app.Pool.QueryRow(ctx, `
		SELECT a.id FROM activities a
		WHERE a.programme_id = $1 AND NOT EXISTS (SELECT FROM surveys s WHERE s.activity_id = a.id)
		ORDER BY a.id LIMIT 1`, programme).Scan(&plainActivity)
	if err != nil {
		t.Fatal(err)
	}

	director := app.Client()
	director.SignIn("director@northbridge.ac.uk", testkit.DemoPassword)
	coordinator := app.Client()
	coordinator.SignIn("coordinator@belonging.network", testkit.DemoPassword)
	student := app.Client()
	var caseStudy int64
	if err := app.Pool.QueryRow(ctx, `SELECT case_study_id FROM case_study_publications WHERE visibility = 'network' ORDER BY case_study_id LIMIT 1`).Scan(&caseStudy); err != nil {
		t.Fatal(err)
	}
	answers := func() url.Values {
		f := url.Values{"year": {"1"}}
		rows, err := app.Pool.Query(ctx, `SELECT 's' || st.id FROM surveys s JOIN survey_statements st ON st.instrument_id = s.instrument_id WHERE s.id = $1`, survey)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var name string
			rows.Scan(&name)
			f.Set(name, "4")
		}
		return f
	}()

	type page struct {
		name   string
		client *testkit.Client
		method string
		path   string
		want   int
		// rows counts what the page shows, to prove the growth reached it.
		rows func(body string) int
		// trips, when set, bounds the page's round trips to the database
		// (a batch of queries is one).
		trips int
	}
	count := func(s string) func(string) int { return func(body string) int { return strings.Count(body, s) } }
	pages := []page{
		// The session, and one batch of the dashboard's reads.
		{"home", director, "GET", "/", 200, count(`href="/activities/`), 2},
		// The session, the programme with its plan's version, and one batch
		// of the rest (the list, coverage and figures only when the parts
		// drawn from them are not kept at that version; measured kept, as
		// the first request draws them).
		{"plan page", director, "GET", fmt.Sprintf("/programmes/%d", programme), 200, count(`class="activity-card`), 3},
		// The session, and one batch of the activity and every section's
		// reads; then five reads that work out the result of the activity's
		// closed before-and-after survey pair (until the upkeep stores it as
		// evidence), each needing the one before.
		{"activity page", director, "GET", fmt.Sprintf("/activities/%d", activity), 200, count(`class="outcome"`), 2 + 5},
		{"activity page, no surveys", director, "GET", fmt.Sprintf("/activities/%d", plainActivity), 200, nil, 2},
		// The session and the programme with its plan's version: the export
		// is kept at that version (drawn, it is one batch more).
		{"plan CSV", director, "GET", fmt.Sprintf("/programmes/%d/activities.csv", programme), 200, count("\n"), 2},
		// The list's counts are kept a minute, its pages until the library
		// changes.
		{"library list", coordinator, "GET", "/library", 200, count("Coffee and belonging"), 0},
		{"library search", coordinator, "GET", "/library?q=" + url.QueryEscape("belonging"), 200, count(`class="result"`), 0},
		{"library search, newest", coordinator, "GET", "/library?sort=newest&q=" + url.QueryEscape("coffee belonging"), 200, count(`class="result"`), 0},
		// The session, one batch of the publication, the library's version
		// and the reader's bookmark and collections, and the similar case
		// studies (kept until the library's version changes).
		{"case study page", coordinator, "GET", fmt.Sprintf("/case-studies/%d", caseStudy), 200, nil, 3},
		{"survey page", student, "GET", "/s/" + token, 200, nil, 0},
		{"survey answer", nil, "POST", "/s/" + token, http.StatusSeeOther, nil, 0},
	}
	measure := func(p page) (queries, trips, rows int) {
		t.Helper()
		c := p.client
		if c == nil {
			c = app.Client() // a new student each time
		}
		do := func() *testkit.Response {
			if p.method == "POST" {
				return c.Post(p.path, answers)
			}
			return c.Get(p.path)
		}
		if p.method == "GET" {
			do() // the first request may refresh the session
		}
		before, tripsBefore := app.Queries.Count(), app.Queries.RoundTrips()
		resp := do()
		queries, trips = int(app.Queries.Count()-before), int(app.Queries.RoundTrips()-tripsBefore)
		if resp.StatusCode != p.want {
			t.Fatalf("%s: status %d, want %d", p.name, resp.StatusCode, p.want)
		}
		if p.rows != nil {
			rows = p.rows(resp.Text())
		}
		return queries, trips, rows
	}
	before := map[string][2]int{}
	for _, p := range pages {
		q, trips, r := measure(p)
		before[p.name] = [2]int{q, r}
		if p.trips != 0 && trips > p.trips {
			t.Errorf("%s takes %d round trips, want at most %d", p.name, trips, p.trips)
		}
	}

	grow(t, app, programme, activity)

	for _, p := range pages {
		q, trips, r := measure(p)
		was := before[p.name]
		t.Logf("%-24s %2d queries in %2d round trips (rows shown %d, then %d)", p.name, q, trips, was[1], r)
		if p.trips != 0 && trips > p.trips {
			t.Errorf("%s takes %d round trips with more rows, want at most %d", p.name, trips, p.trips)
		}
		if q != was[0] {
			t.Errorf("%s runs %d queries with more rows, %d before", p.name, q, was[0])
		}
		if p.rows != nil && r <= was[1] {
			t.Errorf("%s shows %d rows after growing, %d before: the growth did not reach it", p.name, r, was[1])
		}
	}
}

// grow adds 40 activities to the programme this year, each with three
// sessions in the coming fortnight, one past session without an outcome
// and an idea's status for some; 30 outcomes and 30 evidence links on the
// activity; and 60 network case studies about coffee and belonging.
func grow(t *testing.T, app *testkit.App, programme, activity int64) {
	t.Helper()
	ctx := context.Background()
	for _, st := range []struct {
		sql  string
		args []any
	}{
		{`WITH src AS (SELECT * FROM activities WHERE id = $2),
		 acts AS (
			INSERT INTO activities (institution_id, programme_id, academic_year, title, kind, stage, dimensions, placement, level, status, created_by, lead_id)
			SELECT institution_id, $1, academic_year, 'Grown activity ' || g, kind, stage, dimensions, placement, level,
			       CASE WHEN g % 4 = 0 THEN 'idea' ELSE 'scheduled' END, created_by, (SELECT id FROM users WHERE email = 'director@northbridge.ac.uk')
			FROM src, generate_series(1, 40) g
			RETURNING id, institution_id)
		 INSERT INTO activity_sessions (institution_id, activity_id, session_date, location)
		 SELECT institution_id, id, current_date + d, 'Room ' || d FROM acts, generate_series(-3, 9, 4) d`, []any{programme, activity}},
		{`INSERT INTO outcomes (institution_id, activity_id, outcome_date, attendance, invited, what_worked)
		 SELECT institution_id, id, current_date - g, 20 + g, 60, 'Grown outcome ' || g FROM activities, generate_series(1, 30) g WHERE id = $1`, []any{activity}},
		{`INSERT INTO evidence (institution_id, activity_id, title, kind, strength, link_url)
		 SELECT institution_id, id, 'Grown evidence ' || g, 'report', 1, 'https://example.org/grown/' || g FROM activities, generate_series(1, 30) g WHERE id = $1`, []any{activity}},
	} {
		if _, err := app.Pool.Exec(ctx, st.sql, st.args...); err != nil {
			t.Fatalf("grow: %v\n%s", err, st.sql)
		}
	}
	testkit.PublishCopies(t, app.Pool, 60, "Coffee and belonging", "")
}
