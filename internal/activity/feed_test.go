package activity_test

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"
	"github.com/google/go-cmp/cmp"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// myFeed makes a new "my sessions" address as c and returns it, read from
// the account page that shows it once.
func myFeed(t *testing.T, c *testkit.Client) string {
	t.Helper()
	if resp := c.Post(paths.AccountCalendarFeed, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("make a calendar address = %d", resp.StatusCode)
	}
	url, _ := c.Get(paths.Account).Doc().Find("[data-testid=feed-url]").Attr("value")
	if url == "" {
		t.Fatal("the account page does not show the new calendar address")
	}
	if again, _ := c.Get(paths.Account).Doc().Find("[data-testid=feed-url]").Attr("value"); again != "" {
		t.Error("the calendar address is shown a second time")
	}
	return url
}

// feedSessions fetches a feed as a calendar app does (no cookies) and
// returns the ids of the sessions in it, sorted, or nil with the status
// when it is not served.
func feedSessions(t *testing.T, url string) ([]int64, int) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, resp.StatusCode
	}
	cal, err := ical.NewDecoder(resp.Body).Decode()
	if err != nil {
		t.Fatalf("parse the feed: %v", err)
	}
	var ids []int64
	for _, e := range cal.Events() {
		uid, err := e.Props.Text(ical.PropUID)
		if err != nil {
			t.Fatal(err)
		}
		id, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(uid, "session-"), "@belonging"), 10, 64)
		if err != nil {
			t.Fatalf("event UID %q names no session", uid)
		}
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids, resp.StatusCode
}

// The "my sessions" feed holds every session of the activities the person
// leads or helps run, and no one else's: not a colleague's activity until
// they join its team, nothing of another institution. A new address ends
// the old one, and revoking ends it too.
func TestPersonalCalendarFeed(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	mine := func(email string) []int64 {
		t.Helper()
		return testkit.Scalar[[]int64](t, app, `
			SELECT coalesce(array_agg(s.id ORDER BY s.id), '{}') FROM activity_sessions s JOIN activities a ON a.id = s.activity_id
			JOIN users u ON u.email = $1
			WHERE a.archived_at IS NULL AND (a.lead_id = u.id OR EXISTS (SELECT 1 FROM activity_team t WHERE t.activity_id = a.id AND t.user_id = u.id))`, email)
	}
	led := testkit.Scalar[int](t, app, `SELECT count(*) FROM activities a JOIN users u ON u.id = a.lead_id WHERE u.email = $1`, member)
	helped := testkit.Scalar[int](t, app, `SELECT count(*) FROM activity_team t JOIN users u ON u.id = t.user_id WHERE u.email = $1`, member)
	if led == 0 || helped == 0 {
		t.Fatalf("the team member leads %d activities and helps with %d: the test needs both", led, helped)
	}
	// A colleague's quiz night, with a session, that the member has no part in.
	quiz := testkit.Scalar[int64](t, app, `
		WITH a AS (
			INSERT INTO activities (institution_id, programme_id, academic_year, title, kind, stage, dimensions, placement, level, status, created_by, lead_id)
			SELECT p.institution_id, p.id, $1, 'Quiz night for the feed', 'social', 'term_1', '{peers}', 'co_curricular', 'programme', 'scheduled', u.id, u.id
			FROM programmes p, users u WHERE p.code = 'C100' AND u.email = $2
			RETURNING id, institution_id)
		INSERT INTO activity_sessions (institution_id, activity_id, session_date, location)
		SELECT institution_id, id, $3::date, 'Student union bar' FROM a RETURNING id`, year, director, aDate(time.October, 14))

	c := app.Client()
	c.SignIn(member, testkit.DemoPassword)
	url := myFeed(t, c)
	got, status := feedSessions(t, url)
	if status != http.StatusOK {
		t.Fatalf("GET the feed = %d, want 200", status)
	}
	if diff := cmp.Diff(mine(member), got); diff != "" {
		t.Errorf("sessions in the member's feed (-want +got):\n%s", diff)
	}
	if slices.Contains(got, quiz) {
		t.Error("the feed holds a colleague's session the member has no part in")
	}
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM activity_sessions s JOIN institutions i ON i.id = s.institution_id
		WHERE s.id = ANY($1) AND i.slug <> 'northbridge'`, got); n != 0 {
		t.Errorf("the feed holds %d sessions of another institution", n)
	}

	// Joining the quiz night's team puts it in the feed.
	testkit.Exec(t, app, `INSERT INTO activity_team (activity_id, user_id) SELECT a.activity_id, u.id FROM activity_sessions a, users u WHERE a.id = $1 AND u.email = $2`, quiz, member)
	if got, _ := feedSessions(t, url); !slices.Contains(got, quiz) {
		t.Error("the quiz night is not in the feed after the member joined its team")
	}

	// The director's own feed is theirs: the member's sessions of
	// activities the director neither leads nor helps with are absent.
	d := app.Client()
	d.SignIn(director, testkit.DemoPassword)
	theirs, _ := feedSessions(t, myFeed(t, d))
	if diff := cmp.Diff(mine(director), theirs); diff != "" {
		t.Errorf("sessions in the director's feed (-want +got):\n%s", diff)
	}

	// A new address ends the old; revoking ends the new.
	renewed := myFeed(t, c)
	if _, status := feedSessions(t, url); status != http.StatusNotFound {
		t.Errorf("GET the replaced address = %d, want 404", status)
	}
	if resp := c.Post(paths.AccountCalendarFeedRevoke, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke = %d", resp.StatusCode)
	}
	if _, status := feedSessions(t, renewed); status != http.StatusNotFound {
		t.Errorf("GET the revoked address = %d, want 404", status)
	}
}
