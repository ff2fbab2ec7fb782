package rights_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"belonging/internal/rights"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

// An admin goes from a person's page to the erasure page, sends it
// without ticking the box, then erases them; the account page offers the
// download. Every page has no axe-core violations and fits a 320 px
// screen.
func TestBrowserErase(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	tom := testkit.Scalar[int64](t, app, `SELECT id FROM users WHERE email = $1`, leaderEmail)
	b := testkit.NewBrowser(t, app)
	b.SignIn(adminEmail, testkit.DemoPassword)
	fits := func(what string) {
		t.Helper()
		b.Viewport(320, 800)
		if w := testkit.Eval[int](t, b, "document.documentElement.scrollWidth"); w > 320 {
			t.Errorf("%s is %d px wide on a 320 px screen", what, w)
		}
		b.Viewport(1280, 900)
	}

	if status := b.Open(paths.Person(tom)); status != 200 {
		t.Fatalf("GET %s = %d", paths.Person(tom), status)
	}
	b.CheckAccessible()
	b.Screenshot("rights-person")
	if status := b.Submit("a[href='" + paths.ErasePerson(tom) + "']"); status != 200 {
		t.Fatalf("erase page = %d at %s", status, b.Location())
	}
	b.CheckAccessible()
	fits("the erase page")
	b.Screenshot("rights-erase")

	if status := b.Submit("form[action='" + paths.ErasePerson(tom) + "'] button[type=submit]"); status != 422 {
		t.Errorf("unticked erase = %d, want 422", status)
	}
	if got := b.Text("[data-testid=error-summary]"); !strings.Contains(got, "Tick the box to confirm") {
		t.Errorf("error summary = %q", got)
	}
	b.CheckAccessible()
	fits("the erase page with its error")
	b.Viewport(320, 800)
	b.Screenshot("rights-erase-error-phone")
	b.Viewport(1280, 900)

	b.Do(chromedp.Click(chromedp.CSS("#confirm")))
	b.Submit("form[action='" + paths.ErasePerson(tom) + "'] button[type=submit]")
	if got := b.Text("h1"); !strings.Contains(got, rights.Pseudonym(tom)) {
		t.Errorf("after erasing, heading %q at %s, want the pseudonym", got, b.Location())
	}
	b.CheckAccessible()
	b.Screenshot("rights-person-erased")

	d := testkit.NewBrowser(t, app)
	d.SignIn(directorEmail, testkit.DemoPassword)
	d.Open(paths.Account)
	if d.Text("a[href='"+paths.AccountData+"']") != "Download your data" {
		t.Error("the account page has no download link")
	}
	d.CheckAccessible()
	d.Screenshot("rights-account")
}
