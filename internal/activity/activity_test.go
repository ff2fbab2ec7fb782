package activity_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/emersion/go-ical"
	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"belonging/internal/activity"
	"belonging/internal/acyear"
	"belonging/internal/seed"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

func TestMain(m *testing.M) { testkit.Main(m) }

const (
	director = "director@northbridge.ac.uk"
	leader   = "leader@northbridge.ac.uk"
	viewer   = "viewer@northbridge.ac.uk"
	member   = "member@northbridge.ac.uk"
)

var year = seed.CurrentYear()

func programmeID(t testing.TB, app *testkit.App, code string) int64 {
	return testkit.Scalar[int64](t, app, `SELECT id FROM programmes WHERE code = $1`, code)
}

// aDate is a date in the seeded academic year.
func aDate(month time.Month, day int) string {
	y := year
	if month < time.August {
		y++
	}
	return time.Date(y, month, day, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
}

// createdID reads the id of the activity a create or copy redirected to.
func createdID(t testing.TB, resp *testkit.Response) int64 {
	t.Helper()
	loc := resp.Header.Get("Location")
	id, err := strconv.ParseInt(strings.TrimPrefix(loc, "/activities/"), 10, 64)
	if err != nil {
		t.Fatalf("redirect to %q, want an activity's page: %v", loc, err)
	}
	return id
}

func validForm() url.Values {
	return url.Values{
		"title": {"Coffee morning before the Genetics lecture"}, "kind": {"social"}, "academic_year": {strconv.Itoa(year)},
		"status": {"planned"}, "stage": {"term_2"}, "placement": {"curricular"}, "level": {"programme"},
		"dimensions": {"inclusion", "peers"}, "audience_level": {"ug"}, "partnership": {"with"},
		"checklist": {"in_timetabled_hours", "alcohol_free"}, "budget": {"£1,250.50"},
	}
}

func TestCreateActivityWithWeeklySessions(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	prog := programmeID(t, app, "C100")

	f := validForm()
	f.Set("session_date", aDate(time.January, 11))
	f.Set("start_time", "09:15")
	f.Set("end_time", "09:50")
	f.Set("location", "Lecture Theatre B foyer")
	f.Set("weeks", "6")
	f.Set("skip", aDate(time.February, 1)+"\n"+aDate(time.February, 8))
	resp := c.Post(fmt.Sprintf("/programmes/%d/activities", prog), f)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create = %d: %s", resp.StatusCode, testkit.FormErrors(resp))
	}
	id := createdID(t, resp)
	dates := testkit.Scalar[[]string](t, app, `SELECT coalesce(array_agg(to_char(session_date, 'YYYY-MM-DD') ORDER BY session_date), '{}')
		FROM activity_sessions WHERE activity_id = $1`, id)
	// Six weeks less the two skipped.
	want := []string{aDate(time.January, 11), aDate(time.January, 18), aDate(time.January, 25), aDate(time.February, 15)}
	if diff := cmp.Diff(want, dates); diff != "" {
		t.Errorf("session dates differ (-want +got):\n%s", diff)
	}
	if got := testkit.Scalar[string](t, app, `SELECT array_to_string(dimensions, ',') || ' ' || budget_pence FROM activities WHERE id = $1`, id); got != "peers,inclusion 125050" {
		t.Errorf("stored dimensions and budget = %q, want dimensions in vocabulary order and pence", got)
	}
	page := c.Get(fmt.Sprintf("/activities/%d", id))
	if page.StatusCode != 200 {
		t.Fatalf("GET /activities/%d = %d, want 200", id, page.StatusCode)
	}
	if n := page.Doc().Find("[data-testid=sessions] tbody tr").Length(); n != 4 {
		t.Errorf("sessions listed on the activity page = %d, want 4", n)
	}
	if !strings.Contains(page.Text(), "£1,250.50") {
		t.Error("the activity page does not show the budget £1,250.50")
	}
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM audit_log WHERE entity = 'activity' AND entity_id = $1 AND action = 'create'`, id); n != 1 {
		t.Errorf("audit rows = %d, want 1", n)
	}
}

// Each bad value is named at its field, the form keeps what was typed, and
// nothing is written.
func TestActivityBadInput(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	prog := programmeID(t, app, "C100")
	before := testkit.Fingerprint(t, app.Pool)
	tests := []struct {
		name  string
		set   map[string][]string
		field string
	}{
		{"end before start", map[string][]string{"session_date": {aDate(time.October, 5)}, "start_time": {"11:00"}, "end_time": {"10:00"}}, "end_time"},
		{"session outside the year", map[string][]string{"session_date": {fmt.Sprintf("%d-09-01", year+1)}}, "session_date"},
		{"series running past the year", map[string][]string{"session_date": {aDate(time.July, 1)}, "weeks": {"8"}}, "weeks"},
		{"unknown kind", map[string][]string{"kind": {"rave"}}, "kind"},
		{"unknown dimension", map[string][]string{"dimensions": {"peers", "popularity"}}, "dimensions"},
		{"no dimension", map[string][]string{"dimensions": nil}, "dimensions"},
		{"budget not a number", map[string][]string{"budget": {"lots"}}, "budget"},
		{"100 KB title", map[string][]string{"title": {strings.Repeat("x", 100<<10)}}, "title"},
		{"javascript link", map[string][]string{"session_date": {aDate(time.October, 5)}, "online_url": {"javascript:alert(1)"}}, "online_url"},
		{"someone else's module", map[string][]string{"module": {strconv.FormatInt(testkit.Scalar[int64](t, app, `SELECT id FROM modules WHERE code = 'HIS1001'`), 10)}}, "module"},
	}
	for _, tt := range tests {
		f := validForm()
		for k, v := range tt.set {
			if v == nil {
				f.Del(k)
			} else {
				f[k] = v
			}
		}
		resp := c.Post(fmt.Sprintf("/programmes/%d/activities", prog), f)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", tt.name, resp.StatusCode)
			continue
		}
		doc := resp.Doc()
		if doc.Find("#"+tt.field+"-error").Length() != 1 {
			t.Errorf("%s: no error at %s (summary: %s)", tt.name, tt.field, testkit.FormErrors(resp))
		}
		if v, _ := doc.Find("#title").Attr("value"); v != f.Get("title") {
			t.Errorf("%s: title not kept as typed", tt.name)
		}
	}
	if testkit.Fingerprint(t, app.Pool) != before {
		t.Error("invalid activities changed the database")
	}
}

// The error summary lists the problems in the order their fields appear
// on the page, so it reads from top to bottom like the form.
func TestActivityErrorsInPageOrder(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	f := validForm()
	long := strings.Repeat("x", 4001)
	f.Set("title", "")
	f.Set("budget", "lots")
	f.Set("other_team", long)
	f.Set("toc_impact", long)
	f.Set("aims", long)
	f.Set("partnership_how", long)
	f.Set("checklist", "free_bar")
	f.Set("audience_year", "twelve")
	resp := c.Post(fmt.Sprintf("/programmes/%d/activities", programmeID(t, app, "C100")), f)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("POST a form with eight problems = %d, want 422", resp.StatusCode)
	}
	doc := resp.Doc()
	var summary, onPage []string
	doc.Find("[data-testid=error-summary] a").Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		summary = append(summary, strings.TrimPrefix(href, "#"))
	})
	doc.Find("form.activity-form [id$=-error]").Each(func(_ int, e *goquery.Selection) {
		id, _ := e.Attr("id")
		onPage = append(onPage, strings.TrimSuffix(id, "-error"))
	})
	want := []string{"title", "audience_year", "checklist", "partnership_how", "aims", "toc_impact", "other_team", "budget"}
	if diff := cmp.Diff(want, onPage); diff != "" {
		t.Errorf("errors on the page differ (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(onPage, summary); diff != "" {
		t.Errorf("error summary is not in the page's order (-page +summary):\n%s", diff)
	}
}

func TestWhoMayChangeActivities(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	coffee := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title LIKE 'Coffee mornings%' AND academic_year = $1`, year)
	pizza := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title = 'Pizza evenings for first years'`)
	history := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title = 'History café'`)
	cases := []struct {
		who    string
		path   string
		status int
	}{
		{director, fmt.Sprintf("/activities/%d/edit", pizza), 200},
		{leader, fmt.Sprintf("/activities/%d/edit", coffee), 200}, // their module
		{leader, fmt.Sprintf("/activities/%d/edit", pizza), 403},  // programme-wide, not theirs
		{member, fmt.Sprintf("/activities/%d/edit", pizza), 200},  // they lead it
		{viewer, fmt.Sprintf("/activities/%d", pizza), 200},
		{viewer, fmt.Sprintf("/activities/%d/edit", pizza), 403},
		{director, fmt.Sprintf("/activities/%d", history), 404}, // another institution
		{director, fmt.Sprintf("/activities/%d/edit", history), 404},
		{"coordinator@belonging.network", fmt.Sprintf("/activities/%d", pizza), 404},
	}
	clients := map[string]*testkit.Client{}
	for _, c := range cases {
		if clients[c.who] == nil {
			clients[c.who] = app.Client()
			clients[c.who].SignIn(c.who, testkit.DemoPassword)
		}
		if got := clients[c.who].Get(c.path).StatusCode; got != c.status {
			t.Errorf("%s GET %s = %d, want %d", c.who, c.path, got, c.status)
		}
	}
	// A module leader may add activities only to their own module.
	lc := clients[leader]
	prog := programmeID(t, app, "C100")
	f := validForm()
	if resp := lc.Post(fmt.Sprintf("/programmes/%d/activities", prog), f); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(testkit.FormErrors(resp), "module") {
		t.Errorf("leader adding a programme-wide activity = %d, want 422 asking for their module", resp.StatusCode)
	}
	f.Set("module", strconv.FormatInt(testkit.Scalar[int64](t, app, `SELECT id FROM modules WHERE code = 'BIO1001'`), 10))
	if resp := lc.Post(fmt.Sprintf("/programmes/%d/activities", prog), f); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("leader adding to their module = %d, want 303 (%s)", resp.StatusCode, testkit.FormErrors(resp))
	}
	if resp := clients[viewer].Post(fmt.Sprintf("/programmes/%d/activities", prog), validForm()); resp.StatusCode != http.StatusForbidden {
		t.Errorf("viewer adding an activity = %d, want 403", resp.StatusCode)
	}
}

// Two people edit the same version: the second save is refused with 409,
// keeps what they typed, links to the saved version, and overwrites nothing.
func TestConcurrentEditIsRefused(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	a, b := app.Client(), app.Client()
	a.SignIn(director, testkit.DemoPassword)
	b.SignIn(member, testkit.DemoPassword)
	id := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title = 'Pizza evenings for first years'`)
	load := func(c *testkit.Client) url.Values {
		doc := c.Get(fmt.Sprintf("/activities/%d/edit", id)).Doc()
		return testkit.FormValues(doc.Find("form.activity-form"))
	}
	fa, fb := load(a), load(b)
	fa.Set("title", "Pizza evenings (director's edit)")
	fb.Set("title", "Pizza and games evenings (member's edit)")
	if resp := a.Post(fmt.Sprintf("/activities/%d", id), fa); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("first save = %d: %s", resp.StatusCode, testkit.FormErrors(resp))
	}
	resp := b.Post(fmt.Sprintf("/activities/%d", id), fb)
	if resp.StatusCode != http.StatusConflict {
		t.Fatalf("second save of the old version = %d, want 409", resp.StatusCode)
	}
	doc := resp.Doc()
	if v, _ := doc.Find("#title").Attr("value"); v != "Pizza and games evenings (member's edit)" {
		t.Errorf("conflict form title = %q, want as typed", v)
	}
	if href, _ := doc.Find("[data-testid=conflict] a").Attr("href"); href != fmt.Sprintf("/activities/%d", id) {
		t.Errorf("conflict link = %q, want the saved version", href)
	}
	if got := testkit.Scalar[string](t, app, `SELECT title FROM activities WHERE id = $1`, id); got != "Pizza evenings (director's edit)" {
		t.Errorf("saved title = %q, want the first save kept", got)
	}
	// The conflict page carries the saved version, so saving again from it
	// replaces the first edit, knowingly.
	retry := testkit.FormValues(doc.Find("form.activity-form"))
	if resp := b.Post(fmt.Sprintf("/activities/%d", id), retry); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("save from the conflict page = %d, want 303", resp.StatusCode)
	}
	if got := testkit.Scalar[string](t, app, `SELECT title FROM activities WHERE id = $1`, id); got != "Pizza and games evenings (member's edit)" {
		t.Errorf("title after the deliberate save = %q", got)
	}
}

func TestPlanFiltersCoverageAndFigures(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	prog := programmeID(t, app, "C100")

	page := c.Get(fmt.Sprintf("/programmes/%d?year=%d", prog, year))
	if page.StatusCode != 200 {
		t.Fatalf("plan = %d", page.StatusCode)
	}
	doc := page.Doc()
	total := testkit.Scalar[int](t, app, `SELECT count(*) FROM activities WHERE programme_id = $1 AND academic_year = $2 AND archived_at IS NULL`, prog, year)
	if n := doc.Find("[data-testid=activity-list] > li").Length(); n != total {
		t.Errorf("plan lists %d activities, want %d", n, total)
	}
	// Coverage cells hold the hand-counted numbers: peers in term 1 are the
	// coffee mornings, the pizza evenings and the study-skills tutorials.
	cell := doc.Find(`[data-testid=coverage] td[data-stage=term_1][data-dimension=peers]`)
	if got := strings.Fields(cell.Text()); len(got) == 0 || got[0] != "3" {
		t.Errorf("term 1 × peers cell = %q, want 3", cell.Text())
	}
	gap := doc.Find(`[data-testid=coverage] td[data-stage=pre_arrival][data-dimension=wellbeing]`)
	if !strings.Contains(gap.Text(), "Gap") || !gap.HasClass("cell--gap") {
		t.Errorf("an empty cell reads %q, want it marked Gap in words", gap.Text())
	}
	curricular := testkit.Scalar[int](t, app, `SELECT count(*) FROM activities WHERE programme_id = $1 AND academic_year = $2 AND placement = 'curricular' AND archived_at IS NULL`, prog, year)
	wantPct := (curricular*100 + total/2) / total
	if figures := doc.Find("[data-testid=figures]").Text(); !strings.Contains(figures, strconv.Itoa(wantPct)+"%") {
		t.Errorf("figures %q lack the curricular share %d%%", figures, wantPct)
	}

	filtered := c.Get(fmt.Sprintf("/programmes/%d?year=%d&kind=social&stage=term_1", prog, year)).Doc()
	if n := filtered.Find("[data-testid=activity-list] > li").Length(); n != 2 {
		t.Errorf("social in term 1 = %d activities, want 2", n)
	}
	// An unknown filter value is ignored; the others still apply.
	ignored := c.Get(fmt.Sprintf("/programmes/%d?year=%d&kind=social&dimension=fame", prog, year)).Doc()
	if n := ignored.Find("[data-testid=activity-list] > li").Length(); n != 3 {
		t.Errorf("social with an unknown dimension = %d activities, want the 3 social ones", n)
	}
	// htmx asks for the list alone.
	req, err := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/programmes/%d?year=%d&kind=social", app.URL, prog, year), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("HX-Request", "true")
	frag := c.Do(req)
	if strings.Contains(frag.Text(), "<html") || !strings.Contains(frag.Text(), `id="plan-results"`) {
		t.Error("an htmx request did not get just the results fragment")
	}
}

// The plan page runs the same number of queries for 7 activities and 500,
// whether it draws its parts or finds them kept.
func TestPlanPageQueriesDoNotGrowWithActivities(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	prog := programmeID(t, app, "C100")
	path := fmt.Sprintf("/programmes/%d?year=%d", prog, year)
	count := func() int64 {
		before := app.Queries.Count()
		if resp := c.Get(path); resp.StatusCode != 200 {
			t.Fatalf("plan = %d", resp.StatusCode)
		}
		return app.Queries.Count() - before
	}
	count() // the first request after signing in reads the person, later ones this server's copy
	fewKept := count()
	testkit.Exec(t, app, `UPDATE activities SET title = title WHERE programme_id = $1`, prog) // raises the plan's version
	few := count()
	addActivities(t, app, prog, 500)
	many := count()
	manyKept := count()
	if few != many || fewKept != manyKept {
		t.Errorf("plan page queries: %d drawn and %d kept with a few activities, %d and %d with 500 more", few, fewKept, many, manyKept)
	}
	if fewKept >= few {
		t.Errorf("plan page queries: %d with its parts kept, %d drawn; want fewer kept", fewKept, few)
	}
	if doc := c.Get(path).Doc(); doc.Find("[data-testid=activity-list] > li").Length() < 500 {
		t.Error("the 500 activities are not listed")
	}
}

// addActivities inserts n activities with two sessions each, quickly.
func addActivities(t testing.TB, app *testkit.App, prog int64, n int) {
	t.Helper()
	_, err := app.Pool.Exec(context.Background(), `
		WITH new AS (
			INSERT INTO activities (institution_id, programme_id, academic_year, title, kind, stage, dimensions, placement, level, status, lead_id)
			SELECT p.institution_id, p.id, $2, 'Generated activity ' || g, (ARRAY['social','induction','mentoring'])[1 + g % 3],
			       (ARRAY['term_1','term_2','term_3','welcome_week'])[1 + g % 4], ARRAY['peers','staff'], 'curricular', 'programme', 'planned',
			       (SELECT id FROM users WHERE email = 'director@northbridge.ac.uk')
			FROM programmes p, generate_series(1, $3) g WHERE p.id = $1
			RETURNING id, institution_id)
		INSERT INTO activity_sessions (institution_id, activity_id, session_date)
		SELECT institution_id, id, make_date($2 + 1, 1 + k, 10) FROM new, generate_series(1, 2) k`, prog, year, n)
	if err != nil {
		t.Fatal(err)
	}
}

func TestCalendarAndFeed(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	prog := programmeID(t, app, "C100")
	month := aDate(time.October, 1)[:7]
	cal := c.Get(fmt.Sprintf("/programmes/%d/calendar?month=%s", prog, month))
	if cal.StatusCode != 200 || !strings.Contains(cal.Doc().Find("[data-testid=calendar]").Text(), "Coffee mornings") {
		t.Fatalf("calendar for %s = %d, want the coffee mornings in it", month, cal.StatusCode)
	}
	if resp := c.Post(fmt.Sprintf("/programmes/%d/calendar/feed", prog), nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create feed = %d", resp.StatusCode)
	}
	feedURL, _ := c.Get(fmt.Sprintf("/programmes/%d/calendar", prog)).Doc().Find("[data-testid=feed-url]").Attr("value")
	if !strings.HasPrefix(feedURL, app.URL+"/calendar/") {
		t.Fatalf("feed address = %q", feedURL)
	}
	if again, _ := c.Get(fmt.Sprintf("/programmes/%d/calendar", prog)).Doc().Find("[data-testid=feed-url]").Attr("value"); again != "" {
		t.Error("the feed address is shown a second time")
	}

	// Subscribe as a calendar app would: no cookies.
	resp, err := http.Get(feedURL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("feed = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	parsed, err := ical.NewDecoder(resp.Body).Decode()
	if err != nil {
		t.Fatalf("parse feed with go-ical: %v", err)
	}
	want := testkit.Scalar[int](t, app, `SELECT count(*) FROM activity_sessions s JOIN activities a ON a.id = s.activity_id WHERE a.programme_id = $1 AND a.archived_at IS NULL`, prog)
	events := parsed.Events()
	if len(events) != want {
		t.Errorf("feed has %d events, want %d sessions", len(events), want)
	}
	found := false
	for _, e := range events {
		summary, err := e.Props.Text(ical.PropSummary)
		if err != nil {
			t.Fatalf("SUMMARY: %v", err)
		}
		if !strings.HasPrefix(summary, "Coffee mornings") {
			continue
		}
		start, err := e.DateTimeStart(time.UTC)
		if err != nil {
			t.Fatalf("DTSTART: %v", err)
		}
		if local := start.In(acyear.London); local.Format("15:04") != "09:15" || local.Weekday() != time.Monday {
			t.Errorf("coffee morning starts %s London time, want a Monday at 09:15", local)
		}
		found = true
		break
	}
	if !found {
		t.Error("no coffee morning in the feed")
	}

	if resp := c.Post(fmt.Sprintf("/programmes/%d/calendar/feed/revoke", prog), nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke = %d", resp.StatusCode)
	}
	revoked, err := http.Get(feedURL)
	if err != nil {
		t.Fatal(err)
	}
	revoked.Body.Close()
	if revoked.StatusCode != http.StatusNotFound {
		t.Errorf("GET revoked feed = %d, want 404", revoked.StatusCode)
	}
}

func TestCopyActivityAndPlanToNextYear(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	prog := programmeID(t, app, "C100")
	id := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title = 'Pizza evenings for first years'`)
	resp := c.Post(fmt.Sprintf("/activities/%d/copy", id), nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("copy = %d", resp.StatusCode)
	}
	copyID := createdID(t, resp)
	got := testkit.Scalar[string](t, app, `
		SELECT a.academic_year || ' ' || a.status || ' ' || count(s.*) || ' ' || min(s.session_date)
		FROM activities a JOIN activity_sessions s ON s.activity_id = a.id WHERE a.id = $1 GROUP BY a.id`, copyID)
	orig := testkit.Scalar[time.Time](t, app, `SELECT min(session_date) FROM activity_sessions WHERE activity_id = $1`, id)
	want := fmt.Sprintf("%d idea 3 %s", year+1, acyear.NextYearDay(orig, year, acyear.DefaultStartMonth).Format("2006-01-02"))
	if got != want {
		t.Errorf("copy = %q, want %q", got, want)
	}

	n := testkit.Scalar[int](t, app, `SELECT count(*) FROM activities WHERE programme_id = $1 AND academic_year = $2 AND archived_at IS NULL`, prog, year)
	resp = c.Post(fmt.Sprintf("/programmes/%d/copy", prog), url.Values{"year": {strconv.Itoa(year)}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("copy plan = %d", resp.StatusCode)
	}
	if got := testkit.Scalar[int](t, app, `SELECT count(*) FROM activities WHERE programme_id = $1 AND academic_year = $2 AND status = 'idea'`, prog, year+1); got != n+1 {
		t.Errorf("ideas next year = %d, want %d copied plus the one copied before", got, n+1)
	}
	if page := c.Get(fmt.Sprintf("/programmes/%d?year=%d", prog, year+1)); !strings.Contains(page.Text(), acyear.Label(year+1)) {
		t.Error("next year's plan does not show")
	}
}

func TestCSVExportImportRoundTrip(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	prog := programmeID(t, app, "C100")
	// The file does not carry who else is involved: importing must keep it.
	testkit.Exec(t, app, `UPDATE activities SET other_team = 'Library and careers staff' WHERE title = 'Meet the Researcher: welcome week lab tours'`)
	export := c.Get(fmt.Sprintf("/programmes/%d/activities.csv?year=%d", prog, year))
	if export.StatusCode != 200 || !strings.HasPrefix(export.Header.Get("Content-Type"), "text/csv") || !strings.Contains(export.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("export = %d %s", export.StatusCode, export.Header.Get("Content-Type"))
	}
	upload := func(data []byte) *testkit.Response { return importPlan(t, c, prog, data) }
	before := testkit.Fingerprint(t, app.Pool)
	resp := upload(export.Body)
	if resp.StatusCode != 200 || !strings.Contains(resp.Text(), "nothing changed") {
		t.Fatalf("re-import of the export = %d: %s", resp.StatusCode, resp.Doc().Find("[data-testid=import-problems]").Text())
	}
	if testkit.Fingerprint(t, app.Pool) != before {
		t.Error("importing the export back changed the database")
	}

	lines := strings.Split(strings.TrimSpace(string(export.Body)), "\n")
	edited := strings.Replace(lines[1], "Meet the Researcher: welcome week lab tours", "Meet the Researcher: lab tours and lunch", 1)
	newRow := ",Study buddies,mentoring,term_2,peers;confidence,co_curricular,programme,idea," + strconv.Itoa(year) + ",,by,,,free_to_students,,,,ug,1,,,,,,,,0,"
	resp = upload([]byte(strings.Join([]string{lines[0], edited, newRow}, "\n")))
	if resp.StatusCode != 200 || !strings.Contains(resp.Text(), "1 added, 1 updated") {
		t.Fatalf("import with an edit and a new row = %d: %s", resp.StatusCode, resp.Doc().Find("[data-testid=import-problems]").Text())
	}
	if got := testkit.Scalar[string](t, app, `SELECT other_team FROM activities WHERE title = 'Meet the Researcher: lab tours and lunch'`); got != "Library and careers staff" {
		t.Errorf("others involved after importing an edit = %q, want it kept", got)
	}

	bad := strings.Join([]string{lines[0],
		",Fine row,social,term_2,peers,curricular,programme,idea," + strconv.Itoa(year) + ",,for,,,,,,,ug,,,,,,,,,0,",
		",Bad kind,rave,term_2,peers,curricular,programme,idea," + strconv.Itoa(year) + ",,for,,,,,,,ug,,,,,,,,,0,",
		",Bad budget,social,term_2,peers,curricular,programme,idea," + strconv.Itoa(year) + ",,for,,,,,,lots,ug,,,,,,,,,0,",
	}, "\n")
	before = testkit.Fingerprint(t, app.Pool)
	resp = upload([]byte(bad))
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("import with bad lines = %d, want 422", resp.StatusCode)
	}
	problems := resp.Doc().Find("[data-testid=import-problems] tbody").Text()
	if !strings.Contains(problems, "3") || !strings.Contains(problems, "kind") || !strings.Contains(problems, "4") || !strings.Contains(problems, "budget") {
		t.Errorf("problems = %q, want lines 3 (kind) and 4 (budget)", problems)
	}
	if testkit.Fingerprint(t, app.Pool) != before {
		t.Error("a refused import changed the database")
	}
}

func TestDashboardShowsWhatNeedsAttention(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	prog := programmeID(t, app, "C100")
	today := acyear.Today()
	pizza := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title = 'Pizza evenings for first years'`)
	inst := testkit.Scalar[int64](t, app, `SELECT institution_id FROM programmes WHERE id = $1`, prog)
	testkit.Exec(t, app, `INSERT INTO activity_sessions (institution_id, activity_id, session_date, start_time) VALUES ($1, $2, $3, '17:30'), ($1, $2, $4, '17:30')`,
		inst, pizza, today.AddDate(0, 0, 3), today.AddDate(0, 0, -2))
	doc := c.Get("/").Doc()
	if !strings.Contains(doc.Find("[data-testid=upcoming]").Text(), "Pizza evenings") {
		t.Error("the upcoming pizza evening is not on the dashboard")
	}
	if !strings.Contains(doc.Find("[data-testid=awaiting]").Text(), "Pizza evenings") {
		t.Error("the past pizza evening without an outcome is not on the dashboard")
	}
	if !strings.Contains(doc.Find("[data-testid=drafts]").Text(), "Lunch club for commuting students") {
		t.Error("the director's draft idea is not on the dashboard")
	}
}

// Copying keeps each session's weekday and its week of the teaching year
// (weeks counted from the first Monday of the institution's academic
// year). The plan copied covers every day of 2027/28, a leap year, and is
// copied on into 2029/30.
func TestCopyPlanKeepsWeekdaysAcrossALeapYear(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	prog := programmeID(t, app, "C100")
	inst := testkit.Scalar[int64](t, app, `SELECT institution_id FROM programmes WHERE id = $1`, prog)
	// One activity per weekday, with a session on each such day of the year.
	for wd := 0; wd < 7; wd++ {
		testkit.Exec(t, app, `
			WITH a AS (
				INSERT INTO activities (institution_id, programme_id, academic_year, title, kind, stage, dimensions, placement, level)
				VALUES ($1, $2, 2027, 'Every ' || to_char(DATE '2027-08-01' + $3::int, 'FMDay'), 'social', 'term_1', '{peers}', 'curricular', 'programme')
				RETURNING id)
			INSERT INTO activity_sessions (institution_id, activity_id, session_date, start_time)
			SELECT $1, a.id, d::date, '10:00' FROM a, generate_series(DATE '2027-08-01' + $3::int, DATE '2028-07-31', interval '7 days') d`,
			inst, prog, wd)
	}
	sessionsOf := func(year int) map[string][]time.Time {
		rows, err := app.Pool.Query(context.Background(), `
			SELECT a.title, s.session_date FROM activities a JOIN activity_sessions s ON s.activity_id = a.id
			WHERE a.programme_id = $1 AND a.academic_year = $2 AND a.title LIKE 'Every %' ORDER BY a.title, s.session_date`, prog, year)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string][]time.Time{}
		for rows.Next() {
			var title string
			var d time.Time
			if err := rows.Scan(&title, &d); err != nil {
				t.Fatal(err)
			}
			out[title] = append(out[title], d)
		}
		return out
	}
	for _, from := range []int{2027, 2028} {
		if resp := c.Post(fmt.Sprintf("/programmes/%d/copy", prog), url.Values{"year": {strconv.Itoa(from)}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("copy plan of %d = %d", from, resp.StatusCode)
		}
		before, after := sessionsOf(from), sessionsOf(from+1)
		if len(after) != 7 {
			t.Fatalf("activities copied into %d = %d, want 7", from+1, len(after))
		}
		for title, dates := range after {
			if len(dates) != len(before[title]) {
				t.Errorf("%s: %d sessions in %d, %d copied", title, len(before[title]), from, len(dates))
			}
			for _, d := range dates {
				if d.Weekday() != before[title][0].Weekday() {
					t.Errorf("%s (%d): copied session on %s, a %s", title, from, d.Format("2006-01-02"), d.Weekday())
				}
				if !acyear.Contains(from+1, 8, d) {
					t.Errorf("%s (%d): copied session on %s is outside %s", title, from, d.Format("2006-01-02"), acyear.Label(from+1))
				}
			}
		}
	}
	// Worked by hand: 2027/28's first Monday is 2 August 2027, 2028/29's
	// is 7 August 2028 and 2029/30's 6 August 2029.
	copied := func(year int, title string) []string {
		var out []string
		for _, d := range sessionsOf(year)[title] {
			out = append(out, d.Format("2006-01-02"))
		}
		return out
	}
	for _, tt := range []struct {
		year        int
		title, date string
		want        bool
	}{
		{2028, "Every Tuesday", "2029-03-06", true},  // from Tuesday 29 February 2028, week 30
		{2028, "Every Monday", "2028-09-25", true},   // from Monday 20 September 2027, week 7
		{2028, "Every Sunday", "2028-08-06", true},   // from Sunday 1 August 2027, the day before week 0
		{2028, "Every Monday", "2029-07-30", true},   // from Monday 31 July 2028, the year's last day
		{2029, "Every Tuesday", "2030-03-05", true},  // and on again, 52 weeks
		{2028, "Every Tuesday", "2029-02-28", false}, // a calendar year on would be a Wednesday
	} {
		if got := slices.Contains(copied(tt.year, tt.title), tt.date); got != tt.want {
			t.Errorf("%s in %s includes %s = %v, want %v", tt.title, acyear.Label(tt.year), tt.date, got, tt.want)
		}
	}
	page := c.Get(fmt.Sprintf("/programmes/%d?year=2027", prog))
	if got := page.Doc().Find("[data-testid=copy-rule]").Text(); !strings.Contains(got, "same weekday") {
		t.Errorf("the plan page does not say how sessions are copied: %q", got)
	}
}

// The filtered plan says how many activities match in a sentence that
// agrees with its number, and its live region holds that sentence alone,
// so a screen reader hears the count rather than the whole list again.
// The live region stays on the page; htmx fills it from the fragment
// (an out-of-band swap) when a filter changes.
func TestPlanFilterAnnouncesOnlyTheCount(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	prog := programmeID(t, app, "C100")
	for _, tt := range []struct {
		filter, want string
	}{
		{"kind=research_conference", "1 activity matches the filters"},
		{"kind=social&stage=term_1", "2 activities match the filters"},
		{"kind=shared_space", "0 activities match the filters"},
	} {
		path := fmt.Sprintf("/programmes/%d?year=%d&%s", prog, year, tt.filter)
		doc := c.Get(path).Doc()
		live := doc.Find("[aria-live]")
		if live.Length() != 1 || !live.Is("[data-testid=result-count]") {
			html, _ := goquery.OuterHtml(live)
			t.Errorf("live regions of %s: %d, want only the count; the first is %s", path, live.Length(), html)
		}
		if got := strings.Join(strings.Fields(live.Text()), " "); got != tt.want {
			t.Errorf("live region of %s = %q, want %q", path, got, tt.want)
		}
		req, err := http.NewRequest(http.MethodGet, app.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("HX-Request", "true")
		frag := c.Do(req).Doc()
		count := frag.Find("[data-testid=result-count]")
		if got := strings.Join(strings.Fields(count.Text()), " "); got != tt.want {
			t.Errorf("fragment count of %s = %q, want %q", path, got, tt.want)
		}
		if oob, _ := count.Attr("hx-swap-oob"); oob != "innerHTML" {
			t.Errorf("the fragment's count of %s swaps %q, want into the live region (innerHTML)", path, oob)
		}
	}
}

// The upkeep moves a scheduled activity to running when its first session
// starts and to completed after its last ends, as the system in the audit
// log; a status a person set after the sessions, and other statuses, are
// left alone.
func TestStatusFollowsSessions(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	ctx := context.Background()
	prog := programmeID(t, app, "C100")
	today := acyear.Today()
	at := func(d time.Time, hour, minute int) time.Time {
		return time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, acyear.London)
	}
	add := func(title, status string, setAgo time.Duration, sessions ...[3]string) int64 {
		id := testkit.Scalar[int64](t, app, `
			INSERT INTO activities (institution_id, programme_id, academic_year, title, kind, stage, dimensions, placement, level, status, status_changed_at)
			SELECT institution_id, id, $2, $3, 'induction', 'welcome_week', '{peers}', 'curricular', 'programme', $4, now() - $5::interval
			FROM programmes WHERE id = $1 RETURNING id`, prog, acyear.Of(today, 8), title, status, setAgo.String())
		for _, s := range sessions {
			testkit.Exec(t, app, `INSERT INTO activity_sessions (institution_id, activity_id, session_date, start_time, end_time)
				SELECT institution_id, id, $2::date, nullif($3, '')::time, nullif($4, '')::time FROM activities WHERE id = $1`, id, s[0], s[1], s[2])
		}
		return id
	}
	day := func(offset int) string { return today.AddDate(0, 0, offset).Format("2006-01-02") }
	induction := add("Two-day induction", "scheduled", 0, [3]string{day(1), "10:00", "12:00"}, [3]string{day(3), "14:00", "15:00"})
	setLate := add("Set to scheduled after it happened", "scheduled", 0, [3]string{day(-1), "10:00", "11:00"})
	missed := add("Missed by the upkeep", "scheduled", 240*time.Hour, [3]string{day(-1), "", ""})
	idea := add("An idea that happened", "idea", 240*time.Hour, [3]string{day(-2), "09:00", ""})

	state := func(id int64) string {
		return testkit.Scalar[string](t, app, `SELECT status || ' v' || version FROM activities WHERE id = $1`, id)
	}
	follow := func(now time.Time, want int) {
		t.Helper()
		n, err := activity.FollowSessions(ctx, app.Pool, now)
		if err != nil || n != want {
			t.Fatalf("FollowSessions(%s) = %d, %v; want %d, nil", now.Format(time.RFC3339), n, err, want)
		}
	}
	follow(time.Now(), 1) // the missed one, straight to completed
	for _, tt := range []struct {
		id   int64
		want string
	}{{induction, "scheduled v1"}, {setLate, "scheduled v1"}, {missed, "completed v2"}, {idea, "idea v1"}} {
		if got := state(tt.id); got != tt.want {
			t.Errorf("activity %d = %s, want %s", tt.id, got, tt.want)
		}
	}
	follow(at(today.AddDate(0, 0, 1), 9, 59), 0)
	follow(at(today.AddDate(0, 0, 1), 10, 0), 1)
	if got := state(induction); got != "running v2" {
		t.Errorf("at the first session's start the induction is %s, want running v2", got)
	}
	follow(at(today.AddDate(0, 0, 3), 14, 59), 0)
	follow(at(today.AddDate(0, 0, 3), 15, 0), 1)
	follow(at(today.AddDate(0, 0, 3), 16, 0), 0)
	if got := state(induction); got != "completed v3" {
		t.Errorf("after the last session the induction is %s, want completed v3", got)
	}
	rows, err := app.Pool.Query(ctx, `SELECT changes::text FROM audit_log WHERE entity = 'activity' AND entity_id = $1 AND actor_id IS NULL ORDER BY id`, induction)
	if err != nil {
		t.Fatal(err)
	}
	changes, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`{"status": {"after": "running", "before": "scheduled"}}`, `{"status": {"after": "completed", "before": "running"}}`}
	if diff := cmp.Diff(want, changes); diff != "" {
		t.Errorf("the system's audit entries for the induction (-want +got):\n%s", diff)
	}
}

// importPlan imports a plan CSV as a person does: uploads it and, when
// its preview offers to import something, confirms. It returns the last
// page: the preview when there was nothing to confirm (or the file was
// refused), else the confirmation's answer.
func importPlan(t *testing.T, c *testkit.Client, prog int64, data []byte) *testkit.Response {
	t.Helper()
	preview := c.UploadImport(paths.PlanImport(prog), data)
	if preview.StatusCode != http.StatusOK || preview.Doc().Find("[data-testid=import-confirm]").Length() == 0 {
		return preview
	}
	return c.ConfirmImport(preview)
}

// planHeader is the header line of a programme's plan export.
func planHeader(t *testing.T, c *testkit.Client, prog int64) string {
	t.Helper()
	header, _, _ := strings.Cut(string(c.Get(paths.PlanCSV(prog, year)).Body), "\n")
	return strings.TrimSpace(header)
}

// newRowsFile is a plan CSV of new rows (no ids) for the test year: three
// study groups, two of them alike in every field.
func newRowsFile(header string) []byte {
	row := func(title string) string {
		return ",\"" + title + "\",small_group,term_2,peers,co_curricular,programme,idea," + strconv.Itoa(year) + ",,by,,,free_to_students,,,,ug,1,,,,,,,,0,"
	}
	return []byte(strings.Join([]string{header,
		row("Study buddies"), row("Peer writing circle"), row("Peer writing circle")}, "\n") + "\n")
}

// Importing the same new rows again adds nothing: the second import says
// nothing changed and leaves the database as it was. Two rows alike in a
// file are two activities, once.
func TestReimportingNewRowsChangesNothing(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	prog := programmeID(t, app, "C100")
	file := newRowsFile(planHeader(t, c, prog))
	count := func() int {
		return testkit.Scalar[int](t, app, `SELECT count(*) FROM activities WHERE programme_id = $1 AND title IN ('Study buddies', 'Peer writing circle')`, prog)
	}
	if resp := importPlan(t, c, prog, file); resp.StatusCode != http.StatusOK || !strings.Contains(resp.Text(), "3 added") {
		t.Fatalf("first import = %d: %s", resp.StatusCode, resp.Doc().Find("main").Text())
	}
	if got := count(); got != 3 {
		t.Fatalf("activities after the first import = %d, want 3", got)
	}
	before := testkit.Fingerprint(t, app.Pool)
	resp := importPlan(t, c, prog, file)
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Text(), "nothing changed") {
		t.Errorf("second import = %d: %s", resp.StatusCode, resp.Doc().Find("[data-testid=import-summary]").Text())
	}
	if got := count(); got != 3 {
		t.Errorf("activities after importing the same file again = %d, want 3", got)
	}
	if testkit.Fingerprint(t, app.Pool) != before {
		t.Error("importing the same file again changed the database")
	}
}

// Imports of one file sent at once add its rows once; each answers 200 or
// a 409 page saying nothing from that file was imported, never 500.
func TestConcurrentImportsAddRowsOnce(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	prog := programmeID(t, app, "C100")
	file := newRowsFile(planHeader(t, c, prog))
	responses := make([]*testkit.Response, 6)
	var wg sync.WaitGroup
	for i := range responses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			responses[i] = importPlan(t, c, prog, file)
		}()
	}
	wg.Wait()
	added := 0
	for i, resp := range responses {
		switch {
		case resp.StatusCode == http.StatusOK && strings.Contains(resp.Text(), "3 added"):
			added++
		case resp.StatusCode == http.StatusOK && strings.Contains(resp.Text(), "nothing changed"):
		case resp.StatusCode == http.StatusConflict && strings.Contains(resp.Text(), "Nothing from your file was imported"):
		default:
			t.Errorf("import %d = %d: %s", i, resp.StatusCode, resp.Doc().Find("main").Text())
		}
	}
	if added != 1 {
		t.Errorf("imports that added the rows = %d, want 1", added)
	}
	if got := testkit.Scalar[int](t, app, `SELECT count(*) FROM activities WHERE programme_id = $1 AND title IN ('Study buddies', 'Peer writing circle')`, prog); got != 3 {
		t.Errorf("activities after %d imports at once = %d, want 3", len(responses), got)
	}
}

// An import that meets another import of the same programme still running
// answers 409 and imports nothing; so does one whose activity was changed
// between reading the file and writing it.
func TestImportConflictsAnswer409(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	ctx := context.Background()
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	prog := programmeID(t, app, "C100")

	// Another import holds the programme.
	other, err := app.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('plan import'), mod($1::bigint, 2147483647)::int)`, prog); err != nil {
		t.Fatal(err)
	}
	before := testkit.Fingerprint(t, app.Pool)
	resp := importPlan(t, c, prog, newRowsFile(planHeader(t, c, prog)))
	if err := other.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusConflict || !strings.Contains(resp.Text(), "Nothing from your file was imported") {
		t.Errorf("import while another runs = %d: %s", resp.StatusCode, resp.Doc().Find("main").Text())
	}
	if testkit.Fingerprint(t, app.Pool) != before {
		t.Error("an import refused with 409 changed the database")
	}

	// An activity is changed while the import waits to write it: the
	// import's update finds another version and nothing is imported.
	export := c.Get(paths.PlanCSV(prog, year))
	lines := strings.Split(strings.TrimSpace(string(export.Body)), "\n")
	id, err := strconv.ParseInt(strings.SplitN(lines[1], ",", 2)[0], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Join([]string{lines[0], retitle(t, lines[1], "Renamed by the import"), strings.Split(string(newRowsFile(lines[0])), "\n")[1]}, "\n")
	editor, err := app.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = editor.Rollback(ctx) }()
	if _, err := editor.Exec(ctx, `UPDATE activities SET title = 'Renamed by a colleague', version = version + 1 WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	done := make(chan *testkit.Response)
	go func() { done <- importPlan(t, c, prog, []byte(edited)) }()
	// Let the colleague's change land once the import waits on the row.
	for waiting := 0; waiting == 0; {
		waiting = testkit.Scalar[int](t, app, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%UPDATE activities SET%'`)
		select {
		case resp := <-done:
			t.Fatalf("the import finished without waiting for the colleague's change: %d", resp.StatusCode)
		case <-time.After(20 * time.Millisecond):
		}
	}
	if err := editor.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	before = testkit.Fingerprint(t, app.Pool)
	resp = <-done
	if resp.StatusCode != http.StatusConflict || !strings.Contains(resp.Text(), "Nothing from your file was imported") {
		t.Errorf("import over a concurrent change = %d: %s", resp.StatusCode, resp.Doc().Find("main").Text())
	}
	if testkit.Fingerprint(t, app.Pool) != before {
		t.Error("an import refused with 409 changed the database")
	}
	if got := testkit.Scalar[string](t, app, `SELECT title FROM activities WHERE id = $1`, id); got != "Renamed by a colleague" {
		t.Errorf("title = %q, want the colleague's", got)
	}
}

// planEdits is a programme's export for the test year with three edits:
// the first activity retitled, the first programme-wide one moved into
// module BIO2005, and a new row. It returns the file, the edited
// activities' ids and their titles as exported, and the moved one's line.
type planEdits struct {
	file                   []byte
	renamed, moved         int64
	renamedFrom, movedName string
	movedLine              int
}

func editPlan(t *testing.T, c *testkit.Client, prog int64) planEdits {
	t.Helper()
	records, err := csv.NewReader(bytes.NewReader(c.Get(paths.PlanCSV(prog, year)).Body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, name := range records[0] {
		col[strings.TrimPrefix(name, "\ufeff")] = i
	}
	var e planEdits
	for i, r := range records[1:] {
		id, err := strconv.ParseInt(r[col["id"]], 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case i == 0:
			e.renamed, e.renamedFrom = id, r[col["title"]]
			r[col["title"]] = "Welcome lab tours and lunch"
		case e.moved == 0 && r[col["module_code"]] == "":
			e.moved, e.movedName, e.movedLine = id, r[col["title"]], i+2
			r[col["module_code"]] = "BIO2005"
		}
	}
	if e.moved == 0 {
		t.Fatal("the export has no programme-wide activity after its first row")
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(records); err != nil {
		t.Fatal(err)
	}
	b.WriteString(",Study buddies,mentoring,term_2,peers;confidence,co_curricular,programme,idea," + strconv.Itoa(year) + ",,by,,,free_to_students,,,,ug,1,,,,,,,,0,\n")
	e.file = b.Bytes()
	return e
}

// A plan file's preview shows what it adds, changes (field by field) and
// moves, and writes nothing; confirming applies exactly that.
func TestPlanImportPreviewsThenAppliesOnlyOnConfirm(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	prog := programmeID(t, app, "C100")
	e := editPlan(t, c, prog)
	lines := 1 + testkit.Scalar[int](t, app, `SELECT count(*) FROM activities WHERE programme_id = $1 AND academic_year = $2`, prog, year)

	before := testkit.Fingerprint(t, app.Pool)
	preview := c.UploadImport(paths.PlanImport(prog), e.file)
	if preview.StatusCode != http.StatusOK {
		t.Fatalf("preview = %d: %s", preview.StatusCode, preview.Doc().Find("main").Text())
	}
	if testkit.Fingerprint(t, app.Pool) != before {
		t.Fatal("showing the preview changed the database")
	}
	want := testkit.ImportPreview{
		Moves:   []string{fmt.Sprintf("%s (line %d) moves from the whole programme (no module) to module BIO2005 Research Methods in the Life Sciences", e.movedName, e.movedLine)},
		Added:   []string{"Study buddies"},
		Changed: []string{e.renamedFrom + ": Title: " + e.renamedFrom + " → Welcome lab tours and lunch"},
	}
	if diff := cmp.Diff(want, testkit.ReadImportPreview(preview)); diff != "" {
		t.Errorf("preview (-want +got):\n%s", diff)
	}
	if got, want := strings.Join(strings.Fields(preview.Doc().Find("[data-testid=import-counts]").Text()), " "),
		fmt.Sprintf("add 1, change 1 and move 1; %d rows are already as in the file", lines-1-2); !strings.Contains(got, want) {
		t.Errorf("preview counts = %q, want %q", got, want)
	}

	done := c.ConfirmImport(preview)
	if done.StatusCode != http.StatusOK || !strings.Contains(done.Text(), "Import finished: 1 added, 2 updated") {
		t.Fatalf("confirm = %d: %s", done.StatusCode, done.Doc().Find("main").Text())
	}
	if got := testkit.Scalar[string](t, app, `SELECT title FROM activities WHERE id = $1`, e.renamed); got != "Welcome lab tours and lunch" {
		t.Errorf("title after confirming = %q", got)
	}
	if got := testkit.Scalar[string](t, app, `SELECT coalesce(m.code, '') FROM activities a LEFT JOIN modules m ON m.id = a.module_id WHERE a.id = $1`, e.moved); got != "BIO2005" {
		t.Errorf("module of the moved activity after confirming = %q, want BIO2005", got)
	}
	if got := testkit.Scalar[int](t, app, `SELECT count(*) FROM activities WHERE programme_id = $1 AND title = 'Study buddies'`, prog); got != 1 {
		t.Errorf("activities added = %d, want 1", got)
	}
}

// A change between the preview and the confirmation, to an activity the
// file changes or to one it leaves as it is, makes the confirmation answer
// 409 and write nothing.
func TestPlanImportConfirmAfterAChangeIs409(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	prog := programmeID(t, app, "C100")
	e := editPlan(t, c, prog)
	other := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE programme_id = $1 AND academic_year = $2 AND id NOT IN ($3, $4) ORDER BY id LIMIT 1`, prog, year, e.renamed, e.moved)
	for _, tt := range []struct {
		name     string
		activity int64
	}{
		{"an activity the file renames", e.renamed},
		{"an activity the file leaves as it is", other},
	} {
		preview := c.UploadImport(paths.PlanImport(prog), e.file)
		if preview.StatusCode != http.StatusOK {
			t.Fatalf("%s: preview = %d", tt.name, preview.StatusCode)
		}
		testkit.Exec(t, app, `UPDATE activities SET title = title || ' (edited)', version = version + 1 WHERE id = $1`, tt.activity)
		before := testkit.Fingerprint(t, app.Pool)
		resp := c.ConfirmImport(preview)
		if resp.StatusCode != http.StatusConflict {
			t.Errorf("%s changed before confirming: confirm = %d, want 409", tt.name, resp.StatusCode)
		}
		if got := strings.Join(strings.Fields(resp.Doc().Find("[data-testid=import-conflict]").Text()), " "); !strings.Contains(got, "Nothing from your file was imported") ||
			!strings.Contains(got, "The data changed since the preview; preview again") {
			t.Errorf("%s changed before confirming: message = %q", tt.name, got)
		}
		if testkit.Fingerprint(t, app.Pool) != before {
			t.Errorf("%s changed before confirming: the refused confirmation wrote something", tt.name)
		}
	}
}

// retitle replaces the title cell of an exported CSV line.
func retitle(t *testing.T, line, title string) string {
	t.Helper()
	r := csv.NewReader(strings.NewReader(line))
	cells, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	cells[1] = title
	var b strings.Builder
	w := csv.NewWriter(&b)
	if err := w.Write(cells); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	return strings.TrimSuffix(b.String(), "\n")
}

// An activity's page links to the programme's calendar at the month of its
// next session (or of its last, once all are over), not the current month.
func TestActivityLinksToItsMonthInTheCalendar(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	prog := programmeID(t, app, "C100")
	id := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title = 'Pizza evenings for first years'`)
	testkit.Exec(t, app, `DELETE FROM activity_sessions WHERE activity_id = $1`, id)
	today := acyear.Today()
	past, next, later := today.AddDate(0, -5, 0), today.AddDate(0, 3, 0), today.AddDate(0, 7, 0)
	testkit.Exec(t, app, `INSERT INTO activity_sessions (institution_id, activity_id, session_date, start_time)
		SELECT institution_id, id, d, '17:30' FROM activities, unnest($2::date[]) d WHERE id = $1`, id, []time.Time{later, past, next})
	link := func() string {
		t.Helper()
		href, ok := c.Get(paths.Activity(id)).Doc().Find("[data-testid=calendar-link]").Attr("href")
		if !ok {
			t.Fatal("the activity's page has no link to the calendar")
		}
		return href
	}
	if got, want := link(), paths.CalendarMonth(prog, next); got != want {
		t.Errorf("calendar link = %s, want %s (the next session's month)", got, want)
	}
	cal := c.Get(paths.CalendarMonth(prog, next)).Doc()
	day := cal.Find("td.calendar__day").FilterFunction(func(_ int, d *goquery.Selection) bool {
		return !d.HasClass("calendar__day--out") && d.Find(".calendar__date .visually-hidden").First().Text() == next.Format("Monday 2 January")
	})
	if got := day.Text(); !strings.Contains(got, "Pizza evenings") {
		t.Errorf("the calendar at the linked month does not show the session on %s: %q", next.Format("2 Jan"), got)
	}
	testkit.Exec(t, app, `DELETE FROM activity_sessions WHERE activity_id = $1 AND session_date > $2`, id, today)
	if got, want := link(), paths.CalendarMonth(prog, past); got != want {
		t.Errorf("calendar link once all sessions are over = %s, want %s (the last session's month)", got, want)
	}
}

// Several dates go in at once: a list of dates, each with its own times or
// the form's, beside (or instead of) the first date and weekly rule. A bad
// line is an error at the list, naming the line, with the form as typed.
func TestAddSessionsOnAListOfDates(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	id := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title = 'Pizza evenings for first years'`)
	testkit.Exec(t, app, `DELETE FROM activity_sessions WHERE activity_id = $1`, id)
	ay := testkit.Scalar[int](t, app, `SELECT academic_year FROM activities WHERE id = $1`, id)
	day := func(n int) string { return time.Date(ay, time.October, 5+n, 0, 0, 0, 0, time.UTC).Format("2006-01-02") }
	sessions := func() []string {
		t.Helper()
		rows, err := app.Pool.Query(context.Background(), `SELECT session_date::text || ' ' || coalesce(to_char(start_time, 'HH24:MI'), '-') || '-' || coalesce(to_char(end_time, 'HH24:MI'), '-')
			FROM activity_sessions WHERE activity_id = $1 ORDER BY session_date, start_time`, id)
		if err != nil {
			t.Fatal(err)
		}
		got, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		return got
	}

	list := day(9) + "\n" + day(1) + "\n\n" + day(2) + " 14:00-16:00\n"
	resp := c.Post(paths.ActivitySessions(id), url.Values{"session_date": {day(0)}, "start_time": {"09:00"}, "end_time": {"10:00"}, "more_dates": {list}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add sessions on a list of dates = %d: %s", resp.StatusCode, testkit.FormErrors(resp))
	}
	want := []string{day(0) + " 09:00-10:00", day(1) + " 09:00-10:00", day(2) + " 14:00-16:00", day(9) + " 09:00-10:00"}
	if diff := cmp.Diff(want, sessions()); diff != "" {
		t.Errorf("sessions (-want +got):\n%s", diff)
	}

	// The list alone, without a first date.
	resp = c.Post(paths.ActivitySessions(id), url.Values{"more_dates": {day(20) + " 10:00"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add a session from the list alone = %d: %s", resp.StatusCode, testkit.FormErrors(resp))
	}
	if got := sessions(); len(got) != 5 || got[4] != day(20)+" 10:00--" {
		t.Errorf("sessions after the list alone = %v, want %s 10:00 added", got, day(20))
	}

	bad := day(3) + "\n" + day(4) + " 16:00-15:00\n"
	resp = c.Post(paths.ActivitySessions(id), url.Values{"more_dates": {bad}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a list with a bad line = %d, want 422", resp.StatusCode)
	}
	doc := resp.Doc()
	if got := doc.Find("#more_dates-error").Text(); !strings.Contains(got, "Line 2") {
		t.Errorf("error at the list = %q, want it to name line 2", got)
	}
	if got := doc.Find("textarea#more_dates").Text(); strings.TrimSpace(got) != strings.TrimSpace(bad) {
		t.Errorf("the list re-rendered = %q, want it as typed", got)
	}
	if got := len(sessions()); got != 5 {
		t.Errorf("sessions after a refused list = %d, want 5", got)
	}
}

// The new-activity form asks only for its first section: sent as it comes,
// with nothing typed or chosen, every error is a field of that section and
// the later sections stay folded away. The team is ticked, not picked
// with Ctrl in a list, and a date picker's hint reads as the picker does.
func TestNewActivityFormAsksOnlyForItsFirstSection(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	prog := programmeID(t, app, "C100")
	blank := c.Get(paths.NewActivity(prog, year)).Doc()
	if n := blank.Find("select[multiple]").Length(); n != 0 {
		t.Errorf("the form has %d multiple-choice lists, want none (the team is a list of checkboxes)", n)
	}
	if n := blank.Find("fieldset#team input[type=checkbox][name=team]").Length(); n == 0 {
		t.Error("the form has no team checkboxes")
	}
	blank.Find("input[type=date]").Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Attr("id")
		if hint := blank.Find("#" + id + "-hint").Text(); regexp.MustCompile(`\d{4}-\d{2}-\d{2}`).MatchString(hint) {
			t.Errorf("the hint of the date picker %s = %q; the picker does not show year-month-day", id, hint)
		}
	})

	resp := c.Post(paths.Activities(prog), testkit.FormValues(blank.Find("form.activity-form")))
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("POST the form as it comes = %d, want 422", resp.StatusCode)
	}
	doc := resp.Doc()
	var first, errs []string
	doc.Find("form.activity-form > fieldset:first-of-type [id]").Each(func(_ int, s *goquery.Selection) {
		first = append(first, s.AttrOr("id", ""))
	})
	doc.Find("[data-testid=error-summary] a").Each(func(_ int, a *goquery.Selection) {
		id := strings.TrimPrefix(a.AttrOr("href", ""), "#")
		errs = append(errs, id)
		if !slices.Contains(first, id) {
			t.Errorf("an empty submit asks for %s, outside the first section", id)
		}
	})
	if diff := cmp.Diff([]string{"title", "kind", "stage", "placement", "dimensions"}, errs); diff != "" {
		t.Errorf("fields an empty submit asks for (-want +got):\n%s", diff)
	}
	if _, open := doc.Find("[data-testid=more-about]").Attr("open"); open {
		t.Error("the later sections are unfolded after an empty submit, though none has an error")
	}

	// An error in a later section unfolds them, so its summary link leads
	// somewhere visible.
	f := testkit.FormValues(blank.Find("form.activity-form"))
	f.Set("cohort_size", "lots")
	if _, open := c.Post(paths.Activities(prog), f).Doc().Find("[data-testid=more-about]").Attr("open"); !open {
		t.Error("the later sections stay folded when one of their fields has an error")
	}
}
