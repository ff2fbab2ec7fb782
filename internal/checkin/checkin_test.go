package checkin_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"belonging/internal/seed"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

func TestMain(m *testing.M) { testkit.Main(m) }

const leader = "leader@northbridge.ac.uk"

// coffeeSession is a past session of the seeded coffee mornings, and its
// activity.
func coffeeSession(t testing.TB, app *testkit.App) (session, activity int64) {
	activity = testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title LIKE 'Coffee mornings%' AND academic_year = $1`, seed.CurrentYear())
	session = testkit.Scalar[int64](t, app, `SELECT max(id) FROM activity_sessions WHERE activity_id = $1 AND session_date < now()`, activity)
	return session, activity
}

var shortLink = regexp.MustCompile(`/c/[0-9]+/[a-z2-7]+$`)

// screenLink opens the session's check-in screen as staff and reads the
// address its code holds.
func screenLink(t *testing.T, staff *testkit.Client, session int64) string {
	t.Helper()
	resp := staff.Get(paths.CheckInScreen(session))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET check-in screen = %d, want 200", resp.StatusCode)
	}
	doc := resp.Doc()
	if refresh := doc.Find("head noscript").Text(); !strings.Contains(refresh, `http-equiv="refresh"`) {
		t.Errorf("check-in screen's noscript = %q, want a meta refresh for browsers without JavaScript", refresh)
	}
	if doc.Find("[data-testid=checkin-qr] svg path").Length() != 1 {
		t.Error("check-in screen has no QR code")
	}
	link := shortLink.FindString(strings.TrimSpace(doc.Find("[data-testid=checkin-link]").Text()))
	if link == "" {
		t.Fatalf("check-in screen link = %q, want /c/<session>/<code>", doc.Find("[data-testid=checkin-link]").Text())
	}
	return link
}

func count(t *testing.T, app *testkit.App, session int64) int {
	t.Helper()
	return testkit.Scalar[int](t, app, `SELECT coalesce((SELECT checked_in FROM session_checkins WHERE session_id = $1), 0)`, session)
}

func state(r *testkit.Response) string {
	return strings.Join(strings.Fields(r.Doc().Find("[data-testid=checkin-state] h2").Text()), " ")
}

// press opens the check-in address and presses "I'm here"; it answers
// the response and the form it sent.
func press(t *testing.T, phone *testkit.Client, link string) (*testkit.Response, url.Values) {
	t.Helper()
	page := phone.Get(link)
	if page.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d, want 200", link, page.StatusCode)
	}
	form := page.Doc().Find("form")
	if form.Length() != 1 {
		t.Fatalf("GET %s shows no form: %q", link, state(page))
	}
	action, _ := form.Attr("action")
	sent := testkit.FormValues(form)
	return phone.Post(action, sent), sent
}

// TestOncePerBrowser: each browser is counted once, however often it scans
// or presses, and the count reaches the screen (whole page and htmx's
// fragment) and the outcome form, which says where the figure came from.
func TestOncePerBrowser(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(time.Date(2026, 10, 5, 9, 0, 5, 0, time.UTC))
	app := testkit.NewAppWithClock(t, clock)
	session, activity := coffeeSession(t, app)
	staff := app.Client()
	staff.SignIn(leader, testkit.DemoPassword)
	link := screenLink(t, staff, session)
	audits := testkit.Scalar[int](t, app, `SELECT count(*) FROM audit_log`)

	phone := app.Client()
	resp, sent := press(t, phone, link)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != paths.CheckIn(session) {
		t.Fatalf("press = %d to %q, want 303 to %s", resp.StatusCode, resp.Header.Get("Location"), paths.CheckIn(session))
	}
	if got := state(phone.Get(paths.CheckIn(session))); got != "You're checked in" {
		t.Errorf("after pressing, the page says %q, want You're checked in", got)
	}
	// The same browser scans again, and presses a page it kept open.
	again := phone.Get(link)
	if got := state(again); again.StatusCode != http.StatusOK || got != "You're already checked in" {
		t.Errorf("second scan = %d %q, want 200 You're already checked in", again.StatusCode, got)
	}
	if again.Doc().Find("form").Length() != 0 {
		t.Error("second scan offers the button again")
	}
	if resp := phone.Post(paths.CheckIn(session), sent); state(resp) != "You're already checked in" {
		t.Errorf("second press = %d %q, want You're already checked in", resp.StatusCode, state(resp))
	}
	if got := count(t, app, session); got != 1 {
		t.Errorf("count after one browser checked in three times = %d, want 1", got)
	}

	if resp, _ := press(t, app.Client(), link); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("second browser's press = %d, want 303", resp.StatusCode)
	}
	if got := count(t, app, session); got != 2 {
		t.Errorf("count after two browsers = %d, want 2", got)
	}
	if got := testkit.Scalar[int](t, app, `SELECT count(*) FROM audit_log`); got != audits {
		t.Errorf("audit log rows after check-ins = %d, want %d (check-in writes nothing but the count)", got, audits)
	}

	screen := staff.Get(paths.CheckInScreen(session)).Doc()
	if got := strings.Join(strings.Fields(screen.Find("[data-testid=checkin-count]").Text()), " "); got != "2 students checked in" {
		t.Errorf("screen count = %q, want 2 students checked in", got)
	}
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, app.URL+paths.CheckInScreen(session), nil)
	req.Header.Set("HX-Request", "true")
	fragment := staff.Do(req)
	if got := strings.Join(strings.Fields(fragment.Doc().Find("[data-testid=checkin-count]").Text()), " "); got != "2 students checked in" || strings.Contains(fragment.Text(), "<html") {
		t.Errorf("htmx count = %q (whole page: %v), want the fragment 2 students checked in", got, strings.Contains(fragment.Text(), "<html"))
	}
	if fragment.Doc().Find("[data-testid=checkin-qr] svg").Length() != 1 {
		t.Error("htmx fragment has no QR code, want the current code with the count")
	}

	form := staff.Get(paths.NewSessionOutcome(activity, session)).Doc()
	if got, _ := form.Find("#attendance").Attr("value"); got != "2" {
		t.Errorf("outcome form attendance = %q, want 2 from check-in", got)
	}
	if hint := form.Find("#attendance-hint").Text(); !strings.Contains(hint, "Filled in from check-in") {
		t.Errorf("outcome form attendance hint = %q, want it to say the figure came from check-in", hint)
	}
	// The person corrects it: the outcome keeps what they typed.
	resp = staff.Post(paths.Outcomes(activity), url.Values{"session": {strconv.FormatInt(session, 10)}, "outcome_date": {"2026-10-05"}, "attendance": {"3"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("record outcome = %d: %s", resp.StatusCode, testkit.FormErrors(resp))
	}
	if got := testkit.Scalar[int](t, app, `SELECT attendance FROM outcomes WHERE session_id = $1`, session); got != 3 {
		t.Errorf("recorded attendance = %d, want the corrected 3", got)
	}
}

// TestExpiredAndForgedCodes: a code from two windows ago, a made-up one,
// one of another session, and a button pressed too late all get the
// expired page (410) and count no one.
func TestExpiredAndForgedCodes(t *testing.T) {
	t.Parallel()
	clock := testkit.NewClock(time.Date(2026, 10, 5, 9, 0, 5, 0, time.UTC))
	app := testkit.NewAppWithClock(t, clock)
	session, _ := coffeeSession(t, app)
	staff := app.Client()
	staff.SignIn(leader, testkit.DemoPassword)
	link := screenLink(t, staff, session)
	code := link[strings.LastIndex(link, "/")+1:]
	otherSession := testkit.Scalar[int64](t, app, `SELECT min(id) FROM activity_sessions WHERE id <> $1`, session)

	phone := app.Client()
	opened := phone.Get(link)
	if opened.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d, want 200", link, opened.StatusCode)
	}
	keptOpen := testkit.FormValues(opened.Doc().Find("form"))

	clock.Set(time.Date(2026, 10, 5, 9, 0, 35, 0, time.UTC))
	if resp := phone.Get(link); resp.StatusCode != http.StatusOK {
		t.Errorf("GET the previous window's code = %d, want 200", resp.StatusCode)
	}
	clock.Set(time.Date(2026, 10, 5, 9, 1, 5, 0, time.UTC))
	for _, c := range []struct{ name, path string }{
		{"two windows ago", link},
		{"made up", paths.CheckInCode(session, "abcdefghij")},
		{"wrong shape", paths.CheckInCode(session, "ABC")},
		{"another session's address", paths.CheckInCode(otherSession, code)},
		{"no such session", paths.CheckInCode(999999999, code)},
	} {
		resp := phone.Get(c.path)
		if resp.StatusCode != http.StatusGone || state(resp) != "This code has expired" {
			t.Errorf("%s: GET %s = %d %q, want 410 This code has expired", c.name, c.path, resp.StatusCode, state(resp))
		}
		if !strings.Contains(resp.Text(), "Scan the code on the screen again") {
			t.Errorf("%s: expired page does not ask to scan again", c.name)
		}
		if strings.Contains(resp.Text(), "Coffee") {
			t.Errorf("%s: expired page names the activity", c.name)
		}
	}
	// The button of the page opened at 09:00:05 works until 09:02:29.
	clock.Set(time.Date(2026, 10, 5, 9, 2, 35, 0, time.UTC))
	if resp := phone.Post(paths.CheckIn(session), keptOpen); resp.StatusCode != http.StatusGone {
		t.Errorf("press 2.5 minutes after opening = %d, want 410", resp.StatusCode)
	}
	forged := url.Values{"pass": {fmt.Sprintf("%d.forged", clock.Now().Unix()/30)}}
	if resp := phone.Post(paths.CheckIn(session), forged); resp.StatusCode != http.StatusGone {
		t.Errorf("press with a forged pass = %d, want 410", resp.StatusCode)
	}
	if got := count(t, app, session); got != 0 {
		t.Errorf("count after refused check-ins = %d, want 0", got)
	}
	if phone.Cookie("checked_in") != "" {
		t.Error("a refused check-in left a cookie")
	}
}

// TestCheckinSchemaKeepsOnlyTheCount lists the columns of every check-in
// table and fails on anything that could tie a check-in to a person, a
// browser, a moment or another check-in: a time, an address, a browser's
// description, a token, or a reference to users.
func TestCheckinSchemaKeepsOnlyTheCount(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	type column struct{ Table, Name, Type string }
	rows, err := app.Pool.Query(context.Background(), `SELECT table_name::text, column_name::text, data_type::text
		FROM information_schema.columns WHERE table_schema = 'public' AND (table_name LIKE '%checkin%' OR table_name LIKE '%check_in%')
		ORDER BY table_name, ordinal_position`)
	if err != nil {
		t.Fatal(err)
	}
	columns, err := pgx.CollectRows(rows, pgx.RowToStructByPos[column])
	if err != nil {
		t.Fatal(err)
	}
	want := []column{{"session_checkins", "institution_id", "bigint"}, {"session_checkins", "session_id", "bigint"}, {"session_checkins", "checked_in", "integer"}}
	if diff := cmp.Diff(want, columns); diff != "" {
		t.Errorf("check-in columns (-want +got):\n%s", diff)
	}
	identifying := regexp.MustCompile(`(^|_)(ip|inet|addr|address|agent|ua|browser|device|cookie|token|hash|user|person|email|at|time|when|seen|created|updated)(_|$)`)
	for _, c := range columns {
		if strings.Contains(c.Type, "time") || strings.Contains(c.Type, "date") || strings.Contains(c.Type, "interval") ||
			c.Type == "inet" || c.Type == "cidr" || strings.HasPrefix(c.Type, "macaddr") || identifying.MatchString(c.Name) {
			t.Errorf("%s.%s %s could tie a check-in to someone or a moment", c.Table, c.Name, c.Type)
		}
	}
	refs := testkit.Scalars[string](t, app, `SELECT conrelid::regclass::text || ' -> ' || confrelid::regclass::text FROM pg_constraint
		WHERE contype = 'f' AND (conrelid::regclass::text LIKE '%checkin%' OR conrelid::regclass::text LIKE '%check_in%')`)
	if diff := cmp.Diff([]string{"session_checkins -> activity_sessions"}, refs); diff != "" {
		t.Errorf("check-in references (-want +got):\n%s", diff)
	}
}
