package report

import (
	"context"
	"net/url"
	"testing"
	"time"

	"belonging/internal/store"
)

// A dimension's answers count only where the survey's answers under it
// reach the threshold on their own, and a survey only with the threshold
// of responses, so no shown figure less another reveals a small group.
func TestPulseCountsOnlyWholeGroups(t *testing.T) {
	t.Parallel()
	closes := time.Date(2025, 3, 2, 0, 0, 0, 0, london)
	row := func(id int64, overall bool, dim string, responses, answered, agree int) store.SurveyRow {
		return store.SurveyRow{SurveyID: id, ClosesAt: closes, InstitutionID: 1, Overall: overall, Dimension: dim,
			Responses: int32(responses), Answered: int32(answered), Agree: int32(agree), ScoreSum: int64(answered * 3)}
	}
	p := tallyPulse([]store.SurveyRow{
		row(1, true, "", 12, 24, 12), row(1, false, "peers", 0, 12, 6), row(1, false, "voice", 0, 8, 8), // voice: 8 answers
		row(2, true, "", 15, 30, 30), row(2, false, "peers", 0, 15, 15), row(2, false, "voice", 0, 15, 15),
		row(3, true, "", 9, 18, 18), row(3, false, "peers", 0, 9, 9), // 9 responses: not counted
	}, 8, 10, suppressor{})
	for _, tt := range []struct {
		dim  string
		want int
	}{{"", 78}, {"peers", 78}, {"voice", 100}} {
		got, ok := p.agree(2024, tt.dim)
		if !ok || got != tt.want {
			t.Errorf("agree(%q) = %d, %v; want %d", tt.dim, got, ok, tt.want)
		}
	}
	if n := p.responses(2024); n != 27 {
		t.Errorf("responses counted = %d, want 27", n)
	}
	if _, ok := p.agree(2023, ""); ok {
		t.Error("a year without surveys has a figure")
	}
}

func TestSurveyYearIsItsLastDay(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		lastDay    string
		startMonth int
		want       int
	}{{"2025-07-31", 8, 2024}, {"2025-08-01", 8, 2025}, {"2025-08-31", 9, 2024}, {"2025-09-01", 9, 2025}} {
		d, err := time.ParseInLocation(time.DateOnly, tt.lastDay, london)
		if err != nil {
			t.Fatalf("ParseInLocation(%q) = %v", tt.lastDay, err)
		}
		if got := surveyYear(d.AddDate(0, 0, 1), tt.startMonth); got != tt.want {
			t.Errorf("surveyYear(last day %s, start month %d) = %d, want %d", tt.lastDay, tt.startMonth, got, tt.want)
		}
	}
}

func TestSortFromIgnoresWhatItDoesNotKnow(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		query string
		want  tableSort
	}{
		{"", tableSort{"gaps", "desc"}},
		{"sort=reach", tableSort{"reach", "desc"}},
		{"sort=programme", tableSort{"programme", "asc"}},
		{"sort=programme&dir=desc", tableSort{"programme", "desc"}},
		{"sort=DROP+TABLE&dir=up", tableSort{"gaps", "desc"}},
	} {
		q, err := url.ParseQuery(tt.query)
		if err != nil {
			t.Fatalf("ParseQuery(%q) = %v", tt.query, err)
		}
		if got := sortFrom(q); got != tt.want {
			t.Errorf("sortFrom(%q) = %v, want %v", tt.query, got, tt.want)
		}
	}
}

func TestNextStep(t *testing.T) {
	t.Parallel()
	done := store.ActivityFigures{Status: "evaluated", HasAims: true, TheoryOfChange: 6, Outcomes: 2, WithAttendance: 1, Evidence: 2, Strongest: 2}
	for _, tt := range []struct {
		change func(*store.ActivityFigures)
		want   string
	}{
		{func(*store.ActivityFigures) {}, ""},
		{func(a *store.ActivityFigures) { a.HasAims = false }, "Write its aims"},
		{func(a *store.ActivityFigures) { a.TheoryOfChange = 5 }, "Fill in the theory of change"},
		{func(a *store.ActivityFigures) { a.Outcomes, a.WithAttendance = 0, 0 }, "Record an outcome"},
		{func(a *store.ActivityFigures) { a.WithAttendance = 0 }, "Record attendance"},
		{func(a *store.ActivityFigures) { a.Evidence, a.Strongest = 0, 0 }, "Attach evidence"},
		{func(a *store.ActivityFigures) { a.Strongest = 1 }, "Add Type 2 evidence, such as a before-and-after pulse survey"},
		{func(a *store.ActivityFigures) { a.Status, a.Outcomes = "planned", 0 }, ""},
		// The facts decide: sessions all over and nothing recorded, whatever the status.
		{func(a *store.ActivityFigures) {
			a.Status, a.Happened, a.Outcomes, a.WithAttendance, a.Evidence, a.Strongest = "idea", true, 0, 0, 0, 0
		}, "Record an outcome"},
		{func(a *store.ActivityFigures) {
			a.Status, a.Happened, a.HasAims, a.Outcomes = "scheduled", true, false, 0
		}, "Record an outcome"},
		{func(a *store.ActivityFigures) { a.Status, a.Happened, a.Evidence, a.Strongest = "planned", true, 0, 0 }, "Attach evidence"},
		{func(a *store.ActivityFigures) { a.Status, a.Happened, a.Outcomes = "running", false, 0 }, ""},
	} {
		a := done
		tt.change(&a)
		if got := nextStep(context.Background(), a); got != tt.want {
			t.Errorf("nextStep(%+v) = %q, want %q", a, got, tt.want)
		}
	}
}

func TestFileBase(t *testing.T) {
	t.Parallel()
	if got, want := fileBase("School of Biosciences & Health", 2026), "school-of-biosciences-health-2026-27"; got != want {
		t.Errorf("fileBase(%q, 2026) = %q, want %q", "School of Biosciences & Health", got, want)
	}
}
