package evidence

import (
	"context"
	"strconv"
	"strings"

	"belonging/internal/i18n"
	"belonging/web/components"
)

// StrengthLabelIn is StrengthLabel in the reader's language.
func StrengthLabelIn(ctx context.Context, n int) string {
	switch n {
	case 1:
		return i18n.T(ctx, "evidence.strength.1")
	case 2:
		return i18n.T(ctx, "evidence.strength.2")
	case 3:
		return i18n.T(ctx, "evidence.strength.3")
	}
	return i18n.T(ctx, "evidence.strength.none")
}

// kindMessages are the catalogue's ids of the evidence kinds' labels.
var kindMessages = map[string]string{
	"attendance": "evidence.kind.attendance",
	"survey":     "evidence.kind.survey",
	"feedback":   "evidence.kind.feedback",
	"photo":      "evidence.kind.photo",
	"artefact":   "evidence.kind.artefact",
	"report":     "evidence.kind.report",
	"other":      "evidence.kind.other",
}

// KindLabelIn is KindLabel in the reader's language.
func KindLabelIn(ctx context.Context, v string) string {
	if id, ok := kindMessages[v]; ok {
		return i18n.T(ctx, id)
	}
	return v
}

// aimsMessages are the catalogue's ids of the aims-met scale, 1 to 5.
var aimsMessages = []string{"evidence.aims.1", "evidence.aims.2", "evidence.aims.3", "evidence.aims.4", "evidence.aims.5"}

// AimsMetLabelIn is AimsMetLabel in the reader's language.
func AimsMetLabelIn(ctx context.Context, n int) string {
	if n >= 1 && n <= 5 {
		return i18n.T(ctx, aimsMessages[n-1])
	}
	return ""
}

// NotesIn is Notes in the reader's language.
func (o OutcomeRow) NotesIn(ctx context.Context) string {
	var parts []string
	for _, p := range []struct{ text, name string }{
		{o.WhatWorked, i18n.T(ctx, "evidence.notes.worked")},
		{o.WhatToChange, i18n.T(ctx, "evidence.notes.change")},
		{o.Quotes, i18n.T(ctx, "evidence.notes.quotes")},
		{o.NextSteps, i18n.T(ctx, "evidence.notes.next")},
	} {
		if p.text != "" {
			parts = append(parts, p.name)
		}
	}
	if n := len(o.Evidence); n > 0 {
		parts = append(parts, i18n.N(ctx, "evidence.notes.items", n))
	}
	if len(parts) == 0 {
		return ""
	}
	s := strings.Join(parts, ", ")
	if i := strings.LastIndex(s, ", "); i >= 0 {
		s = s[:i] + i18n.T(ctx, "evidence.notes.and") + s[i+2:]
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// attendanceIn is an outcome's attendance, of how many were invited.
func attendanceIn(ctx context.Context, o OutcomeRow) string {
	if o.Invited == nil {
		return strconv.Itoa(*o.Attendance)
	}
	return i18n.T(ctx, "evidence.attendance.of", "Came", *o.Attendance, "Invited", *o.Invited)
}

// KindsIn are the kinds of evidence to choose from, in the reader's
// language.
func KindsIn(ctx context.Context) []components.Option {
	out := make([]components.Option, len(Kinds))
	for i, k := range Kinds {
		out[i] = components.Option{Value: k.Value, Label: KindLabelIn(ctx, k.Value)}
	}
	return out
}

// strengthHints are the catalogue's ids of what each type of evidence
// needs, 1 to 3.
var strengthHints = []string{"evidence.strength.1.hint", "evidence.strength.2.hint", "evidence.strength.3.hint"}

// StrengthsIn are the standards of evidence to choose from, with what
// each needs, in the reader's language.
func StrengthsIn(ctx context.Context) []components.Option {
	out := make([]components.Option, len(Strengths))
	for i, s := range Strengths {
		out[i] = components.Option{Value: s.Value, Label: StrengthLabelIn(ctx, i+1), Hint: i18n.T(ctx, strengthHints[i])}
	}
	return out
}

// AimsMetIn is the 1–5 scale of how far aims were met, in the reader's
// language.
func AimsMetIn(ctx context.Context) []components.Option {
	out := make([]components.Option, len(AimsMet))
	for i, a := range AimsMet {
		out[i] = components.Option{Value: a.Value, Label: AimsMetLabelIn(ctx, i+1)}
	}
	return out
}
