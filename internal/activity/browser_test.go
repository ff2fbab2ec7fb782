package activity_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/emersion/go-ical"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// A programme director plans a curricular coffee morning with weekly
// sessions in Chromium with JavaScript off, sees it fill its cell of the
// coverage map, and subscribes to the programme's calendar by its address.
func TestBrowserPlanACoffeeMorning(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	prog := programmeID(t, app, "C100")
	b := testkit.NewBrowser(t, app)
	b.SignIn(director, testkit.DemoPassword)
	b.Screenshot("dashboard")
	b.CheckAccessible()

	plan := fmt.Sprintf("/programmes/%d?year=%d", prog, year)
	b.Open(plan)
	cell := `[data-testid=coverage] td[data-stage=term_2][data-dimension=wellbeing]`
	if got := b.Text(cell); !strings.Contains(got, "Gap: no activities") {
		t.Fatalf("term 2 × wellbeing before = %q, want a gap", got)
	}
	b.CheckAccessible()

	b.DisableJavaScript()
	b.Open(fmt.Sprintf("/programmes/%d/activities/new?year=%d", prog, year))
	b.Fill("#title", "Coffee morning before the Thursday workshop")
	b.Do(chromedp.SetValue(chromedp.CSS("#kind"), "social"))
	b.Do(chromedp.SetValue(chromedp.CSS("#stage"), "term_2"))
	for _, sel := range []string{`input[name=placement][value=curricular]`, `input[name=dimensions][value=wellbeing]`,
		`input[name=dimensions][value=peers]`, "[data-testid=more-about] > summary", `input[name=checklist][value=in_timetabled_hours]`,
		`input[name=checklist][value=suits_commuters_carers]`, `input[name=partnership][value=with]`} {
		b.Do(chromedp.Click(chromedp.CSS(sel)))
	}
	b.Set("#session_date", aDate(time.January, 14))
	b.Set("#start_time", "09:00")
	b.Set("#end_time", "09:45")
	b.Fill("#location", "Teaching Hub atrium")
	b.Fill("#weeks", "8")
	b.Fill("#skip", aDate(time.February, 18))
	if status := b.Submit("form.activity-form button[type=submit]"); status != 200 {
		t.Fatalf("save = %d at %s: %s", status, b.Location(), b.Text("body"))
	}
	if got := b.Text(".flash"); !strings.Contains(got, "with 7 sessions") {
		t.Errorf("flash = %q, want 7 sessions (8 weeks, one skipped)", got)
	}
	b.Screenshot("activity")

	b.Open(plan)
	if got := b.Text(cell); !strings.HasPrefix(got, "1") {
		t.Errorf("term 2 × wellbeing after = %q, want 1", got)
	}
	b.Submit(cell + " a")
	if got := b.Text("[data-testid=activity-list]"); !strings.Contains(got, "Coffee morning before the Thursday workshop") {
		t.Errorf("the cell's link lists %q", got)
	}
	b.Screenshot("plan-filtered")

	// Subscribe by address: create the feed, read it off the page, fetch it
	// as a calendar app would and parse it.
	b.Open(fmt.Sprintf("/programmes/%d/calendar?month=%s", prog, aDate(time.January, 1)[:7]))
	b.Submit("form[action$='/calendar/feed'] button")
	feed := b.Text("[data-testid=feed-url]")
	if feed == "" {
		feed = attr(t, b, "[data-testid=feed-url]", "value")
	}
	b.Screenshot("calendar")
	resp, err := http.Get(feed)
	if err != nil {
		t.Fatalf("fetch feed %q: %v", feed, err)
	}
	defer resp.Body.Close()
	cal, err := ical.NewDecoder(resp.Body).Decode()
	if err != nil {
		t.Fatalf("parse feed: %v", err)
	}
	n := 0
	for _, e := range cal.Events() {
		s, err := e.Props.Text(ical.PropSummary)
		if err != nil {
			t.Fatalf("SUMMARY: %v", err)
		}
		if s == "Coffee morning before the Thursday workshop" {
			n++
		}
	}
	if n != 7 {
		t.Errorf("the feed has %d of the coffee mornings, want 7", n)
	}
}

func attr(t *testing.T, b *testkit.Browser, css, name string) string {
	t.Helper()
	res, err := chromedp.Run(b.Ctx, chromedp.AttributeValue(chromedp.CSS(css), name))
	if err != nil {
		t.Fatalf("attribute %s of %s: %v", name, css, err)
	}
	return res.Value
}

// Every page the plan adds has no axe-core violations, in its normal and
// error states.
func TestBrowserPlanPagesAccessible(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	prog := programmeID(t, app, "C100")
	coffee := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title LIKE 'Coffee mornings%' AND academic_year = $1`, year)
	session := testkit.Scalar[int64](t, app, `SELECT min(id) FROM activity_sessions WHERE activity_id = $1`, coffee)
	b := testkit.NewBrowser(t, app)
	b.SignIn(director, testkit.DemoPassword)
	for _, path := range []string{
		fmt.Sprintf("/programmes/%d", prog),
		fmt.Sprintf("/programmes/%d/about", prog),
		fmt.Sprintf("/programmes/%d/calendar?month=%s", prog, aDate(time.October, 1)[:7]),
		fmt.Sprintf("/programmes/%d/import", prog),
		fmt.Sprintf("/programmes/%d/activities/new", prog),
		fmt.Sprintf("/activities/%d", coffee),
		fmt.Sprintf("/activities/%d/edit", coffee),
		fmt.Sprintf("/sessions/%d/edit", session),
		fmt.Sprintf("/modules/%d", testkit.Scalar[int64](t, app, `SELECT id FROM modules WHERE code = 'BIO1001'`)),
	} {
		if status := b.Open(path); status != 200 {
			t.Errorf("GET %s = %d", path, status)
		}
		b.CheckAccessible()
	}
	b.Open(fmt.Sprintf("/programmes/%d", prog))
	b.Screenshot("plan")
	b.Open(fmt.Sprintf("/activities/%d", coffee))
	b.Screenshot("activity-coffee")

	// The form with errors.
	b.Open(fmt.Sprintf("/programmes/%d/activities/new", prog))
	b.Fill("#title", "")
	b.Set("#session_date", "2027-02-31")
	b.Submit("form.activity-form button[type=submit]")
	if b.Text("[data-testid=error-summary]") == "" {
		t.Error("no error summary for an empty activity")
	}
	b.CheckAccessible()
	b.Screenshot("activity-errors")

	// The plan's filters update the list in place with JavaScript.
	b.Open(fmt.Sprintf("/programmes/%d", prog))
	b.Do(chromedp.SetValue(chromedp.CSS("#kind"), "social"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#kind").dispatchEvent(new Event("change", {bubbles: true}))`))
	if _, err := chromedp.Run(b.Ctx, chromedp.Poll[bool](`document.querySelector("[data-testid=result-count]").textContent.includes("match the filters")`)); err != nil {
		t.Fatalf("the list did not update in place: %v", err)
	}
	if loc := b.Location(); !strings.Contains(loc, "kind=social") {
		t.Errorf("after filtering in place the address is %q, want it to carry the filter", loc)
	}
	b.CheckAccessible()
}

// A director imports an edited plan in Chromium with JavaScript off: the
// preview passes axe-core and fits a 320 px screen; the confirmation
// applies it.
func TestBrowserPlanImportPreview(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	prog := programmeID(t, app, "C100")
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	e := editPlan(t, c, prog)
	file := filepath.Join(t.TempDir(), "plan.csv")
	if err := os.WriteFile(file, e.file, 0o644); err != nil {
		t.Fatal(err)
	}
	b := testkit.NewBrowser(t, app)
	b.SignIn(director, testkit.DemoPassword)
	b.DisableJavaScript()
	b.Open(paths.PlanImport(prog))
	b.Do(chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{file}))
	if status := b.Submit("form[action$='/import'] button[type=submit]"); status != 200 {
		t.Fatalf("preview = %d: %s", status, b.Text("main"))
	}
	if got := b.Text("[data-testid=import-moves]"); !strings.Contains(got, e.movedName) || !strings.Contains(got, "BIO2005") {
		t.Errorf("moves shown = %q, want %s into BIO2005", got, e.movedName)
	}
	b.EnableJavaScript() // for axe-core; the page was reached without it
	b.CheckAccessible()
	b.Screenshot("plan-import-preview")
	b.Viewport(320, 640)
	if n := testkit.Eval[int](t, b, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); n > 0 {
		t.Errorf("the preview is %d px wider than a 320 px screen", n)
	}
	b.Viewport(390, 844)
	b.CheckAccessible()
	b.Viewport(1280, 900)

	b.DisableJavaScript()
	if status := b.Submit("[data-testid=import-confirm]"); status != 200 {
		t.Fatalf("confirm = %d: %s", status, b.Text("main"))
	}
	if got := b.Text("[data-testid=import-summary]"); !strings.Contains(got, "1 added, 2 updated") {
		t.Errorf("after confirming: %q", got)
	}
	b.EnableJavaScript()
	b.CheckAccessible()
}
