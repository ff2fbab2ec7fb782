// Package evidence holds the pages for recording outcomes and attaching
// evidence, and the outcomes and evidence sections of an activity's page.
package evidence

import (
	"time"

	"belonging/internal/httpx/form"
	"belonging/web/components"
)

// AimsMet labels the 1–5 scale for how far an activity met its aims.
var AimsMet = []components.Option{
	{Value: "1", Label: "1 – Not at all"},
	{Value: "2", Label: "2 – A little"},
	{Value: "3", Label: "3 – Partly"},
	{Value: "4", Label: "4 – Mostly"},
	{Value: "5", Label: "5 – Fully"},
}

// AimsMetLabel names a score.
func AimsMetLabel(n int) string {
	if n >= 1 && n <= 5 {
		return AimsMet[n-1].Label
	}
	return ""
}

// Kinds of evidence.
var Kinds = []components.Option{
	{Value: "attendance", Label: "Attendance record"},
	{Value: "survey", Label: "Survey results"},
	{Value: "feedback", Label: "Student feedback"},
	{Value: "photo", Label: "Photo"},
	{Value: "artefact", Label: "Artefact, such as a poster or slides"},
	{Value: "report", Label: "Report"},
	{Value: "other", Label: "Other"},
}

// KindLabel names a kind of evidence.
func KindLabel(v string) string {
	for _, k := range Kinds {
		if k.Value == v {
			return k.Label
		}
	}
	return v
}

// Strengths are the Office for Students' standards of evidence, with what
// each needs, shown beside the choice.
var Strengths = []components.Option{
	{Value: "1", Label: "Type 1: narrative", Hint: "A theory of change and a rationale: why you expect the activity to work, drawing on what others have found. Student quotes and reflections support it."},
	{Value: "2", Label: "Type 2: empirical", Hint: "Data showing change: before and after, or participants against non-participants. Say the instrument, the number of people (N) and the response rate."},
	{Value: "3", Label: "Type 3: causal", Hint: "A comparison group that did not take part, chosen to be like those who did, and an effect size showing the difference the activity made."},
}

// StrengthLabel names a type of evidence.
func StrengthLabel(n int) string {
	if n >= 1 && n <= 3 {
		return Strengths[n-1].Label
	}
	return "No evidence yet"
}

// Section is the outcomes and evidence part of an activity's page.
type Section struct {
	ActivityID int64
	CanEdit    bool
	Outcomes   []OutcomeRow
	Evidence   []EvidenceRow
	Summary    Summary
}

// OutcomeRow is one recorded outcome.
type OutcomeRow struct {
	ID           int64
	Date         time.Time
	SessionDate  *time.Time
	Attendance   *int
	Invited      *int
	ReachPct     *int
	AimsMet      int
	StaffPresent string
	WhatWorked   string
	WhatToChange string
	Quotes       string
	NextSteps    string
	RecordedBy   string
	Evidence     []EvidenceRow
}

// EvidenceRow is one item of evidence.
type EvidenceRow struct {
	ID         int64
	Title      string
	Kind       string
	Strength   int
	Notes      string
	Details    []string
	Link       string
	FileName   string
	FileSize   string
	FileType   string
	Image      bool
	FromSurvey bool
	// SurveyURL is the results page of the survey the evidence comes from.
	SurveyURL string
	AddedBy   string
	Added     time.Time
}

// Summary is the activity's evidence at a glance.
type Summary struct {
	Strongest int
	Next      string
	Checks    []Check
}

// Check is one item of the evidence checklist.
type Check struct {
	Label string
	Done  bool
	Hint  string
}

// OutcomeForm records or edits an outcome.
type OutcomeForm struct {
	ID            int64
	ActivityID    int64
	ActivityTitle string
	SessionID     string
	Date          string
	Attendance    string
	Invited       string
	StaffPresent  string
	WhatWorked    string
	WhatToChange  string
	AimsMet       string
	Quotes        string
	NextSteps     string
	Sessions      []components.Option
	// CheckedIn says that Attendance came from the session's check-in.
	CheckedIn string
	form.Errors
}

// EvidenceForm adds evidence.
type EvidenceForm struct {
	ActivityID    int64
	ActivityTitle string
	OutcomeID     string
	Title         string
	Kind          string
	Strength      string
	Notes         string
	Instrument    string
	SampleSize    string
	ResponseRate  string
	Comparison    string
	EffectSize    string
	Link          string
	PhotoConsent  bool
	MaxSize       string
	Outcomes      []components.Option
	form.Errors
}
