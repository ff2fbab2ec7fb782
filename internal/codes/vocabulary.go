// Package codes is the evaluation vocabulary activities are coded with,
// modelled on TASO's post-entry MOAT (activity type and sub-type, delivery
// mode, intended beneficiaries, outcomes with suggested measures) and the
// OfS Equality of Opportunity Risk Register: each institution's own set,
// loaded from a documented CSV (docs/evaluation-codes.md), the codes on an
// activity's form and page, and what filters and exports read of them.
package codes

import (
	"context"
	"slices"
	"strings"

	"belonging/internal/store"
)

// Category is one list of the vocabulary. Parent names the category a
// code of this one hangs under (a sub-type under a type, a measure under
// an outcome).
type Category struct {
	Value  string
	Label  string
	Plural string
	Parent string
}

// Categories in the order the admin page, the CSV documentation and the
// activity page show them.
var Categories = []Category{
	{Value: "type", Label: "Activity type", Plural: "Activity types"},
	{Value: "subtype", Label: "Sub-type", Plural: "Sub-types", Parent: "type"},
	{Value: "mode", Label: "Delivery mode", Plural: "Delivery modes"},
	{Value: "beneficiary", Label: "Beneficiary group", Plural: "Beneficiary groups"},
	{Value: "outcome", Label: "Outcome", Plural: "Outcomes"},
	{Value: "measure", Label: "Suggested measure", Plural: "Suggested measures", Parent: "outcome"},
	{Value: "risk", Label: "EORR risk", Plural: "Equality of Opportunity Risk Register risks"},
}

// CategoryOf returns the category named value.
func CategoryOf(value string) (Category, bool) {
	for _, c := range Categories {
		if c.Value == value {
			return c, true
		}
	}
	return Category{}, false
}

// Code is one entry of the vocabulary.
type Code struct {
	Category    string
	Code        string
	Label       string
	Parent      string
	Description string
	// SuggestedFor lists the activity kinds for which the activity form
	// marks this code as suggested.
	SuggestedFor []string
	// Line is where a code read from a file was (the header is line 1).
	Line int
}

// Vocabulary is an institution's codes in their order.
type Vocabulary struct {
	Codes []Code
}

// Load reads institutionID's vocabulary.
func Load(ctx context.Context, q *store.Queries, institutionID int64) (Vocabulary, error) {
	rows, err := q.ListEvaluationCodes(ctx, institutionID)
	if err != nil {
		return Vocabulary{}, err
	}
	v := Vocabulary{Codes: make([]Code, 0, len(rows))}
	for _, r := range rows {
		c := Code{Category: r.Category, Code: r.Code, Label: r.Label, Description: r.Description, SuggestedFor: r.SuggestedFor}
		if r.ParentCode != nil {
			c.Parent = *r.ParentCode
		}
		v.Codes = append(v.Codes, c)
	}
	return v, nil
}

// Of lists the codes of one category.
func (v Vocabulary) Of(category string) []Code {
	var out []Code
	for _, c := range v.Codes {
		if c.Category == category {
			out = append(out, c)
		}
	}
	return out
}

// Get finds a code.
func (v Vocabulary) Get(code string) (Code, bool) {
	for _, c := range v.Codes {
		if c.Code == code {
			return c, true
		}
	}
	return Code{}, false
}

// Children lists the codes that hang under code (a type's sub-types, an
// outcome's measures).
func (v Vocabulary) Children(code string) []Code {
	var out []Code
	for _, c := range v.Codes {
		if c.Parent == code {
			out = append(out, c)
		}
	}
	return out
}

// TypeLabel is how a type or sub-type reads on its own: a sub-type
// carries its type's name in front.
func (v Vocabulary) TypeLabel(c Code) string {
	if c.Category == "subtype" {
		if parent, ok := v.Get(c.Parent); ok {
			return parent.Label + ": " + c.Label
		}
	}
	return c.Label
}

// Suggests reports whether c is suggested for activities of kind.
func (c Code) Suggests(kind string) bool {
	return kind != "" && slices.Contains(c.SuggestedFor, kind)
}

// Family is a type with the codes that count as it in a filter: the type
// and its sub-types.
func (v Vocabulary) Family(code string) []string {
	out := []string{code}
	for _, c := range v.Children(code) {
		out = append(out, c.Code)
	}
	return out
}

// Applied is the codes one activity carries, grouped for showing.
type Applied struct {
	Type          *Code
	Mode          *Code
	Beneficiaries []Code
	Outcomes      []Code
	Risks         []Code
}

// Values lists the applied codes, for the audit log and exports.
func (a Applied) Values() []string {
	var out []string
	for _, c := range a.all() {
		out = append(out, c.Code)
	}
	return out
}

func (a Applied) all() []Code {
	var out []Code
	if a.Type != nil {
		out = append(out, *a.Type)
	}
	if a.Mode != nil {
		out = append(out, *a.Mode)
	}
	out = append(out, a.Beneficiaries...)
	out = append(out, a.Outcomes...)
	return append(out, a.Risks...)
}

// Empty reports whether the activity carries no code.
func (a Applied) Empty() bool { return len(a.all()) == 0 }

// Apply groups codes (as an activity carries them) by category; codes not
// in the vocabulary are left out.
func (v Vocabulary) Apply(values []string) Applied {
	var a Applied
	for _, c := range v.Codes {
		if !slices.Contains(values, c.Code) {
			continue
		}
		switch c.Category {
		case "type", "subtype":
			if a.Type == nil {
				a.Type = &c
			}
		case "mode":
			if a.Mode == nil {
				a.Mode = &c
			}
		case "beneficiary":
			a.Beneficiaries = append(a.Beneficiaries, c)
		case "outcome":
			a.Outcomes = append(a.Outcomes, c)
		case "risk":
			a.Risks = append(a.Risks, c)
		}
	}
	return a
}

// ActivityCodes reads the codes activityID carries.
func ActivityCodes(ctx context.Context, q *store.Queries, institutionID, activityID int64) ([]string, error) {
	rows, err := q.ListActivityCodes(ctx, store.ListActivityCodesParams{InstitutionID: institutionID, ActivityID: activityID})
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.Code)
	}
	return out, nil
}

// Save replaces the codes activityID carries with values (codes of the
// institution's vocabulary, already checked).
func Save(ctx context.Context, q *store.Queries, institutionID, activityID int64, values []string) error {
	if err := q.ClearActivityCodes(ctx, store.ClearActivityCodesParams{InstitutionID: institutionID, ActivityID: activityID}); err != nil {
		return err
	}
	if len(values) == 0 {
		return nil
	}
	return q.AddActivityCodes(ctx, store.AddActivityCodesParams{InstitutionID: institutionID, ActivityID: activityID, Codes: values})
}

// Joined is codes as one audit or export cell: codes separated by ";".
func Joined(values []string) string { return strings.Join(values, ";") }
