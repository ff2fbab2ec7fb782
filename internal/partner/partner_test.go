package partner_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"belonging/internal/seed"
	"belonging/internal/testkit"
)

const (
	partnerEmail  = "partner@northbridge.ac.uk"
	directorEmail = "director@northbridge.ac.uk"
	pizza         = "Pizza evenings for first years"
	lunch         = "Lunch club for commuting students"
)

func activityID(t *testing.T, app *testkit.App, title string) int64 {
	t.Helper()
	return testkit.Scalar[int64](t, app, `SELECT a.id FROM activities a JOIN institutions i ON i.id = a.institution_id
		WHERE i.slug = 'northbridge' AND a.title = $1 AND a.academic_year = $2`, title, seed.CurrentYear())
}

func signedIn(app *testkit.App, email string) *testkit.Client {
	c := app.Client()
	c.SignIn(email, testkit.DemoPassword)
	return c
}

// A student partner edits their activity, keeps notes on a session and
// adds a student's words to an outcome: each saved and audited as theirs.
func TestPartnerWorksOnTheirActivity(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	p := signedIn(app, partnerEmail)
	partnerID := testkit.Scalar[int64](t, app, `SELECT id FROM users WHERE email = $1`, partnerEmail)
	id := activityID(t, app, pizza)

	if resp := p.Get("/"); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/partner" {
		t.Errorf("GET / as a partner = %d to %q, want 303 to /partner", resp.StatusCode, resp.Header.Get("Location"))
	}
	home := p.Get("/partner")
	if home.StatusCode != 200 || home.Doc().Find(`[data-testid="partner-activities"] li`).Length() != 2 ||
		!strings.Contains(home.Text(), pizza) || !strings.Contains(home.Text(), lunch) {
		t.Fatalf("partner home = %d, want 200 listing their two activities:\n%s", home.StatusCode, home.Text())
	}
	page := p.Get(fmt.Sprintf("/partner/activities/%d", id))
	if page.StatusCode != 200 {
		t.Fatalf("partner activity page = %d, want 200", page.StatusCode)
	}
	// People by name only: no staff email, no budget.
	for _, hidden := range []string{"@northbridge.ac.uk", "£", "Budget"} {
		if strings.Contains(page.Text(), hidden) {
			t.Errorf("the partner's activity page shows %q", hidden)
		}
	}

	// An empty edit is refused at each field, and nothing changes.
	version := testkit.Scalar[int64](t, app, `SELECT version FROM activities WHERE id = $1`, id)
	empty := p.Post(fmt.Sprintf("/partner/activities/%d", id), url.Values{"version": {strconv.FormatInt(version, 10)}})
	if empty.StatusCode != http.StatusUnprocessableEntity || empty.Doc().Find(`.error-summary a[href="#title"]`).Length() != 1 {
		t.Errorf("empty partner edit = %d, want 422 with the summary linking to the title", empty.StatusCode)
	}
	edit := p.Post(fmt.Sprintf("/partner/activities/%d", id), url.Values{"version": {strconv.FormatInt(version, 10)},
		"title": {pizza}, "aims": {"First years meet on neutral ground."}, "partnership_how": {"Students pick the venue and run the quiz."}})
	if edit.StatusCode != http.StatusSeeOther {
		t.Fatalf("partner edit = %d: %s", edit.StatusCode, testkit.FormErrors(edit))
	}
	if got := testkit.Scalar[string](t, app, `SELECT partnership_how FROM activities WHERE id = $1`, id); got != "Students pick the venue and run the quiz." {
		t.Errorf("partnership_how after the partner's edit = %q", got)
	}
	stale := p.Post(fmt.Sprintf("/partner/activities/%d", id), url.Values{"version": {strconv.FormatInt(version, 10)}, "title": {pizza}})
	if stale.StatusCode != http.StatusConflict {
		t.Errorf("partner edit of an old version = %d, want 409", stale.StatusCode)
	}

	session := testkit.Scalar[int64](t, app, `SELECT min(id) FROM activity_sessions WHERE activity_id = $1`, id)
	if resp := p.Post(fmt.Sprintf("/partner/sessions/%d/notes", session), url.Values{"notes": {""}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("empty session notes = %d, want 422", resp.StatusCode)
	}
	if resp := p.Post(fmt.Sprintf("/partner/sessions/%d/notes", session), url.Values{"notes": {"Forty came; the quiz worked."}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("session notes = %d: %s", resp.StatusCode, testkit.FormErrors(resp))
	}

	outcome := testkit.Scalar[int64](t, app, `SELECT min(id) FROM outcomes WHERE activity_id = $1`, id)
	before := testkit.Scalar[string](t, app, `SELECT student_quotes FROM outcomes WHERE id = $1`, outcome)
	if resp := p.Post(fmt.Sprintf("/partner/outcomes/%d/quotes", outcome), url.Values{"quote": {"I finally know people on my course."}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add quote = %d: %s", resp.StatusCode, testkit.FormErrors(resp))
	}
	after := testkit.Scalar[string](t, app, `SELECT student_quotes FROM outcomes WHERE id = $1`, outcome)
	if !strings.HasPrefix(after, before) || !strings.HasSuffix(after, "I finally know people on my course.") {
		t.Errorf("student quotes after adding one = %q, want %q and the new quote", after, before)
	}

	for _, entity := range []struct {
		name string
		id   int64
	}{{"activity", id}, {"session", session}, {"outcome", outcome}} {
		if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM audit_log WHERE actor_id = $1 AND entity = $2 AND entity_id = $3`,
			partnerID, entity.name, entity.id); n != 1 {
			t.Errorf("audit entries by the partner on the %s = %d, want 1", entity.name, n)
		}
	}
	// The team sees the partner's notes on the activity's own page.
	if staff := signedIn(app, directorEmail).Get(fmt.Sprintf("/activities/%d", id)); !strings.Contains(staff.Text(), "Forty came; the quiz worked.") ||
		!strings.Contains(staff.Text(), "Maya Thompson") {
		t.Error("the activity's page does not show its partner and their session notes to the director")
	}
}

// A student partner reaches nothing but their activities: staff pages of
// their own activity, other activities, surveys, reports, the plan and
// admin pages are refused; the library shows only what the public reads.
func TestPartnerRefusedElsewhere(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	p := signedIn(app, partnerEmail)
	own := activityID(t, app, pizza)
	other := activityID(t, app, "Transition mentors for students going into year 2")
	programme := testkit.Scalar[int64](t, app, `SELECT id FROM programmes WHERE code = 'C100'`)
	survey := testkit.Scalar[int64](t, app, `SELECT min(s.id) FROM surveys s JOIN institutions i ON i.id = s.institution_id WHERE i.slug = 'northbridge'`)
	otherSession := testkit.Scalar[int64](t, app, `SELECT min(id) FROM activity_sessions WHERE activity_id = $1`, other)
	for _, c := range []struct {
		path string
		want int
	}{
		{fmt.Sprintf("/activities/%d", own), 404},
		{fmt.Sprintf("/activities/%d/edit", own), 404},
		{fmt.Sprintf("/activities/%d/partners", own), 404},
		{fmt.Sprintf("/activities/%d/export.json", own), 404},
		{fmt.Sprintf("/partner/activities/%d", other), 404},
		{fmt.Sprintf("/partner/sessions/%d/notes", otherSession), 404},
		{fmt.Sprintf("/programmes/%d", programme), 404},
		{fmt.Sprintf("/programmes/%d/report", programme), 404},
		{fmt.Sprintf("/surveys/%d", survey), 404},
		{"/programmes", 404},
		{"/reports", 404},
		{"/case-studies", 404},
		{"/admin", 403},
		{"/admin/people", 403},
	} {
		if resp := p.Get(c.path); resp.StatusCode != c.want {
			t.Errorf("GET %s as a partner = %d, want %d", c.path, resp.StatusCode, c.want)
		}
	}
	if resp := p.Post(fmt.Sprintf("/partner/sessions/%d/notes", otherSession), url.Values{"notes": {"Not mine"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("notes on another activity's session = %d, want 404", resp.StatusCode)
	}
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM activity_sessions WHERE notes <> ''`); n != 0 {
		t.Errorf("sessions with notes after refused writes = %d, want 0", n)
	}
	// The library: public case studies only.
	results := func(c *testkit.Client) string {
		return c.Get("/library").Doc().Find(`[data-testid="results"]`).Text()
	}
	public, partner, staff := results(app.Client()), results(p), results(signedIn(app, directorEmail))
	if partner != public {
		t.Errorf("the partner's library differs from the public's:\n%s\n---\n%s", partner, public)
	}
	if staff == public {
		t.Error("a member of staff's library is the public's, so the comparison above shows nothing")
	}
}

// Removing a partner from an activity ends their access to it on their
// very next request; removing the last leaves them an empty home.
func TestRemovingPartnerEndsAccessAtOnce(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	p := signedIn(app, partnerEmail)
	d := signedIn(app, directorEmail)
	partnerID := testkit.Scalar[int64](t, app, `SELECT id FROM users WHERE email = $1`, partnerEmail)
	for i, title := range []string{lunch, pizza} {
		id := activityID(t, app, title)
		if resp := p.Get(fmt.Sprintf("/partner/activities/%d", id)); resp.StatusCode != 200 {
			t.Fatalf("partner on %s = %d before removal, want 200", title, resp.StatusCode)
		}
		if resp := d.Post(fmt.Sprintf("/activities/%d/partners/%d/remove", id, partnerID), nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("remove partner from %s = %d, want 303", title, resp.StatusCode)
		}
		if resp := p.Get(fmt.Sprintf("/partner/activities/%d", id)); resp.StatusCode != http.StatusNotFound {
			t.Errorf("partner on %s = %d after removal, want 404", title, resp.StatusCode)
		}
		if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM audit_log WHERE action = 'remove_partner' AND entity_id = $1`, id); n != 1 {
			t.Errorf("audit entries of the removal from %s = %d, want 1", title, n)
		}
		if i == 1 {
			if home := p.Get("/partner"); home.Doc().Find(`[data-testid="partner-empty"]`).Length() != 1 {
				t.Error("with no activities left, the partner's home does not say so")
			}
		}
	}
}

var linkPattern = regexp.MustCompile(`/invitations/[A-Za-z0-9_-]{43}`)

// A director invites a student by email; accepting makes a student
// partner's account that opens on its activity.
func TestDirectorInvitesPartner(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t, testkit.Working)
	d := signedIn(app, directorEmail)
	id := activityID(t, app, "Transition mentors for students going into year 2")
	if resp := d.Post(fmt.Sprintf("/activities/%d/partners", id), url.Values{"email": {""}}); resp.StatusCode != http.StatusUnprocessableEntity ||
		resp.Doc().Find(`.error-summary a[href="#email"]`).Length() != 1 {
		t.Errorf("empty invitation = %d, want 422 with the summary linking to the email", resp.StatusCode)
	}
	if resp := d.Post(fmt.Sprintf("/activities/%d/partners", id), url.Values{"email": {"member@northbridge.ac.uk"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("inviting a member of staff as a partner = %d, want 422", resp.StatusCode)
	}
	if resp := d.Post(fmt.Sprintf("/activities/%d/partners", id), url.Values{"email": {"ola.student@northbridge.ac.uk"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("invite = %d: %s", resp.StatusCode, testkit.FormErrors(resp))
	}
	link := linkPattern.FindString(app.Mail("ola.student@northbridge.ac.uk"))
	if link == "" {
		t.Fatal("no invitation link in the email")
	}
	s := app.Client()
	if page := s.Get(link); page.StatusCode != 200 || !strings.Contains(page.Text(), "Student partner") {
		t.Fatalf("invitation page = %d, want it to name the role", page.StatusCode)
	}
	ok := s.Post(link, url.Values{"name": {"Ola Nowak"}, "password": {"maple harbour lantern"}, "confirm_password": {"maple harbour lantern"}})
	if ok.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept = %d: %s", ok.StatusCode, testkit.FormErrors(ok))
	}
	if got := testkit.Scalar[bool](t, app, `SELECT student_partner FROM users WHERE email = 'ola.student@northbridge.ac.uk'`); !got {
		t.Error("the account made from a partner's invitation is not marked as a student partner's")
	}
	if resp := s.Get(fmt.Sprintf("/partner/activities/%d", id)); resp.StatusCode != 200 {
		t.Errorf("the new partner on their activity = %d, want 200", resp.StatusCode)
	}
	if resp := s.Get(fmt.Sprintf("/activities/%d", id)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("the new partner on the staff page = %d, want 404", resp.StatusCode)
	}
}

// The co-created share counts an activity labelled "for students" once
// students are its partners, in the plan and in the report summaries.
func TestCoCreatedShareCountsPartners(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	year := seed.CurrentYear()
	programme := testkit.Scalar[int64](t, app, `SELECT id FROM programmes WHERE code = 'C100'`)
	target := testkit.Scalar[int64](t, app, `SELECT min(a.id) FROM activities a WHERE a.programme_id = $1 AND a.academic_year = $2
		AND a.partnership = 'for' AND a.archived_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.activity_id = a.id)`, programme, year)
	summary := func() int {
		return testkit.Scalar[int](t, app, `SELECT co_created FROM programme_figures WHERE programme_id = $1 AND year = $2 AND facet = 'all'`, programme, year)
	}
	d := signedIn(app, directorEmail)
	note := func() string {
		return strings.TrimSpace(d.Get(fmt.Sprintf("/programmes/%d?year=%d", programme, year)).Doc().Find(".stat__note").Last().Text())
	}
	beforeSummary, beforeNote := summary(), note()
	testkit.Exec(t, app, `INSERT INTO memberships (institution_id, user_id, role, activity_id)
		SELECT a.institution_id, u.id, 'partner', a.id FROM activities a, users u WHERE a.id = $1 AND u.email = $2`, target, partnerEmail)
	if got := summary(); got != beforeSummary+1 {
		t.Errorf("co-created in the summaries = %d after adding a partner, want %d", got, beforeSummary+1)
	}
	if got := note(); got == beforeNote || !strings.Contains(got, "or with student partners") {
		t.Errorf("the plan's co-created note = %q, was %q; want one more", got, beforeNote)
	}
	// The summaries stay what a count from scratch gives.
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM (
		(SELECT * FROM programme_figures WHERE programme_id = $1 EXCEPT ALL SELECT * FROM count_programme_figures(ARRAY[$1]::bigint[]))
		UNION ALL
		(SELECT * FROM count_programme_figures(ARRAY[$1]::bigint[]) EXCEPT ALL SELECT * FROM programme_figures WHERE programme_id = $1)) d`, programme); n != 0 {
		t.Errorf("summary rows differing from a rebuild = %d, want 0", n)
	}
}
