package home_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"belonging/internal/acyear"
	"belonging/internal/seed"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

// waitingItem is one entry of the panel: what it says and where it leads.
type waitingItem struct{ Title, URL string }

// The "Waiting for you" panel of an admin who directs a programme of
// their own and helps run an activity of another: the outcomes due of the
// last eight weeks (of their programme's activities and the one they help
// with; not one recorded for its session or its day, older, still to come
// or of an archived activity), the case studies
// waiting for approval, their surveys closing this week, and their open
// invitations. Each group gives its count, each item links to the page
// that resolves it, and the navigation shows the total.
func TestWaitingPanel(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	day := func(offset int) string { return acyear.Today().AddDate(0, 0, offset).Format("2006-01-02") }

	wren := testkit.Scalar[int64](t, app, `
		INSERT INTO users (institution_id, email, name, password_hash)
		SELECT institution_id, 'wren.hale@northbridge.ac.uk', 'Wren Hale', password_hash FROM users WHERE email = 'admin@northbridge.ac.uk'
		RETURNING id`)
	prog := testkit.Scalar[int64](t, app, `
		INSERT INTO programmes (institution_id, department_id, code, title, level, subject_area, cohort_size, years)
		SELECT institution_id, department_id, 'W500', 'BSc Wildlife Conservation', level, subject_area, 60, 3 FROM programmes WHERE code = 'C100'
		RETURNING id`)
	testkit.Exec(t, app, `INSERT INTO memberships (institution_id, user_id, role, programme_id)
		SELECT institution_id, $1, r.role, CASE WHEN r.role = 'director' THEN $2::bigint END FROM users, (VALUES ('admin'), ('director')) AS r (role)
		WHERE id = $1`, wren, prog)

	// The programme's hedgehog survey walk, led by a colleague: sessions
	// yesterday (due), three days ago (recorded), ten weeks ago (too old)
	// and the day after tomorrow (to come).
	walk := testkit.Scalar[int64](t, app, `
		INSERT INTO activities (institution_id, programme_id, academic_year, title, kind, stage, dimensions, placement, level, status, created_by, lead_id)
		SELECT institution_id, $1, $2, 'Hedgehog survey walk', 'social', 'term_1', '{peers}', 'co_curricular', 'programme', 'running', id, id
		FROM users WHERE email = 'leader@northbridge.ac.uk' RETURNING id`, prog, seed.CurrentYear())
	session := func(activity int64, date string) int64 {
		return testkit.Scalar[int64](t, app, `INSERT INTO activity_sessions (institution_id, activity_id, session_date)
			SELECT institution_id, id, $2::date FROM activities WHERE id = $1 RETURNING id`, activity, date)
	}
	dueWalk := session(walk, day(-1))
	recorded := session(walk, day(-3))
	testkit.Exec(t, app, `INSERT INTO outcomes (institution_id, activity_id, session_id, outcome_date)
		SELECT institution_id, activity_id, id, session_date FROM activity_sessions WHERE id = $1`, recorded)
	session(walk, day(-70))
	session(walk, day(2))
	// An activity of another programme, which Wren helps run.
	helped := testkit.Scalar[int64](t, app, `
		INSERT INTO activities (institution_id, programme_id, academic_year, title, kind, stage, dimensions, placement, level, status, created_by, lead_id)
		SELECT p.institution_id, p.id, $1, 'Peer mentors'' drop-in', 'mentoring', 'term_1', '{peers}', 'co_curricular', 'programme', 'running', u.id, u.id
		FROM programmes p, users u WHERE p.code = 'B940' AND u.email = 'r.osei@northbridge.ac.uk' RETURNING id`, seed.CurrentYear())
	testkit.Exec(t, app, `INSERT INTO activity_team (activity_id, user_id) VALUES ($1, $2)`, helped, wren)
	dueHelped := session(helped, day(-5))
	// Its session of six days ago has an outcome recorded for the day
	// rather than the session: done.
	testkit.Exec(t, app, `INSERT INTO outcomes (institution_id, activity_id, outcome_date)
		SELECT institution_id, activity_id, session_date FROM activity_sessions WHERE id = $1`, session(helped, day(-6)))
	// An archived activity Wren helped run: nothing of it waits.
	archived := testkit.Scalar[int64](t, app, `
		INSERT INTO activities (institution_id, programme_id, academic_year, title, kind, stage, dimensions, placement, level, status, created_by, lead_id, archived_at)
		SELECT institution_id, programme_id, academic_year, 'Bat walk', kind, stage, dimensions, placement, level, status, created_by, lead_id, now()
		FROM activities WHERE id = $1 RETURNING id`, helped)
	testkit.Exec(t, app, `INSERT INTO activity_team (activity_id, user_id) VALUES ($1, $2)`, archived, wren)
	session(archived, day(-4))

	// A case study of the programme waits for approval, beside the
	// institution's one already waiting.
	caseStudy := testkit.Scalar[int64](t, app, `
		UPDATE case_studies SET programme_id = $1, review_state = 'pending', requested_visibility = 'network', updated_at = now()
		WHERE title = 'Pizza evenings run by the student society' RETURNING id`, prog)
	waitingBefore := testkit.Scalar[int64](t, app, `SELECT id FROM case_studies WHERE title = 'Extended induction: the same tutor all year' AND review_state = 'pending'`)

	// Wren's surveys: one closes in three days, one in ten.
	surveys := testkit.Scalar[[]int64](t, app, `SELECT array_agg(id ORDER BY id) FROM (SELECT id FROM surveys
		WHERE institution_id = (SELECT institution_id FROM users WHERE id = $1) ORDER BY id LIMIT 2) s`, wren)
	for i, days := range []int{3, 10} {
		testkit.Exec(t, app, `UPDATE surveys SET created_by = $1, opens_at = now() - interval '7 days', responses_deleted_on = NULL,
			closes_at = now() + make_interval(days => $3) WHERE id = $2`, wren, surveys[i], days)
	}
	closing := testkit.Scalar[string](t, app, `SELECT title FROM surveys WHERE id = $1`, surveys[0])

	c := app.Client()
	c.SignIn("wren.hale@northbridge.ac.uk", testkit.DemoPassword)
	for _, email := range []string{"k.bright@northbridge.ac.uk", "l.moss@northbridge.ac.uk"} {
		resp := c.Post(paths.Invite, url.Values{"email": {email}, "role": {"director"}, "programme": {strconv.FormatInt(prog, 10)}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("invite %s = %d: %s", email, resp.StatusCode, testkit.FormErrors(resp))
		}
	}
	testkit.Exec(t, app, `UPDATE invitations SET revoked_at = now() WHERE email = 'l.moss@northbridge.ac.uk'`)

	doc := c.Get(paths.Home).Doc()
	group := func(id string) (string, []waitingItem) {
		g := doc.Find("[data-testid=waiting] [data-testid=" + id + "]")
		var items []waitingItem
		g.Find("li a").Each(func(_ int, a *goquery.Selection) {
			href, _ := a.Attr("href")
			items = append(items, waitingItem{strings.TrimSpace(a.Text()), href})
		})
		return strings.Join(strings.Fields(g.Find("h3").Text()), " "), items
	}
	for _, want := range []struct {
		id, heading string
		items       []waitingItem
	}{
		{"awaiting", "Outcomes to record (2)", []waitingItem{
			{"Hedgehog survey walk", paths.NewSessionOutcome(walk, dueWalk)},
			{"Peer mentors' drop-in", paths.NewSessionOutcome(helped, dueHelped)},
		}},
		{"reviews", "Case studies to review (2)", []waitingItem{
			{"Extended induction: the same tutor all year", paths.CaseStudyDraft(waitingBefore, "Extended induction: the same tutor all year")},
			{"Pizza evenings run by the student society", paths.CaseStudyDraft(caseStudy, "Pizza evenings run by the student society")},
		}},
		{"closing", "Surveys to close (1)", []waitingItem{{closing, paths.Survey(surveys[0])}}},
		{"invitations", "Invitations not yet accepted (1)", []waitingItem{{"k.bright@northbridge.ac.uk", paths.Invitations}}},
	} {
		heading, items := group(want.id)
		if heading != want.heading {
			t.Errorf("group %s heading = %q, want %q", want.id, heading, want.heading)
		}
		if diff := cmp.Diff(want.items, items); diff != "" {
			t.Errorf("group %s items (-want +got):\n%s", want.id, diff)
		}
		// Each link opens the page where the item is dealt with.
		for _, it := range items {
			if resp := c.Get(it.URL); resp.StatusCode != http.StatusOK {
				t.Errorf("GET %s (%s) = %d, want 200", it.URL, it.Title, resp.StatusCode)
			}
		}
	}
	if got := strings.TrimSpace(doc.Find("[data-testid=nav-waiting]").First().Text()); got != ", 6 waiting for you" {
		t.Errorf("navigation count = %q, want %q", got, ", 6 waiting for you")
	}

	// Recording the due outcome takes it off the panel.
	testkit.Exec(t, app, `INSERT INTO outcomes (institution_id, activity_id, session_id, outcome_date)
		SELECT institution_id, activity_id, id, session_date FROM activity_sessions WHERE id = $1`, dueWalk)
	doc = c.Get(paths.Home).Doc()
	if heading, _ := group("awaiting"); heading != "Outcomes to record (1)" {
		t.Errorf("after recording one outcome the heading = %q, want Outcomes to record (1)", heading)
	}
}
