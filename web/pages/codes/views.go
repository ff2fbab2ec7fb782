// Package codes holds the pages and page parts of the evaluation codes:
// the admin page of the vocabulary, the codes' section of the activity
// form and their block on the activity page.
package codes

import (
	"strconv"
	"strings"

	"belonging/internal/httpx/form"
	"belonging/web/components"
)

// Admin is the vocabulary's admin page, with a checked file's preview or
// its problems.
type Admin struct {
	Lists    []CodeList
	MaxRows  int
	MaxBytes string
	Problems []Problem
	// Preview is what a checked file would do; nil until one is checked.
	Preview *Preview
	// Conflict says why a confirmed import wrote nothing.
	Conflict string
	form.Errors
}

// CodeList is one category of the vocabulary.
type CodeList struct {
	Category string
	Title    string
	Codes    []CodeRow
}

// CodeRow is one code as the admin page lists it.
type CodeRow struct {
	Code         string
	Label        string
	Parent       string
	Description  string
	SuggestedFor []string
	Activities   int
}

// Problem is one thing wrong with one line of a file.
type Problem struct {
	Line    int
	Message string
}

// Preview is what importing a checked file would do.
type Preview struct {
	Added, Changed []components.ImportRecord
	Removed        []RemovedCode
	Same           int
	Reordered      bool
	Confirm        components.ImportConfirm
}

// Empty reports whether the file would change nothing.
func (p Preview) Empty() bool {
	return len(p.Added) == 0 && len(p.Changed) == 0 && len(p.Removed) == 0 && !p.Reordered
}

// RemovedCode is a code the file leaves out, with the activities that
// would lose it.
type RemovedCode struct {
	Code       string
	Label      string
	Activities int
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// usedOn says how many activities carry a code, when any do.
func usedOn(n int) string {
	switch n {
	case 0:
		return ""
	case 1:
		return ": on 1 activity"
	}
	return ": on " + strconv.Itoa(n) + " activities"
}

// Chosen is what the codes' section of the activity form holds.
type Chosen struct {
	Type          string
	Mode          string
	Beneficiaries []string
	Outcomes      []string
	Risks         []string
}

// Empty reports whether nothing is chosen.
func (c Chosen) Empty() bool {
	return c.Type == "" && c.Mode == "" && len(c.Beneficiaries) == 0 && len(c.Outcomes) == 0 && len(c.Risks) == 0
}

// Section is the codes' part of the activity form.
type Section struct {
	Chosen
	TypeOpts, ModeOpts, BeneficiaryOpts, OutcomeOpts, RiskOpts []components.Option
	// Suggested names the codes suggested for the activity's kind.
	Suggested []string
	// Available is false when the institution has no codes at all.
	Available bool
}

// codeFields are the section's field names, for opening it on an error.
var codeFields = []string{"code_type", "code_mode", "code_beneficiaries", "code_outcomes", "code_risks"}

// Open says whether the section starts unfolded: when it holds codes or
// an error.
func (s Section) Open(e form.Errors) bool {
	if !s.Chosen.Empty() {
		return true
	}
	for _, f := range codeFields {
		if e.Get(f) != "" {
			return true
		}
	}
	return false
}

// Block is the "Evaluation codes" block of an activity's page.
type Block struct {
	ActivityID    int64
	CanEdit       bool
	Empty         bool
	Type          string
	Mode          string
	Beneficiaries []string
	Outcomes      []BlockOutcome
	Risks         []string
	// Suggested names the types suggested for the activity's kind, while
	// it has none.
	Suggested []string
}

// BlockOutcome is an intended outcome with its suggested measures.
type BlockOutcome struct {
	Label    string
	Measures []string
}

// codesSummary is the line that unfolds an activity's codes in full: how
// many outcomes and risks it names.
func codesSummary(v Block) string {
	parts := []string{}
	if n := len(v.Outcomes); n > 0 {
		parts = append(parts, strconv.Itoa(n)+" "+components.Plural(n, "outcome", "outcomes"))
	}
	if n := len(v.Risks); n > 0 {
		parts = append(parts, strconv.Itoa(n)+" "+components.Plural(n, "EORR risk", "EORR risks"))
	}
	if len(parts) == 0 {
		return "All codes"
	}
	return "All codes: " + strings.Join(parts, ", ")
}
