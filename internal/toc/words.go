package toc

import (
	"context"

	"belonging/internal/i18n"
	"belonging/web/components"
)

// partWords are the catalogue's ids of each part's words, by the part's
// stored value: its label, its heading in the diagram, its hint and the
// change page's heading.
var partWords = map[string]struct{ label, heading, hint, change string }{
	"context":    {"toc.part.context", "toc.part.context.heading", "toc.part.context.hint", "toc.part.context.change"},
	"input":      {"toc.part.input", "toc.part.input.heading", "toc.part.input.hint", "toc.part.input.change"},
	"activity":   {"toc.part.activity", "toc.part.activity.heading", "toc.part.activity.hint", "toc.part.activity.change"},
	"output":     {"toc.part.output", "toc.part.output.heading", "toc.part.output.hint", "toc.part.output.change"},
	"outcome":    {"toc.part.outcome", "toc.part.outcome.heading", "toc.part.outcome.hint", "toc.part.outcome.change"},
	"impact":     {"toc.part.impact", "toc.part.impact.heading", "toc.part.impact.hint", "toc.part.impact.change"},
	"mechanism":  {"toc.part.mechanism", "toc.part.mechanism.heading", "toc.part.mechanism.hint", "toc.part.mechanism.change"},
	"assumption": {"toc.part.assumption", "toc.part.assumption.heading", "toc.part.assumption.hint", "toc.part.assumption.change"},
}

// LabelIn is the part's label in the reader's language.
func (p Part) LabelIn(ctx context.Context) string { return i18n.T(ctx, partWords[p.Value].label) }

// HeadingIn is the part's heading in the reader's language.
func (p Part) HeadingIn(ctx context.Context) string { return i18n.T(ctx, partWords[p.Value].heading) }

// HintIn is the part's hint in the reader's language.
func (p Part) HintIn(ctx context.Context) string { return i18n.T(ctx, partWords[p.Value].hint) }

// changeHeading heads the page that changes an entry of the part:
// "Change an outcome".
func (p Part) changeHeading(ctx context.Context) string {
	return i18n.T(ctx, partWords[p.Value].change)
}

// termWords are the catalogue's ids of an outcome's terms: label, hint
// and the heading of the outcomes of that term.
var termWords = map[string]struct{ label, hint, heading string }{
	"short":  {"toc.term.short", "toc.term.short.hint", "toc.heading.outcome.short"},
	"medium": {"toc.term.medium", "toc.term.medium.hint", "toc.heading.outcome.medium"},
	"long":   {"toc.term.long", "toc.term.long.hint", "toc.heading.outcome.long"},
}

// TermsIn are Terms in the reader's language.
func TermsIn(ctx context.Context) []components.Option {
	out := make([]components.Option, len(Terms))
	for i, t := range Terms {
		w := termWords[t.Value]
		out[i] = components.Option{Value: t.Value, Label: i18n.T(ctx, w.label), Hint: i18n.T(ctx, w.hint)}
	}
	return out
}
