package home_test

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"belonging/internal/testkit"
)

// section returns the text of the home's part marked data-testid=id, and
// whether the page has it.
func section(doc *goquery.Document, id string) (string, bool) {
	s := doc.Find("[data-testid=" + id + "]")
	return strings.Join(strings.Fields(s.Text()), " "), s.Length() > 0
}

func mustShow(t *testing.T, doc *goquery.Document, id string, want ...string) {
	t.Helper()
	got, ok := section(doc, id)
	if !ok {
		t.Errorf("the home has no %s section", id)
		return
	}
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("section %s = %q, want it to contain %q", id, got, w)
		}
	}
}

func mustNotShow(t *testing.T, doc *goquery.Document, id string, unwanted ...string) {
	t.Helper()
	got, _ := section(doc, id)
	for _, w := range unwanted {
		if strings.Contains(got, w) {
			t.Errorf("section %s = %q, want no %q", id, got, w)
		}
	}
}

func mustLack(t *testing.T, doc *goquery.Document, ids ...string) {
	t.Helper()
	for _, id := range ids {
		if _, ok := section(doc, id); ok {
			t.Errorf("the home has a %s section, want none for this person", id)
		}
	}
}

// An admin's home shows set-up as a checklist, the institution's failed
// jobs, its latest audit entries and what it shares, never another
// institution's jobs or entries; a new institution's admin is told what
// to do first.
func TestAdminHome(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn("admin@northbridge.ac.uk", testkit.DemoPassword)
	doc := c.Get("/").Doc()
	mustShow(t, doc, "home-setup", "Departments", "Programmes", "Modules", "People", "Sign-in", "Notices", "Connect your university accounts")
	mustShow(t, doc, "home-failed", "No background job or email has failed")
	mustShow(t, doc, "home-sharing", "Sharing with the network")
	mustShow(t, doc, "waiting", "Invitations not yet accepted")
	mustLack(t, doc, "home-modules", "home-review", "home-network", "upcoming", "drafts")

	// A failed email of each institution, and an entry in Eastmere's log.
	for _, slug := range []string{"northbridge", "eastmere"} {
		testkit.Exec(t, app, `
			INSERT INTO river_job (args, kind, max_attempts, metadata, queue, state, attempt, attempted_at, finalized_at, errors)
			SELECT '{}', 'invitation_mail', 12, jsonb_build_object('institution_id', i.id), 'mail', 'discarded', 12, now(), now(),
			       ARRAY[jsonb_build_object('at', now(), 'attempt', 12, 'error', 'refused at ' || i.slug, 'trace', '')]
			FROM institutions i WHERE i.slug = $1`, slug)
	}
	testkit.Exec(t, app, `INSERT INTO audit_log (institution_id, action, entity, entity_id)
		SELECT id, 'eastmere_secret', 'programme', 1 FROM institutions WHERE slug = 'eastmere'`)
	testkit.Exec(t, app, `INSERT INTO audit_log (institution_id, action, entity, entity_id)
		SELECT id, 'renamed', 'northbridge_thing', 7 FROM institutions WHERE slug = 'northbridge'`)
	doc = c.Get("/").Doc()
	mustShow(t, doc, "home-failed", "invitation mail", "refused at northbridge", "See all 1")
	mustNotShow(t, doc, "home-failed", "refused at eastmere")
	mustShow(t, doc, "home-audit", "System: renamed northbridge thing 7")
	mustNotShow(t, doc, "home-audit", "eastmere secret")

	// A new institution: nothing set up, nothing logged, nothing shared.
	testkit.Exec(t, app, `
		WITH i AS (INSERT INTO institutions (slug, name, kind) VALUES ('fenwick', 'Fenwick College', 'college') RETURNING id),
		     u AS (INSERT INTO users (institution_id, email, name, password_hash)
		           SELECT i.id, 'admin@fenwick.ac.uk', 'Ada Fenwick', x.password_hash FROM i, users x WHERE x.email = 'admin@northbridge.ac.uk' RETURNING id, institution_id)
		INSERT INTO memberships (institution_id, user_id, role) SELECT institution_id, id, 'admin' FROM u`)
	fresh := app.Client()
	fresh.SignIn("admin@fenwick.ac.uk", testkit.DemoPassword)
	doc = fresh.Get("/").Doc()
	mustShow(t, doc, "home-setup", "Setting up: 0 of 6 done", "None yet.", "Add your departments (schools)", "1 person, 0 invitations",
		"Invite directors, module leaders and their teams", "Review the accessibility statement")
	mustShow(t, doc, "home-failed", "No background job or email has failed")
	mustShow(t, doc, "home-audit", "Nothing has changed yet")
	mustShow(t, doc, "home-sharing", "Not shared", "0 case studies")
	if href, _ := doc.Find("[data-testid=home-setup] a").First().Attr("href"); href != "/admin/departments/new" {
		t.Errorf("the first step's link = %q, want /admin/departments/new", href)
	}
}

// A module leader's home shows each module they lead with its coming
// sessions and the past sessions waiting for an outcome, not those of
// modules they do not lead; an outcome takes a session off.
func TestModuleLeaderHome(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	module := testkit.Scalar[int64](t, app, `SELECT m.module_id FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE u.email = 'leader@northbridge.ac.uk' AND m.role = 'module_leader' ORDER BY m.module_id LIMIT 1`)
	other := testkit.Scalar[int64](t, app, `SELECT m.id FROM modules m JOIN institutions i ON i.id = m.institution_id
		WHERE i.slug = 'northbridge' AND m.id NOT IN (SELECT module_id FROM memberships ms JOIN users u ON u.id = ms.user_id
		WHERE u.email = 'leader@northbridge.ac.uk' AND module_id IS NOT NULL) ORDER BY m.id LIMIT 1`)
	testkit.Exec(t, app, `
		WITH acts AS (
			INSERT INTO activities (institution_id, programme_id, module_id, academic_year, title, kind, stage, dimensions, placement, level, status)
			SELECT m.institution_id, pm.programme_id, m.id, extract(year FROM current_date)::int, x.title, 'social', 'term_1', '{peers}', 'curricular', 'module', 'scheduled'
			FROM (VALUES ($1::bigint, 'Lab buddies lunch'), ($2::bigint, 'Not my module social')) AS x (module, title)
			JOIN modules m ON m.id = x.module
			JOIN LATERAL (SELECT programme_id FROM programme_modules WHERE module_id = m.id LIMIT 1) pm ON true
			RETURNING id, institution_id)
		INSERT INTO activity_sessions (institution_id, activity_id, session_date)
		SELECT institution_id, id, current_date + d FROM acts, (VALUES (4), (-6)) AS s (d)`, module, other)
	c := app.Client()
	c.SignIn("leader@northbridge.ac.uk", testkit.DemoPassword)
	doc := c.Get("/").Doc()
	mustShow(t, doc, "home-modules", "Next sessions", "Lab buddies lunch", "Record the outcome of Lab buddies lunch")
	mustNotShow(t, doc, "home-modules", "Not my module social")
	mustLack(t, doc, "home-admin", "home-review", "home-network")
	mustShow(t, doc, "upcoming") // the dashboard a module leader shares with directors

	testkit.Exec(t, app, `INSERT INTO outcomes (institution_id, activity_id, session_id, outcome_date, attendance, invited)
		SELECT s.institution_id, s.activity_id, s.id, s.session_date, 20, 40 FROM activity_sessions s JOIN activities a ON a.id = s.activity_id
		WHERE a.title = 'Lab buddies lunch' AND s.session_date < current_date`)
	doc = c.Get("/").Doc()
	mustNotShow(t, doc, "home-modules", "Record the outcome of Lab buddies lunch")
}

// A viewer's home lists the programmes of the department they review with
// the year's coverage gaps and evidence, and nothing of other departments
// or institutions; a viewer of a department without programmes is told
// what to do.
func TestReviewerHome(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn("viewer@northbridge.ac.uk", testkit.DemoPassword)
	doc := c.Get("/").Doc()
	mustShow(t, doc, "home-review", "School of Biosciences", "C100", "Coverage gaps", "of 56", "Type 3")
	mustNotShow(t, doc, "home-review", "V100", "History")
	mustLack(t, doc, "home-admin", "home-modules", "home-network", "upcoming", "drafts")
	if href, _ := doc.Find("[data-testid=home-review] h3 a").First().Attr("href"); !strings.HasPrefix(href, "/reports/departments/") {
		t.Errorf("the department's link = %q, want its report", href)
	}
	rows := doc.Find("[data-testid=home-review] tbody tr").Length()
	want := testkit.Scalar[int64](t, app, `SELECT count(*) FROM programmes p JOIN departments d ON d.id = p.department_id
		WHERE d.name = 'School of Biosciences' AND p.archived_at IS NULL`)
	if int64(rows) != want {
		t.Errorf("programmes listed = %d, want the department's %d", rows, want)
	}

	testkit.Exec(t, app, `
		WITH d AS (INSERT INTO departments (institution_id, name) SELECT id, 'School of Music' FROM institutions WHERE slug = 'northbridge' RETURNING id, institution_id),
		     u AS (INSERT INTO users (institution_id, email, name, password_hash)
		           SELECT d.institution_id, 'music.viewer@northbridge.ac.uk', 'Mo Viewer', x.password_hash FROM d, users x WHERE x.email = 'viewer@northbridge.ac.uk' RETURNING id, institution_id)
		INSERT INTO memberships (institution_id, user_id, role, department_id) SELECT u.institution_id, u.id, 'viewer', d.id FROM u, d`)
	music := app.Client()
	music.SignIn("music.viewer@northbridge.ac.uk", testkit.DemoPassword)
	mustShow(t, music.Get("/").Doc(), "home-review", "You review no programmes yet", "browse the programmes you can see")
}

// A coordinator's home lists the network's case studies new since their
// last visit (the latest on a first visit), never one shared only within
// an institution; a reload within the hour keeps the list; their
// collections, the network's figures and the most kept case studies.
func TestCoordinatorHome(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	network := testkit.Scalar[string](t, app, `SELECT title FROM case_study_publications WHERE visibility = 'network' ORDER BY case_study_id LIMIT 1`)
	internal := testkit.Scalar[string](t, app, `SELECT title FROM case_study_publications WHERE visibility = 'institution' ORDER BY case_study_id LIMIT 1`)
	testkit.Exec(t, app, `UPDATE case_study_publications SET published_at = now() - interval '2 days'`)
	testkit.Exec(t, app, `UPDATE case_study_publications SET published_at = now() - interval '1 day' WHERE title IN ($1, $2)`, network, internal)
	c := app.Client()
	c.SignIn("coordinator@belonging.network", testkit.DemoPassword)
	doc := c.Get("/").Doc()
	mustShow(t, doc, "home-news", "Latest case studies", network)
	mustNotShow(t, doc, "home-news", internal)
	mustShow(t, doc, "home-collections", "Start a collection")
	mustShow(t, doc, "home-kept", "Reads are not counted")
	mustShow(t, doc, "home-network", "Case studies shared", "Institutions in the network report")
	mustLack(t, doc, "home-admin", "home-modules", "home-review", "waiting")

	// A reload within the hour is the same visit.
	mustShow(t, c.Get("/").Doc(), "home-news", "Latest case studies")

	// Two hours later, with one network case study shared an hour ago.
	testkit.Exec(t, app, `UPDATE home_visits SET seen_at = now() - interval '2 hours'`)
	testkit.Exec(t, app, `UPDATE case_study_publications SET published_at = now() - interval '1 hour' WHERE title IN ($1, $2)`, network, internal)
	testkit.Exec(t, app, `
		WITH col AS (INSERT INTO collections (owner_id, title) SELECT id, 'Commuter reading' FROM users WHERE email = 'coordinator@belonging.network' RETURNING id)
		INSERT INTO collection_items (collection_id, case_study_id, position) SELECT col.id, p.case_study_id, 1 FROM col, case_study_publications p WHERE p.title = $1`, network)
	doc = c.Get("/").Doc()
	mustShow(t, doc, "home-news", "New since your last visit", network)
	mustNotShow(t, doc, "home-news", internal)
	if n := doc.Find("[data-testid=home-news] li").Length(); n != 1 {
		t.Errorf("new case studies listed = %d, want 1", n)
	}
	mustShow(t, doc, "home-collections", "Commuter reading", "1 case study")
	mustShow(t, doc, "home-kept", network, "kept once")
}

// A person with several roles sees each role's section, the director's
// dashboard first, and the waiting panel above them all.
func TestSeveralRolesHome(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	testkit.Exec(t, app, `
		INSERT INTO memberships (institution_id, user_id, role, department_id)
		SELECT u.institution_id, u.id, x.role, CASE WHEN x.role = 'viewer' THEN d.id END
		FROM users u JOIN departments d ON d.institution_id = u.institution_id AND d.name = 'School of Biosciences',
		     (VALUES ('admin'), ('viewer')) AS x (role)
		WHERE u.email = 'director@northbridge.ac.uk'`)
	c := app.Client()
	c.SignIn("director@northbridge.ac.uk", testkit.DemoPassword)
	var order []string
	c.Get("/").Doc().Find("[data-testid=waiting], [data-testid=upcoming], [data-testid=home-modules], [data-testid=home-review], [data-testid=home-admin], [data-testid=home-network]").
		Each(func(_ int, s *goquery.Selection) { order = append(order, s.AttrOr("data-testid", "")) })
	if diff := cmp.Diff([]string{"waiting", "upcoming", "home-review", "home-admin"}, order); diff != "" {
		t.Errorf("the sections of a director who is also a viewer and an admin differ (-want +got):\n%s", diff)
	}
}
