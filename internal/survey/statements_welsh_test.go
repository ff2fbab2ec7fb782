package survey

import (
	"context"
	"testing"

	"belonging/internal/i18n"
	"belonging/internal/store"
)

// A statement with Welsh wording is shown in Welsh to a reader in Welsh,
// in a survey's results (table and chart) and in a pair's comparison,
// as the students who answered in Welsh read it; in English otherwise.
func TestStatementsInTheReadersLanguage(t *testing.T) {
	t.Parallel()
	const en, cy = "There are people here I can talk to", "Mae pobl yma y gallaf siarad â nhw"
	statements := []store.ListStatementsRow{{ID: 7, Position: 1, Body: en, BodyCy: cy}}
	full := func() tally {
		return tally{responses: 12, byYear: map[int]int{}, byLanguage: map[string]int{},
			answers: map[int64]map[int]*distribution{7: {0: {counts: [5]int{1, 1, 2, 4, 4}, answered: 12}}}}
	}
	scores := []float64{3, 4, 4, 5, 2, 3, 4, 4, 5, 5, 3, 4}
	for _, tt := range []struct{ lang, want string }{{i18n.Welsh, cy}, {i18n.English, en}} {
		ctx := i18n.WithLang(context.Background(), tt.lang)
		res := buildResults(ctx, resultsInput{id: 1, statements: statements, tally: full(), students: true}, 10)
		if len(res.Statements) != 1 || res.Statements[0].Text != tt.want {
			t.Errorf("results in %s: statements %+v, want the text %q", tt.lang, res.Statements, tt.want)
		}
		if g := res.Chart.Groups; len(g) != 1 || g[0].Label != "1. "+tt.want {
			t.Errorf("results chart in %s: groups %+v, want the label %q", tt.lang, g, "1. "+tt.want)
		}
		c := comparison(ctx, scores, scores, statements, full(), full(), 10, 2)
		if len(c.Rows) != 1 || c.Rows[0].Text != tt.want {
			t.Errorf("comparison in %s: rows %+v, want the text %q", tt.lang, c.Rows, tt.want)
		}
		if g := c.Chart.Groups; len(g) != 1 || g[0].Label != "1. "+tt.want {
			t.Errorf("comparison chart in %s: groups %+v, want the label %q", tt.lang, g, "1. "+tt.want)
		}
	}
}
