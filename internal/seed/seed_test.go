package seed_test

import (
	"context"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"belonging/internal/acyear"
	"belonging/internal/auth"
	"belonging/internal/seed"
	"belonging/internal/testkit"
)

// The demo shows the whole product whatever day it is loaded: a pulse
// survey open at Northbridge (where the demo accounts are), so the
// student's side can be tried, and for each kind of activity the demo
// stands for, at least one whose chain is complete: a plan with sessions
// all past, outcomes, evidence, and a case study citing that evidence.
func TestDemoShowsTheWholeProductOnAnyDay(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	hash, err := auth.HashPassword(ctx, seed.DemoPassword)
	if err != nil {
		t.Fatal(err)
	}
	// Days across a teaching year, the day its year starts and ends
	// included, and today.
	days := []time.Time{time.Now()}
	year := acyear.Of(time.Now(), acyear.DefaultStartMonth)
	for _, d := range []struct {
		yearOffset int
		month      time.Month
		day        int
	}{{0, time.August, 1}, {0, time.September, 1}, {0, time.September, 28}, {0, time.December, 4}, {1, time.February, 15}, {1, time.May, 20}, {1, time.July, 31}} {
		days = append(days, time.Date(year+d.yearOffset, d.month, d.day, 12, 0, 0, 0, acyear.London))
	}
	chains := []struct{ name, kind, title string }{
		{"coffee mornings", "social", "%coffee%"},
		{"pizza evenings", "social", "%pizza%"},
		{"induction", "induction", "%"},
		{"extended induction", "extended_induction", "%"},
		{"Meet the Researcher", "meet_researcher", "%"},
		{"student research conference", "research_conference", "%"},
		{"transition mentors", "mentoring", "%transition%"},
		{"student integration ambassadors", "ambassadors", "%"},
	}
	for _, now := range days {
		t.Run(now.Format("2006-01-02"), func(t *testing.T) {
			t.Parallel()
			pool, _ := testkit.Pool(t, testkit.EmptyDB(t))
			if err := seed.LoadAt(ctx, pool, io.Discard, hash, now); err != nil {
				t.Fatalf("LoadAt(%s) = %v", now.Format(time.DateOnly), err)
			}
			var open int
			if err := pool.QueryRow(ctx, `
				SELECT count(*) FROM surveys s JOIN institutions i ON i.id = s.institution_id
				WHERE i.slug = 'northbridge' AND s.opens_at <= $1 AND s.closes_at > $1 AND NOT s.sealed`, now).Scan(&open); err != nil {
				t.Fatal(err)
			}
			if open == 0 {
				t.Errorf("loaded on %s: no Northbridge pulse survey is open", now.Format(time.DateOnly))
			}
			// Loading again (make run does, each time) changes nothing.
			before := testkit.Fingerprint(t, pool)
			if err := seed.LoadAt(ctx, pool, io.Discard, hash, now); err != nil {
				t.Fatalf("LoadAt(%s) again = %v", now.Format(time.DateOnly), err)
			}
			if testkit.Fingerprint(t, pool) != before {
				t.Errorf("loading the demo a second time on %s changed the database", now.Format(time.DateOnly))
			}
			for _, c := range chains {
				rows, err := pool.Query(ctx, `
					SELECT a.title || ' (' || a.academic_year || ')',
						EXISTS (SELECT 1 FROM activity_sessions s WHERE s.activity_id = a.id),
						NOT EXISTS (SELECT 1 FROM activity_sessions s WHERE s.activity_id = a.id AND s.session_date >= $3::date),
						EXISTS (SELECT 1 FROM outcomes o WHERE o.activity_id = a.id),
						EXISTS (SELECT 1 FROM evidence e WHERE e.activity_id = a.id),
						EXISTS (SELECT 1 FROM case_studies cs JOIN case_study_evidence x ON x.case_study_id = cs.id
						        JOIN evidence e ON e.id = x.evidence_id AND e.activity_id = a.id WHERE cs.activity_id = a.id)
					FROM activities a JOIN institutions i ON i.id = a.institution_id
					WHERE i.slug = 'northbridge' AND a.kind = $1 AND a.title ILIKE $2 AND a.archived_at IS NULL
					ORDER BY a.id`, c.kind, c.title, acyear.DateOf(now))
				if err != nil {
					t.Fatal(err)
				}
				type chain struct {
					Activity                                   string
					Sessions, AllPast, Outcome, Evidence, Case bool
				}
				found, err := pgx.CollectRows(rows, pgx.RowToStructByPos[chain])
				if err != nil {
					t.Fatal(err)
				}
				complete := false
				for _, f := range found {
					complete = complete || (f.Sessions && f.AllPast && f.Outcome && f.Evidence && f.Case)
				}
				if !complete {
					t.Errorf("loaded on %s: no complete chain for %s; found %s", now.Format(time.DateOnly), c.name, fmt.Sprintf("%+v", found))
				}
			}
		})
	}
}
