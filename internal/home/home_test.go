package home_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"belonging/internal/acyear"
	"belonging/internal/home"
	"belonging/internal/reqctx"
	"belonging/internal/seed"
	"belonging/internal/store"
	"belonging/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// The dashboard lists a person's coming sessions, their past sessions
// with no outcome, and their draft ideas, and nothing of programmes they
// do not look after.
func TestDashboardLists(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	ctx := context.Background()
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := app.Pool.Exec(ctx, sql, args...); err != nil {
			t.Fatalf("%v\n%s", err, sql)
		}
	}
	// Three activities: two in the director's programme, one in another
	// programme of the same institution they have no role in.
	exec(`
		WITH director AS (SELECT id FROM users WHERE email = 'director@northbridge.ac.uk'),
		     own AS (SELECT programme_id AS id FROM memberships WHERE user_id = (SELECT id FROM director) AND role = 'director' LIMIT 1),
		     other AS (SELECT p.id FROM programmes p JOIN institutions i ON i.id = p.institution_id
		               WHERE i.slug = 'northbridge' AND p.id NOT IN (SELECT programme_id FROM memberships WHERE user_id = (SELECT id FROM director) AND programme_id IS NOT NULL) LIMIT 1),
		     acts AS (
		        INSERT INTO activities (institution_id, programme_id, academic_year, title, kind, stage, dimensions, placement, level, status, created_by)
		        SELECT i.id, x.programme, $1, x.title, 'social', 'term_1', '{peers}', 'co_curricular', 'programme', x.status, (SELECT id FROM director)
		        FROM institutions i, (VALUES ((SELECT id FROM own), 'Dashboard quiz night', 'scheduled'),
		                                     ((SELECT id FROM own), 'Dashboard idea: allotment', 'idea'),
		                                     ((SELECT id FROM other), 'Someone else''s picnic', 'scheduled')) AS x (programme, title, status)
		        WHERE i.slug = 'northbridge'
		        RETURNING id, institution_id, title)
		INSERT INTO activity_sessions (institution_id, activity_id, session_date, location)
		SELECT institution_id, id, current_date + d, 'Room ' || d FROM acts, (VALUES (3), (-5)) AS s (d)
		WHERE title <> 'Dashboard idea: allotment'`, seed.CurrentYear())

	c := app.Client()
	c.SignIn("director@northbridge.ac.uk", testkit.DemoPassword)
	doc := c.Get("/").Doc()
	section := func(id string) string { return doc.Find("[data-testid=" + id + "]").Text() }
	if got := section("upcoming"); !strings.Contains(got, "Dashboard quiz night") {
		t.Errorf("Coming up does not list the session in three days:\n%s", got)
	}
	if got := section("awaiting"); !strings.Contains(got, "Dashboard quiz night") {
		t.Errorf("Waiting for an outcome does not list the session five days ago:\n%s", got)
	}
	if got := section("drafts"); !strings.Contains(got, "Dashboard idea: allotment") {
		t.Errorf("drafts do not list the idea:\n%s", got)
	}
	if strings.Contains(doc.Text(), "Someone else's picnic") {
		t.Error("the dashboard lists an activity of a programme the director has no role in")
	}

	// An outcome for the past session takes it off the waiting list.
	exec(`INSERT INTO outcomes (institution_id, activity_id, session_id, outcome_date, attendance, invited)
		SELECT s.institution_id, s.activity_id, s.id, s.session_date, 30, 60 FROM activity_sessions s JOIN activities a ON a.id = s.activity_id
		WHERE a.title = 'Dashboard quiz night' AND s.session_date < current_date`)
	if got := c.Get("/").Doc().Find("[data-testid=awaiting]").Text(); strings.Contains(got, "Dashboard quiz night") {
		t.Errorf("a session with an outcome is still waiting for one:\n%s", got)
	}
}

// Between midnight and 1 am in a British summer, the UK is already on the
// next day while UTC is not: the dashboard counts days in the UK, so a
// session of the day before is over and waits for its outcome.
func TestDashboardTodayIsTheUKDate(t *testing.T) {
	t.Parallel()
	pool, _ := testkit.Pool(t, testkit.SeededDB(t))
	q, ctx := store.New(pool), context.Background()
	var director int64
	if err := pool.QueryRow(ctx, `SELECT id FROM users WHERE email = 'director@northbridge.ac.uk'`).Scan(&director); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `
		WITH act AS (
			INSERT INTO activities (institution_id, programme_id, academic_year, title, kind, stage, dimensions, placement, level, status, lead_id)
			SELECT m.institution_id, m.programme_id, 2025, 'Midsummer walk', 'social', 'term_3', '{peers}', 'co_curricular', 'programme', 'scheduled', m.user_id
			FROM memberships m WHERE m.user_id = $1 AND m.role = 'director' LIMIT 1
			RETURNING id, institution_id)
		INSERT INTO activity_sessions (institution_id, activity_id, session_date) SELECT institution_id, id, '2026-06-14' FROM act`, director); err != nil {
		t.Fatal(err)
	}
	row, err := q.GetSessionUser(ctx, director)
	if err != nil {
		t.Fatal(err)
	}
	u := &reqctx.User{ID: row.ID, Name: row.Name, InstitutionName: row.InstitutionName, YearStartMonth: int(row.YearStartMonth)}
	if row.InstitutionID != nil {
		u.InstitutionID = *row.InstitutionID
	}
	if err := json.Unmarshal(row.Memberships, &u.Memberships); err != nil {
		t.Fatal(err)
	}

	// 00:30 on 15 June in London is 23:30 on 14 June in UTC.
	h := &home.Handler{Pool: pool, Queries: q, Now: func() time.Time { return time.Date(2026, 6, 15, 0, 30, 0, 0, acyear.London) }}
	rec := httptest.NewRecorder()
	h.Home(rec, httptest.NewRequest(http.MethodGet, "/", nil).WithContext(reqctx.WithUser(ctx, u)))
	if rec.Code != http.StatusOK {
		t.Fatalf("Home = %d, want 200", rec.Code)
	}
	doc, err := goquery.NewDocumentFromReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Find("[data-testid=upcoming]").Text(); strings.Contains(got, "Midsummer walk") {
		t.Errorf("Coming up at 00:30 on 15 June lists the session of 14 June:\n%s", got)
	}
	if got := doc.Find("[data-testid=awaiting]").Text(); !strings.Contains(got, "Midsummer walk") {
		t.Errorf("Waiting for an outcome at 00:30 on 15 June does not list the session of 14 June:\n%s", got)
	}
}
