package casestudy_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"belonging/internal/seed"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

// A module leader writes a case study from the coffee-morning activity, the
// programme director approves it for the network, and a coordinator finds
// it by searching and adds it to a collection, all in Chromium; every page
// on the way has no axe-core violations.
func TestBrowserCaseStudyJourney(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	act := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title LIKE 'Coffee mornings%' AND academic_year = $1`, seed.CurrentYear())

	author := testkit.NewBrowser(t, app)
	author.SignIn(leader, testkit.DemoPassword)
	author.Open(fmt.Sprintf("/activities/%d", act))
	author.Submit("a[href='" + paths.NewCaseStudy(act) + "']")
	author.CheckAccessible()
	author.Screenshot("case-study-form")
	author.Fill("#title", "Coffee morning belonging for commuters before Monday lectures")
	author.Submit("form.activity-form button[type=submit]")
	if got := author.Text("h1"); got != "Coffee morning belonging for commuters before Monday lectures" {
		t.Fatalf("after saving: heading %q at %s", got, author.Location())
	}
	author.CheckAccessible()
	author.Do(chromedp.Click(chromedp.CSS("#visibility-network")))
	author.Submit("form.publish button[type=submit]")
	if got := author.Text("[data-testid=review-state]"); !strings.Contains(got, "Waiting for approval") {
		t.Errorf("review state %q", got)
	}
	id := testkit.Scalar[int64](t, app, `SELECT id FROM case_studies WHERE title LIKE 'Coffee morning belonging for commuters%'`)

	approver := testkit.NewBrowser(t, app)
	approver.SignIn(director, testkit.DemoPassword)
	approver.Open("/case-studies")
	approver.CheckAccessible()
	approver.Open(fmt.Sprintf("/case-studies/%d?draft=1", id))
	approver.CheckAccessible()
	approver.Fill("#comment", "Lovely work: share it.")
	approver.Submit("button[value=approve]")
	if got := approver.Text(".flash"); !strings.Contains(got, "Approved") {
		t.Errorf("after approving: %q", got)
	}

	coord := testkit.NewBrowser(t, app)
	coord.SignIn(coordinator, testkit.DemoPassword)
	coord.Open("/collections/new")
	coord.CheckAccessible()
	coord.Fill("#title", "Belonging for commuter students")
	coord.Submit("form[action='/collections'] button[type=submit]")
	coord.Open("/library")
	coord.CheckAccessible()
	coord.Fill("#q", "coffee morning belonging")
	coord.Submit(".library__search button[type=submit]")
	first := coord.Text("[data-testid=results] .result__title")
	if first != "Coffee morning belonging for commuters before Monday lectures" {
		t.Errorf("first result = %q, want the new case study", first)
	}
	coord.CheckAccessible()
	coord.Screenshot("library-search")
	coord.Submit("[data-testid=results] .result__title a")
	coord.CheckAccessible()
	coord.Screenshot("case-study")
	coord.Fill("#note", "Timetabled, so commuters can come.")
	coord.Submit("form[action='/collections/items'] button[type=submit]")
	if got := coord.Text("[data-testid=collection]"); !strings.Contains(got, "Coffee morning belonging for commuters") {
		t.Errorf("collection shows %q", got)
	}
	coord.CheckAccessible()
	coord.Screenshot("collection")
	coord.Open("/collections")
	coord.CheckAccessible()
	coord.Open("/bookmarks")
	coord.CheckAccessible()
}
