package rights_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"belonging/internal/rights"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

// Erasing Dr Tom Okafor, a module leader who leads activities, recorded
// outcomes, wrote a case study shared with the network, and is named in
// another outcome's list of staff. Around him: a session he is signed in
// with, failed sign-ins, a password link, an invitation to his address,
// his email settings, a notification about his case study in someone
// else's list, and audit entries that hold his name and address.
func TestEraseLeavesNoTraceOfNameOrAddress(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t, testkit.Working) // the password link is emailed by the job queue
	tom := testkit.Scalar[int64](t, app, `SELECT id FROM users WHERE email = $1`, leaderEmail)
	institution := testkit.Scalar[int64](t, app, `SELECT institution_id FROM users WHERE id = $1`, tom)
	admin := app.Client()
	admin.SignIn(adminEmail, testkit.DemoPassword)

	// His existing session, and a wrong password tried from elsewhere.
	his := app.Client()
	his.SignIn(leaderEmail, testkit.DemoPassword)
	if resp := his.Get(paths.Account); resp.StatusCode != http.StatusOK {
		t.Fatalf("his account page before = %d, want 200", resp.StatusCode)
	}
	if resp := app.Client().Post(paths.SignIn, url.Values{"email": {leaderEmail}, "password": {"not his password at all"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("wrong password = %d, want 422", resp.StatusCode)
	}
	// A password link the admin sends him (stored, and mailed to him).
	if resp := admin.Post(paths.PersonResetLink(tom), nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("send a password link = %d, want 303", resp.StatusCode)
	}
	if mail := app.Mail(leaderEmail); mail == "" {
		t.Fatal("no password link in the development mailbox")
	}
	// An admin edits his name, so the audit log holds it before and after.
	testkit.Exec(t, app, `INSERT INTO audit_log (institution_id, actor_id, action, entity, entity_id, changes)
		SELECT $1, u.id, 'update', 'user', $2, jsonb_build_object('name', jsonb_build_object('before', 'Tom Okafor', 'after', $3::text),
			'email', jsonb_build_object('before', null, 'after', $4::text))
		FROM users u WHERE u.email = $5`, institution, tom, leaderName, leaderEmail, adminEmail)
	testkit.Exec(t, app, `INSERT INTO invitations (institution_id, email, role, token_hash, invited_by, expires_at)
		SELECT $1, $2, 'admin', sha256('erase-test'), id, now() + interval '7 days' FROM users WHERE email = $3`, institution, strings.ToUpper(leaderEmail), adminEmail)
	testkit.Exec(t, app, `INSERT INTO notification_settings (user_id, kind, delivery) VALUES ($1, 'review_decided', 'off')`, tom)
	testkit.Exec(t, app, `INSERT INTO notifications (institution_id, user_id, kind, subject_key, data, delivery)
		SELECT $1, u.id, 'review_waiting', 'case_study:1', jsonb_build_object('author', $2::text, 'title', 'Peer mentoring'), 'digest'
		FROM users u WHERE u.email = $3`, institution, leaderName, directorEmail)
	testkit.Exec(t, app, `INSERT INTO notifications (institution_id, user_id, kind, subject_key, data, delivery)
		VALUES ($1, $2, 'review_decided', 'case_study:1', '{"decision": "approved"}', 'digest')`, institution, tom)

	// What must hold the name now, or the test proves nothing.
	for _, s := range []string{leaderName, leaderEmail} {
		if len(holding(t, app, s)) < 3 {
			t.Fatalf("before erasing, %q is in %v: want at least 3 columns", s, holding(t, app, s))
		}
	}
	auditBefore := dbIDs(t, app, `SELECT id FROM audit_log`)
	led := testkit.Scalar[int64](t, app, `SELECT min(id) FROM activities WHERE lead_id = $1`, tom)

	// The confirmation page says what will happen; an unticked form is
	// sent back with the error linked to the box.
	page := admin.Get(paths.ErasePerson(tom))
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Doc().Find("[data-testid=erase-effects]").Text(), rights.Pseudonym(tom)) {
		t.Fatalf("GET %s = %d, want 200 listing what happens", paths.ErasePerson(tom), page.StatusCode)
	}
	empty := admin.Post(paths.ErasePerson(tom), url.Values{})
	if empty.StatusCode != http.StatusUnprocessableEntity || empty.Doc().Find(`[data-testid=error-summary] a[href="#confirm"]`).Length() != 1 {
		t.Fatalf("unticked erase = %d (%s), want 422 with the error linked to #confirm", empty.StatusCode, testkit.FormErrors(empty))
	}
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM users WHERE id = $1 AND erased_at IS NULL AND name = $2`, tom, leaderName); n != 1 {
		t.Fatal("an unticked form changed him")
	}

	done := admin.Post(paths.ErasePerson(tom), url.Values{"confirm": {"on"}})
	if done.StatusCode != http.StatusSeeOther || done.Header.Get("Location") != paths.Person(tom) {
		t.Fatalf("erase = %d to %q, want 303 to his page\n%s", done.StatusCode, done.Header.Get("Location"), testkit.FormErrors(done))
	}

	person := admin.Get(paths.Person(tom))
	if person.StatusCode != http.StatusOK || person.Doc().Find("[data-testid=erased]").Length() != 1 ||
		!strings.Contains(person.Doc().Find(".flash").Text(), "Their details are erased") {
		t.Errorf("his page after erasing = %d, want 200 with the flash and saying he was erased", person.StatusCode)
	}

	// Nowhere in the database, in any text column of any table.
	for _, s := range []string{leaderName, leaderEmail, "Okafor"} {
		if found := holding(t, app, s); len(found) > 0 {
			t.Errorf("after erasing, %q is still in %v", s, found)
		}
	}
	var name, email string
	var hash string
	var disabled bool
	if err := app.Pool.QueryRow(t.Context(), `SELECT name, email, password_hash, disabled_at IS NOT NULL FROM users WHERE id = $1`, tom).Scan(&name, &email, &hash, &disabled); err != nil {
		t.Fatal(err)
	}
	if name != rights.Pseudonym(tom) || email != rights.PseudonymousEmail(tom) || !strings.HasSuffix(email, ".invalid") || hash != "" || !disabled {
		t.Errorf("his account = %q %q, hash %q, disabled %v; want the pseudonym, an .invalid address, no hash, disabled", name, email, hash, disabled)
	}
	for table, sql := range map[string]string{
		"sessions":       `SELECT count(*) FROM sessions WHERE user_id = $1`,
		"memberships":    `SELECT count(*) FROM memberships WHERE user_id = $1`,
		"password links": `SELECT count(*) FROM password_resets WHERE user_id = $1`,
		"email settings": `SELECT count(*) FROM notification_settings WHERE user_id = $1`,
		"notifications":  `SELECT count(*) FROM notifications WHERE user_id = $1`,
	} {
		if n := testkit.Scalar[int](t, app, sql, tom); n != 0 {
			t.Errorf("his %s after erasing = %d, want 0", table, n)
		}
	}

	// The audit log keeps every entry and adds one, without his name.
	auditAfter := dbIDs(t, app, `SELECT id FROM audit_log WHERE id <= $1`, auditBefore[len(auditBefore)-1])
	if diff := cmp.Diff(auditBefore, auditAfter); diff != "" {
		t.Errorf("audit entries kept (-before +after):\n%s", diff)
	}
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM audit_log WHERE id > $1 AND action = 'erase' AND entity = 'user' AND entity_id = $2`,
		auditBefore[len(auditBefore)-1], tom); n != 1 {
		t.Errorf("erase entries = %d, want 1", n)
	}

	// His session is over, and his password no longer signs in.
	if resp := his.Get(paths.Account); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), paths.SignIn) {
		t.Errorf("his old session GET /account = %d to %q, want 303 to sign in", resp.StatusCode, resp.Header.Get("Location"))
	}
	for _, e := range []string{leaderEmail, rights.PseudonymousEmail(tom)} {
		if resp := app.Client().Post(paths.SignIn, url.Values{"email": {e}, "password": {testkit.DemoPassword}}); resp.StatusCode == http.StatusSeeOther {
			t.Errorf("sign in as %s with his old password = 303, want refused", e)
		}
	}

	// His work stays, shown under the pseudonym.
	activity := admin.Get(paths.Activity(led))
	if activity.StatusCode != http.StatusOK || !strings.Contains(activity.Text(), rights.Pseudonym(tom)) {
		t.Errorf("the activity he led = %d, want 200 naming %q as its lead", activity.StatusCode, rights.Pseudonym(tom))
	}
	list := admin.Get(paths.CaseStudies)
	if list.StatusCode != http.StatusOK || !strings.Contains(list.Text(), rights.Pseudonym(tom)) {
		t.Errorf("the case studies list = %d, want 200 naming %q as an author", list.StatusCode, rights.Pseudonym(tom))
	}
	if resp := admin.Post(paths.EnablePerson(tom), nil); resp.StatusCode != http.StatusConflict {
		t.Errorf("enable the erased account = %d, want 409", resp.StatusCode)
	}
	dept := testkit.Scalar[int64](t, app, `SELECT id FROM departments WHERE name = 'School of Biosciences'`)
	if resp := admin.Post(paths.PersonMemberships(tom), url.Values{"role": {"viewer"}, "department": {fmt.Sprint(dept)}}); resp.StatusCode != http.StatusConflict {
		t.Errorf("give the erased person a role = %d, want 409", resp.StatusCode)
	}
	if resp := admin.Post(paths.ErasePerson(tom), url.Values{"confirm": {"on"}}); resp.StatusCode != http.StatusConflict {
		t.Errorf("erase him again = %d, want 409", resp.StatusCode)
	}
}

// An admin who is the institution's last, or its break-glass account,
// cannot be erased; another institution's admin gets 404 and a colleague
// 403; none of them changes anything.
func TestEraseRefusals(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	adminID := testkit.Scalar[int64](t, app, `SELECT id FROM users WHERE email = $1`, adminEmail)
	helen := testkit.Scalar[int64](t, app, `SELECT id FROM users WHERE email = $1`, directorEmail)
	admin := app.Client()
	admin.SignIn(adminEmail, testkit.DemoPassword)
	unchanged := func(when string) {
		t.Helper()
		if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM users WHERE erased_at IS NOT NULL`); n != 0 {
			t.Errorf("%s: %d people erased, want none", when, n)
		}
	}

	// The only admin, erasing themselves.
	page := admin.Get(paths.ErasePerson(adminID))
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Doc().Find("[data-testid=erase-refusal]").Text(), "only admin") ||
		page.Doc().Find(fmt.Sprintf(`form[action=%q]`, paths.ErasePerson(adminID))).Length() != 0 {
		t.Errorf("GET erase the last admin = %d, want 200 saying why, with no form", page.StatusCode)
	}
	if resp := admin.Post(paths.ErasePerson(adminID), url.Values{"confirm": {"on"}}); resp.StatusCode != http.StatusConflict || !strings.Contains(resp.Text(), "only admin") {
		t.Errorf("erase the last admin = %d, want 409 saying they are the only admin", resp.StatusCode)
	}
	unchanged("the last admin")

	// The break-glass account, even with another admin beside it.
	testkit.Exec(t, app, `INSERT INTO memberships (institution_id, user_id, role) SELECT institution_id, id, 'admin' FROM users WHERE id = $1`, helen)
	testkit.Exec(t, app, `UPDATE institutions SET break_glass_user_id = $1 WHERE id = (SELECT institution_id FROM users WHERE id = $1)`, adminID)
	if resp := admin.Post(paths.ErasePerson(adminID), url.Values{"confirm": {"on"}}); resp.StatusCode != http.StatusConflict || !strings.Contains(resp.Text(), "break-glass") {
		t.Errorf("erase the break-glass admin = %d, want 409 saying why", resp.StatusCode)
	}
	unchanged("the break-glass admin")

	eastmere := app.Client()
	eastmere.SignIn("admin@eastmere.ac.uk", testkit.DemoPassword)
	for _, resp := range []*testkit.Response{eastmere.Get(paths.ErasePerson(helen)), eastmere.Post(paths.ErasePerson(helen), url.Values{"confirm": {"on"}})} {
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("another institution's admin %s %s = %d, want 404", resp.Request.Method, paths.ErasePerson(helen), resp.StatusCode)
		}
	}
	colleague := app.Client()
	colleague.SignIn(leaderEmail, testkit.DemoPassword)
	for _, resp := range []*testkit.Response{colleague.Get(paths.ErasePerson(helen)), colleague.Post(paths.ErasePerson(helen), url.Values{"confirm": {"on"}})} {
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("a module leader %s %s = %d, want 403", resp.Request.Method, paths.ErasePerson(helen), resp.StatusCode)
		}
	}
	unchanged("refused requests")

	// With another admin and no break-glass, an admin may erase
	// themselves, and is signed out.
	testkit.Exec(t, app, `UPDATE institutions SET break_glass_user_id = NULL`)
	resp := admin.Post(paths.ErasePerson(adminID), url.Values{"confirm": {"on"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != paths.SignIn {
		t.Fatalf("erase themselves = %d to %q, want 303 to sign in", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp := admin.Get(paths.Admin); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("after erasing themselves, GET /admin = %d, want 303 to sign in", resp.StatusCode)
	}
}
