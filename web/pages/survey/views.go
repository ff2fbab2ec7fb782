// Package survey holds the pages of pulse surveys: the public response
// page, staff's list, form, survey and results pages, the printable
// poster, instruments and the page saying what is collected.
package survey

import (
	"time"

	"belonging/internal/httpx/form"
	"belonging/web/components"
)

// Question is one statement on the response page, as answered so far.
type Question struct {
	Name     string // the form field: "s" and the statement's id
	Number   int
	Text     string
	Required bool
	Value    string
	Error    string
}

// Respond is the public response page in one of its states: open (the
// questions), upcoming, closed, answered (this browser already answered)
// or thanks.
type Respond struct {
	// InstitutionSlug names the institution in the addresses of its
	// privacy notice and accessibility statement.
	InstitutionSlug string
	Token           string
	Title           string
	Institution     string
	// Once is the form's random value, which catches it being sent twice.
	Once           string
	Programme      string
	Activity       string
	Phase          string
	State          string
	Opens          time.Time
	Closes         time.Time // the moment it closes (UK time)
	MinGroup       int
	Questions      []Question
	FreeTextPrompt string
	Comment        string
	AskYear        bool
	Years          []components.Option
	Year           string
	// Staff is set when the programme's team answers, not its students.
	Staff bool
	form.Errors
}

// Row is one survey in a list.
type Row struct {
	ID        int64
	Title     string
	About     string
	AboutURL  string
	Phase     string
	Opens     time.Time
	Closes    time.Time
	State     string
	Responses int
	Invited   int
	// Baseline names the academic year this survey is the programme's
	// welcome-week baseline for; empty when it is not one.
	Baseline string
}

// ProgrammeSurveys is a programme's surveys.
type ProgrammeSurveys struct {
	Programme components.ProgrammeHeader
	Rows      []Row
	CanCreate bool
	MinGroup  int
	// StaffRows are the team's staff belonging surveys, listed apart.
	StaffRows []Row
}

// ActivitySurveys is the Surveys section of an activity's page.
type ActivitySurveys struct {
	ActivityID int64
	Rows       []Row
	CanCreate  bool
	// Result is the latest pre/post comparison in words, when one is shown.
	Result   string
	MinGroup int
}

// SurveyForm adds a survey (or a pre/post pair) or edits one.
type SurveyForm struct {
	ID         int64
	Action     string
	Cancel     string
	Context    string // what the survey is about, for the heading
	Title      string
	Instrument string
	Kind       string // "single" or "pair"
	// When it runs, as typed: dates and optional times (UK time) of the
	// survey (or the one before), and of the one after in a pair.
	Opens, OpensTime           string
	Closes, ClosesTime         string
	PostOpens, PostOpensTime   string
	PostCloses, PostClosesTime string
	Invited                    string
	AskYear                    bool
	Instruments                []components.Option
	// Locked is set once a survey has responses: its questions can no
	// longer change.
	Locked bool
	// Closed is set once a survey has closed: its dates can no longer
	// change.
	Closed bool
	// Staff is set for a staff belonging survey: the team answers it.
	Staff bool
	form.Errors
}

// SurveyPage is one survey with its link, QR code and results.
type SurveyPage struct {
	ID                 int64
	Title              string
	Phase              string
	About              string
	AboutURL           string
	ProgrammeID        int64
	ProgrammeCode      string
	State              string
	Opens              time.Time
	Closes             time.Time
	Responses          int
	Invited            int
	ResponseRate       int
	Link               string
	Instrument         string
	InstrumentID       int64
	PartnerID          int64
	PartnerPhase       string
	CanEdit            bool
	CanDelete          bool
	ResponsesDeletedOn *time.Time
	// Sealed is set once a closed survey's responses have been shuffled;
	// results wait for it.
	Sealed     bool
	Evidence   string
	MinGroup   int
	Results    Results
	Comparison *Comparison
	// Group is the pair's comparison group (pairs of an activity only).
	Group *ComparisonGroup
	// Baseline is the programme's welcome-week baseline for a
	// whole-programme survey's year; nil for an activity's survey.
	Baseline *Baseline
	// Staff is whether the programme team answers it, not students.
	Staff bool
}

// Baseline is how a survey stands to its programme's baseline for the year.
type Baseline struct {
	Year string
	// IsThis is true when this survey is the baseline.
	IsThis bool
	// ID and Title name the baseline when it is another, earlier survey.
	ID    int64
	Title string
	// Mean and N are the baseline's overall figures, OwnMean this
	// survey's, when both may be shown.
	Mean    string
	N       int
	OwnMean string
}

// Results is what may be shown of a survey's answers.
type Results struct {
	// Shown is false when the whole group is too small; Reason says why.
	Shown         bool
	Reason        string
	N             int
	GroupN        int
	Year          int
	MinGroup      int
	Filter        Filter
	Chart         components.BarChart
	Statements    []StatementResult
	StatementNote string
	Mean          string
	ShowComments  bool
	Comments      []string
	CommentsNote  string
	// Languages is how many answered in Welsh and in English, given only
	// for the whole group and when each language's count, and what the
	// two leave unrecorded, would pass the threshold; nil otherwise.
	Languages *LanguageSplit
	// LanguagesNote says when the split is shown, where it could be.
	LanguagesNote bool
}

// LanguageSplit is how many responses were sent in each language.
type LanguageSplit struct {
	Welsh, English int
}

// Filter offers the years of study whose results may be shown.
type Filter struct {
	Years    []int
	Selected int
	Note     string
}

// StatementResult is one statement's distribution, or its absence.
type StatementResult struct {
	Number   int
	Text     string
	Shown    bool
	Answered int
	Counts   [5]int
	Percents [5]int
	Agree    int
	Mean     string
}

// Comparison is a pre/post pair's difference.
type Comparison struct {
	Shown    bool
	Reason   string
	PreN     int
	PostN    int
	MinGroup int
	PreMean  string
	PostMean string
	Diff     string
	Low      string
	High     string
	Sentence string
	Effect   string
	Method   string
	Chart    components.BarChart
	Rows     []CompareRow
}

// CompareRow is one statement's mean before and after.
type CompareRow struct {
	Number int
	Text   string
	Shown  bool
	Pre    string
	Post   string
	Diff   string
}

// Poster is the printable page with the link and QR code.
type Poster struct {
	ID       int64
	Title    string
	About    string
	Link     string
	Closes   time.Time
	MinGroup int
}

// Instruments lists the questionnaires an institution may use.
type Instruments struct {
	Rows     []InstrumentRow
	CanAdmin bool
}

// InstrumentRow is one instrument in the list.
type InstrumentRow struct {
	ID          int64
	Name        string
	Version     int
	Statements  int
	BuiltIn     bool
	Description string
}

// InstrumentPage shows an instrument's statements.
type InstrumentPage struct {
	ID             int64
	Name           string
	Description    string
	FreeTextPrompt string
	Version        int
	BuiltIn        bool
	ReplacedBy     int64
	HasResponses   bool
	CanEdit        bool
	Statements     []InstrumentStatement
	// FreeTextPromptCy is the free-text question in Welsh ("" for none).
	FreeTextPromptCy string
}

// InstrumentStatement is one statement of an instrument.
type InstrumentStatement struct {
	Number    int
	Text      string
	Dimension string
	Required  bool
	// TextCy is the statement in Welsh ("" for none).
	TextCy string
}

// InstrumentForm adds or edits an instrument: a name, up to
// MaxStatements statements and an optional free-text question.
type InstrumentForm struct {
	ID             int64
	Name           string
	Description    string
	FreeTextPrompt string
	Statements     []StatementInput
	// NewVersion says saving makes a new version, because the
	// instrument has responses.
	NewVersion bool
	form.Errors
	// FreeTextPromptCy is the free-text question in Welsh, optional.
	FreeTextPromptCy string
}

// StatementInput is one statement row of the instrument form.
type StatementInput struct {
	Text      string
	Dimension string
	Optional  bool
	// TextCy is the statement in Welsh, optional: students reading in
	// Welsh see it, and the English where it is empty.
	TextCy string
}

// MaxStatements is the most statements an instrument may have.
const MaxStatements = 12

// Privacy says what surveys collect and why.
type Privacy struct {
	MinGroup       int
	RetentionDays  int
	RetentionWords string
}
