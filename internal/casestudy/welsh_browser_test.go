package casestudy_test

import (
	"testing"

	"belonging/internal/seed"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

// The library, a case study with its review panel, the lists and
// collections, the case study form and the theory of change in Welsh pass
// axe-core at 390 pixels wide and do not scroll sideways at 320; the
// forms sent empty answer 422.
func TestBrowserCaseStudyPagesInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	act := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title LIKE 'Coffee mornings%' AND academic_year = $1`, seed.CurrentYear())
	pending := testkit.Scalar[int64](t, app, `SELECT id FROM case_studies WHERE title = 'Extended induction: the same tutor all year'`)
	published := testkit.Scalar[int64](t, app, `SELECT case_study_id FROM case_study_publications WHERE visibility = 'network' ORDER BY case_study_id LIMIT 1`)
	b := testkit.NewBrowser(t, app)
	b.SignIn(director, testkit.DemoPassword)
	if got := b.Open(paths.Language("cy", paths.Library)); got != 200 {
		t.Fatalf("the library in Welsh = %d, want 200", got)
	}
	for _, page := range []struct {
		name, path, submit string
	}{
		{"library", paths.Library, ""},
		{"search", paths.Library + "?q=coffee+morning", ""},
		{"case-study", paths.CaseStudy(published, ""), ""},
		{"draft", paths.CaseStudyDraft(pending, ""), ""},
		{"list", paths.CaseStudies, ""},
		{"bookmarks", paths.Bookmarks, ""},
		{"collections", paths.Collections, ""},
		{"new-collection", paths.NewCollection, "main form button[type=submit]"},
		{"form", paths.NewCaseStudy(act), ""},
		{"toc", paths.TheoryOfChange(act), "form[action='" + paths.TheoryOfChange(act) + "'] button[type=submit]"},
	} {
		b.Viewport(390, 900)
		if got := b.Open(page.path); got != 200 {
			t.Fatalf("%s in Welsh = %d, want 200", page.name, got)
		}
		if got := testkit.Eval[string](t, b, `document.documentElement.lang`); got != "cy" {
			t.Errorf("%s: html lang = %q, want cy", page.name, got)
		}
		b.CheckAccessible()
		b.Screenshot("casestudy-" + page.name + "-cy-390")
		if page.submit != "" {
			if got := b.Submit(page.submit); got != 422 {
				t.Errorf("%s sent empty in Welsh = %d, want 422", page.name, got)
			}
			b.CheckAccessible()
		}
		b.Viewport(320, 800)
		b.Open(page.path)
		if n := testkit.Eval[int](t, b, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); n > 0 {
			wide := testkit.Eval[string](t, b, `[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().width > document.documentElement.clientWidth - 20).slice(-4).map(e => e.tagName + '.' + e.className + ': ' + e.textContent.trim().slice(0, 40) + ' w=' + Math.round(e.getBoundingClientRect().width)).join(' | ')`)
			t.Errorf("%s in Welsh at 320 px scrolls sideways by %d px: %s", page.name, n, wide)
			b.Screenshot("casestudy-" + page.name + "-cy-320")
		}
	}
}
