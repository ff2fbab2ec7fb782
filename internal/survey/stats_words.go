package survey

import (
	"context"
	"math"
	"strings"

	"belonging/internal/i18n"
)

// The comparison's words for the survey page, in the reader's language.
// Sentence and EffectWord stay in English: they are written into the
// evidence record a pair makes, which is stored.

// effectWordIn is EffectWord in the reader's language.
func effectWordIn(ctx context.Context, d float64) string {
	switch a := math.Abs(d); {
	case a < 0.2:
		return i18n.T(ctx, "surveyadmin.compare.effect.very_small")
	case a < 0.5:
		return i18n.T(ctx, "surveyadmin.compare.effect.small")
	case a < 0.8:
		return i18n.T(ctx, "surveyadmin.compare.effect.medium")
	}
	return i18n.T(ctx, "surveyadmin.compare.effect.large")
}

// SentenceIn is Sentence in the reader's language.
func (c Comparison) SentenceIn(ctx context.Context) string {
	args := []any{"Diff", Signed(c.Diff), "Low", Signed(c.Low), "High", Signed(c.High)}
	var parts []string
	switch r := math.Round(c.Diff*10) / 10; {
	case r > 0:
		parts = append(parts, i18n.T(ctx, "surveyadmin.compare.sentence.more", args...))
	case r < 0:
		parts = append(parts, i18n.T(ctx, "surveyadmin.compare.sentence.less", args...))
	default:
		parts = append(parts, i18n.T(ctx, "surveyadmin.compare.sentence.same", args...))
	}
	if c.DOK {
		parts = append(parts, i18n.T(ctx, "surveyadmin.compare.sentence.effect", "Word", effectWordIn(ctx, c.D)))
	}
	if c.Low <= 0 && c.High >= 0 {
		parts = append(parts, i18n.T(ctx, "surveyadmin.compare.sentence.chance"))
	}
	return strings.Join(parts, " ")
}
