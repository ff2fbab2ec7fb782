package survey

import (
	"context"
	"fmt"
	"math"
	"strings"

	"belonging/internal/i18n"
)

// The difference in differences' words, in the reader's language for the
// survey pages. Sentence, Missing and DiDCaveats are the same words in
// English: they are written into the evidence record and the report
// workbook, which are stored and shared.

// inEnglish asks the catalogues for the English words of what is stored.
var inEnglish = i18n.WithLang(context.Background(), i18n.English)

// SentenceIn is Sentence in the reader's language.
func (d DiD) SentenceIn(ctx context.Context) string {
	var parts []string
	switch r := math.Round(d.Change*10) / 10; {
	case r > 0:
		parts = append(parts, i18n.T(ctx, "surveyadmin.did.sentence.more", "Points", plain(r), "Low", plain(d.Low), "High", plain(d.High)))
	case r < 0:
		parts = append(parts, i18n.T(ctx, "surveyadmin.did.sentence.less", "Points", plain(-r), "Low", plain(d.Low), "High", plain(d.High)))
	default:
		parts = append(parts, i18n.T(ctx, "surveyadmin.did.sentence.same", "Low", plain(d.Low), "High", plain(d.High)))
	}
	mean := func(s Summary) string { return fmt.Sprintf("%.1f", s.Mean) }
	parts = append(parts, i18n.T(ctx, "surveyadmin.did.sentence.scale", "TookPartBefore", mean(d.TookPartBefore), "TookPartAfter", mean(d.TookPartAfter),
		"ComparisonBefore", mean(d.ComparisonBefore), "ComparisonAfter", mean(d.ComparisonAfter)))
	if d.Low <= 0 && d.High >= 0 {
		parts = append(parts, i18n.T(ctx, "surveyadmin.did.sentence.chance"))
	}
	return strings.Join(parts, " ")
}

// missingIDs say, for each of the four groups in the order of groups(),
// that it has too few responses.
var missingIDs = [4]string{"surveyadmin.did.missing.took_part_before", "surveyadmin.did.missing.took_part_after",
	"surveyadmin.did.missing.comparison_before", "surveyadmin.did.missing.comparison_after"}

// MissingIn is Missing in the reader's language.
func (d DiD) MissingIn(ctx context.Context, threshold int) []string {
	var missing []string
	for i, g := range d.groups() {
		if g.N < threshold {
			missing = append(missing, i18n.N(ctx, missingIDs[i], g.N, "Min", threshold))
		}
	}
	return missing
}

// didCaveatsIn is DiDCaveats in the reader's language.
func didCaveatsIn(ctx context.Context) []string {
	return []string{i18n.T(ctx, "surveyadmin.did.caveat.not_random"), i18n.T(ctx, "surveyadmin.did.caveat.parallel"),
		i18n.T(ctx, "surveyadmin.did.caveat.anonymous")}
}
