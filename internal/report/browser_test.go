package report_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"belonging/internal/testkit"
)

// shoot saves a screenshot of the first element matching css.
func shoot(t *testing.T, b *testkit.Browser, css, name string) {
	t.Helper()
	b.Do(chromedp.ScrollIntoView(chromedp.CSS(css)))
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

// A director opens the programme's report from its tabs, reads it without
// JavaScript, downloads a table as CSV with the browser's own session, and
// prints it. Every report page passes axe-core.
func TestBrowserProgrammeReport(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	prog := programmeID(t, app, "C100")

	b := testkit.NewBrowser(t, app)
	b.Viewport(1280, 900)
	b.SignIn(director, testkit.DemoPassword)
	b.Open(fmt.Sprintf("/programmes/%d", prog))
	if status := b.Submit("nav.tabs a[href*='/report']"); status != 200 {
		t.Fatalf("report tab = %d", status)
	}
	if !strings.HasPrefix(b.Location(), fmt.Sprintf("/programmes/%d/report", prog)) {
		t.Fatalf("the Report tab led to %s", b.Location())
	}
	b.CheckAccessible()
	b.Screenshot("report-programme")
	shoot(t, b, ".page-head", "report-programme-head")
	shoot(t, b, "[data-testid=report-stats]", "report-programme-stats")
	for _, f := range []string{"status", "kinds", "coverage", "reach", "inclusivity", "evidence", "missing", "pulse", "year-on-year", "five-years"} {
		shoot(t, b, "[data-testid=figure-"+f+"]", "report-programme-"+f)
	}

	// Export the table of kinds as CSV.
	js := `(async () => {
		const link = document.querySelector('[data-testid=csv-kinds]');
		const r = await fetch(link.href);
		return {status: r.status, type: r.headers.get("Content-Type"), disposition: r.headers.get("Content-Disposition"), body: await r.text()};
	})()`
	type result struct {
		Status      int    `json:"status"`
		Type        string `json:"type"`
		Disposition string `json:"disposition"`
		Body        string `json:"body"`
	}
	got, err := chromedp.Run(b.Ctx, chromedp.Evaluate[result](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("download CSV: %v", err)
	}
	if got.Status != 200 || !strings.HasPrefix(got.Type, "text/csv") || !strings.Contains(got.Disposition, "attachment") {
		t.Fatalf("CSV download = %d %q %q", got.Status, got.Type, got.Disposition)
	}
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(got.Body, "\ufeff")), "\n")
	if len(lines) != 13 || !strings.HasPrefix(lines[0], "Kind,") || !strings.HasPrefix(lines[12], "Total,") {
		t.Errorf("CSV of kinds = %q, want a header, 11 kinds and a total", lines)
	}

	// The same page without JavaScript, and as printed.
	b.DisableJavaScript()
	b.Open(fmt.Sprintf("/programmes/%d/report", prog))
	if b.Text("[data-testid=stat-activities] .stat__value") == "" {
		t.Error("the report has no headline figures without JavaScript")
	}
	if _, err := chromedp.Call(b.Ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatalf("print media: %v", err)
	}
	b.Screenshot("report-programme-print")
}

// Every other report page, as the people who read them, passes axe-core.
func TestBrowserReportsAccessible(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	dept := departmentID(t, app, "School of Biosciences")
	for _, c := range []struct {
		who, path, name string
		figures         []string
	}{
		{admin, "/reports", "report-index", nil},
		{admin, "/reports/institution", "report-institution", []string{"programmes", "departments", "coverage", "reach"}},
		{admin, "/admin/settings", "admin-settings", nil},
		{viewer, fmt.Sprintf("/reports/departments/%d", dept), "report-department", []string{"programmes"}},
		{coordinator, "/reports/network", "report-network", []string{"kinds", "placement", "study-kinds", "five-years"}},
	} {
		b := testkit.NewBrowser(t, app)
		b.Viewport(1280, 900)
		b.SignIn(c.who, testkit.DemoPassword)
		if status := b.Open(c.path); status != 200 {
			t.Fatalf("%s as %s = %d", c.path, c.who, status)
		}
		b.CheckAccessible()
		b.Screenshot(c.name)
		if strings.HasPrefix(c.path, "/reports/") {
			shoot(t, b, ".page-head", c.name+"-head")
			shoot(t, b, "[data-testid=report-stats]", c.name+"-stats")
		}
		for _, f := range c.figures {
			shoot(t, b, "[data-testid=figure-"+f+"]", c.name+"-"+f)
		}
	}
}

// An admin filters the institution's report by an EORR risk from the
// keyboard, with a plain form; the filtered page says what is applied,
// passes axe-core at desktop and phone widths without scrolling sideways
// at 320 px, and its workbook downloads with the browser's own session.
func TestBrowserReportFilter(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	b := testkit.NewBrowser(t, app)
	b.Viewport(1280, 900)
	b.SignIn(admin, testkit.DemoPassword)
	b.Open("/reports/institution")
	b.TabTo("#risk")
	b.ChooseWithArrows("Insufficient personal support")
	b.TabTo("[data-testid=report-filter] button[type=submit]")
	if status := b.PressToLoad("\r"); status != 200 {
		t.Fatalf("filtered report = %d", status)
	}
	if got := b.Location(); !strings.Contains(got, "risk=eorr-7") {
		t.Fatalf("the filter led to %s", got)
	}
	if got := b.Text("[data-testid=report-filter-applied]"); !strings.Contains(got, "EORR risk Insufficient personal support") {
		t.Errorf("applied filter = %q", got)
	}
	b.CheckAccessible()
	b.Screenshot("report-filtered-1280")
	shoot(t, b, "[data-testid=report-filter]", "report-filtered-form")

	type result struct {
		Status int    `json:"status"`
		Type   string `json:"type"`
		Size   int    `json:"size"`
	}
	got, err := chromedp.Run(b.Ctx, chromedp.Evaluate[result](`(async () => {
		const r = await fetch(document.querySelector('[data-testid=report-xlsx]').href);
		return {status: r.status, type: r.headers.get("Content-Type"), size: (await r.arrayBuffer()).byteLength};
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("download workbook: %v", err)
	}
	if got.Status != 200 || got.Type != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" || got.Size < 1000 {
		t.Errorf("workbook download = %+v", got)
	}

	b.Viewport(390, 844)
	b.Open(b.Location())
	b.CheckAccessible()
	b.Screenshot("report-filtered-390")
	b.Viewport(320, 700)
	b.Open(b.Location())
	if wide := testkit.Eval[bool](t, b, `document.documentElement.scrollWidth > document.documentElement.clientWidth`); wide {
		t.Error("the filtered report scrolls sideways at 320 px")
	}
}
