package report_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"belonging/internal/report"
	"belonging/internal/testkit"
)

// An activity exports as the documented JSON: what it is, its theory of
// change, its outcomes oldest first and its evidence, each piece of
// evidence pointing at its outcome, and nothing that names a person.
func TestActivityExport(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	_, ids := programmeFixture(t, app)
	coffee := ids["Coffee and questions"]
	testkit.Exec(t, app, `UPDATE activities SET lead_id = (SELECT id FROM users WHERE email = $2) WHERE id = $1`, coffee, director)
	testkit.Exec(t, app, `UPDATE outcomes SET staff_present = 'Dr Helen Carter', student_quotes = 'I met my flatmate here.' WHERE activity_id = $1 AND outcome_date = '2025-07-31'`, coffee)
	testkit.Exec(t, app, `INSERT INTO evidence (institution_id, activity_id, outcome_id, title, kind, strength, notes, sample_size, file_key, file_name, content_type, size_bytes, sha256)
		SELECT o.institution_id, o.activity_id, o.id, 'Sign-in sheet', 'attendance', 1, 'Scanned', 20, 'evidence/x/1', 'sheet.pdf', 'application/pdf', 10, sha256('x')
		FROM outcomes o WHERE o.activity_id = $1 AND o.outcome_date = '2025-07-31'`, coffee)

	c := app.Client()
	c.SignIn(admin, testkit.DemoPassword)
	resp := c.Get(fmt.Sprintf("/activities/%d/export.json", coffee))
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Fatalf("export = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if got := resp.Header.Get("Content-Disposition"); got != fmt.Sprintf(`attachment; filename="activity-%d-coffee-and-questions-2024-25.json"`, coffee) {
		t.Errorf("file name = %q", got)
	}
	for _, name := range []string{"Helen", "Carter", "director@"} {
		if strings.Contains(resp.Text(), name) {
			t.Errorf("the export names a person (%q)", name)
		}
	}
	var e report.Export
	if err := json.Unmarshal(resp.Body, &e); err != nil {
		t.Fatal(err)
	}
	if e.Format != "belonging-activity" || e.Version != 1 || e.Source.URL != fmt.Sprintf("%s/activities/%d", app.URL, coffee) {
		t.Errorf("format %q version %d source %+v", e.Format, e.Version, e.Source)
	}
	a := e.Activity
	if a.Title != "Coffee and questions" || a.Kind.Code != "social" || a.Kind.Label != "Social gathering" || a.AcademicYear.Label != "2024/25" ||
		len(a.Dimensions) != 2 || a.Dimensions[1].Code != "wellbeing" || a.Partnership.Code != "with" || !a.Inclusivity["alcohol_free"] ||
		a.Inclusivity["online_option"] || *a.Audience.StudentsInvited != 50 {
		t.Errorf("activity = %+v", a)
	}
	if e.TheoryOfChange.Inputs != "Written" || e.TheoryOfChange.Assumptions != "Written" {
		t.Errorf("theory of change = %+v", e.TheoryOfChange)
	}
	var dates []string
	for _, o := range e.Outcomes {
		dates = append(dates, o.Date)
	}
	if strings.Join(dates, " ") != "2024-08-01 2025-07-31 2025-08-01" {
		t.Errorf("outcome dates = %v, want oldest first", dates)
	}
	second := e.Outcomes[1]
	if second.Ref != "outcome-2" || *second.Attendance != 20 || *second.Invited != 40 || *second.ReachPercent != 50 || second.StudentQuotes != "I met my flatmate here." {
		t.Errorf("second outcome = %+v", second)
	}
	if e.Outcomes[0].Invited != nil || e.Outcomes[0].ReachPercent != nil {
		t.Errorf("an outcome without its own count of invited students = %+v", e.Outcomes[0])
	}
	if len(e.Evidence) != 2 || e.EvidenceSummary.Strongest != 2 || e.EvidenceSummary.Items != 2 || e.EvidenceSummary.TotalAttended != 60 {
		t.Fatalf("evidence = %+v, summary %+v", e.Evidence, e.EvidenceSummary)
	}
	for _, ev := range e.Evidence {
		switch ev.Title {
		case "Sign-in sheet":
			if ev.OutcomeRef == nil || *ev.OutcomeRef != "outcome-2" || *ev.FileName != "sheet.pdf" || ev.Link != nil || *ev.SampleSize != 20 || ev.StrengthLabel != "Type 1: narrative" {
				t.Errorf("file evidence = %+v", ev)
			}
		default:
			if ev.Strength != 2 || ev.Link == nil || ev.OutcomeRef != nil {
				t.Errorf("link evidence = %+v", ev)
			}
		}
	}

	// Another institution's people cannot export it.
	other := app.Client()
	other.SignIn("admin@eastmere.ac.uk", testkit.DemoPassword)
	if got := other.Get(fmt.Sprintf("/activities/%d/export.json", coffee)).StatusCode; got != http.StatusNotFound {
		t.Errorf("export for another institution = %d, want 404", got)
	}
}
