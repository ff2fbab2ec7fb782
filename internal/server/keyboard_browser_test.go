package server_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"belonging/internal/acyear"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

// linkTo selects a link whose address starts with path (without its query).
func linkTo(path string) string {
	return "a[href^='" + strings.SplitN(path, "?", 2)[0] + "']"
}

// submitOf selects the first submit button of the form posting to action.
func submitOf(action string) string {
	return "form[action='" + action + "'] button[type=submit]"
}

// The four journeys the product is for, each made with the keyboard alone
// in Chromium: Tab and Shift-Tab to move, typing into fields, the arrow
// keys and Space to choose, Enter to follow a link or send a form. No
// clicks and no values set by script; each ends by reading what was
// saved from the database.
func TestBrowserKeyboardJourneys(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)

	t.Run("a director plans an activity", func(t *testing.T) {
		prog := testkit.Scalar[int64](t, app, `SELECT id FROM programmes WHERE code = 'C100'`)
		b := testkit.NewBrowser(t, app)
		b.SignIn(director, testkit.DemoPassword)
		b.Open(paths.Programme(prog))
		b.TabTo(linkTo(paths.NewActivity(prog, acyear.Of(acyear.Today(), 9))))
		if status := b.PressToLoad("\r"); status != 200 {
			t.Fatalf("Enter on Add an activity = %d, want 200", status)
		}
		b.TabTo("#title")
		b.Press("Commuter breakfast club")
		b.TabTo("#stage")
		b.ChooseWithArrows("Welcome week")
		// Back to the kind, passed over on the way.
		b.ShiftTabTo("#kind")
		b.ChooseWithArrows("Social gathering")
		b.TabTo("input[name=placement]")
		b.ChooseWithArrows("Extra-curricular")
		b.TabTo("input[name=dimensions][value=peers]")
		b.Press(" ")
		b.TabTo("input[name=dimensions][value=wellbeing]")
		b.Press(" ")
		b.TabTo(submitOf(paths.Activities(prog)))
		if status := b.PressToLoad("\r"); status != 200 {
			t.Fatalf("Enter on Save activity = %d (at %s), want 200 after the redirect: %s", status, b.Location(), b.Text("main"))
		}
		var got []string
		row(t, app, `SELECT kind, stage, placement, array_to_string(dimensions, ' ')
			FROM activities WHERE programme_id = $1 AND title = 'Commuter breakfast club'`, prog)(&got)
		want := []string{"social", "welcome_week", "extra_curricular", "peers wellbeing"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("the planned activity (-want +got):\n%s", diff)
		}
	})

	t.Run("a module leader records an outcome with a file", func(t *testing.T) {
		activity := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title = 'Coffee mornings before Monday''s Cell Biology lecture' ORDER BY academic_year DESC LIMIT 1`)
		b := testkit.NewBrowser(t, app)
		b.SignIn("leader@northbridge.ac.uk", testkit.DemoPassword)
		b.Open(paths.Activity(activity))
		b.TabTo(linkTo(paths.NewOutcome(activity)))
		if status := b.PressToLoad("\r"); status != 200 {
			t.Fatalf("Enter on Record an outcome = %d, want 200", status)
		}
		// The date is today's already.
		b.TabTo("#attendance")
		b.Press("38")
		b.TabTo("#invited")
		b.Press("45")
		b.TabTo("input[name=aims_met]")
		b.ChooseWithArrows("4 – Mostly")
		b.TabTo("#what_worked")
		b.Press("Students who commute came early and stayed to talk.")
		b.TabTo("#what_to_change")
		b.Press("More seats in the foyer.")
		b.TabTo(submitOf(paths.Outcomes(activity)))
		if status := b.PressToLoad("\r"); status != 200 {
			t.Fatalf("Enter on Save outcome = %d (at %s), want 200 after the redirect", status, b.Location())
		}
		outcome := testkit.Scalar[int64](t, app, `SELECT id FROM outcomes WHERE activity_id = $1 AND what_to_change = 'More seats in the foyer.'`, activity)

		// Its evidence, a file: the file chooser is the operating
		// system's, so the file is handed to the focused file input as
		// the chooser would (chromedp's SetUploadFiles).
		sheet := filepath.Join(t.TempDir(), "attendance-week-3.csv")
		if err := os.WriteFile(sheet, []byte("week,attended,invited\n3,38,45\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		b.TabTo(linkTo(paths.NewEvidence(activity)))
		if status := b.PressToLoad("\r"); status != 200 {
			t.Fatalf("Enter on Add evidence = %d, want 200", status)
		}
		b.TabTo("#title")
		b.Press("Attendance, week 3")
		b.TabTo("#kind")
		b.ChooseWithArrows("Attendance record")
		b.TabTo("#outcome")
		b.ChooseWithArrows(testkit.Scalar[string](t, app, `SELECT to_char(outcome_date, 'FMDD FMMonth YYYY') FROM outcomes WHERE id = $1`, outcome))
		b.TabTo("input[name=strength]")
		b.ChooseWithArrows("Type 1")
		b.TabTo("#file")
		b.UploadToFocused(sheet)
		b.TabTo(submitOf(paths.Evidence(activity)))
		if status := b.PressToLoad("\r"); status != 200 {
			t.Fatalf("Enter on Save evidence = %d (at %s), want 200 after the redirect: %s", status, b.Location(), b.Text("main"))
		}
		var got []string
		row(t, app, `SELECT o.attendance::text, o.invited::text, o.aims_met::text, e.title, e.kind, e.file_name
			FROM outcomes o JOIN evidence e ON e.outcome_id = o.id WHERE o.id = $1`, outcome)(&got)
		want := []string{"38", "45", "4", "Attendance, week 3", "attendance", "attendance-week-3.csv"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("the outcome and its evidence (-want +got):\n%s", diff)
		}
	})

	t.Run("a module leader writes a case study and asks to share it", func(t *testing.T) {
		activity := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title = 'Coffee mornings before Monday''s Cell Biology lecture' ORDER BY academic_year DESC LIMIT 1`)
		b := testkit.NewBrowser(t, app)
		b.SignIn("leader@northbridge.ac.uk", testkit.DemoPassword)
		b.Open(paths.Activity(activity))
		b.TabTo(linkTo(paths.NewCaseStudy(activity)))
		if status := b.PressToLoad("\r"); status != 200 {
			t.Fatalf("Enter on Write a case study = %d, want 200", status)
		}
		// The form comes filled in from the activity. Tab selects a text
		// box's text, so typing replaces the title; in a text area the
		// caret starts at the beginning, so the summary gains an opening.
		b.TabTo("#title")
		b.Press("Coffee mornings that commuters come to")
		b.TabTo("#summary")
		b.Press("Commuters came early. ")
		b.TabTo("form.activity-form button[type=submit]")
		if status := b.PressToLoad("\r"); status != 200 {
			t.Fatalf("Enter on Save draft = %d (at %s), want 200 after the redirect: %s", status, b.Location(), b.Text("main"))
		}
		b.TabTo("input[name=visibility]")
		b.ChooseWithArrows("The network")
		b.TabTo("form.publish button[type=submit]")
		if status := b.PressToLoad(" "); status != 200 {
			t.Fatalf("Space on Publish or ask for approval = %d (at %s), want 200 after the redirect", status, b.Location())
		}
		var got []string
		row(t, app, `SELECT summary, review_state, requested_visibility FROM case_studies
			WHERE activity_id = $1 AND title = 'Coffee mornings that commuters come to'`, activity)(&got)
		if !strings.HasPrefix(got[0], "Commuters came early. ") {
			t.Errorf("the summary = %q, want it to open with what was typed", got[0])
		}
		want := []string{got[0], "pending", "network"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("the case study (-want +got):\n%s", diff)
		}
	})

	t.Run("a student answers a survey on a phone", func(t *testing.T) {
		var survey struct {
			ID    int64
			Token string
		}
		survey.ID = testkit.Scalar[int64](t, app, `SELECT min(id) FROM surveys WHERE opens_at < now() AND closes_at > now()`)
		survey.Token = testkit.Scalar[string](t, app, `SELECT token FROM surveys WHERE id = $1`, survey.ID)
		statements := testkit.Scalar[int](t, app, `SELECT count(*) FROM survey_statements st JOIN surveys s ON s.instrument_id = st.instrument_id WHERE s.id = $1`, survey.ID)
		// Responses whose answers run agree, neither, agree, … in the
		// order of the statements: the ones this student gives.
		var pattern []int
		for i := range statements {
			pattern = append(pattern, []int{4, 3}[i%2])
		}
		const matching = `SELECT count(*) FROM (SELECT array_agg(a.score ORDER BY st.position) AS scores
			FROM survey_responses r JOIN survey_answers a ON a.response_id = r.id JOIN survey_statements st ON st.id = a.statement_id
			WHERE r.survey_id = $1 GROUP BY r.id) x WHERE x.scores = $2::smallint[]`
		before := testkit.Scalar[int](t, app, matching, survey.ID, pattern)
		b := testkit.NewBrowser(t, app)
		b.Viewport(390, 844)
		b.Open(paths.Answer(survey.Token))
		// Each statement is a row of five radio buttons: Tab reaches the
		// group, the arrows choose within it.
		for i := range statements {
			b.TabTo("input[type=radio]:not(:checked):not([name=year])")
			want := "Agree"
			if i%2 == 1 {
				want = "Neither"
			}
			b.ChooseWithArrows(want)
		}
		b.TabTo("button.pulse__send")
		if status := b.PressToLoad("\r"); status != 200 {
			t.Fatalf("Enter on Send my answers = %d (at %s), want 200 after the redirect", status, b.Location())
		}
		if got := b.Text("[data-testid=survey-state] h2"); !strings.Contains(got, "Thank you") {
			t.Errorf("after sending, the page says %q, want thanks", got)
		}
		if got := testkit.Scalar[int](t, app, matching, survey.ID, pattern); got != before+1 {
			t.Errorf("responses answering %v = %d, want %d", pattern, got, before+1)
		}
	})
}

// row runs a query returning one row and reads its columns, as text, into
// the slice given.
func row(t *testing.T, app *testkit.App, sql string, args ...any) func(*[]string) {
	t.Helper()
	return func(out *[]string) {
		t.Helper()
		rows, err := app.Pool.Query(context.Background(), sql, args...)
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		defer rows.Close()
		if !rows.Next() {
			t.Fatalf("%s: no row (%v)", sql, rows.Err())
		}
		values, err := rows.Values()
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range values {
			*out = append(*out, fmt.Sprint(v))
		}
	}
}
