package store_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"belonging/internal/store"
	"belonging/internal/testkit"
)

// TestActivityPageVersionFollowsEveryWrite holds migration 000305's
// triggers to what internal/activity keeps by an activity's page version
// (store.ActivityPageKept): every table those reads plan to read has a
// trigger raising page versions, and after each of a series of writes to
// them (sessions, team, people's names and addresses, theory of change,
// outcomes' words, evidence, case studies and their publication, codes and
// their words, student partners) the reads of the activity written to
// give new rows and ActivityPageVersion a new version. A write that
// changes no read is not a test: each must change one. Writes that change
// none of the kept reads (an activity's title, another programme's
// session) leave the version as it was.
func TestActivityPageVersionFollowsEveryWrite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool, _ := testkit.Pool(t, testkit.SeededDB(t))
	q := store.New(pool)
	const inst = 1

	// Two activities of the institution, between them holding every kind
	// of row the page reads: a1 has sessions, outcomes, evidence, a theory
	// of change, codes and a team; a2 a case study and a student partner;
	// a3 a published case study.
	var a1, a2, a3, elsewhere int64
	if err := pool.QueryRow(ctx, `
		SELECT (SELECT a.id FROM activities a WHERE a.institution_id = $1
		          AND EXISTS (SELECT FROM evidence e WHERE e.activity_id = a.id)
		          AND EXISTS (SELECT FROM toc_links l WHERE l.activity_id = a.id)
		          AND EXISTS (SELECT FROM activity_team t WHERE t.activity_id = a.id)
		          AND EXISTS (SELECT FROM activity_codes c WHERE c.activity_id = a.id) ORDER BY a.id LIMIT 1),
		       (SELECT a.id FROM activities a WHERE a.institution_id = $1
		          AND EXISTS (SELECT FROM case_studies c WHERE c.activity_id = a.id)
		          AND EXISTS (SELECT FROM memberships m WHERE m.activity_id = a.id AND m.role = 'partner') ORDER BY a.id LIMIT 1),
		       (SELECT min(c.activity_id) FROM case_studies c JOIN case_study_publications p ON p.case_study_id = c.id
		        WHERE c.institution_id = $1 AND p.visibility <> 'institution')`,
		inst).Scan(&a1, &a2, &a3); err != nil {
		t.Fatalf("the demo institution has no activities with every kind of row: %v", err)
	}
	if err := pool.QueryRow(ctx, `SELECT a.id FROM activities a WHERE a.institution_id = $1
		AND a.programme_id NOT IN (SELECT programme_id FROM activities WHERE id IN ($2, $3, $4)) ORDER BY a.id LIMIT 1`,
		inst, a1, a2, a3).Scan(&elsewhere); err != nil {
		t.Fatal(err)
	}

	// reads makes the page's kept reads of activity on q.
	reads := func(q *store.Queries, activity int64) error {
		var errs []error
		add := func(_ any, err error) { errs = append(errs, err) }
		add(q.ListActivitySessions(ctx, store.ListActivitySessionsParams{InstitutionID: inst, ActivityID: activity}))
		add(q.ListActivityTeam(ctx, activity))
		add(q.TocSummary(ctx, store.TocSummaryParams{InstitutionID: inst, ActivityID: activity}))
		add(q.ListActivityOutcomes(ctx, store.ListActivityOutcomesParams{InstitutionID: inst, ActivityID: activity}))
		add(q.ListActivityCaseStudies(ctx, store.ListActivityCaseStudiesParams{InstitutionID: inst, ActivityID: &activity}))
		add(q.ListActivityEvidence(ctx, store.ListActivityEvidenceParams{InstitutionID: inst, ActivityID: activity}))
		add(q.ListActivityCodes(ctx, store.ListActivityCodesParams{InstitutionID: inst, ActivityID: activity}))
		add(q.ListActivityPartners(ctx, store.ListActivityPartnersParams{InstitutionID: inst, ActivityID: activity}))
		for _, err := range errs {
			if err != nil {
				return err
			}
		}
		return nil
	}

	// The reads are those the page keeps, and their tables each raise
	// page versions.
	rec := &recorder{pool: pool}
	if err := reads(store.New(rec), a1); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range rec.stmts {
		name, _, _ := strings.Cut(strings.TrimPrefix(s.sql, "-- name: "), " ")
		names = append(names, name)
	}
	if !slices.Equal(names, store.ActivityPageKept) {
		t.Fatalf("the test reads %v, the page keeps %v: bring them into step", names, store.ActivityPageKept)
	}
	planned := tablesRead(t, pool, rec.stmts)
	watched := triggered(t, pool, "%raise%page_versions")
	tables := slices.Sorted(maps.Keys(planned))
	if len(tables) < 10 {
		t.Fatalf("the kept reads read only %v: their plans were not walked", tables)
	}
	for _, table := range tables {
		if !slices.Contains(watched, table) {
			t.Errorf("the activity page keeps a read of %s, which has no trigger raising page versions", table)
		}
	}

	// state is what the page's kept reads of activity give, and its
	// version.
	type state struct {
		rows    string
		version int64
	}
	read := func(activity int64) state {
		t.Helper()
		var b strings.Builder
		rec := &recorder{pool: pool}
		if err := reads(store.New(rec), activity); err != nil {
			t.Fatal(err)
		}
		for _, s := range rec.stmts {
			rows, err := pool.Query(ctx, s.sql, s.args...)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				vals, err := rows.Values()
				if err != nil {
					t.Fatal(err)
				}
				fmt.Fprintln(&b, vals...)
			}
			rows.Close()
			b.WriteString("--\n")
		}
		v, err := q.ActivityPageVersion(ctx, store.ActivityPageVersionParams{InstitutionID: inst, ID: activity})
		if err != nil {
			t.Fatal(err)
		}
		return state{b.String(), v.Version}
	}

	for _, w := range []struct {
		name     string
		activity int64 // the activity whose page it changes; 0: none
		sql      string
	}{
		{"a session added", a1, `INSERT INTO activity_sessions (institution_id, activity_id, session_date, location)
			SELECT institution_id, id, current_date + 3, 'Room 9' FROM activities WHERE id = $1`},
		{"a session moved", a1, `UPDATE activity_sessions SET location = 'Lab 12' WHERE activity_id = $1 AND location = 'Room 9'`},
		{"a session removed", a1, `DELETE FROM activity_sessions WHERE activity_id = $1 AND location = 'Lab 12'`},
		{"a colleague joins the team", a1, `INSERT INTO activity_team (activity_id, user_id)
			SELECT $1, u.id FROM users u WHERE u.institution_id = 1 AND u.id NOT IN (SELECT user_id FROM activity_team WHERE activity_id = $1)
			ORDER BY u.id LIMIT 1`},
		{"a team member renamed", a1, `UPDATE users SET name = name || ' Jones' WHERE id = (SELECT max(user_id) FROM activity_team WHERE activity_id = $1)`},
		{"a team member leaves", a1, `DELETE FROM activity_team WHERE activity_id = $1 AND user_id = (SELECT max(user_id) FROM activity_team WHERE activity_id = $1)`},
		{"a mechanism written", a1, `INSERT INTO toc_entries (institution_id, activity_id, part, position, body)
			SELECT institution_id, id, 'mechanism', 99, 'Peers explain what staff cannot' FROM activities WHERE id = $1`},
		{"the mechanism removed", a1, `DELETE FROM toc_entries WHERE activity_id = $1 AND position = 99`},
		{"the theory of change's links removed", a1, `DELETE FROM toc_links WHERE activity_id = $1`},
		{"an outcome's words edited", a1, `UPDATE outcomes SET what_worked = 'The tours, said every student' WHERE activity_id = $1`},
		{"evidence retitled", a1, `UPDATE evidence SET title = 'Welcome-week tour survey' WHERE activity_id = $1`},
		{"a code taken off", a1, `DELETE FROM activity_codes WHERE activity_id = $1 AND code_id = (SELECT min(code_id) FROM activity_codes WHERE activity_id = $1)`},
		{"a code's words changed", a1, `UPDATE evaluation_codes SET label = label || ' (revised)' WHERE id = (SELECT min(code_id) FROM activity_codes WHERE activity_id = $1)`},
		{"an outcome deleted", a1, `DELETE FROM outcomes WHERE id = (SELECT max(id) FROM outcomes WHERE activity_id = $1)`},
		{"a case study retitled", a2, `UPDATE case_studies SET title = title || ' (second year)' WHERE activity_id = $1`},
		{"a case study's publication narrowed", a3, `UPDATE case_study_publications SET visibility = 'institution'
			WHERE case_study_id IN (SELECT id FROM case_studies WHERE activity_id = $1)`},
		{"a partner's address changed", a2, `UPDATE users SET email = 'partner.new@northbridge.ac.uk'
			WHERE id = (SELECT min(user_id) FROM memberships WHERE activity_id = $1 AND role = 'partner')`},
		{"a student partner added", a1, `INSERT INTO memberships (institution_id, user_id, role, activity_id)
			SELECT 1, user_id, 'partner', $1 FROM memberships WHERE role = 'partner' AND institution_id = 1 ORDER BY id LIMIT 1`},
		{"a student partner removed", a2, `DELETE FROM memberships WHERE activity_id = $1 AND role = 'partner'`},
		{"the activity renamed", 0, `UPDATE activities SET title = title || '!' WHERE id = $1`},
		{"another programme's session", 0, `INSERT INTO activity_sessions (institution_id, activity_id, session_date, location)
			SELECT institution_id, id, current_date + 4, 'Elsewhere' FROM activities WHERE id = $2 AND $1::bigint <> id`},
	} {
		target := w.activity
		if target == 0 {
			target = a1
		}
		before := read(target)
		args := []any{target}
		if strings.Contains(w.sql, "$2") {
			args = append(args, elsewhere)
		}
		tag, err := pool.Exec(ctx, w.sql, args...)
		if err != nil {
			t.Fatalf("%s: %v", w.name, err)
		}
		if tag.RowsAffected() == 0 {
			t.Fatalf("%s: wrote nothing", w.name)
		}
		after := read(target)
		switch {
		case w.activity == 0 && after.version != before.version:
			t.Errorf("%s: the page version moved (%d to %d) though no kept read changes", w.name, before.version, after.version)
		case w.activity == 0:
		case after.rows == before.rows:
			t.Errorf("%s: changed none of the page's kept reads: not a test", w.name)
		case after.version == before.version:
			t.Errorf("%s: the page's reads changed but its version stayed at %d", w.name, after.version)
		}
	}
}
