package notice_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"belonging/internal/acyear"
	"belonging/internal/config"
	"belonging/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

const (
	admin      = "admin@northbridge.ac.uk"
	otherAdmin = "admin@eastmere.ac.uk"
	director   = "director@northbridge.ac.uk"
)

// cell is the text of the element with the data-testid, spaces collapsed.
func cell(t *testing.T, r *testkit.Response, testid string) string {
	t.Helper()
	sel := r.Doc().Find(`[data-testid="` + testid + `"]`)
	if sel.Length() == 0 {
		t.Fatalf("no [data-testid=%q] on the page", testid)
	}
	return strings.Join(strings.Fields(sel.Text()), " ")
}

// The privacy notice gives the periods the installation and the
// institution are set to, not figures written into the page: a changed
// SURVEY_RETENTION, session timeout or institution's retention changes it.
func TestPrivacyNoticeFollowsTheSettings(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		retention time.Duration
		idle      time.Duration
		want      string
		wantIdle  string
	}{
		{"default", 1095 * 24 * time.Hour, 2 * time.Hour, "3 years after the survey closes, then deleted", "after 2 hours without"},
		{"two years", 730 * 24 * time.Hour, 45 * time.Minute, "2 years after the survey closes, then deleted", "after 45 minutes without"},
		{"ninety days", 90 * 24 * time.Hour, time.Hour, "90 days after the survey closes, then deleted", "after 1 hour without"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			app := testkit.NewApp(t, func(c *config.Config) { c.SurveyRetention, c.SessionIdleTimeout = tc.retention, tc.idle })
			anon := app.Client()
			r := anon.Get("/privacy/northbridge")
			if r.StatusCode != http.StatusOK {
				t.Fatalf("GET /privacy/northbridge = %d, want 200", r.StatusCode)
			}
			if got := cell(t, r, "survey-retention"); got != tc.want {
				t.Errorf("survey retention = %q, want %q", got, tc.want)
			}
			if got := cell(t, r, "retention"); !strings.Contains(got, tc.wantIdle) {
				t.Errorf("retention table = %q, want it to contain %q", got, tc.wantIdle)
			}
			if got, want := cell(t, r, "evidence-retention"), "Until staff delete them"; got != want {
				t.Errorf("evidence retention before the admin sets one = %q, want %q", got, want)
			}
			if got := anon.Get("/privacy").Text(); !strings.Contains(got, "deleted "+strings.Fields(tc.want)[0]+" "+strings.Fields(tc.want)[1]+" after") {
				t.Errorf("/privacy does not give the survey retention %q", tc.want)
			}

			// The admin chooses retention for evidence files and outcomes.
			c := app.Client()
			c.SignIn(admin, testkit.DemoPassword)
			if r := c.Post("/admin/settings", url.Values{"year_start_month": {"8"}, "share": {"on"}, "default_language": {"en"},
				"evidence_retention_years": {"5"}, "outcome_retention_years": {"1"}}); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("POST /admin/settings = %d, want 303: %s", r.StatusCode, testkit.FormErrors(r))
			}
			r = anon.Get("/privacy/northbridge")
			for id, want := range map[string]string{
				"evidence-retention": "5 years after the end of their activity's academic year, then deleted",
				"outcome-retention":  "1 year after the end of their activity's academic year, then deleted",
				"survey-retention":   tc.want,
			} {
				if got := cell(t, r, id); got != want {
					t.Errorf("%s after the admin chose = %q, want %q", id, got, want)
				}
			}
			if got := cell(t, r, "network"); !strings.Contains(got, "shares its figures") || !strings.Contains(got, "at least 3 institutions") {
				t.Errorf("network = %q, want it to say the figures are shared with at least 3 institutions", got)
			}
			// Eastmere's notice is its own: no retention chosen there.
			if got, want := cell(t, anon.Get("/privacy/eastmere"), "evidence-retention"), "Until staff delete them"; got != want {
				t.Errorf("Eastmere's evidence retention = %q, want %q", got, want)
			}
		})
	}
}

// auditEntries lists the audit log's entries about an entity, oldest first,
// as "action entity institution actor".
func auditEntries(t *testing.T, app *testkit.App, entity string) []string {
	t.Helper()
	rows, err := app.Pool.Query(context.Background(), `
		SELECT a.action || ' ' || a.entity || ' ' || i.slug || ' ' || coalesce(u.email, 'system')
		FROM audit_log a JOIN institutions i ON i.id = a.entity_id LEFT JOIN users u ON u.id = a.actor_id
		WHERE a.entity = $1 ORDER BY a.id`, entity)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// errorLinks are the fields the page's error summary links to.
func errorLinks(r *testkit.Response) []string {
	var out []string
	r.Doc().Find(".error-summary a").Each(func(_ int, a *goquery.Selection) {
		out = append(out, a.AttrOr("href", ""))
	})
	return out
}

// An admin edits their own institution's statement and notice: an empty
// form is refused with a link to each field, a saved one shows on the
// public page with today's date, is audited, and touches no other
// institution's; staff who are not admins are refused.
func TestAdminEditsTheirOwnStatementAndNotice(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	anon := app.Client()
	c := app.Client()
	c.SignIn(admin, testkit.DemoPassword)

	// Before anyone saves them, the pages say they are the product's
	// default, not yet reviewed.
	if r := anon.Get("/accessibility/northbridge"); r.StatusCode != http.StatusOK || r.Doc().Find(`[data-testid="not-reviewed"]`).Length() != 1 {
		t.Errorf("GET /accessibility/northbridge before review = %d, want 200 saying it is not yet reviewed", r.StatusCode)
	}

	for _, tc := range []struct {
		path   string
		fields []string
	}{
		{"/admin/accessibility", []string{"#contact_email", "#reply_days"}},
		{"/admin/privacy", []string{"#controller_address", "#dpo_email"}},
	} {
		r := c.Post(tc.path, url.Values{})
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("POST %s empty = %d, want 422", tc.path, r.StatusCode)
		}
		if diff := cmp.Diff(tc.fields, errorLinks(r)); diff != "" {
			t.Errorf("POST %s empty: error summary links (-want +got):\n%s", tc.path, diff)
		}
		for _, f := range tc.fields {
			if r.Doc().Find(f).Length() != 1 {
				t.Errorf("POST %s empty: no field %s to link to", tc.path, f)
			}
		}
	}
	// What was typed is kept when something else is wrong.
	r := c.Post("/admin/accessibility", url.Values{"contact_email": {"access@northbridge.ac.uk"}, "reply_days": {"ninety"}})
	if r.StatusCode != http.StatusUnprocessableEntity || r.Doc().Find("#contact_email").AttrOr("value", "") != "access@northbridge.ac.uk" {
		t.Errorf("POST /admin/accessibility with bad days = %d, want 422 keeping the email typed", r.StatusCode)
	}
	if got := auditEntries(t, app, "accessibility_statement"); len(got) != 0 {
		t.Errorf("audit entries after refused forms = %q, want none", got)
	}

	// The admin saves both; Eastmere's admin saves Eastmere's.
	for _, post := range []struct {
		who, path string
		form      url.Values
	}{
		{admin, "/admin/accessibility", url.Values{"contact_email": {"access@northbridge.ac.uk"}, "contact_phone": {"0113 496 0000"},
			"reply_days": {"5"}, "known_issues": {"Lecture capture videos before 2024 have no captions.\r\n\r\nThe campus map is an image."}}},
		{admin, "/admin/privacy", url.Values{"controller_name": {"The Northbridge University Corporation"},
			"controller_address": {"Northbridge University\r\n1 College Road\r\nNorthbridge NB1 1AA"}, "dpo_name": {"Sam Okafor"},
			"dpo_email": {"dpo@northbridge.ac.uk"}, "extra": {"We also use this for the Access and Participation Plan.\r\n\r\nSecond paragraph."}}},
		{otherAdmin, "/admin/accessibility", url.Values{"contact_email": {"web@eastmere.ac.uk"}, "reply_days": {"20"}}},
	} {
		who := c
		if post.who != admin {
			who = app.Client()
			who.SignIn(post.who, testkit.DemoPassword)
		}
		if r := who.Post(post.path, post.form); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s POST %s = %d, want 303: %s", post.who, post.path, r.StatusCode, testkit.FormErrors(r))
		}
	}
	// Someone who is not an admin cannot.
	d := app.Client()
	d.SignIn(director, testkit.DemoPassword)
	if r := d.Post("/admin/privacy", url.Values{"controller_address": {"Elsewhere"}, "dpo_email": {"someone@example.com"}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("director POST /admin/privacy = %d, want 403", r.StatusCode)
	}

	today := acyear.DateOf(time.Now()).Format("2 January 2006")
	a := anon.Get("/accessibility/northbridge")
	text := strings.Join(strings.Fields(a.Doc().Find("main").Text()), " ")
	for _, want := range []string{"access@northbridge.ac.uk", "0113 496 0000", "get back to you in 5 working days",
		"Lecture capture videos before 2024 have no captions.", "The campus map is an image.",
		"Equality and Human Rights Commission", "Equality Commission for Northern Ireland", "partially compliant",
		"This statement was prepared on " + today + ". It was last reviewed on " + today + "."} {
		if !strings.Contains(text, want) {
			t.Errorf("Northbridge's statement does not say %q", want)
		}
	}
	if a.Doc().Find(`[data-testid="not-reviewed"]`).Length() != 0 {
		t.Error("Northbridge's saved statement still says it is not reviewed")
	}
	if e := strings.Join(strings.Fields(anon.Get("/accessibility/eastmere").Doc().Find("main").Text()), " "); !strings.Contains(e, "web@eastmere.ac.uk") || strings.Contains(e, "northbridge") {
		t.Errorf("Eastmere's statement should give its own contact and none of Northbridge's")
	}
	p := anon.Get("/privacy/northbridge")
	for id, want := range map[string]string{
		"controller":  "The Northbridge University Corporation is the controller of the information described here. You can write to us at:",
		"dpo":         "Our data protection officer, Sam Okafor, can be contacted at dpo@northbridge.ac.uk.",
		"notice-date": "This notice was last reviewed on " + today + ".",
	} {
		if got := cell(t, p, id); got != want {
			t.Errorf("privacy notice %s = %q, want %q", id, got, want)
		}
	}
	var paras []string
	p.Doc().Find(`[data-testid="extra"] p`).Each(func(_ int, s *goquery.Selection) { paras = append(paras, s.Text()) })
	if diff := cmp.Diff([]string{"We also use this for the Access and Participation Plan.", "Second paragraph."}, paras); diff != "" {
		t.Errorf("paragraphs of the extra text (-want +got):\n%s", diff)
	}

	want := []string{"update accessibility_statement northbridge " + admin, "update accessibility_statement eastmere " + otherAdmin}
	if diff := cmp.Diff(want, auditEntries(t, app, "accessibility_statement")); diff != "" {
		t.Errorf("accessibility statement audit entries (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"update privacy_notice northbridge " + admin}, auditEntries(t, app, "privacy_notice")); diff != "" {
		t.Errorf("privacy notice audit entries (-want +got):\n%s", diff)
	}
	var changes map[string]struct{ Before, After any }
	var raw []byte
	if err := app.Pool.QueryRow(context.Background(), `SELECT changes FROM audit_log WHERE entity = 'privacy_notice'`).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &changes); err != nil {
		t.Fatal(err)
	}
	if got := changes["dpo_email"]; got.Before != "" || got.After != "dpo@northbridge.ac.uk" {
		t.Errorf("audited dpo_email change = %+v, want from \"\" to dpo@northbridge.ac.uk", got)
	}

	// The admin's form shows what was saved.
	if got := c.Get("/admin/privacy").Doc().Find("#dpo_email").AttrOr("value", ""); got != "dpo@northbridge.ac.uk" {
		t.Errorf("/admin/privacy dpo_email = %q, want the saved address", got)
	}
	if r := anon.Get("/privacy/no-such-place"); r.StatusCode != http.StatusNotFound {
		t.Errorf("GET /privacy/no-such-place = %d, want 404", r.StatusCode)
	}
}

// The footer links a signed-in person to their institution's statement
// and notice, a student on a survey page to the survey's institution's,
// and anyone else to the lists of every institution's.
func TestFooterLinksToTheRightInstitution(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	var token string
	if err := app.Pool.QueryRow(context.Background(), `
		SELECT s.token FROM surveys s JOIN institutions i ON i.id = s.institution_id WHERE i.slug = 'eastmere' ORDER BY s.id LIMIT 1`).Scan(&token); err != nil {
		t.Fatal(err)
	}
	footer := func(r *testkit.Response) []string {
		var out []string
		r.Doc().Find("footer a").Each(func(_ int, a *goquery.Selection) { out = append(out, a.AttrOr("href", "")) })
		return out
	}
	signedIn := app.Client()
	signedIn.SignIn(director, testkit.DemoPassword)
	for _, tc := range []struct {
		name string
		r    *testkit.Response
		want []string
	}{
		{"signed out", app.Client().Get("/library"), []string{"/library", "/accessibility", "/privacy"}},
		{"Northbridge director", signedIn.Get("/"), []string{"/library", "/accessibility/northbridge", "/privacy/northbridge"}},
		{"Eastmere survey", app.Client().Get("/s/" + token), []string{"/library", "/accessibility/eastmere", "/privacy/eastmere"}},
		{"Eastmere notice", app.Client().Get("/privacy/eastmere"), []string{"/library", "/accessibility/eastmere", "/privacy/eastmere"}},
	} {
		if diff := cmp.Diff(tc.want, footer(tc.r)); diff != "" {
			t.Errorf("%s: footer links (-want +got):\n%s", tc.name, diff)
		}
	}
	// The survey's own privacy link goes to its institution's notice.
	if got := app.Client().Get("/s/"+token).Doc().Find(`.pulse__note a[href^="/privacy"]`).AttrOr("href", ""); got != "/privacy/eastmere" {
		t.Errorf("survey page privacy link = %q, want /privacy/eastmere", got)
	}
	// The lists name every institution.
	rows, err := app.Pool.Query(context.Background(), `SELECT '/accessibility/' || slug FROM institutions ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	every, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	app.Client().Get("/accessibility").Doc().Find(`[data-testid="institutions"] a`).Each(func(_ int, a *goquery.Selection) {
		names = append(names, a.AttrOr("href", ""))
	})
	if diff := cmp.Diff(every, names); diff != "" {
		t.Errorf("/accessibility's list (-want +got):\n%s", diff)
	}
}

// The settings form offers retention periods and refuses anything else,
// and records a change in the audit log.
func TestRetentionSettings(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(admin, testkit.DemoPassword)
	r := c.Post("/admin/settings", url.Values{"year_start_month": {"8"}, "default_language": {"en"}, "evidence_retention_years": {"99"}, "outcome_retention_years": {"-1"}})
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("POST /admin/settings with 99 years = %d, want 422", r.StatusCode)
	}
	if diff := cmp.Diff([]string{"#evidence_retention_years", "#outcome_retention_years"}, errorLinks(r)); diff != "" {
		t.Errorf("error summary links (-want +got):\n%s", diff)
	}
	if r := c.Post("/admin/settings", url.Values{"year_start_month": {"8"}, "default_language": {"en"}, "evidence_retention_years": {"7"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST /admin/settings = %d, want 303: %s", r.StatusCode, testkit.FormErrors(r))
	}
	var years *int32
	var outcomes *int32
	if err := app.Pool.QueryRow(context.Background(), `SELECT evidence_file_retention_years, outcome_retention_years FROM institutions WHERE slug = 'northbridge'`).Scan(&years, &outcomes); err != nil {
		t.Fatal(err)
	}
	if years == nil || *years != 7 || outcomes != nil {
		t.Errorf("retention after saving = %v, %v, want 7 years and none", years, outcomes)
	}
	var raw []byte
	if err := app.Pool.QueryRow(context.Background(), `
		SELECT changes->'evidence_file_retention_years' FROM audit_log WHERE entity = 'institution' AND action = 'update' ORDER BY id DESC LIMIT 1`).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if got, want := string(raw), `{"after": 7, "before": null}`; got != want {
		t.Errorf("audited retention change = %s, want %s", got, want)
	}
	if got := c.Get("/admin/settings").Doc().Find("#evidence_retention_years option[selected]").AttrOr("value", ""); got != "7" {
		t.Errorf("settings form shows evidence retention %q, want 7", got)
	}
}
