package activity

import (
	"context"
	"net/url"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"belonging/internal/vocab"
	"belonging/web/paths"
)

// The map's biggest gaps in words: empty stages first, then the dimensions
// missing from the most stages, at most three of them.
func TestBiggestGaps(t *testing.T) {
	counts := map[string]map[string]int{}
	for _, s := range vocab.Stages {
		counts[s.Value] = map[string]int{}
		for _, d := range vocab.Dimensions {
			counts[s.Value][d.Value] = 1
		}
	}
	if got := (Coverage{Counts: counts}).biggestGaps(context.Background()); len(got) != 0 {
		t.Errorf("biggestGaps(full map) = %q, want none", got)
	}
	for _, d := range vocab.Dimensions {
		counts["term_2"][d.Value] = 0
	}
	counts["welcome_week"]["wellbeing"] = 0
	for _, s := range vocab.Stages {
		counts[s.Value]["staff"] = 0
	}
	n := len(vocab.Stages)
	want := []string{
		"Term 2: no activities at all.",
		"Relationships with staff: nothing at any stage of the year.",
		vocab.Dimensions.Label("wellbeing") + ": nothing in 2 of " + strconv.Itoa(n) + " stages (Welcome week, Term 2).",
		vocab.Dimensions[0].Label + ": nothing in 1 of " + strconv.Itoa(n) + " stages (Term 2).",
	}
	if diff := cmp.Diff(want, (Coverage{Counts: counts}).biggestGaps(context.Background())); diff != "" {
		t.Errorf("biggestGaps() mismatch (-want +got):\n%s", diff)
	}
}

// A coverage cell's link is written by hand for speed; it must stay the
// address the plan's filters build, for every stage and dimension.
func TestCellURLIsThePlanFiltered(t *testing.T) {
	c := Coverage{ProgrammeID: 42, Year: 2026}
	for _, s := range vocab.Stages {
		for _, d := range vocab.Dimensions {
			q := url.Values{"year": {"2026"}, "stage": {s.Value}, "dimension": {d.Value}}
			want := paths.PlanFiltered(42, q) + "#activities-title"
			if got := c.cellURL(s.Value, d.Value); got != want {
				t.Errorf("cellURL(%q, %q) = %q, want %q", s.Value, d.Value, got, want)
			}
		}
	}
	if got, want := c.cellURL("a b&c", "x=y"), paths.PlanFiltered(42, url.Values{"year": {"2026"}, "stage": {"a b&c"}, "dimension": {"x=y"}})+"#activities-title"; got != want {
		t.Errorf("cellURL escapes to %q, want %q", got, want)
	}
}
