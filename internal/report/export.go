package report

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"belonging/internal/acyear"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/store"
	"belonging/internal/vocab"
)

// ExportFormat names the activity export's format; ExportVersion rises
// when a field changes meaning or goes. Adding a field does not raise it.
// docs/activity-export.md describes every field.
const (
	ExportFormat  = "belonging-activity"
	ExportVersion = 1
)

// Export is an activity written up for a sector evaluation library: what
// it is, its theory of change, its outcomes and its evidence list. It
// leaves out everything that names or reaches a person (lead, team, who
// recorded what, staff present), meeting places and links, and the
// evidence files themselves.
type Export struct {
	Format          string               `json:"format"`
	Version         int                  `json:"version"`
	ExportedAt      time.Time            `json:"exported_at"`
	Source          ExportSource         `json:"source"`
	Institution     ExportOrg            `json:"institution"`
	Programme       ExportCourse         `json:"programme"`
	Activity        ExportActivity       `json:"activity"`
	Codes           []ExportCode         `json:"evaluation_codes"`
	TheoryOfChange  ExportTheory         `json:"theory_of_change"`
	EnhancedTheory  ExportEnhancedTheory `json:"enhanced_theory_of_change"`
	Sessions        []ExportDate         `json:"sessions"`
	Outcomes        []ExportResult       `json:"outcomes"`
	Evidence        []ExportItem         `json:"evidence"`
	EvidenceSummary ExportSummary        `json:"evidence_summary"`
}

// ExportSource says where the export came from: the application and the
// activity's address there (readable only by people signed in to it).
type ExportSource struct {
	Application string `json:"application"`
	URL         string `json:"url"`
}

// ExportOrg is the institution.
type ExportOrg struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// ExportCourse is the programme the activity belongs to.
type ExportCourse struct {
	Code        string `json:"code"`
	Title       string `json:"title"`
	Level       string `json:"level"`
	SubjectArea string `json:"subject_area"`
	CohortSize  int    `json:"cohort_size"`
}

// ExportTerm is a value of the product's vocabulary with its label.
type ExportTerm struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

func term(l vocab.List, v string) ExportTerm { return ExportTerm{Code: v, Label: l.Label(v)} }

// ExportActivity describes the activity.
type ExportActivity struct {
	Title        string            `json:"title"`
	AcademicYear ExportYear        `json:"academic_year"`
	Kind         ExportTerm        `json:"kind"`
	JourneyStage ExportTerm        `json:"journey_stage"`
	Dimensions   []ExportTerm      `json:"dimensions"`
	Placement    ExportTerm        `json:"placement"`
	Level        ExportTerm        `json:"level"`
	Status       ExportTerm        `json:"status"`
	Aims         string            `json:"aims"`
	Partnership  ExportPartnership `json:"partnership"`
	Inclusivity  map[string]bool   `json:"inclusivity"`
	Audience     ExportAudience    `json:"audience"`
	Module       *ExportModule     `json:"module"`
	Funding      ExportFunding     `json:"funding"`
	Archived     bool              `json:"archived"`
}

// ExportYear is an academic year: the calendar year it starts in, and
// its name.
type ExportYear struct {
	Start int    `json:"start"`
	Label string `json:"label"`
}

// ExportPartnership is how students shaped the activity.
type ExportPartnership struct {
	ExportTerm
	How string `json:"how"`
}

// ExportAudience is who the activity is for.
type ExportAudience struct {
	Level           ExportTerm `json:"level"`
	YearOfStudy     *int       `json:"year_of_study"`
	StudentsInvited *int       `json:"students_invited"`
}

// ExportModule is the module the activity runs in, if any.
type ExportModule struct {
	Code  string `json:"code"`
	Title string `json:"title"`
}

// ExportFunding is where the money came from.
type ExportFunding struct {
	Source      string `json:"source"`
	BudgetPence *int64 `json:"budget_pence"`
}

// ExportTheory is the theory of change.
type ExportTheory struct {
	Inputs      string `json:"inputs"`
	Activities  string `json:"activities"`
	Outputs     string `json:"outputs"`
	Outcomes    string `json:"outcomes"`
	Impact      string `json:"impact"`
	Assumptions string `json:"assumptions"`
}

// ExportDate is one session: its date and times (local, 24-hour).
type ExportDate struct {
	Date  string `json:"date"`
	Start string `json:"start"`
	End   string `json:"end"`
}

// ExportResult is one outcome.
type ExportResult struct {
	Ref           string `json:"ref"`
	Date          string `json:"date"`
	Attendance    *int   `json:"attendance"`
	Invited       *int   `json:"invited"`
	ReachPercent  *int   `json:"reach_percent"`
	AimsMet       *int   `json:"aims_met"`
	WhatWorked    string `json:"what_worked"`
	WhatToChange  string `json:"what_to_change"`
	StudentQuotes string `json:"student_quotes"`
	NextSteps     string `json:"next_steps"`
}

// ExportItem is one piece of evidence, described but not attached.
type ExportItem struct {
	Title           string  `json:"title"`
	Kind            string  `json:"kind"`
	Strength        int     `json:"strength"`
	StrengthLabel   string  `json:"strength_label"`
	Notes           string  `json:"notes"`
	Instrument      string  `json:"instrument"`
	SampleSize      *int    `json:"sample_size"`
	ResponseRate    *int    `json:"response_rate"`
	Comparison      string  `json:"comparison"`
	EffectSize      string  `json:"effect_size"`
	Link            *string `json:"link"`
	FileName        *string `json:"file_name"`
	FromPulseSurvey bool    `json:"from_pulse_survey"`
	OutcomeRef      *string `json:"outcome_ref"`
	Added           string  `json:"added"`
}

// ExportSummary sums up the evidence.
type ExportSummary struct {
	Items         int `json:"items"`
	Strongest     int `json:"strongest"`
	Outcomes      int `json:"outcomes"`
	TotalAttended int `json:"total_attendance"`
}

// ExportActivity sends an activity as JSON in the documented format, to
// anyone who may view its programme: eight queries (activityExport).
func (h *Handler) ExportActivity(w http.ResponseWriter, r *http.Request) {
	a, ok := h.Access.Activity(w, r, auth.ViewProgramme)
	if !ok {
		return
	}
	e, err := h.activityExport(r.Context(), a)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	body, err := json.MarshalIndent(e, "", "  ")
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.json"`, fileBase("activity "+strconv.FormatInt(a.ID, 10)+" "+a.Title, int(a.AcademicYear))))
	w.Header().Set("Content-Length", strconv.Itoa(len(body)+1))
	_, _ = w.Write(append(body, '\n'))
}

func intPtr(n *int32) *int {
	if n == nil {
		return nil
	}
	v := int(*n)
	return &v
}

func clock(t pgtype.Time) string {
	if !t.Valid {
		return ""
	}
	d := time.Duration(t.Microseconds) * time.Microsecond
	return fmt.Sprintf("%02d:%02d", int(d.Hours()), int(d.Minutes())%60)
}

func buildExport(a store.GetActivityRow, inst store.GetInstitutionRow, p store.GetProgrammeRow, sessions []store.ListActivitySessionsRow,
	outcomes []store.ListActivityOutcomesRow, evidence []store.ListActivityEvidenceRow, now time.Time) Export {
	e := Export{Format: ExportFormat, Version: ExportVersion, ExportedAt: now.UTC().Truncate(time.Second), Source: ExportSource{Application: "Belonging"},
		Institution: ExportOrg{Name: inst.Name, Type: inst.Kind},
		Programme:   ExportCourse{Code: p.Code, Title: p.Title, Level: p.Level, SubjectArea: p.SubjectArea, CohortSize: int(p.CohortSize)},
		TheoryOfChange: ExportTheory{Inputs: a.TocInputs, Activities: a.TocActivities, Outputs: a.TocOutputs, Outcomes: a.TocOutcomes,
			Impact: a.TocImpact, Assumptions: a.TocAssumptions},
		Sessions: []ExportDate{}, Outcomes: []ExportResult{}, Evidence: []ExportItem{}}
	act := ExportActivity{Title: a.Title, AcademicYear: ExportYear{Start: int(a.AcademicYear), Label: acyear.Label(int(a.AcademicYear))},
		Kind: term(vocab.Kinds, a.Kind), JourneyStage: term(vocab.Stages, a.Stage), Placement: term(vocab.Placements, a.Placement),
		Level: term(vocab.Levels, a.Level), Status: term(vocab.Statuses, a.Status), Aims: a.Aims,
		Partnership: ExportPartnership{ExportTerm: term(vocab.Partnerships, a.Partnership), How: a.PartnershipHow},
		Inclusivity: map[string]bool{"in_timetabled_hours": a.InTimetabledHours, "online_option": a.OnlineOption,
			"free_to_students": a.FreeToStudents, "accessible": a.Accessible, "suits_commuters_carers": a.SuitsCommutersCarers,
			"alcohol_free": a.AlcoholFree, "dietary_needs_met": a.DietaryNeedsMet},
		Audience: ExportAudience{Level: term(vocab.AudienceLevels, a.AudienceLevel), YearOfStudy: intPtr(a.AudienceYear), StudentsInvited: intPtr(a.CohortSize)},
		Funding:  ExportFunding{Source: a.FundingSource, BudgetPence: a.BudgetPence}, Archived: a.ArchivedAt != nil,
		Dimensions: []ExportTerm{}}
	for _, d := range a.Dimensions {
		act.Dimensions = append(act.Dimensions, term(vocab.Dimensions, d))
	}
	if a.ModuleID != nil {
		act.Module = &ExportModule{Code: a.ModuleCode, Title: a.ModuleTitle}
	}
	e.Activity = act
	for _, s := range sessions {
		e.Sessions = append(e.Sessions, ExportDate{Date: s.SessionDate.Format(time.DateOnly), Start: clock(s.StartTime), End: clock(s.EndTime)})
	}
	// Outcomes oldest first, each with a reference evidence can point to.
	sorted := slices.Clone(outcomes)
	slices.SortStableFunc(sorted, func(x, y store.ListActivityOutcomesRow) int {
		if c := x.OutcomeDate.Compare(y.OutcomeDate); c != 0 {
			return c
		}
		return int(x.ID - y.ID)
	})
	refs := map[int64]string{}
	for i, o := range sorted {
		ref := "outcome-" + strconv.Itoa(i+1)
		refs[o.ID] = ref
		res := ExportResult{Ref: ref, Date: o.OutcomeDate.Format(time.DateOnly), Attendance: intPtr(o.Attendance), Invited: intPtr(o.Invited),
			AimsMet: intPtr(o.AimsMet), WhatWorked: o.WhatWorked, WhatToChange: o.WhatToChange, StudentQuotes: o.StudentQuotes, NextSteps: o.NextSteps}
		if o.Attendance != nil {
			e.EvidenceSummary.TotalAttended += int(*o.Attendance)
			if o.Invited != nil && *o.Invited > 0 {
				p := percent(int(*o.Attendance), int(*o.Invited))
				res.ReachPercent = &p
			}
		}
		e.Outcomes = append(e.Outcomes, res)
	}
	e.EvidenceSummary.Outcomes = len(sorted)
	for _, ev := range evidence {
		item := ExportItem{Title: ev.Title, Kind: ev.Kind, Strength: int(ev.Strength), StrengthLabel: strengthLabel(english, int(ev.Strength)),
			Notes: ev.Notes, Instrument: ev.Instrument, SampleSize: intPtr(ev.SampleSize), ResponseRate: intPtr(ev.ResponseRate),
			Comparison: ev.Comparison, EffectSize: ev.EffectSize, Link: ev.LinkUrl, FileName: ev.FileName, FromPulseSurvey: ev.SurveyID != nil,
			Added: ev.CreatedAt.UTC().Format(time.DateOnly)}
		if ev.OutcomeID != nil {
			if ref, ok := refs[*ev.OutcomeID]; ok {
				item.OutcomeRef = &ref
			}
		}
		e.Evidence = append(e.Evidence, item)
		e.EvidenceSummary.Strongest = max(e.EvidenceSummary.Strongest, item.Strength)
	}
	e.EvidenceSummary.Items = len(e.Evidence)
	return e
}

// ExportCode is one evaluation code the activity carries (internal/codes):
// its category, its stable code in the institution's vocabulary, and its
// label.
type ExportCode struct {
	Category string `json:"category"`
	Code     string `json:"code"`
	Label    string `json:"label"`
}

// english is the language of an activity's evaluation record (its JSON and
// XLSX exports), which are kept in English for the systems that read them.
var english = context.Background()
