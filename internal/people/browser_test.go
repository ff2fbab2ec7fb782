package people_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"belonging/internal/testkit"
)

// An admin invites a programme director in Chromium; the invitation
// arrives in the development mailbox; the director accepts it in another
// window, lands signed in, and sees their programme. Every page on the
// way has no axe-core violations.
func TestBrowserInviteAndAccept(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t, testkit.Working)
	admin := testkit.NewBrowser(t, app)
	admin.SignIn("admin@northbridge.ac.uk", testkit.DemoPassword)

	admin.Open("/admin/people/invite")
	admin.CheckAccessible()
	admin.Submit("form[action='/admin/people/invite'] button[type=submit]")
	if got := admin.Text("[data-testid=error-summary]"); !strings.Contains(got, "Enter their email address") {
		t.Errorf("empty invitation: error summary %q", got)
	}
	admin.CheckAccessible()
	admin.Screenshot("invite-errors")

	admin.Fill("#email", "nia.evans@northbridge.ac.uk")
	admin.Do(chromedp.Click(chromedp.CSS(`input[name=role][value=director]`)))
	admin.Do(chromedp.SetValue(chromedp.CSS("#programme"), programmeOption(t, app, "B940")))
	if status := admin.Submit("form[action='/admin/people/invite'] button[type=submit]"); status != 200 {
		t.Fatalf("invite: page status %d at %s", status, admin.Location())
	}
	if got := admin.Text(".flash"); !strings.Contains(got, "Invitation sent to nia.evans@northbridge.ac.uk") {
		t.Errorf("flash after inviting = %q", got)
	}
	admin.CheckAccessible()
	admin.Screenshot("people")

	director := testkit.NewBrowser(t, app)
	director.Open("/dev/mail")
	director.CheckAccessible()
	mail := director.Text("[data-testid=mailbox] li:first-child")
	link := linkPattern.FindString(mail)
	if link == "" || !strings.Contains(mail, "Priya Shah has invited you") {
		t.Fatalf("the mailbox does not hold the invitation: %q", mail)
	}
	director.Open(link)
	director.CheckAccessible()
	director.Screenshot("accept-invitation")
	director.Fill("#name", "Dr Nia Evans")
	director.Fill("#password", "maple harbour lantern")
	director.Fill("#confirm_password", "maple harbour lantern")
	director.Submit("form[action^='/invitations/'] button[type=submit]")
	if got := director.Text("h1"); got != "Welcome, Nia" {
		t.Fatalf("after accepting: heading %q at %s", got, director.Location())
	}
	director.Submit("[data-testid=places] a")
	if got := director.Text("h1"); !strings.Contains(got, "BSc Biomedical Science") {
		t.Errorf("director's programme page heading = %q", got)
	}
	director.CheckAccessible()

	// Signing out and in again works with the chosen password.
	director.Submit("form[action='/sign-out'] button")
	director.SignIn("nia.evans@northbridge.ac.uk", "maple harbour lantern")

	// The link cannot be used twice.
	director.Open(link)
	if got := director.Text("h1"); got != "This invitation has already been used" {
		t.Errorf("reused link heading = %q", got)
	}
	director.CheckAccessible()
}

func programmeOption(t *testing.T, app *testkit.App, code string) string {
	t.Helper()
	return fmt.Sprint(testkit.Scalar[int64](t, app, `SELECT id FROM programmes WHERE code = $1`, code))
}

// Every administration page this feature adds, in its normal and error
// states, has no axe-core violations.
func TestBrowserAdministrationPagesAccessible(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	b := testkit.NewBrowser(t, app)
	b.SignIn("admin@northbridge.ac.uk", testkit.DemoPassword)
	prog := programmeOption(t, app, "C100")
	mod := fmt.Sprint(testkit.Scalar[int64](t, app, `SELECT id FROM modules WHERE code = 'BIO1001'`))
	dept := fmt.Sprint(testkit.Scalar[int64](t, app, `SELECT id FROM departments WHERE name = 'School of Biosciences'`))
	person := fmt.Sprint(testkit.Scalar[int64](t, app, `SELECT id FROM users WHERE email = 'member@northbridge.ac.uk'`))

	for _, path := range []string{
		"/admin", "/admin/departments", "/admin/departments/new", "/admin/departments/" + dept,
		"/admin/programmes", "/admin/programmes/new", "/admin/programmes/" + prog,
		"/admin/modules", "/admin/modules/new", "/admin/modules/" + mod,
		"/admin/import", "/admin/people", "/admin/people/" + person, "/admin/audit",
		"/programmes", "/programmes/" + prog, "/modules/" + mod,
	} {
		if status := b.Open(path); status != 200 {
			t.Errorf("GET %s = %d", path, status)
		}
		b.CheckAccessible()
	}
	b.Open("/admin/programmes/" + prog)
	b.Screenshot("admin-programme")

	// Error states: an invalid programme, and an import with bad lines.
	b.Open("/admin/programmes/new")
	b.Fill("#code", "")
	b.Submit("form[action='/admin/programmes'] button[type=submit]")
	if b.Text("[data-testid=error-summary]") == "" {
		t.Error("no error summary for an empty programme")
	}
	b.CheckAccessible()
	b.Screenshot("programme-errors")

	csv := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(csv, []byte("kind,code,title,department,level,subject_area,cohort_size,years,credits,programmes\nprogramme,X1,BSc X,School of X,masters,,1,3,,\n"), 0o644)
	b.Open("/admin/import")
	b.Do(chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{csv}))
	b.Submit("form[action='/admin/import'] button[type=submit]")
	if got := b.Text("[data-testid=import-problems]"); !strings.Contains(got, "level must be") {
		t.Errorf("import problems = %q", got)
	}
	b.CheckAccessible()
	b.Screenshot("import-problems")

	b.Open("/invitations/not-a-token")
	b.CheckAccessible()
}
