package home_test

import (
	"fmt"
	"testing"

	"belonging/internal/testkit"
)

// Each role's home, with something in every section, passes axe-core at
// 1280 and 390 pixels wide and does not scroll sideways at 320; the
// screenshots are the ones described in the note.
func TestRoleHomesInTheBrowser(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	// Something to show: a failed email for the admin, a module session
	// waiting for its outcome, a bookmark and a collection for the
	// coordinator.
	testkit.Exec(t, app, `
		INSERT INTO river_job (args, kind, max_attempts, metadata, queue, state, attempt, attempted_at, finalized_at, errors)
		SELECT '{}', 'invitation_mail', 12, jsonb_build_object('institution_id', i.id), 'mail', 'discarded', 12, now(), now(),
		       ARRAY[jsonb_build_object('at', now(), 'attempt', 12, 'error', '550 5.1.1 mailbox unavailable', 'trace', '')]
		FROM institutions i WHERE i.slug = 'northbridge'`)
	testkit.Exec(t, app, `
		WITH act AS (
			INSERT INTO activities (institution_id, programme_id, module_id, academic_year, title, kind, stage, dimensions, placement, level, status)
			SELECT m.institution_id, pm.programme_id, m.id, extract(year FROM current_date)::int, 'Lab partners tea', 'social', 'term_1', '{peers}', 'curricular', 'module', 'scheduled'
			FROM memberships ms JOIN users u ON u.id = ms.user_id JOIN modules m ON m.id = ms.module_id
			JOIN LATERAL (SELECT programme_id FROM programme_modules WHERE module_id = m.id LIMIT 1) pm ON true
			WHERE u.email = 'leader@northbridge.ac.uk' ORDER BY m.id LIMIT 1
			RETURNING id, institution_id)
		INSERT INTO activity_sessions (institution_id, activity_id, session_date, start_time, location)
		SELECT institution_id, id, current_date + d, '12:30', 'Life Sciences foyer' FROM act, (VALUES (2), (-3)) AS s (d)`)
	testkit.Exec(t, app, `
		WITH col AS (INSERT INTO collections (owner_id, title, shared) SELECT id, 'Commuter students: what works', true FROM users WHERE email = 'coordinator@belonging.network' RETURNING id, owner_id)
		INSERT INTO collection_items (collection_id, case_study_id, position)
		SELECT col.id, p.case_study_id, row_number() OVER (ORDER BY p.case_study_id) FROM col, case_study_publications p
		WHERE p.visibility = 'network' AND p.case_study_id IN (SELECT case_study_id FROM case_study_publications WHERE visibility = 'network' ORDER BY case_study_id LIMIT 3)`)

	for _, role := range []struct{ name, email string }{
		{"director", "director@northbridge.ac.uk"},
		{"leader", "leader@northbridge.ac.uk"},
		{"viewer", "viewer@northbridge.ac.uk"},
		{"admin", "admin@northbridge.ac.uk"},
		{"coordinator", "coordinator@belonging.network"},
	} {
		t.Run(role.name, func(t *testing.T) {
			b := testkit.NewBrowser(t, app)
			b.SignIn(role.email, testkit.DemoPassword)
			for _, width := range []int64{1280, 390} {
				b.Viewport(width, 900)
				if got := b.Open("/"); got != 200 {
					t.Fatalf("home as %s = %d, want 200", role.name, got)
				}
				b.CheckAccessible()
				b.Screenshot(fmt.Sprintf("home-%s-%d", role.name, width))
			}
			b.Viewport(320, 800)
			b.Open("/")
			if n := testkit.Eval[int](t, b, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); n > 0 {
				t.Errorf("home as %s at 320 px scrolls sideways by %d px", role.name, n)
			}
		})
	}
}
