package people_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"belonging/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

const admin = "admin@northbridge.ac.uk"

var linkPattern = regexp.MustCompile(`/invitations/[A-Za-z0-9_-]{43}`)

// invite sends an invitation as the admin and returns the link from the
// development mailbox.
func invite(t *testing.T, app *testkit.App, c *testkit.Client, email, role, scopeField string, scopeID int64) string {
	t.Helper()
	form := url.Values{"email": {email}, "role": {role}}
	if scopeField != "" {
		form.Set(scopeField, strconv.FormatInt(scopeID, 10))
	}
	resp := c.Post("/admin/people/invite", form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("invite %s = %d: %s", email, resp.StatusCode, testkit.FormErrors(resp))
	}
	body := app.Mail(email)
	link := linkPattern.FindString(body)
	if link == "" {
		t.Fatalf("no invitation link in the email:\n%s", body)
	}
	return link
}

func TestInvitationAcceptedOnceThenSignsIn(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t, testkit.Working)
	a := app.Client()
	a.SignIn(admin, testkit.DemoPassword)
	prog := testkit.Scalar[int64](t, app, `SELECT id FROM programmes WHERE code = 'B940'`)
	link := invite(t, app, a, "new.director@northbridge.ac.uk", "director", "programme", prog)
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM invitations WHERE email = 'new.director@northbridge.ac.uk' AND token_hash = sha256(convert_to($1, 'UTF8'))`, strings.TrimPrefix(link, "/invitations/")); n != 1 {
		t.Error("the invitation's token is not stored as its SHA-256 hash")
	}

	guest := app.Client()
	page := guest.Get(link)
	if page.StatusCode != 200 || !strings.Contains(page.Text(), "Programme director") || !strings.Contains(page.Text(), "B940 BSc Biomedical Science") {
		t.Fatalf("invitation page = %d, want it to name the role and programme", page.StatusCode)
	}
	bad := guest.Post(link, url.Values{"name": {""}, "password": {"short"}, "confirm_password": {"other"}})
	if bad.StatusCode != http.StatusUnprocessableEntity || bad.Doc().Find(".field__error").Length() != 3 {
		t.Errorf("bad acceptance = %d with %d field errors, want 422 with 3", bad.StatusCode, bad.Doc().Find(".field__error").Length())
	}
	ok := guest.Post(link, url.Values{"name": {"Dr Nia Evans"}, "password": {"maple harbour lantern"}, "confirm_password": {"maple harbour lantern"}})
	if ok.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept = %d: %s", ok.StatusCode, testkit.FormErrors(ok))
	}
	home := guest.Get("/")
	if !strings.Contains(home.Text(), "Welcome, Nia") || !strings.Contains(home.Text(), "B940 BSc Biomedical Science") {
		t.Error("after accepting, the home page does not greet the person with their programme")
	}
	if resp := guest.Get(fmt.Sprintf("/programmes/%d", prog)); resp.StatusCode != 200 {
		t.Errorf("new director opening their programme = %d, want 200", resp.StatusCode)
	}

	again := app.Client().Post(link, url.Values{"name": {"Someone Else"}, "password": {"another good passphrase"}, "confirm_password": {"another good passphrase"}})
	if again.StatusCode != http.StatusGone || !strings.Contains(again.Text(), "already been used") || !strings.Contains(again.Text(), "Priya Shah") {
		t.Errorf("second use = %d, want 410 saying it was used and whom to ask", again.StatusCode)
	}
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM users WHERE email = 'new.director@northbridge.ac.uk'`); n != 1 {
		t.Errorf("accounts for the invited email = %d, want 1", n)
	}
}

func TestExpiredAndWithdrawnInvitations(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t, testkit.Working)
	a := app.Client()
	a.SignIn(admin, testkit.DemoPassword)
	mod := testkit.Scalar[int64](t, app, `SELECT id FROM modules WHERE code = 'BIO1002'`)

	expired := invite(t, app, a, "late@northbridge.ac.uk", "module_leader", "module", mod)
	app.Pool.Exec(context.Background(), `UPDATE invitations SET expires_at = now() - interval '1 day' WHERE email = 'late@northbridge.ac.uk'`)
	resp := app.Client().Get(expired)
	if resp.StatusCode != http.StatusGone || !strings.Contains(resp.Text(), "has expired") || !strings.Contains(resp.Text(), "admin@northbridge.ac.uk") {
		t.Errorf("expired invitation = %d, want 410 naming whom to ask", resp.StatusCode)
	}

	withdrawn := invite(t, app, a, "withdrawn@northbridge.ac.uk", "module_leader", "module", mod)
	invID := testkit.Scalar[int64](t, app, `SELECT id FROM invitations WHERE email = 'withdrawn@northbridge.ac.uk'`)
	if resp := a.Post(fmt.Sprintf("/admin/invitations/%d/revoke", invID), nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("withdraw = %d", resp.StatusCode)
	}
	app.WaitForJobs()
	before := testkit.Fingerprint(t, app.Pool)
	resp = app.Client().Post(withdrawn, url.Values{"name": {"W"}, "password": {"maple harbour lantern"}, "confirm_password": {"maple harbour lantern"}})
	if resp.StatusCode != http.StatusGone || !strings.Contains(resp.Text(), "withdrawn") {
		t.Errorf("withdrawn invitation = %d, want 410", resp.StatusCode)
	}
	if testkit.Fingerprint(t, app.Pool) != before {
		t.Error("accepting a withdrawn invitation changed the database")
	}
	if resp := app.Client().Get("/invitations/nonsense"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown token = %d, want 404", resp.StatusCode)
	}
}

func TestInviteValidation(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	a := app.Client()
	a.SignIn(admin, testkit.DemoPassword)
	mod := testkit.Scalar[int64](t, app, `SELECT id FROM modules WHERE code = 'BIO1001'`)
	otherProg := testkit.Scalar[int64](t, app, `SELECT id FROM programmes WHERE code = 'V100'`)
	tests := []struct {
		name  string
		form  url.Values
		field string
	}{
		{"no email", url.Values{"role": {"admin"}}, "email"},
		{"bad email", url.Values{"email": {"not an email"}, "role": {"admin"}}, "email"},
		{"existing account", url.Values{"email": {"Director@Northbridge.ac.uk"}, "role": {"admin"}}, "email"},
		{"no role", url.Values{"email": {"x@northbridge.ac.uk"}}, "role"},
		{"forged role", url.Values{"email": {"x@northbridge.ac.uk"}, "role": {"superuser"}}, "role"},
		{"director without programme", url.Values{"email": {"x@northbridge.ac.uk"}, "role": {"director"}}, "programme"},
		{"director with a module", url.Values{"email": {"x@northbridge.ac.uk"}, "role": {"director"}, "module": {strconv.FormatInt(mod, 10)}}, "programme"},
		{"other institution's programme", url.Values{"email": {"x@northbridge.ac.uk"}, "role": {"member"}, "programme": {strconv.FormatInt(otherProg, 10)}}, "programme"},
		{"viewer with nothing", url.Values{"email": {"x@northbridge.ac.uk"}, "role": {"viewer"}}, "department"},
	}
	before := testkit.Fingerprint(t, app.Pool)
	for _, tt := range tests {
		resp := a.Post("/admin/people/invite", tt.form)
		if resp.StatusCode != http.StatusUnprocessableEntity || resp.Doc().Find("#"+tt.field+"-error").Length() != 1 {
			t.Errorf("%s: status %d, errors %q; want 422 at %s", tt.name, resp.StatusCode, testkit.FormErrors(resp), tt.field)
		}
	}
	if testkit.Fingerprint(t, app.Pool) != before {
		t.Error("an invalid invitation changed the database")
	}
}

// Disabling someone signs them out at once, wherever they are signed in.
func TestDisableEndsSessionsAtOnce(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	a := app.Client()
	a.SignIn(admin, testkit.DemoPassword)
	leader := app.Client()
	leader.SignIn("leader@northbridge.ac.uk", testkit.DemoPassword)
	id := testkit.Scalar[int64](t, app, `SELECT id FROM users WHERE email = 'leader@northbridge.ac.uk'`)

	if resp := a.Post(fmt.Sprintf("/admin/people/%d/disable", id), nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable = %d", resp.StatusCode)
	}
	if resp := leader.Get("/"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("disabled person's next request = %d, want 303 to sign in", resp.StatusCode)
	}
	resp := app.Client().Post("/sign-in", url.Values{"email": {"leader@northbridge.ac.uk"}, "password": {testkit.DemoPassword}})
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(resp.Text(), "disabled") {
		t.Errorf("disabled person signing in = %d, want 403 saying the account is disabled", resp.StatusCode)
	}
	if resp := a.Post(fmt.Sprintf("/admin/people/%d/enable", id), nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("enable = %d", resp.StatusCode)
	}
	app.Client().SignIn("leader@northbridge.ac.uk", testkit.DemoPassword)

	self := testkit.Scalar[int64](t, app, `SELECT id FROM users WHERE email = $1`, admin)
	if resp := a.Post(fmt.Sprintf("/admin/people/%d/disable", self), nil); resp.StatusCode != http.StatusConflict {
		t.Errorf("admin disabling themselves = %d, want 409", resp.StatusCode)
	}
}

// Roles take effect on the next request: a new role opens a programme, a
// removed one closes it.
func TestRoleChangesTakeEffect(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	a := app.Client()
	a.SignIn(admin, testkit.DemoPassword)
	leader := app.Client()
	leader.SignIn("leader@northbridge.ac.uk", testkit.DemoPassword)
	person := testkit.Scalar[int64](t, app, `SELECT id FROM users WHERE email = 'leader@northbridge.ac.uk'`)
	psych := testkit.Scalar[int64](t, app, `SELECT id FROM programmes WHERE code = 'C800'`)

	if resp := leader.Get(fmt.Sprintf("/programmes/%d", psych)); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("before the role: %d, want 404", resp.StatusCode)
	}
	resp := a.Post(fmt.Sprintf("/admin/people/%d/memberships", person), url.Values{"role": {"viewer"}, "programme": {strconv.FormatInt(psych, 10)}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("add role = %d: %s", resp.StatusCode, testkit.FormErrors(resp))
	}
	if resp := leader.Get(fmt.Sprintf("/programmes/%d", psych)); resp.StatusCode != 200 {
		t.Errorf("with the viewer role: %d, want 200", resp.StatusCode)
	}
	dup := a.Post(fmt.Sprintf("/admin/people/%d/memberships", person), url.Values{"role": {"viewer"}, "programme": {strconv.FormatInt(psych, 10)}})
	if dup.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(testkit.FormErrors(dup), "already has this role") {
		t.Errorf("same role twice = %d, want 422", dup.StatusCode)
	}
	mid := testkit.Scalar[int64](t, app, `SELECT id FROM memberships WHERE user_id = $1 AND programme_id = $2`, person, psych)
	if resp := a.Post(fmt.Sprintf("/admin/people/%d/memberships/%d/remove", person, mid), nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove role = %d", resp.StatusCode)
	}
	if resp := leader.Get(fmt.Sprintf("/programmes/%d", psych)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("after removing the role: %d, want 404", resp.StatusCode)
	}

	// A membership id of another person, or another institution, is 404.
	otherMembership := testkit.Scalar[int64](t, app, `SELECT m.id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'director@eastmere.ac.uk'`)
	if resp := a.Post(fmt.Sprintf("/admin/people/%d/memberships/%d/remove", person, otherMembership), nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("removing another institution's membership = %d, want 404", resp.StatusCode)
	}
	ownAdmin := testkit.Scalar[int64](t, app, `SELECT m.id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1`, admin)
	adminID := testkit.Scalar[int64](t, app, `SELECT id FROM users WHERE email = $1`, admin)
	if resp := a.Post(fmt.Sprintf("/admin/people/%d/memberships/%d/remove", adminID, ownAdmin), nil); resp.StatusCode != http.StatusConflict {
		t.Errorf("removing one's own admin role = %d, want 409", resp.StatusCode)
	}
}

func TestAuditLogRecordsAndFilters(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	a := app.Client()
	a.SignIn(admin, testkit.DemoPassword)
	prog := testkit.Scalar[int64](t, app, `SELECT id FROM programmes WHERE code = 'C100'`)
	dept := testkit.Scalar[int64](t, app, `SELECT department_id FROM programmes WHERE id = $1`, prog)
	resp := a.Post(fmt.Sprintf("/admin/programmes/%d", prog), url.Values{"code": {"C100"}, "title": {"BSc Biological Sciences (Hons)"},
		"department": {strconv.FormatInt(dept, 10)}, "level": {"ug"}, "subject_area": {"Biosciences"}, "cohort_size": {"185"}, "years": {"3"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("update = %d: %s", resp.StatusCode, testkit.FormErrors(resp))
	}
	changes := testkit.Scalar[string](t, app, `SELECT changes::text FROM audit_log WHERE entity = 'programme' AND entity_id = $1 AND action = 'update'`, prog)
	for _, want := range []string{`"title": {"after": "BSc Biological Sciences (Hons)", "before": "BSc Biological Sciences"}`, `"cohort_size": {"after": 185, "before": 180}`} {
		if !strings.Contains(changes, want) {
			t.Errorf("audit changes %s lack %s", changes, want)
		}
	}
	if strings.Contains(changes, `"level"`) {
		t.Error("unchanged fields recorded in the audit")
	}

	page := a.Get("/admin/audit?entity=programme&action=update").Doc()
	rows := page.Find("[data-testid=audit] tbody tr")
	if rows.Length() != 1 || !strings.Contains(rows.Text(), "Priya Shah") || !strings.Contains(rows.Text(), "BSc Biological Sciences (Hons)") {
		t.Errorf("filtered audit shows %d rows: %q", rows.Length(), rows.Text())
	}
	if resp := a.Get("/admin/audit?from=yesterday"); resp.StatusCode != http.StatusUnprocessableEntity || resp.Doc().Find("#from-error").Length() != 1 {
		t.Errorf("bad date filter = %d, want 422 with an error at the field", resp.StatusCode)
	}
	// Another institution's admin sees none of it.
	other := app.Client()
	other.SignIn("admin@eastmere.ac.uk", testkit.DemoPassword)
	if strings.Contains(other.Get("/admin/audit").Text(), "BSc Biological Sciences (Hons)") {
		t.Error("another institution's admin sees this institution's audit log")
	}
}

func TestProgrammesPageListsOnlyYourOwn(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	leader := app.Client()
	leader.SignIn("leader@northbridge.ac.uk", testkit.DemoPassword)
	list := leader.Get("/programmes").Doc().Find("[data-testid=programme-list]").Text()
	// BIO1001 serves C100 and B940; nothing else.
	for _, want := range []string{"BSc Biological Sciences", "BSc Biomedical Science"} {
		if !strings.Contains(list, want) {
			t.Errorf("leader's programmes lack %s", want)
		}
	}
	for _, not := range []string{"BSc Psychology", "BA History"} {
		if strings.Contains(list, not) {
			t.Errorf("leader's programmes include %s", not)
		}
	}
}

// Every server keeps a copy of the people it has seen, so a signed-in
// request costs one query. A change to anything that decides what a person
// may do, or what their pages say about them, reaches their very next
// request on any server, whichever code path (or plain SQL) made it. Here
// the changes are made in SQL on the shared database while the person is
// signed in through server B, which has their copy.
func TestAccessChangesReachEveryServerAtOnce(t *testing.T) {
	t.Parallel()
	db := testkit.SeededDB(t)
	a := testkit.NewAppWithDB(t, db)
	b := testkit.NewAppWithDB(t, db)
	sql := func(query string, args ...any) { t.Helper(); testkit.Exec(t, a, query, args...) }
	status := func(c *testkit.Client, path string) int { t.Helper(); return c.Get(path).StatusCode }

	leaderA := a.Client()
	leaderA.SignIn("leader@northbridge.ac.uk", testkit.DemoPassword)
	leader := leaderA.On(b)
	viewerA := a.Client()
	viewerA.SignIn("viewer@northbridge.ac.uk", testkit.DemoPassword)
	viewer := viewerA.On(b)
	psych := testkit.Scalar[int64](t, a, `SELECT id FROM programmes WHERE code = 'C800'`)
	psychPage := fmt.Sprintf("/programmes/%d", psych)
	for _, c := range []*testkit.Client{leader, viewer} {
		if got := status(c, "/account"); got != 200 {
			t.Fatalf("GET /account through B = %d, want 200", got)
		}
	}
	if got := status(leader, psychPage); got != http.StatusNotFound {
		t.Fatalf("leader on C800 before any change = %d, want 404", got)
	}

	// Names shown on the person's pages: their own, their institution's and
	// their scope's.
	sql(`UPDATE users SET name = 'Dr Thomas Okafor' WHERE email = 'leader@northbridge.ac.uk'`)
	sql(`UPDATE institutions SET name = 'Northbridge University of Science' WHERE slug = 'northbridge'`)
	sql(`UPDATE modules SET title = 'Cells and Tissues' WHERE code = 'BIO1001'`)
	page := leader.Get("/account").Text()
	for _, want := range []string{"Dr Thomas Okafor", "Northbridge University of Science", "BIO1001 Cells and Tissues"} {
		if !strings.Contains(page, want) {
			t.Errorf("account page through B after the renames lacks %q", want)
		}
	}

	// A role given and taken away.
	sql(`INSERT INTO memberships (institution_id, user_id, role, programme_id)
	     SELECT u.institution_id, u.id, 'viewer', $1 FROM users u WHERE u.email = 'leader@northbridge.ac.uk'`, psych)
	if got := status(leader, psychPage); got != 200 {
		t.Errorf("leader on C800 with a viewer role = %d, want 200", got)
	}
	sql(`DELETE FROM memberships WHERE programme_id = $1 AND role = 'viewer'`, psych)
	if got := status(leader, psychPage); got != http.StatusNotFound {
		t.Errorf("leader on C800 after the role was removed = %d, want 404", got)
	}

	// The programmes a module leader reaches follow the module's links.
	sql(`INSERT INTO programme_modules (institution_id, programme_id, module_id, year_of_study)
	     SELECT m.institution_id, $1, m.id, 1 FROM modules m WHERE m.code = 'BIO1001'`, psych)
	if got := status(leader, psychPage); got != 200 {
		t.Errorf("leader on C800 once their module serves it = %d, want 200", got)
	}
	sql(`DELETE FROM programme_modules WHERE programme_id = $1`, psych)
	if got := status(leader, psychPage); got != http.StatusNotFound {
		t.Errorf("leader on C800 once their module no longer serves it = %d, want 404", got)
	}

	// A department's viewer reaches a programme as soon as it joins the
	// department, and no longer once it leaves.
	if got := status(viewer, psychPage); got != http.StatusNotFound {
		t.Fatalf("department viewer on C800 (another department) = %d, want 404", got)
	}
	home := testkit.Scalar[int64](t, a, `SELECT department_id FROM programmes WHERE id = $1`, psych)
	sql(`UPDATE programmes SET department_id = (SELECT id FROM departments WHERE name = 'School of Biosciences') WHERE id = $1`, psych)
	if got := status(viewer, psychPage); got != 200 {
		t.Errorf("department viewer on C800 moved into their department = %d, want 200", got)
	}
	sql(`UPDATE programmes SET department_id = $1 WHERE id = $2`, home, psych)
	if got := status(viewer, psychPage); got != http.StatusNotFound {
		t.Errorf("department viewer on C800 moved out again = %d, want 404", got)
	}

	// Disabling, and signing out everywhere (a raised epoch), end the
	// session at its next request.
	sql(`UPDATE users SET disabled_at = now() WHERE email = 'leader@northbridge.ac.uk'`)
	if got := status(leader, "/account"); got != http.StatusSeeOther {
		t.Errorf("disabled person's next request through B = %d, want 303 to sign in", got)
	}
	sql(`UPDATE users SET session_epoch = session_epoch + 1 WHERE email = 'viewer@northbridge.ac.uk'`)
	if got := status(viewer, "/account"); got != http.StatusSeeOther {
		t.Errorf("request through B after the epoch was raised = %d, want 303 to sign in", got)
	}
}
