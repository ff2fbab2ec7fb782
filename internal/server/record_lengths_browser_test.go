package server_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// shootPart saves a screenshot of the first element matching css.
func shootPart(t *testing.T, b *testkit.Browser, css, name string) {
	t.Helper()
	png, err := chromedp.Run(b.Ctx, chromedp.Screenshot(chromedp.CSS(css)))
	if err != nil {
		t.Fatalf("screenshot of %s: %v", css, err)
	}
	dir := filepath.Join(testkit.ModuleRoot(t), ".cache", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// The evaluation pages keep to a length people scroll through: an
// activity's codes are a line of tags with the rest folded, the
// vocabulary's admin page folds each group's table (and opens it from the
// keyboard), and the theory of change's diagram fits its card on a
// desktop screen instead of scrolling inside it.
func TestBrowserEvaluationPagesStayShort(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	coded := testkit.Scalar[int64](t, app, `SELECT a.id FROM activities a JOIN activity_codes ac ON ac.activity_id = a.id
		GROUP BY a.id ORDER BY count(*) DESC, a.id LIMIT 1`)
	deepest := testkit.Scalar[int64](t, app, `SELECT activity_id FROM toc_entries GROUP BY activity_id ORDER BY count(*) DESC, activity_id LIMIT 1`)
	b := testkit.NewBrowser(t, app)
	b.SignIn("admin@northbridge.ac.uk", testkit.DemoPassword)

	b.Viewport(390, 844)
	b.Open(paths.Activity(coded))
	card := testkit.Eval[int](t, b, `Math.round(document.querySelector("[data-testid=evaluation-codes-block]").getBoundingClientRect().height)`)
	if card > 320 {
		t.Errorf("the evaluation codes card is %d px tall at 390 px, want at most 320", card)
	}
	t.Logf("the evaluation codes card of activity %d is %d px tall at 390 px", coded, card)
	shootPart(t, b, "[data-testid=evaluation-codes-block]", "record-codes-card-390")

	b.Open(paths.AdminCodes)
	b.CheckAccessible()
	height := testkit.Eval[int](t, b, `document.documentElement.scrollHeight`)
	if height > 3000 {
		t.Errorf("%s is %d px tall at 390 px, want at most 3,000", paths.AdminCodes, height)
	}
	t.Logf("%s is %d px tall at 390 px", paths.AdminCodes, height)
	shootPart(t, b, "main", "record-admin-codes-390")
	b.TabTo("[data-testid=codes-risk] summary")
	b.Press("\r")
	if !testkit.Eval[bool](t, b, `document.querySelector("[data-testid=codes-risk] details").open`) {
		t.Error("Enter on the risks' summary did not unfold their table")
	}

	b.Viewport(1280, 900)
	b.Open(paths.TheoryOfChange(deepest))
	b.CheckAccessible()
	if over := testkit.Eval[int](t, b, `(e => e.scrollWidth - e.clientWidth)(document.querySelector(".toc-diagram"))`); over > 0 {
		t.Errorf("the theory of change diagram scrolls %d px inside its card at 1280 px", over)
	}
	shootPart(t, b, ".toc-diagram", "record-toc-1280")
}
