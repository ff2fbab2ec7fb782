// Package codes holds the pages and page parts of the evaluation codes:
// the admin page of the vocabulary, the codes' section of the activity
// form and their block on the activity page.
package codes

import (
	"context"
	"strings"

	"belonging/internal/httpx/form"
	"belonging/internal/i18n"
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

// csvColumns are the vocabulary file's columns, and categoryValues the
// categories it names: the file's own words, the same in every language.
var (
	csvColumns     = []string{"category", "code", "label", "parent", "description", "suggested_for"}
	categoryValues = []string{"type", "subtype", "mode", "beneficiary", "outcome", "measure", "risk"}
)

// endOf is end after the last of n values, nothing after the others.
func endOf(i, n int, end string) string {
	if i == n-1 {
		return end
	}
	return ""
}

func orNone(ctx context.Context, s string) string {
	if s == "" {
		return i18n.T(ctx, "codes.preview.none")
	}
	return s
}

// usedOn says how many activities carry a code, when any do.
func usedOn(ctx context.Context, n int) string {
	if n == 0 {
		return ""
	}
	return i18n.N(ctx, "codes.preview.used_on", n)
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
func codesSummary(ctx context.Context, v Block) string {
	parts := []string{}
	if n := len(v.Outcomes); n > 0 {
		parts = append(parts, i18n.N(ctx, "codes.show.n_outcomes", n))
	}
	if n := len(v.Risks); n > 0 {
		parts = append(parts, i18n.N(ctx, "codes.show.n_risks", n))
	}
	if len(parts) == 0 {
		return i18n.T(ctx, "codes.show.all")
	}
	return i18n.T(ctx, "codes.show.all_of", "Parts", strings.Join(parts, ", "))
}
