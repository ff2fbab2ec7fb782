package people_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"belonging/internal/config"
	"belonging/internal/testkit"
)

// setLanguage saves the institution's default language from its settings
// page, as its admin does.
func setLanguage(t *testing.T, a *testkit.Client, lang string) {
	t.Helper()
	resp := a.Post("/admin/settings", url.Values{"year_start_month": {"8"}, "default_language": {lang}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST /admin/settings default_language=%s = %d, want 303: %s", lang, resp.StatusCode, testkit.FormErrors(resp))
	}
}

// An institution whose default is Welsh answers its staff and its
// students in Welsh, even when their browser names only English; the
// reader's own choice (the lang cookie) still wins, and an English-default
// institution's pages stay English for the same browser.
func TestWelshDefaultInstitution(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t, testkit.Working)
	a := app.Client()
	a.Header.Set("Accept-Language", "en-GB,en;q=0.9")
	a.SignIn(admin, testkit.DemoPassword)

	empty := a.Post("/admin/settings", url.Values{})
	if empty.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("POST /admin/settings empty = %d, want 422", empty.StatusCode)
	}
	if n := empty.Doc().Find(`.error-summary a[href="#default_language"]`).Length(); n != 1 {
		t.Errorf("the empty settings form's error summary links to #default_language %d times, want once", n)
	}

	heading := func(c *testkit.Client, path string) (string, string) {
		resp := c.Get(path)
		return resp.Header.Get("Content-Language"), strings.TrimSpace(resp.Doc().Find("h1").First().Text())
	}
	if lang, h1 := heading(a, "/admin/settings"); lang != "en-GB" || h1 != "Institution settings" {
		t.Errorf("settings before the change = %s %q, want en-GB %q", lang, h1, "Institution settings")
	}
	setLanguage(t, a, "cy")
	if lang, h1 := heading(a, "/admin/settings"); lang != "cy" || h1 != "Gosodiadau'r sefydliad" {
		t.Errorf("settings at a Welsh-default institution = %s %q, want cy %q", lang, h1, "Gosodiadau'r sefydliad")
	}
	if got := a.Get("/admin/settings").Doc().Find(`#default_language input[checked]`).AttrOr("value", ""); got != "cy" {
		t.Errorf("default language shown as saved = %q, want cy", got)
	}
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM audit_log WHERE entity = 'institution' AND changes ? 'default_language'`); n != 1 {
		t.Errorf("audit entries recording the default language = %d, want 1", n)
	}

	english := app.Client()
	english.Header.Set("Accept-Language", "en-GB")
	english.SignIn(admin, testkit.DemoPassword)
	english.Get("/language?to=en&back=%2F")
	if lang, h1 := heading(english, "/admin/settings"); lang != "en-GB" || h1 != "Institution settings" {
		t.Errorf("settings for a reader who chose English = %s %q, want en-GB %q", lang, h1, "Institution settings")
	}

	// A student's survey link of the Welsh-default institution, in a
	// browser that says en-GB and has never chosen.
	token := testkit.Scalar[string](t, app, `SELECT s.token FROM surveys s JOIN institutions i ON i.id = s.institution_id
		WHERE i.slug = 'northbridge' ORDER BY s.id LIMIT 1`)
	student := app.Client()
	student.Header.Set("Accept-Language", "en-GB,en;q=0.9")
	resp := student.Get("/s/" + token)
	if got := resp.Doc().Find("html").AttrOr("lang", ""); got != "cy" || resp.Header.Get("Content-Language") != "cy" {
		t.Errorf("survey of a Welsh-default institution: <html lang=%q>, Content-Language %q; want cy", got, resp.Header.Get("Content-Language"))
	}
	other := testkit.Scalar[string](t, app, `SELECT s.token FROM surveys s JOIN institutions i ON i.id = s.institution_id
		WHERE i.slug <> 'northbridge' ORDER BY s.id LIMIT 1`)
	if got := student.Get("/s/"+other).Doc().Find("html").AttrOr("lang", ""); got != "en-GB" {
		t.Errorf("survey of an English-default institution: <html lang=%q>, want en-GB", got)
	}
}

// viaSMTP sends the app's email through srv, the suite's real SMTP
// server.
func viaSMTP(srv *testkit.SMTP) testkit.Option {
	return func(c *config.Config) {
		c.SMTPHost, c.SMTPPort, c.SMTPTLS, c.SMTPAuth, c.SMTPCAFile = srv.Host, srv.Port, "starttls", "none", srv.CAFile
		c.SMTPFrom = "Belonging <belonging@northbridge.ac.uk>"
	}
}

// A Welsh-default institution's invitation arrives in Welsh first and
// English after, in the subject and in both parts, each part marked with
// its language; an English-default institution's in English alone.
func TestWelshInstitutionInvitesInBothLanguages(t *testing.T) {
	t.Parallel()
	srv := testkit.NewSMTP(t, testkit.SMTPOptions{})
	app := testkit.NewApp(t, testkit.Working, viaSMTP(srv))
	a := app.Client()
	a.SignIn(admin, testkit.DemoPassword)
	prog := strconv.FormatInt(testkit.Scalar[int64](t, app, `SELECT id FROM programmes WHERE code = 'B940'`), 10)
	invite := func(email string) testkit.Letter {
		t.Helper()
		seen := len(srv.Messages())
		if resp := a.Post("/admin/people/invite", url.Values{"email": {email}, "role": {"member"}, "programme": {prog}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("invite %s = %d, want 303: %s", email, resp.StatusCode, testkit.FormErrors(resp))
		}
		app.WaitForJobs()
		// Other emails (the day's reminders to staff) may arrive too:
		// take the one to the invited address.
		for _, m := range srv.WaitMessages(t, seen+1)[seen:] {
			if l := m.Letter(t); slices.Contains(l.To, email) {
				return l
			}
		}
		t.Fatalf("no email reached %s", email)
		return testkit.Letter{}
	}

	en := invite("english.reader@northbridge.ac.uk")
	if en.Subject != "Priya Shah has invited you to Belonging" || strings.Contains(en.Text, "Mae Priya Shah") || !strings.Contains(en.HTML, `<html lang="en-GB">`) {
		t.Errorf("English-default invitation: subject %q, text %q; want English only", en.Subject, en.Text)
	}

	setLanguage(t, a, "cy")
	cy := invite("darllenydd.cymraeg@northbridge.ac.uk")
	if want := "Mae Priya Shah wedi eich gwahodd i Belonging / Priya Shah has invited you to Belonging"; cy.Subject != want {
		t.Errorf("Welsh-default invitation subject = %q, want %q", cy.Subject, want)
	}
	link := linkPattern.FindString(cy.Text)
	for part, body := range map[string]string{"text": cy.Text, "HTML": cy.HTML} {
		welsh, english := strings.Index(body, "Mae Priya Shah wedi eich gwahodd i ymuno"), strings.Index(body, "Priya Shah has invited you to join")
		if welsh < 0 || english < 0 || welsh > english {
			t.Errorf("Welsh-default invitation's %s part: Welsh at %d, English at %d; want both, Welsh first:\n%s", part, welsh, english, body)
		}
		if link == "" || strings.Count(body, link) < 2 {
			t.Errorf("Welsh-default invitation's %s part carries the link %q %d times, want it in both languages", part, link, strings.Count(body, link))
		}
	}
	if !strings.Contains(cy.HTML, `<html lang="cy">`) || !strings.Contains(cy.HTML, `lang="en-GB"`) {
		t.Errorf("Welsh-default invitation's HTML does not mark its Welsh and English parts:\n%s", cy.HTML)
	}
	if resp := app.Client().Get(link); resp.StatusCode != http.StatusOK {
		t.Errorf("GET the Welsh-default invitation's link = %d, want 200", resp.StatusCode)
	}
}
