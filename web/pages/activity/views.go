// Package activity holds the pages of a programme's belonging plan: the
// plan with its coverage map, an activity and its sessions, the calendar
// and the CSV import.
package activity

import (
	"slices"
	"time"

	"belonging/web/pages/codes"

	"github.com/a-h/templ"

	"belonging/internal/httpx/form"
	"belonging/internal/vocab"
	"belonging/web/components"
)

// CopyRule says where copying to the next year puts each session
// (acyear.NextYearDay), in the words the pages and messages use.
const CopyRule = "each session on the same weekday of the same week of the teaching year, counting weeks from the first Monday of the academic year"

// PlanPage is a programme's plan for one academic year.
type PlanPage struct {
	Programme components.ProgrammeHeader
	Filter    PlanFilter
	Rows      []PlanRow
	Coverage  Coverage
	Figures   Figures
	// Extra is another feature's section under the headline figures
	// (internal/cohort: the students the plan is for); nil for none.
	Extra templ.Component
	// Parts are the page's parts drawn from its activities alone.
	Parts PlanParts
}

// PlanParts are the plan page's headline figures, coverage map and list
// (PlanHeadline, PlanCoverage, PlanList), which depend only on the plan,
// the filter, the day and the language, so the page can keep them drawn.
type PlanParts struct {
	Headline, Coverage, List templ.Component
}

// PlanFilter is the plan's filter form as submitted.
type PlanFilter struct {
	Kind        string
	Stage       string
	Dimension   string
	Status      string
	Placement   string
	YearOfStudy string
	// CodeType and CodeRisk filter by evaluation codes, chosen from Types
	// and Risks (the institution's vocabulary).
	CodeType, CodeRisk string
	Types, Risks       []components.Option
	// Active says whether any filter is set.
	Active bool
}

// PlanRow is one activity in the plan list.
type PlanRow struct {
	ID           int64
	Title        string
	Kind         string
	Stage        string
	Dimensions   []string
	Placement    string
	Status       string
	Module       string
	Lead         string
	Sessions     int
	NextSession  *time.Time
	CoCreated    bool
	Checklist    int
	AudienceYear int
}

// Coverage is the journey stage × dimension map.
type Coverage struct {
	ProgrammeID int64
	Year        int
	// Counts[stage][dimension] is the number of activities.
	Counts map[string]map[string]int
	Gaps   int
}

// Figures are the plan's headline figures.
type Figures struct {
	Total          int
	CurricularPct  int
	CoCreatedPct   int
	InclusivityPct int
	Curricular     int
	CoCreated      int
	// Checks ticked of Checks possible (seven per activity).
	ChecksTicked int
	Checks       int
}

// ActivityForm is the add and edit activity form, as typed.
type ActivityForm struct {
	ID             int64
	ProgrammeID    int64
	Version        string
	Title          string
	ModuleID       string
	AcademicYear   string
	Kind           string
	Stage          string
	Dimensions     []string
	Placement      string
	Level          string
	Checklist      []string
	Partnership    string
	PartnershipHow string
	Aims           string
	TocInputs      string
	TocActivities  string
	TocOutputs     string
	TocOutcomes    string
	TocImpact      string
	TocAssumptions string
	LeadID         string
	TeamIDs        []string
	OtherTeam      string
	FundingSource  string
	Budget         string
	AudienceLevel  string
	AudienceYear   string
	CohortSize     string
	Status         string
	// FirstSessions is offered when adding an activity.
	FirstSessions SessionForm

	Modules  []components.Option
	People   []components.Option
	YearOpts []components.Option
	// Conflict is set when someone else saved the activity meanwhile.
	Conflict bool
	// ModuleLocked means the person may only add activities to one module.
	ModuleLocked bool
	// Codes is the folded evaluation codes section.
	Codes codes.Section
	form.Errors
}

// firstSection names the fields of the form's first section, the only
// one an activity needs; the later sections start folded away.
var firstSection = []string{"title", "kind", "stage", "placement", "dimensions", "module", "level", "academic_year", "status"}

// MoreOpen says whether the later sections start unfolded: when editing,
// where they hold what was saved, and when one of them shows an error.
func (v ActivityForm) MoreOpen() bool {
	if v.ID != 0 || len(v.FirstSessions.List()) > 0 {
		return true
	}
	for _, e := range v.List() {
		if e.Field != "" && !slices.Contains(firstSection, e.Field) {
			return true
		}
	}
	return false
}

// SessionForm adds one session or a weekly series, or edits one session.
type SessionForm struct {
	ID        int64
	Date      string
	Start     string
	End       string
	Location  string
	OnlineURL string
	Weeks     string
	Skip      string
	// MoreDates lists further dates, one a line, each with its own
	// times if they differ.
	MoreDates string
	form.Errors
}

// ActivityPage shows an activity with its sessions.
type ActivityPage struct {
	Programme      components.ProgrammeHeader
	ID             int64
	Title          string
	Year           int
	Kind           string
	Stage          string
	Dimensions     []string
	Placement      string
	Level          string
	Checklist      []string
	Partnership    string
	PartnershipHow string
	Aims           string
	Toc            []TocPart
	Lead           string
	Team           []string
	OtherTeam      string
	Funding        string
	Budget         string
	Audience       string
	Status         string
	Module         string
	ModuleID       int64
	Archived       bool
	CanEdit        bool
	Sessions       []SessionRow
	// CalendarURL opens the programme's calendar at the month of the next
	// session (or the last); empty without sessions.
	CalendarURL string
	NewSession  SessionForm
	UpdatedAt   time.Time
	// Extra holds the sections other features add: outcomes, evidence.
	Extra []templ.Component
	// Aside holds the smaller sections of the side column: surveys, case
	// studies.
	Aside []templ.Component

	// TocSummary says in a line how far the Enhanced Theory of Change has got.
	TocSummary string
}

// TocPart is one part of the theory of change.
type TocPart struct {
	Label string
	Text  string
}

// SessionRow is one session in a list.
type SessionRow struct {
	ID        int64
	Date      time.Time
	Start     string
	End       string
	Location  string
	OnlineURL string
}

// CalendarPage is a month of a programme's sessions.
type CalendarPage struct {
	Programme components.ProgrammeHeader
	Month     time.Time
	Weeks     [][]CalendarDay
	Prev      string
	Next      string
	Feed      Feed
}

// Feed is a private calendar address, a programme's or a person's "my
// sessions": whether there is one, and its address just after it is
// made (shown once).
type Feed struct {
	// Whose is "this programme's" or "your"; Intro says what it holds.
	Whose     string
	Intro     string
	URL       string
	Has       bool
	Since     time.Time
	CanChange bool
	Create    string
	Revoke    string
}

// CalendarDay is one day cell.
type CalendarDay struct {
	Date     time.Time
	InMonth  bool
	Today    bool
	Sessions []CalendarSession
}

// CalendarSession is a session shown in the calendar.
type CalendarSession struct {
	ActivityID int64
	Title      string
	Time       string
	Location   string
}

// ImportPage is the plan's CSV import.
type ImportPage struct {
	Programme components.ProgrammeHeader
	Problems  []ImportProblem
	Summary   string
	// Conflict says why an import met another change and imported nothing.
	Conflict string
	// Preview is what the checked file would do, with the form that
	// confirms it; nil until a file has been checked.
	Preview *components.ImportPlan
	Confirm components.ImportConfirm
	form.Errors
}

// ImportProblem is one problem on one line.
type ImportProblem struct {
	Line    int
	Problem string
}

// Label helpers for templates.
var (
	KindLabel      = vocab.Kinds.Label
	StageLabel     = vocab.Stages.Label
	DimensionLabel = vocab.Dimensions.Label
	PlacementLabel = vocab.Placements.Label
	StatusLabel    = vocab.Statuses.Label
)

// AboutPage is a programme's modules and team.
type AboutPage struct {
	Programme   components.ProgrammeHeader
	Level       string
	SubjectArea string
	Years       int
	Modules     []AboutModule
	Team        []AboutPerson
}

// AboutModule is one module of the programme.
type AboutModule struct {
	ID    int64
	Code  string
	Title string
	Year  int
}

// AboutPerson is one person with a role on the programme or its modules.
type AboutPerson struct {
	Name  string
	Email string
}
