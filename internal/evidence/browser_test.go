package evidence_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"belonging/internal/testkit"
)

// A module leader records the outcome of a coffee-morning session, uploads
// an attendance CSV and a poster PDF in Chromium, and downloads both back.
func TestBrowserRecordOutcomeAndEvidence(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	act := coffee(t, app)
	b := testkit.NewBrowser(t, app)
	b.SignIn(leader, testkit.DemoPassword)

	b.Open(fmt.Sprintf("/activities/%d", act))
	b.CheckAccessible()
	b.Submit("a[href$='/outcomes/new']")
	b.CheckAccessible()
	b.Fill("#attendance", "79")
	b.Do(chromedp.Click(chromedp.CSS(`input[name=aims_met][value="4"]`)))
	b.Fill("#what_worked", "The new table-talk cards got quieter students talking.")
	b.Fill("#student_quotes", "\"I came for the coffee and stayed for the people.\"")
	b.Submit("form[action$='/outcomes'] button[type=submit]")
	if got := b.Text(".flash"); got != "Outcome recorded." {
		t.Fatalf("after recording: flash %q at %s", got, b.Location())
	}

	dir := t.TempDir()
	csv := filepath.Join(dir, "attendance-week-8.csv")
	pdf := filepath.Join(dir, "coffee-poster.pdf")
	os.WriteFile(csv, []byte("week,attended,invited\n8,79,180\n"), 0o644)
	os.WriteFile(pdf, pdfFile, 0o644)
	upload := func(path, title, kind, strength string) {
		b.Open(fmt.Sprintf("/activities/%d/evidence/new", act))
		b.Fill("#title", title)
		b.Do(chromedp.SetValue(chromedp.CSS("#kind"), kind))
		b.Do(chromedp.Click(chromedp.CSS(`input[name=strength][value="` + strength + `"]`)))
		if strength == "2" {
			b.Do(chromedp.Click(chromedp.CSS("details.details summary")))
			b.Fill("#sample_size", "180")
		}
		b.Do(chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{path}))
		b.Submit("form[enctype='multipart/form-data'] button[type=submit]")
		if got := b.Text(".flash"); !strings.Contains(got, "added") {
			t.Fatalf("upload %s: flash %q; errors %q", title, got, b.Text("main"))
		}
	}
	b.Open(fmt.Sprintf("/activities/%d/evidence/new", act))
	b.CheckAccessible()
	upload(csv, "Attendance, week 8", "attendance", "2")
	upload(pdf, "Coffee morning poster", "artefact", "1")
	b.CheckAccessible()
	b.Screenshot("activity-evidence")
	if got := b.Text("[data-testid=evidence-summary]"); !strings.Contains(got, "Type 2: empirical") {
		t.Errorf("evidence summary = %q", got)
	}

	// Download both, with the browser's own cookies, and compare bytes.
	for _, want := range []struct {
		name string
		data []byte
	}{{"attendance-week-8.csv", []byte("week,attended,invited\n8,79,180\n")}, {"coffee-poster.pdf", pdfFile}} {
		js := fmt.Sprintf(`(async () => {
			const link = [...document.querySelectorAll('a[href$="/download"]')].find(a => a.textContent.includes(%q));
			const r = await fetch(link.href);
			return {status: r.status, disposition: r.headers.get("Content-Disposition"), body: await r.text()};
		})()`, want.name)
		type result struct {
			Status      int    `json:"status"`
			Disposition string `json:"disposition"`
			Body        string `json:"body"`
		}
		got, err := chromedp.Run(b.Ctx, chromedp.Evaluate[result](js, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("download %s: %v", want.name, err)
		}
		if got.Status != 200 || !strings.HasPrefix(got.Disposition, "attachment") || !bytes.Equal([]byte(got.Body), want.data) {
			t.Errorf("download %s = %d %q, %d bytes", want.name, got.Status, got.Disposition, len(got.Body))
		}
	}
}
