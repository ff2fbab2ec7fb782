package survey

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"belonging/internal/store"
)

func TestShownGroups(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		total  int
		groups map[int]int
		want   []int
	}{
		{"whole group too small", 9, map[int]int{1: 9}, nil},
		{"every year large enough, nothing left over", 30, map[int]int{1: 10, 2: 20}, []int{1, 2}},
		// All 25 and year 1's 18 would give away year 2's 7 by subtraction.
		{"complement too small", 25, map[int]int{1: 18, 2: 7}, nil},
		// Years 1 and 2 both reach 10, but all − year 1 − year 2 leaves
		// the 3 who gave no year: year 2 (the smaller) is withheld, so
		// what is left (13) is large enough.
		{"three-way subtraction", 25, map[int]int{1: 12, 2: 10}, []int{1}},
		{"remainder large enough", 40, map[int]int{1: 15, 2: 12, 3: 3}, []int{1, 2}},
		{"one year is everyone", 12, map[int]int{1: 12}, []int{1}},
		{"nobody gave a year", 20, map[int]int{}, nil},
	}
	for _, tt := range tests {
		got := ShownGroups(tt.total, tt.groups, 10)
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s: ShownGroups(%d, %v, 10) = %v, want %v", tt.name, tt.total, tt.groups, got, tt.want)
		}
		// Whatever is shown, every difference between shown figures is
		// none or at least 10.
		rest := tt.total
		for _, g := range got {
			if tt.groups[g] < 10 {
				t.Errorf("%s: shows year %d with %d responses", tt.name, g, tt.groups[g])
			}
			rest -= tt.groups[g]
		}
		if len(got) > 0 && rest > 0 && rest < 10 {
			t.Errorf("%s: shown years leave %d responses to be worked out by subtraction", tt.name, rest)
		}
	}
}

// tallyOf builds counts where each response answers every statement with
// the given score, in the given year.
func tallyOf(statements []int64, responses map[int][]int) tally {
	t := tally{byYear: map[int]int{}, answers: map[int64]map[int]*distribution{}}
	for year, scores := range responses {
		t.byYear[year] += len(scores)
		t.responses += len(scores)
		for _, st := range statements {
			if t.answers[st] == nil {
				t.answers[st] = map[int]*distribution{}
			}
			d := t.answers[st][year]
			if d == nil {
				d = &distribution{}
				t.answers[st][year] = d
			}
			for _, s := range scores {
				d.counts[s-1]++
				d.answered++
			}
		}
	}
	return t
}

func repeat(score, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = score
	}
	return out
}

func TestBuildResultsThreshold(t *testing.T) {
	t.Parallel()
	statements := []store.ListStatementsRow{{ID: 1, Position: 1, Body: "I belong here.", Required: true}}
	for _, tt := range []struct {
		n     int
		shown bool
	}{{9, false}, {10, true}} {
		in := resultsInput{id: 1, statements: statements, tally: tallyOf([]int64{1}, map[int][]int{0: repeat(4, tt.n)}), hasPrompt: true, showComments: true}
		res := buildResults(context.Background(), in, 10)
		if res.Shown != tt.shown {
			t.Errorf("%d responses: Shown = %v, want %v (reason %q)", tt.n, res.Shown, tt.shown, res.Reason)
		}
		if tt.shown && (len(res.Chart.Groups) != 1 || res.Statements[0].Counts[3] != 10 || res.Mean != "4.0") {
			t.Errorf("%d responses: chart %v, statements %+v, mean %q", tt.n, res.Chart.Groups, res.Statements, res.Mean)
		}
		if !tt.shown && (len(res.Statements) != 0 || res.ShowComments) {
			t.Errorf("%d responses: figures or comments leaked: %+v", tt.n, res)
		}
	}
}

// An optional statement answered by too few is hidden even when the group
// is large enough; a year whose complement is too small is refused.
func TestBuildResultsStatementsAndYears(t *testing.T) {
	t.Parallel()
	statements := []store.ListStatementsRow{{ID: 1, Position: 1, Body: "Required", Required: true}, {ID: 2, Position: 2, Body: "Optional"}}
	tl := tallyOf([]int64{1}, map[int][]int{1: repeat(5, 18), 2: repeat(2, 7)})
	// Statement 2 was answered by only 6 year 1 students.
	tl.answers[2] = map[int]*distribution{1: {counts: [5]int{0, 0, 6, 0, 0}, answered: 6}}
	all := buildResults(context.Background(), resultsInput{id: 1, statements: statements, tally: tl, askYear: true}, 10)
	if !all.Shown || !all.Statements[0].Shown || all.Statements[1].Shown || all.StatementNote == "" {
		t.Errorf("all years: shown %v, statements %+v, note %q; want statement 1 only", all.Shown, all.Statements, all.StatementNote)
	}
	if len(all.Filter.Years) != 0 || !strings.Contains(all.Filter.Note, "subtracting") {
		t.Errorf("filter = %+v, want no year offered and the reason given", all.Filter)
	}
	year1 := buildResults(context.Background(), resultsInput{id: 1, statements: statements, tally: tl, askYear: true, year: 1}, 10)
	if year1.Shown || len(year1.Statements) != 0 || !strings.Contains(year1.Reason, "work out") {
		t.Errorf("year 1 (18 of 25) = shown %v, %+v, reason %q; want refused", year1.Shown, year1.Statements, year1.Reason)
	}
}
