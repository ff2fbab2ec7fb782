package activity

import (
	"context"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"belonging/internal/vocab"
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
