package org_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// An admin imports a structure file in Chromium with JavaScript off: the
// preview, which passes axe-core and fits a 320 px screen, shows the
// programme moving into a new department before anything changes; the
// confirmation applies it.
func TestBrowserStructureImportPreview(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	file := filepath.Join(t.TempDir(), "structure.csv")
	if err := os.WriteFile(file, structureChanges, 0o644); err != nil {
		t.Fatal(err)
	}
	b := testkit.NewBrowser(t, app)
	b.SignIn(admin, testkit.DemoPassword)
	b.DisableJavaScript()
	b.Open(paths.AdminImport)
	b.Do(chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{file}))
	if status := b.Submit("form[action='/admin/import'] button[type=submit]"); status != 200 {
		t.Fatalf("preview = %d: %s", status, b.Text("main"))
	}
	if got := b.Text("[data-testid=import-moves]"); !strings.Contains(got, "B940 BSc Biomedical Science") || !strings.Contains(got, "School of Biomedical Sciences") {
		t.Errorf("moves shown = %q, want B940 into School of Biomedical Sciences", got)
	}
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM departments WHERE name = 'School of Biomedical Sciences'`); n != 0 {
		t.Fatalf("departments created by the preview = %d, want 0", n)
	}
	b.EnableJavaScript() // for axe-core; the page was reached without it
	b.CheckAccessible()
	b.Screenshot("structure-import-preview")
	b.Viewport(320, 640)
	if n := testkit.Eval[int](t, b, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); n > 0 {
		t.Errorf("the preview is %d px wider than a 320 px screen", n)
	}
	b.Viewport(390, 844)
	b.CheckAccessible()
	b.Screenshot("structure-import-preview-phone")
	b.Viewport(1280, 900)

	b.DisableJavaScript()
	if status := b.Submit("[data-testid=import-confirm]"); status != 200 {
		t.Fatalf("confirm = %d: %s", status, b.Text("main"))
	}
	if got := b.Text("[data-testid=import-summary]"); !strings.Contains(got, "Import finished") {
		t.Errorf("after confirming: %q", got)
	}
	b.EnableJavaScript()
	b.CheckAccessible()
	if got := testkit.Scalar[string](t, app, `SELECT d.name FROM programmes p JOIN departments d ON d.id = p.department_id WHERE p.code = 'B940'`); got != "School of Biomedical Sciences" {
		t.Errorf("B940's department after confirming = %q", got)
	}
}
