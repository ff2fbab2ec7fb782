package codes

import (
	"context"
	"slices"

	"belonging/internal/httpx/form"
	"belonging/internal/i18n"
	"belonging/internal/store"
	"belonging/web/components"
	page "belonging/web/pages/codes"
)

// The form fields of the codes, in page order.
const (
	FieldType          = "code_type"
	FieldMode          = "code_mode"
	FieldBeneficiaries = "code_beneficiaries"
	FieldOutcomes      = "code_outcomes"
	FieldRisks         = "code_risks"
)

// Read reads the codes' section of an activity form into v, checking
// every choice against the vocabulary (a code that is not offered is an
// error at its field, in page order), and returns the chosen codes in the
// vocabulary's order. Every field may be left empty.
func Read(ctx context.Context, vals form.Values, voc Vocabulary, v *page.Chosen, e *form.Errors) []string {
	v.Type, v.Mode = vals.Text(FieldType), vals.Text(FieldMode)
	v.Beneficiaries, v.Outcomes, v.Risks = vals.List(FieldBeneficiaries), vals.List(FieldOutcomes), vals.List(FieldRisks)
	in := func(value string, categories ...string) bool {
		c, ok := voc.Get(value)
		return ok && slices.Contains(categories, c.Category)
	}
	var chosen []string
	if v.Type != "" {
		if in(v.Type, "type", "subtype") {
			chosen = append(chosen, v.Type)
		} else {
			e.Add(FieldType, i18n.T(ctx, "codes.error.type"))
		}
	}
	if v.Mode != "" {
		if in(v.Mode, "mode") {
			chosen = append(chosen, v.Mode)
		} else {
			e.Add(FieldMode, i18n.T(ctx, "codes.error.mode"))
		}
	}
	for _, f := range []struct {
		field, category, message string
		values                   []string
	}{
		{FieldBeneficiaries, "beneficiary", i18n.T(ctx, "codes.error.beneficiaries"), v.Beneficiaries},
		{FieldOutcomes, "outcome", i18n.T(ctx, "codes.error.outcomes"), v.Outcomes},
		{FieldRisks, "risk", i18n.T(ctx, "codes.error.risks"), v.Risks},
	} {
		for _, value := range f.values {
			if !in(value, f.category) {
				e.Add(f.field, f.message)
				break
			}
		}
		chosen = append(chosen, f.values...)
	}
	return voc.ordered(chosen)
}

// ordered keeps the values that are codes of voc, once each, in its order.
func (v Vocabulary) ordered(values []string) []string {
	var out []string
	for _, c := range v.Codes {
		if slices.Contains(values, c.Code) {
			out = append(out, c.Code)
		}
	}
	return out
}

// Chosen is the form's selection for codes an activity carries.
func (v Vocabulary) Chosen(values []string) page.Chosen {
	a := v.Apply(values)
	var out page.Chosen
	if a.Type != nil {
		out.Type = a.Type.Code
	}
	if a.Mode != nil {
		out.Mode = a.Mode.Code
	}
	for _, c := range a.Beneficiaries {
		out.Beneficiaries = append(out.Beneficiaries, c.Code)
	}
	for _, c := range a.Outcomes {
		out.Outcomes = append(out.Outcomes, c.Code)
	}
	for _, c := range a.Risks {
		out.Risks = append(out.Risks, c.Code)
	}
	return out
}

// Section is the codes' part of the activity form: the vocabulary's
// choices with chosen selected, and the codes suggested for kind marked
// (never chosen for the person).
func (v Vocabulary) Section(ctx context.Context, chosen page.Chosen, kind string) page.Section {
	s := page.Section{Chosen: chosen, Available: len(v.Codes) > 0}
	option := func(c Code, label string) components.Option {
		o := components.Option{Value: c.Code, Label: label}
		if c.Suggests(kind) {
			s.Suggested = append(s.Suggested, label)
			o.Hint = i18n.T(ctx, "codes.form.suggested_hint")
		}
		return o
	}
	for _, t := range v.Of("type") {
		s.TypeOpts = append(s.TypeOpts, option(t, t.Label))
		for _, sub := range v.Children(t.Code) {
			s.TypeOpts = append(s.TypeOpts, option(sub, v.TypeLabel(sub)))
		}
	}
	for _, c := range v.Of("mode") {
		s.ModeOpts = append(s.ModeOpts, option(c, c.Label))
	}
	for _, c := range v.Of("beneficiary") {
		s.BeneficiaryOpts = append(s.BeneficiaryOpts, option(c, c.Label))
	}
	for _, c := range v.Of("outcome") {
		s.OutcomeOpts = append(s.OutcomeOpts, option(c, c.Label))
	}
	for _, c := range v.Of("risk") {
		s.RiskOpts = append(s.RiskOpts, option(c, c.Label))
	}
	// A select cannot show a hint per option: the label says it.
	for i, o := range s.TypeOpts {
		if o.Hint != "" {
			s.TypeOpts[i].Label += " (suggested)"
			s.TypeOpts[i].Hint = ""
		}
	}
	for i, o := range s.ModeOpts {
		if o.Hint != "" {
			s.ModeOpts[i].Label += " (suggested)"
			s.ModeOpts[i].Hint = ""
		}
	}
	return s
}

// Filter reads a filter's type and risk (codes of the vocabulary; others
// are ignored) into what the store filters by, and returns the values
// kept, for the filter form.
func (v Vocabulary) Filter(typeCode, risk string) (f store.CodeFilter, keptType, keptRisk string) {
	if c, ok := v.Get(typeCode); ok && (c.Category == "type" || c.Category == "subtype") {
		f.Types, keptType = v.Family(c.Code), c.Code
	}
	if c, ok := v.Get(risk); ok && c.Category == "risk" {
		f.Risk, keptRisk = c.Code, c.Code
	}
	return f, keptType, keptRisk
}

// FilterOptions are the choices of a filter by type (types with their
// sub-types beneath) and by risk.
func (v Vocabulary) FilterOptions() (types, risks []components.Option) {
	for _, t := range v.Of("type") {
		types = append(types, components.Option{Value: t.Code, Label: t.Label})
		for _, sub := range v.Children(t.Code) {
			types = append(types, components.Option{Value: sub.Code, Label: v.TypeLabel(sub)})
		}
	}
	for _, r := range v.Of("risk") {
		risks = append(risks, components.Option{Value: r.Code, Label: r.Label})
	}
	return types, risks
}
