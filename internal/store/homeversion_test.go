package store_test

import (
	"context"
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"belonging/internal/acyear"
	"belonging/internal/store"
	"belonging/internal/testkit"
)

// homePerson is a person whose home the test reads, with what the Home
// query is read for.
type homePerson struct {
	Email      string
	ID         int64
	Programmes []int64
	Modules    []int64
	Admin      bool
}

// TestHomeVersionFollowsEveryWriteHomeShows holds migration 000300's
// triggers to what internal/home keeps by a home's version: every table
// the Home query reads has a trigger raising home versions, and after each
// of a series of writes to them (sessions due, recorded and to come,
// activities renamed, moved into a module, given a lead, a team member,
// started as ideas and archived, case studies sent for review, a
// programme's code, surveys and invitations), every home of the
// institution that changed has a new version, and the version the kept
// home's check reads is the one the Home query gave. A write that changes
// no home is not a test: each must change one.
func TestHomeVersionFollowsEveryWriteHomeShows(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool, _ := testkit.Pool(t, testkit.SeededDB(t))
	now := time.Now().Truncate(time.Minute)
	today := acyear.DateOf(now)
	const inst = 1

	rows, err := pool.Query(ctx, `
		SELECT u.email, u.id,
		       coalesce(array_agg(m.programme_id ORDER BY m.id) FILTER (WHERE m.role = 'director'), '{}'),
		       coalesce(array_agg(m.module_id ORDER BY m.id) FILTER (WHERE m.role = 'module_leader'), '{}'),
		       bool_or(m.role = 'admin')
		FROM users u JOIN memberships m ON m.user_id = u.id
		WHERE u.institution_id = $1 AND m.role <> 'partner'
		GROUP BY u.id ORDER BY u.id`, inst)
	if err != nil {
		t.Fatal(err)
	}
	people, err := pgx.CollectRows(rows, pgx.RowToStructByPos[homePerson])
	if err != nil {
		t.Fatal(err)
	}
	byEmail := map[string]homePerson{}
	for _, p := range people {
		byEmail[p.Email] = p
	}
	director, member, leader, other := byEmail["director@northbridge.ac.uk"], byEmail["member@northbridge.ac.uk"],
		byEmail["leader@northbridge.ac.uk"], byEmail["l.barker@northbridge.ac.uk"]
	if len(director.Programmes) == 0 || len(leader.Modules) == 0 || len(other.Programmes) == 0 || member.ID == 0 || !byEmail["admin@northbridge.ac.uk"].Admin {
		t.Fatalf("the demo's people are not as this test expects: %+v", people)
	}
	params := func(p homePerson) store.HomeParams {
		return store.HomeParams{InstitutionID: inst, UserID: p.ID, ProgrammeIds: p.Programmes, ModuleIds: p.Modules, IsAdmin: p.Admin,
			Today: today, DueFrom: today.AddDate(0, 0, -56), UpcomingTo: today.AddDate(0, 0, 21), Now: now, ClosingBy: now.Add(7 * 24 * time.Hour)}
	}
	q := store.New(pool)
	type home struct {
		rows       []store.HomeRow
		version    int64
		programmes []int64
	}
	check := func(p homePerson, programmes []int64) int64 {
		t.Helper()
		v, err := q.HomeVersion(ctx, store.HomeVersionParams{InstitutionID: inst, UserID: p.ID, ProgrammeIds: programmes,
			ModuleIds: p.Modules, IsAdmin: p.Admin})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	read := func(p homePerson) home {
		t.Helper()
		rows, err := q.Home(ctx, params(p))
		if err != nil {
			t.Fatal(err)
		}
		last := rows[len(rows)-1]
		if last.List != "version" {
			t.Fatalf("the Home query's last row is %q, not its version", last.List)
		}
		if checked := check(p, last.ProgrammeIds); checked != last.Total {
			t.Errorf("%s: HomeVersion reads %d, the Home query gave %d", p.Email, checked, last.Total)
		}
		return home{rows[:len(rows)-1], last.Total, last.ProgrammeIds}
	}

	// The Home query's tables, as PostgreSQL plans it, each raise home
	// versions.
	rec := &recorder{pool: pool}
	if _, err := store.New(rec).Home(ctx, params(director)); err != nil {
		t.Fatal(err)
	}
	planned := tablesRead(t, pool, rec.stmts)
	watched := triggered(t, pool, "%raise%home_versions")
	tables := slices.Sorted(maps.Keys(planned))
	if len(tables) < 6 {
		t.Fatalf("the Home query reads only %v: its plan was not walked", tables)
	}
	for _, table := range tables {
		if table != "home_versions" && !slices.Contains(watched, table) {
			t.Errorf("the Home query reads %s, which has no trigger raising home versions", table)
		}
	}

	// A write to each, and what it should change.
	var a1, a2, survey int64
	if err := pool.QueryRow(ctx, `
		SELECT (SELECT min(id) FROM activities WHERE programme_id = $1 AND archived_at IS NULL),
		       (SELECT min(id) FROM activities WHERE programme_id = $2 AND archived_at IS NULL AND (module_id IS NULL OR module_id <> $3)),
		       (SELECT min(id) FROM surveys WHERE institution_id = $4 AND phase = 'single' AND audience = 'students')`,
		director.Programmes[0], other.Programmes[0], leader.Modules[0], inst).Scan(&a1, &a2, &survey); err != nil {
		t.Fatal(err)
	}
	args := pgx.NamedArgs{"today": today, "a1": a1, "a2": a2, "member": member.ID, "director": director.ID,
		"module": leader.Modules[0], "programme": director.Programmes[0], "survey": survey}
	writes := []struct{ what, sql string }{
		{"a session yesterday (due)", `INSERT INTO activity_sessions (institution_id, activity_id, session_date) SELECT institution_id, id, @today::date - 1 FROM activities WHERE id = @a1`},
		{"its outcome recorded", `INSERT INTO outcomes (institution_id, activity_id, session_id, outcome_date) SELECT institution_id, activity_id, id, session_date FROM activity_sessions WHERE activity_id = @a1 AND session_date = @today::date - 1`},
		{"the outcome deleted", `DELETE FROM outcomes WHERE activity_id = @a1 AND outcome_date = @today::date - 1`},
		{"an outcome recorded by its day", `INSERT INTO outcomes (institution_id, activity_id, outcome_date) SELECT institution_id, id, @today::date - 1 FROM activities WHERE id = @a1`},
		{"the outcome's day changed", `UPDATE outcomes SET outcome_date = @today::date - 30 WHERE activity_id = @a1 AND outcome_date = @today::date - 1`},
		{"a session tomorrow", `INSERT INTO activity_sessions (institution_id, activity_id, session_date) SELECT institution_id, id, @today::date + 1 FROM activities WHERE id = @a1`},
		{"the session moved a day", `UPDATE activity_sessions SET session_date = session_date + 1 WHERE activity_id = @a1 AND session_date = @today::date + 1`},
		{"the activity renamed", `UPDATE activities SET title = title || ' (renamed)' WHERE id = @a1`},
		{"another programme's session", `INSERT INTO activity_sessions (institution_id, activity_id, session_date) SELECT institution_id, id, @today::date + 3 FROM activities WHERE id = @a2`},
		{"a member on its team", `INSERT INTO activity_team (activity_id, user_id) VALUES (@a2, @member)`},
		{"the activity moved into a led module", `UPDATE activities SET module_id = @module WHERE id = @a2`},
		{"the activity given a lead", `UPDATE activities SET lead_id = @director WHERE id = @a2`},
		{"the member off its team", `DELETE FROM activity_team WHERE activity_id = @a2 AND user_id = @member`},
		{"an idea started", `INSERT INTO activities (institution_id, programme_id, academic_year, title, kind, stage, dimensions, placement, level, status, created_by)
			SELECT institution_id, programme_id, academic_year, 'Allotment swap', kind, stage, dimensions, placement, level, 'idea', @member FROM activities WHERE id = @a2`},
		{"another idea", `INSERT INTO activities (institution_id, programme_id, academic_year, title, kind, stage, dimensions, placement, level, status, lead_id)
			SELECT institution_id, programme_id, academic_year, 'Seed library', kind, stage, dimensions, placement, level, 'idea', @member FROM activities WHERE id = @a1`},
		{"the first idea planned", `UPDATE activities SET status = 'planned' WHERE title = 'Allotment swap' AND created_by = @member`},
		{"the other idea deleted", `DELETE FROM activities WHERE title = 'Seed library' AND lead_id = @member`},
		{"a case study sent for review", `UPDATE case_studies SET review_state = 'pending', updated_at = now()
			WHERE id = (SELECT min(id) FROM case_studies WHERE programme_id = @programme AND review_state <> 'pending' AND author_id <> @director AND archived_at IS NULL)`},
		{"the programme's code", `UPDATE programmes SET code = code || 'X' WHERE id = @programme`},
		{"the activity archived", `UPDATE activities SET archived_at = now() WHERE id = @a1`},
		{"a survey closing in three days", `INSERT INTO surveys (institution_id, programme_id, instrument_id, title, token, answered_key, opens_at, closes_at, created_by)
			SELECT institution_id, programme_id, instrument_id, 'Allotment pulse', 'allotment-pulse-token-0001', answered_key, now() - interval '1 day', now() + interval '3 days', @director
			FROM surveys WHERE id = @survey`},
		{"its closing put back a day", `UPDATE surveys SET closes_at = closes_at + interval '1 day' WHERE token = 'allotment-pulse-token-0001'`},
		{"an invitation sent", `INSERT INTO invitations (institution_id, email, role, token_hash, invited_by, expires_at, link_salt)
			SELECT institution_id, 'allotments@northbridge.ac.uk', 'member', 'allotment-invitation-hash', @director, now() + interval '10 days', decode(repeat('ab', 32), 'hex') FROM users WHERE id = @director`},
		{"the invitation revoked", `UPDATE invitations SET revoked_at = now() WHERE token_hash = 'allotment-invitation-hash'`},
		{"another programme's session deleted", `DELETE FROM activity_sessions WHERE activity_id = @a2 AND session_date = @today::date + 3`},
	}
	before := map[int64]home{}
	for _, p := range people {
		before[p.ID] = read(p)
	}
	for _, w := range writes {
		tag, err := pool.Exec(ctx, w.sql, args)
		if err != nil {
			t.Fatalf("%s: %v", w.what, err)
		}
		if tag.RowsAffected() == 0 {
			t.Fatalf("%s changed no row", w.what)
		}
		changed := 0
		for _, p := range people {
			// A kept home is checked at the programmes it was read
			// over.
			was, checked, is := before[p.ID], check(p, before[p.ID].programmes), read(p)
			if !reflect.DeepEqual(was.rows, is.rows) {
				changed++
				if checked == was.version {
					t.Errorf("after %s, %s's home changed but its kept version still reads %d", w.what, p.Email, checked)
				}
			}
			before[p.ID] = is
		}
		if changed == 0 {
			t.Errorf("%s changed no home: it tries nothing here", w.what)
		}
	}

	// A survey's tallies change with every response, a programme's other
	// fields and an outcome's words with every edit: none is on a home.
	for _, stmt := range []string{
		`UPDATE surveys SET tallied_responses = tallied_responses + 1 WHERE token = 'allotment-pulse-token-0001'`,
		`UPDATE programmes SET title = title || ' (renamed)' WHERE id = @programme`,
		`UPDATE outcomes SET what_worked = 'The allotment' WHERE activity_id = @a1`,
	} {
		if _, err := pool.Exec(ctx, stmt, args); err != nil {
			t.Fatal(err)
		}
		for _, p := range people {
			if checked := check(p, before[p.ID].programmes); checked != before[p.ID].version {
				t.Errorf("%s raised %s's home version", stmt, p.Email)
			}
		}
	}
}

// Two people writing in the same programme at once take its home version
// first, then the people's, so neither holds what the other waits for:
// here one adds a session to an activity and then a colleague to its team,
// while another adds the same colleague to the team of another activity
// of the programme. Taken in name order (person before programme), the
// second held the colleague's version and waited for the programme's,
// which the first held while it waited for the colleague's: a deadlock,
// one of them refused.
func TestHomeVersionsTakenProgrammeFirst(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool, _ := testkit.Pool(t, testkit.SeededDB(t))
	var x, y, colleague int64
	if err := pool.QueryRow(ctx, `
		SELECT min(a.id), max(a.id), (SELECT id FROM users WHERE email = 'viewer@northbridge.ac.uk')
		FROM activities a WHERE a.programme_id = (SELECT id FROM programmes WHERE code = 'C100') AND a.archived_at IS NULL`).Scan(&x, &y, &colleague); err != nil {
		t.Fatal(err)
	}
	first, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Rollback(ctx)
	if _, err := first.Exec(ctx, `INSERT INTO activity_sessions (institution_id, activity_id, session_date)
		SELECT institution_id, id, make_date(academic_year, 12, 2) FROM activities WHERE id = $1`, x); err != nil {
		t.Fatal(err)
	}
	second := make(chan error, 1)
	go func() {
		_, err := pool.Exec(ctx, `INSERT INTO activity_team (activity_id, user_id) VALUES ($1, $2)`, y, colleague)
		second <- err
	}()
	// The second waits on a lock the first holds before the first goes on.
	for i := 0; ; i++ {
		var waiting int
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting > 0 {
			break
		}
		if i == 500 {
			t.Fatal("the second writer never waited for the first")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := first.Exec(ctx, `INSERT INTO activity_team (activity_id, user_id) VALUES ($1, $2)`, x, colleague); err != nil {
		t.Fatalf("the first writer, adding the colleague to its activity's team: %v", err)
	}
	if err := first.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-second; err != nil {
		t.Fatalf("the second writer, adding the colleague to another activity's team: %v", err)
	}
}
