package report_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"belonging/internal/config"
	"belonging/internal/seed"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

// Reports and the case study library read from a real streaming replica
// while it is within DATABASE_REPLICA_MAX_LAG of the primary, and say how
// old their figures are; a replica that falls further behind (its replay
// paused) or goes away (stopped) sends them to the primary, whose figures
// are current, and no page fails.
func TestReportsAndLibraryReadFromAReplicaWithinTheBound(t *testing.T) {
	t.Parallel()
	direct := testkit.SeededDB(t)
	replica := testkit.StartReplica(t)
	const bound = 4 * time.Second
	app := testkit.NewAppWithDB(t, direct, func(c *config.Config) { c.ReplicaURL, c.ReplicaMaxLag = replica.URL(direct), bound })
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	prog := programmeID(t, app, "C100")
	report := paths.ProgrammeReport(prog, seed.CurrentYear())

	// A title the report shows, and one the library lists: each is
	// renamed on the primary while the replica stands still.
	body := c.Get(report).Text()
	var activity string
	for _, title := range testkit.Scalars[string](t, app, `SELECT title FROM activities WHERE programme_id = $1 ORDER BY id`, prog) {
		if strings.Contains(body, title) {
			activity = title
			break
		}
	}
	if activity == "" {
		t.Fatal("the programme report shows none of the programme's activity titles")
	}
	study := strings.TrimSpace(c.Get(paths.Library).Doc().Find("[data-testid=results] .result__title").First().Text())
	if study == "" {
		t.Fatal("the library lists no case study")
	}

	type seen struct {
		asOf            string
		report, library string
	}
	look := func() seen {
		t.Helper()
		r, l := c.Get(report), c.Get(paths.Library)
		if r.StatusCode != http.StatusOK || l.StatusCode != http.StatusOK {
			t.Fatalf("report = %d, library = %d; want 200 and 200", r.StatusCode, l.StatusCode)
		}
		return seen{asOf: r.Doc().Find("[data-testid=figures-as-of]").Text() + "|" + l.Doc().Find("[data-testid=results-as-of]").Text(),
			report: r.Text(), library: l.Text()}
	}
	fromReplica := func(s seen) bool {
		return strings.HasPrefix(s.asOf, "Figures as of ") && strings.Contains(s.asOf, "|Results as of ")
	}

	// Caught up: both pages read the replica, and say how old it is.
	replica.CatchUp(direct)
	var s seen
	for deadline := time.Now().Add(10 * time.Second); !fromReplica(s); time.Sleep(200 * time.Millisecond) {
		if s = look(); time.Now().After(deadline) {
			t.Fatalf("a caught-up replica was not read: pages say %q", s.asOf)
		}
	}

	// Replay paused, changes on the primary: within the bound the pages
	// still read the replica, without the changes, and say how old.
	replica.Pause()
	testkit.Exec(t, app, `UPDATE activities SET title = 'Renamed while the replica waits' WHERE programme_id = $1 AND title = $2`, prog, activity)
	testkit.Exec(t, app, `UPDATE case_study_publications SET title = 'Retitled while the replica waits' WHERE title = $1`, study)
	paused := time.Now()
	if s = look(); time.Since(paused) >= bound-time.Second {
		t.Logf("the pages took %v to answer after the pause, too near the bound to check they still read the replica", time.Since(paused))
	} else {
		if !fromReplica(s) || strings.Contains(s.report, "Renamed while the replica waits") || strings.Contains(s.library, "Retitled while the replica waits") {
			t.Errorf("just after the replica paused, pages say %q and show the changes %t, %t; want the replica's figures, without them",
				s.asOf, strings.Contains(s.report, "Renamed while"), strings.Contains(s.library, "Retitled while"))
		}
	}

	// Beyond the bound: the primary, with the changes, and no age stated.
	time.Sleep(time.Until(paused.Add(bound + 1500*time.Millisecond)))
	s = look()
	if s.asOf != "|" || !strings.Contains(s.report, "Renamed while the replica waits") || !strings.Contains(s.library, "Retitled while the replica waits") {
		t.Errorf("with the replica paused beyond %v, pages say %q and show the changes %t, %t; want the primary's current figures",
			bound, s.asOf, strings.Contains(s.report, "Renamed while"), strings.Contains(s.library, "Retitled while"))
	}

	// Replay again: back on the replica, now with the changes.
	replica.Resume()
	replica.CatchUp(direct)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		if s = look(); fromReplica(s) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a resumed replica was not read again: pages say %q", s.asOf)
		}
	}
	if !strings.Contains(s.report, "Renamed while the replica waits") {
		t.Error("the caught-up replica's report lacks the change")
	}

	// What a reader sees: the age under the report's period, and under
	// the library's count; both pages stay accessible.
	b := testkit.NewBrowser(t, app)
	b.Viewport(1280, 900)
	b.SignIn(director, testkit.DemoPassword)
	for path, name := range map[string]string{report: "report-from-replica", paths.Library: "library-from-replica"} {
		// The browser's own sign-in wrote to the primary: the page may read
		// it until the replica has replayed that (well within the bound).
		const age = "[data-testid=figures-as-of], [data-testid=results-as-of]"
		for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(300 * time.Millisecond) {
			if status := b.Open(path); status != http.StatusOK {
				t.Fatalf("browser GET %s = %d", path, status)
			}
			nodes, err := chromedp.Run(b.Ctx, chromedp.Nodes(chromedp.CSS(age), chromedp.AtLeast(0)))
			if err != nil {
				t.Fatal(err)
			}
			if len(nodes) > 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s in the browser never said how old its figures are", path)
			}
		}
		if got := b.Text(age); !strings.Contains(got, " as of ") {
			t.Errorf("%s in the browser says %q, want how old its figures are", path, got)
		}
		b.CheckAccessible()
		b.Screenshot(name)
	}

	// Gone: the primary answers, at once and every time after.
	replica.Stop()
	for range 3 {
		if s = look(); s.asOf != "|" || !strings.Contains(s.report, "Renamed while the replica waits") {
			t.Errorf("with the replica stopped, pages say %q; want the primary's figures with no age", s.asOf)
		}
	}
}
