package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"belonging/internal/account"
	"belonging/internal/checkin"
	"belonging/internal/people"
	"belonging/internal/store"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

// notPages are the GET routes that answer with something other than an
// HTML page (files, feeds, probes); the check below loads every other GET
// route of the authorisation matrix.
var notPages = regexp.MustCompile(`^/(healthz|readyz|metrics|static/)|\.(csv|ics|json|atom|svg|png|zip|xlsx)$|/(download|preview|metadata)$|^/calendar/`)

// Every page each demo role can reach, in Chromium: no axe-core violation
// at 1280 px (every role) and at 390 px (each route once), nothing wider
// than a 320 px screen, markup the Nu HTML checker finds no error in, and
// every shown field labelled (not by a placeholder alone), every form a
// person fills in answering an empty submit with 422, focus on
// the error summary and a link there to each field in error (see
// checkEmptySubmit for which forms count). The routes come from the
// authorisation matrix, so a new page is checked as soon as it has its row
// there. Screenshots at 390 px land in .cache/screenshots (page-*.png) for
// review.
//
// EVERY_PAGE_ROUTES, a regular expression, limits the check to the routes
// it matches (for work on a few pages); EVERY_PAGE_LANG=cy reads every page
// in Welsh.
func TestBrowserEveryPage(t *testing.T) {
	t.Parallel()
	checkEveryPage(t, everyPage{lang: os.Getenv("EVERY_PAGE_LANG"), wide: true, forms: true})
}

// TestBrowserEveryPageInWelsh reads every page in Welsh, where words run
// about a fifth longer: no axe-core violation at 390 px, nothing wider than
// a 320 px screen, no Nu HTML checker error (a page that says lang="cy"
// must mark what stays English). Forms' messages in Welsh are the
// catalogue test's and each feature's business; this pass keeps to the
// pages so the suite stays quick.
func TestBrowserEveryPageInWelsh(t *testing.T) {
	t.Parallel()
	checkEveryPage(t, everyPage{lang: "cy"})
}

// everyPage says how checkEveryPage reads the pages: in which language,
// whether also at 1280 px, and whether each form is submitted empty.
type everyPage struct {
	lang        string
	wide, forms bool
}

func checkEveryPage(t *testing.T, how everyPage) {
	var only *regexp.Regexp
	if expr := os.Getenv("EVERY_PAGE_ROUTES"); expr != "" {
		only = regexp.MustCompile(expr)
	}
	java, err := exec.LookPath("java")
	if err != nil {
		testkit.Missing(t, "Java (apt-get install default-jre-headless), for the Nu HTML checker")
	}
	vnu := testkit.ToolPath(t, "VNU_JAR", "the Nu HTML checker", "tools", "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	app := testkit.NewApp(t)
	w := loadWorld(t, app)
	sources := t.TempDir()
	start := time.Now()
	openSurvey := testkit.Scalar[string](t, app, `SELECT token FROM surveys WHERE opens_at < now() AND closes_at > now() ORDER BY id LIMIT 1`)
	extra := extraPages(t, app)
	narrowDone := map[string]bool{}
	formsDone := map[string]bool{}
	var formTime time.Duration
	pages := 0
	// Most privileged first, so each route's phone check sees the fullest page.
	roles := withPartner()
	for i := len(roles) - 1; i >= 0; i-- {
		role := roles[i]
		b := testkit.NewBrowserFor(t, app, 30*time.Minute)
		if role.email != "" {
			b.SignIn(role.email, testkit.DemoPassword)
		}
		if how.lang != "" {
			b.Open(paths.Language(how.lang, "/"))
		}
		type page struct{ route, path string }
		var list []page
		for _, c := range matrix() {
			if c.method != "GET" || append(strings.Fields(c.own), partnerAnswer(c, false))[i] != "200" {
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
			list = append(list, page{c.route, path})
		}
		if role.email == "" {
			// The matrix aims at a closed survey, which shows no form;
			// students meet the form at an open one.
			list = append(list, page{"/s/{token} (open)", paths.Answer(openSurvey)})
			// A student meets the "I'm here" form only at a code of the
			// moment: first in the list, before the code moves on.
			checkinSession := testkit.Scalar[int64](t, app, `SELECT min(id) FROM activity_sessions`)
			list = append([]page{{"/c/{session}/{code} (current)", paths.CheckInCode(checkinSession, checkin.Keys{Key: app.Config.SigningKey}.Code(checkinSession, time.Now()))}}, list...)
			list = append(list, page{"/reset-password/{token} (real)", paths.ResetPassword(freshReset(t, app))})
		}
		for _, p := range extra[role.name] {
			list = append(list, page{p[0], p[1]})
		}
		if only != nil {
			list = slices.DeleteFunc(list, func(p page) bool { return !only.MatchString(p.route) })
		}
		t.Logf("%s: %d pages", role.name, len(list))
		for _, c := range list {
			path := c.path
			pages++
			b.Viewport(1280, 900)
			if status := b.Open(path); status != 200 {
				t.Errorf("%s: GET %s = %d in the browser, want 200", role.name, path, status)
				continue
			}
			if how.lang != "" {
				if got := testkit.Eval[string](t, b, `document.documentElement.lang`); got != how.lang {
					t.Errorf("%s: %s <html lang> = %q, want %q", role.name, path, got, how.lang)
				}
			}
			if how.wide {
				b.CheckAccessible()
			}
			if bare := testkit.Eval[[]string](t, b, unlabelled); len(bare) > 0 {
				t.Errorf("%s: %s has fields with no label (a placeholder is not one): %q", role.name, path, bare)
			}
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
				b.Screenshot("page-" + how.lang + strings.TrimSuffix(name, ".html"))
			}
			if !how.forms {
				continue
			}
			formStart := time.Now()
			for n, f := range testkit.Eval[[]pageForm](t, b, fillableForms) {
				// Each form once, whichever role meets it first.
				key := c.route + " " + digits.ReplaceAllString(f.Action, "{id}")
				if formsDone[key] {
					continue
				}
				formsDone[key] = true
				if n > 0 {
					b.Open(path)
				}
				checkEmptySubmit(t, b, role.name, path, f)
			}
			formTime += time.Since(formStart)
		}
	}
	t.Logf("%d pages over %d roles in %s (browser), of which %d forms submitted empty in %s", pages, len(matrixRoles),
		time.Since(start).Round(time.Second), len(formsDone), formTime.Round(time.Second))
	forms := slices.Sorted(maps.Keys(formsDone))
	t.Logf("forms submitted empty (page, then where the form posts):\n  %s", strings.Join(forms, "\n  "))

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

// extraPages are the pages the matrix cannot aim at, by role, each as its
// route and address: links whose token only a message carries (an
// invitation; the password reset is freshReset's) and a case study shared
// with the network,
// where a coordinator adds it to a collection. It also gives Northbridge a
// university sign-in, so the sign-in page shows that form too.
func extraPages(t *testing.T, app *testkit.App) map[string][][2]string {
	t.Helper()
	ctx := context.Background()
	if _, err := app.Pool.Exec(ctx, `INSERT INTO identity_providers (institution_id, protocol, name, enabled, oidc_flavour, oidc_issuer, oidc_client_id, oidc_secret_ref)
		SELECT id, 'oidc', 'Northbridge University account', true, 'generic', 'https://login.northbridge.example', 'belonging', 'env:SSO_SECRET_NORTHBRIDGE' FROM institutions WHERE slug = 'northbridge'`); err != nil {
		t.Fatal(err)
	}
	admin := app.Client()
	admin.SignIn("admin@northbridge.ac.uk", testkit.DemoPassword)
	if resp := admin.Post(paths.Invite, url.Values{"email": {"everypage.person@northbridge.ac.uk"}, "role": {"member"},
		"programme": {strconv.FormatInt(testkit.Scalar[int64](t, app, `SELECT min(id) FROM programmes WHERE code = 'C100'`), 10)}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("invite = %d: %s", resp.StatusCode, testkit.FormErrors(resp))
	}
	salt := testkit.Scalar[[]byte](t, app, `SELECT link_salt FROM invitations WHERE email = 'everypage.person@northbridge.ac.uk'`)
	shared := testkit.Scalar[int64](t, app, `SELECT min(case_study_id) FROM case_study_publications WHERE visibility = 'network'`)
	return map[string][][2]string{
		"anon": {
			{"/invitations/{token} (real)", paths.Invitation(people.InvitationToken(app.Config.SigningKey, salt))},
		},
		"coordinator": {{"/case-studies/{id} (network)", paths.CaseStudyByID(shared)}},
	}
}

// freshReset issues a password reset link for the module leader. Anonymous
// pages are read last, perhaps more than ResetLifetime after the run began
// on a loaded machine, so the link is made just before its page is read.
func freshReset(t *testing.T, app *testkit.App) string {
	t.Helper()
	ctx := context.Background()
	var reset string
	if err := store.InTx(ctx, app.Pool, func(q *store.Queries) error {
		var err error
		_, reset, err = account.IssueReset(ctx, q, app.Config.SigningKey, testkit.Scalar[int64](t, app, `SELECT id FROM users WHERE email = $1`, "leader@northbridge.ac.uk"), nil)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return reset
}

// unlabelled lists the shown fields that have no label of their own: axe
// takes a placeholder for a field's name, but a placeholder vanishes as
// soon as someone types.
const unlabelled = `[...document.querySelectorAll("input:not([type=hidden], [type=submit], [type=button], [type=reset], [type=image]), select, textarea")].
	filter(e => e.getClientRects().length > 0 && e.labels.length === 0 && !e.hasAttribute("aria-label") && !e.hasAttribute("aria-labelledby")).
	map(e => e.outerHTML.slice(0, 100))`

// pageForm is one form of a page: its place in document.forms and where it
// posts to.
type pageForm struct {
	Index  int    `json:"index"`
	Action string `json:"action"`
}

// fillableForms lists the page's forms a person fills in: posted, with at
// least one field to type in or choose from (text of any kind, a text area,
// a drop-down list or a file). Forms of buttons alone (sign out, delete,
// archive, move up) and of ticks and radio buttons alone (a choice that has
// a default) are actions, not forms to fill in. A form whose every field
// is optional by design (a note that may be cleared, a review comment an
// approval does not need) says so with data-empty-ok.
const fillableForms = `[...document.forms].map((f, index) => ({index, action: f.getAttribute("action") || location.pathname,
	fill: (f.getAttribute("method") || "").toLowerCase() === "post" && !f.hasAttribute("data-empty-ok") &&
		[...f.elements].some(e => e.matches("textarea, select, input:not([type=hidden], [type=checkbox], [type=radio], [type=submit], [type=button], [type=reset], [type=image])"))
})).filter(f => f.fill).map(({index, action}) => ({index, action}))`

// emptyResult is what the page after an empty submit shows.
type emptyResult struct {
	Summary  bool     `json:"summary"`
	Focused  bool     `json:"focused"`
	Broken   []string `json:"broken"`
	Unlinked []string `json:"unlinked"`
}

// checkEmptySubmit empties every field of one form of the open page (text
// cleared, nothing chosen, nothing ticked), turns off the browser's own
// validation, as an older browser or a script-blocking one would not do it,
// submits it with its first button and wants 422 with focus on an error
// summary whose links each lead to a field shown on the page (not folded
// away), and a link there for every field that shows an error.
func checkEmptySubmit(t *testing.T, b *testkit.Browser, role, path string, f pageForm) {
	t.Helper()
	status := b.SubmitByScript(fmt.Sprintf(`(() => {
		const f = document.forms[%d];
		for (const e of f.elements) {
			if (e.matches("input[type=checkbox], input[type=radio]")) e.checked = false;
			else if (e.tagName === "SELECT") e.selectedIndex = -1;
			else if (e.matches("textarea, input:not([type=hidden], [type=submit], [type=button], [type=reset], [type=image])")) e.value = "";
		}
		f.noValidate = true;
		f.requestSubmit(f.querySelector("button:not([type]), button[type=submit], input[type=submit]") || undefined);
		return true;
	})()`, f.Index))
	where := fmt.Sprintf("%s: the form posting to %s on %s, submitted empty,", role, f.Action, path)
	if status != http.StatusUnprocessableEntity {
		t.Errorf("%s answered %d (now at %s), want 422", where, status, b.Location())
		return
	}
	var got emptyResult
	// The browser moves focus to the autofocus summary as it next renders
	// the page, which may come just after the load event.
	for range 30 {
		got = testkit.Eval[emptyResult](t, b, `(() => {
			const s = document.querySelector("[data-testid=error-summary]");
			if (!s) return {summary: false, focused: false, broken: [], unlinked: []};
			const links = [...s.querySelectorAll("a[href^='#']")].map(a => decodeURIComponent(a.getAttribute("href").slice(1)));
			return {summary: true, focused: document.activeElement === s,
				broken: links.filter(id => { const e = document.getElementById(id); return !e?.matches("input, select, textarea, fieldset") || e.getClientRects().length === 0; }),
				unlinked: [...document.querySelectorAll(".field__error[id$='-error']")].map(e => e.id.slice(0, -6)).filter(id => !links.includes(id))};
		})()`)
		if got.Focused || !got.Summary {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	switch {
	case !got.Summary:
		t.Errorf("%s shows no error summary", where)
	case !got.Focused:
		t.Errorf("%s leaves focus on %s, want the error summary", where, testkit.Eval[string](t, b, `document.activeElement.outerHTML.slice(0, 80)`))
	}
	if len(got.Broken) > 0 {
		t.Errorf("%s has error summary links to no field shown on the page: %q", where, got.Broken)
	}
	if len(got.Unlinked) > 0 {
		t.Errorf("%s shows errors at fields the error summary does not link to: %q", where, got.Unlinked)
	}
}
