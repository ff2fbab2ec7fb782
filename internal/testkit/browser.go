package testkit

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"belonging/web/paths"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// One Chromium per test process; each test gets its own browser context
// (separate cookies, like a private window), so tests run side by side.
var shared struct {
	once     sync.Once
	ctx      context.Context
	cancel   context.CancelFunc
	err      error
	userData string
}

// ChromiumPath is where the browser is looked for: $CHROMIUM_PATH, or
// Debian's /usr/bin/chromium, or chromium/google-chrome on PATH.
func ChromiumPath() string {
	if p := os.Getenv("CHROMIUM_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

func sharedBrowser() (context.Context, error) {
	shared.once.Do(func() {
		path := ChromiumPath()
		if path == "" {
			shared.err = fmt.Errorf("chromium not found")
			return
		}
		dir, err := os.MkdirTemp("", "belonging-chromium-")
		if err != nil {
			shared.err = err
			return
		}
		shared.userData = dir
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(path),
			chromedp.UserDataDir(dir),
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("no-first-run", true),
			chromedp.WindowSize(1280, 900),
		)
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		browser, cancelBrowser := chromedp.NewContext(alloc)
		shared.cancel = func() { cancelBrowser(); cancelAlloc() }
		// Start the browser now; each test then opens its own browser
		// context in it.
		if err := chromedp.Do(browser); err != nil {
			shared.err = fmt.Errorf("start chromium: %w", err)
			return
		}
		shared.ctx = browser
	})
	return shared.ctx, shared.err
}

// CloseBrowser stops the shared Chromium; Main calls it after the tests.
func CloseBrowser() {
	if shared.cancel != nil {
		shared.cancel()
	}
	if shared.userData != "" {
		_ = os.RemoveAll(shared.userData)
	}
}

// Main runs a package's tests and then stops the shared browser. Packages
// with browser tests use it from TestMain.
func Main(m *testing.M) {
	code := m.Run()
	CloseBrowser()
	os.Exit(code)
}

// Browser is one test's private browser window on the app.
type Browser struct {
	Ctx  context.Context
	app  *App
	t    testing.TB
	Name string
}

// NewBrowser opens a private browser window for the test, for at most
// three minutes.
func NewBrowser(t testing.TB, app *App) *Browser {
	t.Helper()
	return NewBrowserFor(t, app, 3*time.Minute)
}

// NewBrowserFor opens a private browser window that stays open for at most
// limit, for a test that visits many pages.
func NewBrowserFor(t testing.TB, app *App, limit time.Duration) *Browser {
	t.Helper()
	browser, err := sharedBrowser()
	if err != nil {
		Missing(t, "Chromium ("+err.Error()+"; apt-get install chromium)")
	}
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	ctx, cancelTimeout := context.WithTimeout(ctx, limit)
	t.Cleanup(func() {
		cancelTimeout()
		cancel()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start browser: %v", err)
	}
	return &Browser{Ctx: ctx, app: app, t: t, Name: strings.ReplaceAll(t.Name(), "/", "_")}
}

// Do runs browser actions and fails the test on error.
func (b *Browser) Do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.Ctx, steps...); err != nil {
		b.t.Fatalf("browser: %v (at %s)", err, b.Location())
	}
}

// Open navigates to a path of the app and returns the response status.
func (b *Browser) Open(path string) int {
	b.t.Helper()
	return b.navigate(chromedp.Navigate(b.app.URL + path))
}

// navigate runs steps that load a new page, waits for it and returns the
// status of its response.
func (b *Browser) navigate(steps ...chromedp.Action[chromedp.Void]) int {
	b.t.Helper()
	resp, err := chromedp.RunResponse(b.Ctx, steps...)
	if err != nil {
		b.t.Fatalf("browser: %v (at %s)", err, b.Location())
	}
	return int(resp.Status)
}

// Location returns the current URL path and query.
func (b *Browser) Location() string {
	loc, err := chromedp.Run(b.Ctx, chromedp.Location())
	if err != nil {
		return "?"
	}
	return strings.TrimPrefix(loc, b.app.URL)
}

// Text returns the text of the first element matching the CSS selector.
func (b *Browser) Text(css string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.Ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		b.t.Fatalf("text of %s: %v (at %s)", css, err, b.Location())
	}
	return strings.TrimSpace(s)
}

// Fill types value into the field matching the CSS selector, replacing
// what is there.
func (b *Browser) Fill(css, value string) {
	b.t.Helper()
	// Clear fails on an empty textarea, which has nothing to clear.
	if err := chromedp.Do(b.Ctx, chromedp.Clear(chromedp.CSS(css))); err != nil && !strings.Contains(err.Error(), "does not have child #text node") {
		b.t.Fatalf("clear %s: %v", css, err)
	}
	b.Do(chromedp.SendKeys(chromedp.CSS(css), value))
}

// Set sets the value of a field that has not been typed in yet, such as a
// date or time input, whose typing depends on the browser's locale.
func (b *Browser) Set(css, value string) {
	b.t.Helper()
	b.Do(chromedp.SetAttributeValue(chromedp.CSS(css), "value", value))
}

// Submit clicks the element matching the CSS selector (a submit button or
// a link), waits for the next page to load and returns its status.
func (b *Browser) Submit(css string) int {
	b.t.Helper()
	return b.navigate(chromedp.Click(chromedp.CSS(css)))
}

// SubmitByScript runs a script that sends the page somewhere else (such
// as a form's requestSubmit), waits for the next page to load and returns
// its status. The script must end in a value that is not undefined.
func (b *Browser) SubmitByScript(script string) int {
	b.t.Helper()
	return b.navigate(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Evaluate[any](script)(ctx, t)
		return err
	}))
}

// SignIn signs in through the sign-in page, as a person would.
func (b *Browser) SignIn(email, password string) {
	b.t.Helper()
	b.Open(paths.SignIn)
	b.Fill("#email", email)
	b.Fill("#password", password)
	b.Submit("form[action='/sign-in'] button[type=submit]")
	if loc := b.Location(); strings.HasPrefix(loc, paths.SignIn) {
		b.t.Fatalf("sign in as %s failed: still at %s", email, loc)
	}
}

// DisableJavaScript turns off scripts for the rest of the test, to show a
// page works without them.
func (b *Browser) DisableJavaScript() {
	b.t.Helper()
	if _, err := chromedp.Call(b.Ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		b.t.Fatalf("disable JavaScript: %v", err)
	}
}

// EnableJavaScript turns scripts back on, for axe-core to check a page
// reached without them.
func (b *Browser) EnableJavaScript() {
	b.t.Helper()
	if _, err := chromedp.Call(b.Ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
		b.t.Fatalf("enable JavaScript: %v", err)
	}
}

// Viewport sets the window size, e.g. a phone's 390×844.
func (b *Browser) Viewport(width, height int64) {
	b.t.Helper()
	b.Do(chromedp.EmulateViewport(width, height))
}

// Screenshot saves a full-page PNG under .cache/screenshots at the module
// root (or $SCREENSHOT_DIR) and returns its path.
func (b *Browser) Screenshot(name string) string {
	b.t.Helper()
	png, err := chromedp.Run(b.Ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot: %v", err)
	}
	dir := os.Getenv("SCREENSHOT_DIR")
	if dir == "" {
		dir = filepath.Join(ModuleRoot(b.t), ".cache", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	return path
}

// ModuleRoot finds the directory holding go.mod.
func ModuleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test's directory")
		}
		dir = parent
	}
}

// Eval runs a script in the open page and returns its value.
func Eval[T any](t testing.TB, b *Browser, script string, opts ...chromedp.EvaluateOption) T {
	t.Helper()
	v, err := chromedp.Run(b.Ctx, chromedp.Evaluate[T](script, opts...))
	if err != nil {
		t.Fatalf("evaluate %q: %v (at %s)", script, err, b.Location())
	}
	return v
}

// The keyboard: journeys that a person makes with Tab, Shift-Tab, Enter,
// Space and the arrow keys alone. Scripts only read where focus is and
// what is chosen; every change comes from a key press.

// Press sends keys to whatever has focus: text to type, or keys such as
// "\t", " ", "\r" and kb.ArrowDown from chromedp's kb package.
func (b *Browser) Press(keys string, opts ...chromedp.KeyOption) {
	b.t.Helper()
	b.Do(chromedp.KeyEvent(keys, opts...))
}

// PressToLoad presses keys that load another page (Enter on a link or a
// button), waits for it and returns its status.
func (b *Browser) PressToLoad(keys string) int {
	b.t.Helper()
	return b.navigate(chromedp.KeyEvent(keys))
}

// TabTo presses Tab until focus is on the element matching the CSS
// selector, and fails when 300 presses do not reach it.
func (b *Browser) TabTo(css string) {
	b.t.Helper()
	b.tabTo(css)
}

// ShiftTabTo moves focus backwards with Shift-Tab until it is on the
// element matching the CSS selector.
func (b *Browser) ShiftTabTo(css string) {
	b.t.Helper()
	b.tabTo(css, chromedp.KeyModifiers(chromedp.ModifierShift))
}

func (b *Browser) tabTo(css string, opts ...chromedp.KeyOption) {
	b.t.Helper()
	check := fmt.Sprintf(`document.activeElement.matches(%q)`, css)
	for range 300 {
		if Eval[bool](b.t, b, check) {
			return
		}
		b.Press("\t", opts...)
	}
	b.t.Fatalf("300 presses of Tab did not reach %s (focus is on %s, at %s)", css,
		Eval[string](b.t, b, `document.activeElement.outerHTML.slice(0, 100)`), b.Location())
}

// ChooseWithArrows picks, in the focused drop-down list or radio group,
// the option whose label contains want, pressing the down arrow (and Space
// on a radio button nothing in its group has chosen yet) as a person
// would.
func (b *Browser) ChooseWithArrows(want string) {
	b.t.Helper()
	const chosen = `(() => {
		const e = document.activeElement;
		if (e.tagName === "SELECT") return e.selectedIndex < 0 ? "" : e.options[e.selectedIndex].text;
		if (e.type === "radio") return e.checked ? e.labels[0].textContent : "";
		return null;
	})()`
	for range 60 {
		got := Eval[*string](b.t, b, chosen)
		switch {
		case got == nil:
			b.t.Fatalf("choose %q: focus is on %s, not a drop-down list or a radio button", want, Eval[string](b.t, b, `document.activeElement.outerHTML.slice(0, 100)`))
		case strings.Contains(*got, want):
			return
		case *got == "" && Eval[bool](b.t, b, `document.activeElement.type === "radio"`):
			b.Press(" ")
		default:
			b.Press(kb.ArrowDown)
		}
	}
	b.t.Fatalf("the down arrow did not reach %q (at %s)", want, b.Location())
}

// UploadToFocused gives the focused file input a file, as the operating
// system's file chooser would after Enter or Space on it: the chooser is
// outside the page, where key events cannot reach.
func (b *Browser) UploadToFocused(file string) {
	b.t.Helper()
	if !Eval[bool](b.t, b, `document.activeElement.matches("input[type=file]")`) {
		b.t.Fatalf("focus is on %s, not a file input", Eval[string](b.t, b, `document.activeElement.outerHTML.slice(0, 100)`))
	}
	b.Do(chromedp.SetUploadFiles(chromedp.CSS("input[type=file]:focus"), []string{file}))
}
