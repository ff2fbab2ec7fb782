package server_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"belonging/internal/acyear"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

// overflow is how many pixels the page is wider than the window.
const overflow = `document.documentElement.scrollWidth - document.documentElement.clientWidth`

// widest names the innermost elements reaching past the window's right
// edge, to say what makes a page too wide.
const widest = `[...document.querySelectorAll("body *")].filter(e => !e.closest("details:not([open]) > :not(summary)") && e.getBoundingClientRect().right > document.documentElement.clientWidth &&
	![...e.children].some(c => c.getBoundingClientRect().right > document.documentElement.clientWidth)).slice(0, 4).map(e => e.outerHTML.slice(0, 120))`

// overlapping names the parts of the header (the brand, the Menu, the
// language link) whose text runs into another's: a box may fit while the
// words in it spill out, so each part is measured by the extent of its
// contents.
const overlapping = `(() => {
	const parts = [...document.querySelectorAll(".site-header .brand, .site-header .nav-menu > summary, .site-header .language-switch")].filter(e => e.getClientRects().length > 0);
	const extent = e => { const r = document.createRange(); r.selectNodeContents(e); const a = r.getBoundingClientRect(), b = e.getBoundingClientRect();
		return {left: Math.min(a.left, b.left), right: Math.max(a.right, b.right), top: Math.min(a.top, b.top), bottom: Math.max(a.bottom, b.bottom)}; };
	const out = [];
	for (let i = 0; i < parts.length; i++) for (let j = i + 1; j < parts.length; j++) {
		const a = extent(parts[i]), b = extent(parts[j]);
		if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) {
			out.push(parts[i].textContent.trim().replace(/\s+/g, " ") + " / " + parts[j].textContent.trim().replace(/\s+/g, " "));
		}
	}
	return out;
})()`

// The defects a person with a phone and a keyboard found, each checked in
// Chromium as they met it: pages wider than a 320 px screen, focus left at
// the top after a form fails, a focused map cell that shows no highlight,
// invalid attributes, a navigation that fills a phone's screen, a link too
// small to tap, labels that say both of two alternatives are optional, the
// library's results below a screen of filters on a phone, an export beside
// the page's main action, and three figures that read alike.
func TestBrowserPhoneAndKeyboardDefects(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	prog := testkit.Scalar[int64](t, app, `SELECT id FROM programmes WHERE code = 'C100'`)
	activity := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title = 'Pizza evenings for first years'`)
	b := testkit.NewBrowser(t, app)
	b.SignIn(director, testkit.DemoPassword)

	t.Run("nothing wider than 320 px", func(t *testing.T) {
		b.Viewport(320, 640)
		defer b.Viewport(1280, 900)
		for _, path := range []string{paths.Activity(activity), paths.Programme(prog), paths.Library} {
			b.Open(path)
			if n := testkit.Eval[int](t, b, overflow); n > 0 {
				t.Errorf("%s is %d px wider than a 320 px screen: %q", path, n, testkit.Eval[[]string](t, b, widest))
			}
		}
		// The coverage map itself fits: no part of it is cut off or scrolls
		// sideways in its own box.
		b.Open(paths.Programme(prog))
		if bad := testkit.Eval[[]string](t, b, `[...document.querySelectorAll(".coverage :is(div, table, th, td, ol, ul, li, h3, p)")].
			filter(e => e.getClientRects().length > 0 && e.scrollWidth > e.clientWidth + 1).map(e => e.tagName + " " + e.textContent.trim().slice(0, 30))`); len(bad) > 0 {
			t.Errorf("parts of the coverage map overflow at 320 px: %q", bad)
		}
		b.Screenshot("coverage-320")
		// The navigation is folded away without JavaScript: the header
		// leaves most of the screen to the page.
		b.DisableJavaScript()
		b.Open(paths.Library)
		if h := testkit.Eval[int](t, b, `Math.round(document.querySelector(".site-header").getBoundingClientRect().height)`); h > 140 {
			t.Errorf("the header is %d px tall on a 320×640 screen, want at most 140", h)
		}
	})

	t.Run("focus moves to the error summary", func(t *testing.T) {
		for _, f := range []struct{ path, field, value, submit string }{
			{paths.NewActivity(prog, acyear.Of(acyear.Today(), 9)), "", "", "form.activity-form button[type=submit]"},
			{paths.NewEvidence(activity), "", "", "form[action$='/evidence'] button[type=submit]"},
			{paths.NewOutcome(activity), "#attendance", "lots", "form[action$='/outcomes'] button[type=submit]"},
		} {
			b.Open(f.path)
			if f.field != "" {
				b.Fill(f.field, f.value)
			}
			b.Submit(f.submit)
			// The browser moves focus to an autofocus element as it next
			// renders the page, which may come just after the load event.
			focused := false
			for range 30 {
				if focused = testkit.Eval[bool](t, b, `document.activeElement.matches("[data-testid=error-summary]")`); focused {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			if !focused {
				t.Errorf("after an empty submit of %s focus is on %s, want the error summary", f.path,
					testkit.Eval[string](t, b, `document.activeElement.outerHTML.slice(0, 80)`))
			}
		}
	})

	t.Run("a focused coverage cell is highlighted", func(t *testing.T) {
		b.Open(paths.Programme(prog))
		// Tab into the map as a keyboard user would.
		for i := 0; i < 200 && !testkit.Eval[bool](t, b, `!!document.activeElement.closest("[data-testid=coverage]")`); i++ {
			b.Do(chromedp.KeyEvent("\t"))
		}
		got := testkit.Eval[string](t, b, `getComputedStyle(document.activeElement).backgroundColor`)
		if got != "rgb(255, 191, 71)" {
			t.Errorf("a focused coverage cell's background = %s, want the focus yellow rgb(255, 191, 71)", got)
		}
	})

	t.Run("no hx- attributes", func(t *testing.T) {
		b.Open(paths.Programme(prog))
		if bad := testkit.Eval[string](t, b, `[...document.querySelectorAll("*")].flatMap(e => [...e.attributes].map(a => a.name)).filter(n => n.startsWith("hx-")).join(" ")`); bad != "" {
			t.Errorf("the plan has attributes HTML does not define: %s", bad)
		}
	})

	t.Run("clear search is a target of at least 24 px", func(t *testing.T) {
		b.Open(paths.Library + "?q=coffee")
		h := testkit.Eval[int](t, b, `Math.floor([...document.querySelectorAll("a")].find(a => a.textContent.includes("Clear search")).getBoundingClientRect().height)`)
		if h < 24 {
			t.Errorf("the Clear search and filters link is %d px tall, want at least 24", h)
		}
	})

	t.Run("link or file, not both optional", func(t *testing.T) {
		b.Open(paths.NewEvidence(activity))
		for _, id := range []string{"link", "file"} {
			if got := b.Text("label[for=" + id + "]"); strings.Contains(got, "optional") {
				t.Errorf("label of %s = %q; one of link and file is needed", id, got)
			}
		}
		if got := b.Text("fieldset:has(#file) > legend"); !strings.Contains(got, "a link or a file") {
			t.Errorf("the evidence fieldset's legend = %q, want it to ask for a link or a file", got)
		}
	})

	t.Run("the library's first result is on a phone's first screen", func(t *testing.T) {
		b.Viewport(390, 844)
		defer b.Viewport(1280, 900)
		b.Open(paths.Library)
		if top := testkit.Eval[int](t, b, `Math.round(document.querySelector("[data-testid=results] li").getBoundingClientRect().top + scrollY)`); top > 844 {
			t.Errorf("the first result starts %d px down a 390×844 screen, want it on the first screen", top)
		}
		b.Screenshot("library-390")
		// Beside the results there is room: the filters show, unfolded.
		b.Viewport(1280, 900)
		b.Open(paths.Library)
		if !testkit.Eval[bool](t, b, `document.querySelector(".library__facets fieldset").getClientRects().length > 0`) {
			t.Error("at 1280 px the library's filters are folded away")
		}
	})

	t.Run("Export JSON is not a main action", func(t *testing.T) {
		b.Open(paths.Activity(activity))
		if got := b.Text(".page-head"); strings.Contains(got, "Export") {
			t.Errorf("the activity page's heading area = %q, want only its main action beside the title", got)
		}
		t.Logf("the activity page is %d px tall at 1280 px", testkit.Eval[int](t, b, `document.documentElement.scrollHeight`))
	})

	t.Run("the activity page is short on a phone", func(t *testing.T) {
		busiest := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title = 'Meet the Researcher: welcome week lab tours'`)
		b.Viewport(390, 844)
		defer b.Viewport(1280, 900)
		b.Open(paths.Activity(busiest))
		// The facts sit beside their labels, not under them.
		if got := testkit.Eval[int](t, b, `Math.abs(document.querySelector("#about-title ~ dl dt").getBoundingClientRect().top - document.querySelector("#about-title ~ dl dd").getBoundingClientRect().top)`); got > 4 {
			t.Errorf("the first fact starts %d px below its label at 390 px, want them side by side", got)
		}
		// The latest outcome reads in full; earlier ones fold their notes.
		// notes[i] says whether the i-th outcome's notes show in full.
		notes := testkit.Eval[[]bool](t, b, `[...document.querySelectorAll("[data-testid=outcomes] > li")].map(li => { const d = li.querySelector(":scope > details"); return !d || d.open })`)
		if len(notes) < 2 {
			t.Fatalf("outcomes = %d, want the demo's two", len(notes))
		}
		for i, full := range notes[1:] {
			if full {
				t.Errorf("earlier outcome %d shows its notes in full, want them folded", i+2)
			}
		}
		if testkit.Eval[bool](t, b, `[...document.querySelectorAll("[aria-labelledby=actions-title] button, [aria-labelledby=actions-title] a.button")].some(e => e.checkVisibility())`) {
			t.Error("the more actions are unfolded, want them behind one summary")
		}
		height := testkit.Eval[int](t, b, `document.documentElement.scrollHeight`)
		if height > 5600 {
			t.Errorf("the activity page is %d px tall at 390 px, want at most 5,600 (sections: %q)", height,
				testkit.Eval[[]string](t, b, `[...document.querySelectorAll("main section[aria-labelledby]")].map(s => s.getAttribute("aria-labelledby") + " " + Math.round(s.getBoundingClientRect().height))`))
		}
		t.Logf("the busiest demo activity is %d px tall at 390 px", height)
	})

	t.Run("the plan's figures say what they count", func(t *testing.T) {
		b.Open(paths.Programme(prog))
		notes := testkit.Eval[[]string](t, b, `[...document.querySelectorAll("[data-testid=figures] .stat")].map(s => s.textContent.replace(/\s+/g, " ").trim())`)
		seen := map[string]bool{}
		for _, n := range notes[1:] {
			if !strings.Contains(n, " of ") {
				t.Errorf("figure %q does not say what it counts out of what", n)
			}
			if seen[n] {
				t.Errorf("two figures read %q", n)
			}
			seen[n] = true
		}
	})

	// The activity's facts keep label and value side by side on a phone;
	// a label is never broken inside a word ("Dimensio ns"), in English or
	// in Welsh.
	t.Run("the activity's labels keep their words whole on a phone", func(t *testing.T) {
		busiest := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title = 'Meet the Researcher: welcome week lab tours'`)
		b.Viewport(390, 800)
		defer b.Viewport(1280, 900)
		defer b.Open(paths.Language("en", paths.Library))
		for _, lang := range []string{"en", "cy"} {
			b.Open(paths.Language(lang, paths.Activity(busiest)))
			broken := testkit.Eval[[]string](t, b, `[...document.querySelectorAll(".summary-list--compact dt")].filter(dt => {
				const r = document.createRange(); r.selectNodeContents(dt);
				const lines = new Set([...r.getClientRects()].map(x => Math.round(x.top))).size;
				return lines > dt.textContent.trim().split(/\s+/).length;
			}).map(dt => dt.textContent.trim())`)
			if len(broken) > 0 {
				t.Errorf("%s: at 390 px these labels break inside a word: %q", lang, broken)
			}
		}
	})
}
