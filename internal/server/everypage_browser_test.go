package server_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"belonging/internal/testkit"
)

// notPages are the GET routes that answer with something other than an
// HTML page (files, feeds, probes); the check below loads every other GET
// route of the authorisation matrix.
var notPages = regexp.MustCompile(`^/(healthz|readyz|metrics|static/)|\.(csv|ics|json|atom|svg|png|zip)$|/(download|preview|metadata)$|^/calendar/`)

// Every page each demo role can reach, in Chromium: no axe-core violation
// at 1280 px (every role) and at 390 px (each route once), nothing wider
// than a 320 px screen, and markup the Nu HTML checker finds no error in.
// The routes come from the authorisation matrix, so a new page is checked
// as soon as it has its row there. Screenshots at 390 px land in
// .cache/screenshots (page-*.png) for review.
func TestBrowserEveryPage(t *testing.T) {
	t.Parallel()
	java, err := exec.LookPath("java")
	if err != nil {
		testkit.Missing(t, "Java (apt-get install default-jre-headless), for the Nu HTML checker")
	}
	vnu := testkit.ToolPath(t, "VNU_JAR", "the Nu HTML checker", "tools", "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	app := testkit.NewApp(t)
	w := loadWorld(t, app)
	sources := t.TempDir()
	start := time.Now()
	narrowDone := map[string]bool{}
	pages := 0
	// Most privileged first, so each route's phone check sees the fullest page.
	for i := len(matrixRoles) - 1; i >= 0; i-- {
		role := matrixRoles[i]
		b := testkit.NewBrowserFor(t, app, 15*time.Minute)
		if role.email != "" {
			b.SignIn(role.email, testkit.DemoPassword)
		}
		for _, c := range matrix() {
			if c.method != "GET" || strings.Fields(c.own)[i] != "200" {
				continue
			}
			pattern := c.path
			if pattern == "" {
				pattern = c.route
			}
			path := w.path(pattern, false)
			if notPages.MatchString(strings.SplitN(path, "?", 2)[0]) {
				continue
			}
			pages++
			b.Viewport(1280, 900)
			if status := b.Open(path); status != 200 {
				t.Errorf("%s: GET %s = %d in the browser, want 200", role.name, path, status)
				continue
			}
			b.CheckAccessible()
			src := testkit.Eval[string](t, b, `fetch(location.href).then(r => r.text())`, chromedp.EvalAwaitPromise)
			name := role.name + strings.NewReplacer("/", "_", "?", "_", "=", "_", "&", "_").Replace(path) + ".html"
			if err := os.WriteFile(filepath.Join(sources, name), []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			b.Viewport(320, 640)
			if n := testkit.Eval[int](t, b, overflow); n > 0 {
				t.Errorf("%s: %s is %d px wider than a 320 px screen: %q", role.name, path, n, testkit.Eval[[]string](t, b, widest))
			}
			if !narrowDone[c.route] {
				narrowDone[c.route] = true
				b.Viewport(390, 844)
				b.CheckAccessible()
				b.Screenshot("page-" + strings.TrimSuffix(name, ".html"))
			}
		}
	}
	t.Logf("%d pages over %d roles in %s (browser)", pages, len(matrixRoles), time.Since(start).Round(time.Second))

	// One run of the Nu HTML checker over every page's source.
	files, err := filepath.Glob(filepath.Join(sources, "*.html"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no page sources to check (%v)", err)
	}
	cmd := exec.Command(java, append([]string{"-jar", vnu, "--errors-only", "--format", "json", "--exit-zero-always"}, files...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("Nu HTML checker: %v\n%s", err, out)
	}
	var report struct {
		Messages []struct {
			URL, Type, Message, Extract string
			LastLine                    int
		}
	}
	if err := json.Unmarshal(out, &report); err != nil {
		t.Fatalf("Nu HTML checker output: %v\n%s", err, out)
	}
	for _, m := range report.Messages {
		t.Errorf("Nu HTML checker, %s line %d: %s: %s\n  %s", filepath.Base(m.URL), m.LastLine, m.Type, m.Message, m.Extract)
	}
	t.Logf("Nu HTML checker: %d pages, %d errors; all checks took %s", len(files), len(report.Messages), time.Since(start).Round(time.Second))
}
