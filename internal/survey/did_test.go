package survey_test

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"

	"belonging/internal/survey"
)

// The difference in differences against figures worked by hand.
func TestCompareGroups(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                   string
		t0, t1, c0, c1         survey.Summary
		change, se, df, lo, hi float64
		sentence               string
	}{
		{
			// Took part: 40 before, mean 3.2, SD 0.6; 40 after, mean 3.9, SD 0.6.
			// Comparison: 50 before, mean 3.3, SD 0.5; 50 after, mean 3.6, SD 0.5.
			//   change = (3.9 − 3.2) − (3.6 − 3.3) = 0.7 − 0.3 = 0.4
			//   variances of the means: 0.36/40 = 0.009 (twice), 0.25/50 = 0.005 (twice)
			//   SE = √(0.009 + 0.009 + 0.005 + 0.005) = √0.028 = 0.167332
			//   df = 0.028² / (2·0.009²/39 + 2·0.005²/49)
			//      = 0.000784 / (0.0000041538 + 0.0000010204) = 0.000784 / 0.0000051743 = 151.52
			//   t(0.975, 151.52) = 1.9757 (tables: 1.9759 at 150, 1.9600 at ∞)
			//   interval = 0.4 ± 1.9757 · 0.167332 = 0.4 ± 0.33060 = 0.0694 to 0.7306
			name: "rose more where students took part",
			t0:   survey.Summary{N: 40, Mean: 3.2, SD: 0.6}, t1: survey.Summary{N: 40, Mean: 3.9, SD: 0.6},
			c0: survey.Summary{N: 50, Mean: 3.3, SD: 0.5}, c1: survey.Summary{N: 50, Mean: 3.6, SD: 0.5},
			change: 0.4, se: 0.167332, df: 151.52, lo: 0.0694, hi: 0.7306,
			sentence: "Belonging rose 0.4 points more in the group that took part than in the comparison group (95% interval 0.1 to 0.7). " +
				"On a 1–5 scale, it went from 3.2 to 3.9 in the group that took part, and from 3.3 to 3.6 in the comparison group.",
		},
		{
			// Four groups of 10, SD 1.0 each: took part 3.0 → 3.8, comparison 3.1 → 3.5.
			//   change = 0.8 − 0.4 = 0.4
			//   SE = √(4 · 1/10) = √0.4 = 0.632456
			//   df = 0.4² / (4 · 0.1²/9) = 0.16 / 0.0044444 = 36
			//   t(0.975, 36) = 2.0281 (tables)
			//   interval = 0.4 ± 2.0281 · 0.632456 = 0.4 ± 1.28268 = −0.8827 to 1.6827
			name: "too few to rule out chance",
			t0:   survey.Summary{N: 10, Mean: 3.0, SD: 1}, t1: survey.Summary{N: 10, Mean: 3.8, SD: 1},
			c0: survey.Summary{N: 10, Mean: 3.1, SD: 1}, c1: survey.Summary{N: 10, Mean: 3.5, SD: 1},
			change: 0.4, se: 0.632456, df: 36, lo: -0.8827, hi: 1.6827,
			sentence: "Belonging rose 0.4 points more in the group that took part than in the comparison group (95% interval −0.9 to 1.7). " +
				"On a 1–5 scale, it went from 3.0 to 3.8 in the group that took part, and from 3.1 to 3.5 in the comparison group. " +
				"The interval includes no difference at all, so these responses cannot rule out that it is down to chance.",
		},
		{
			// Took part 3.5 → 3.4 (−0.1), comparison 3.0 → 3.5 (+0.5): change = −0.6.
			// Groups of 20 with SD 0.4: each variance of the mean 0.16/20 = 0.008,
			//   SE = √0.032 = 0.178885; df = 0.032² / (4 · 0.008²/19) = 0.001024 / 0.0000134737 = 76
			//   t(0.975, 76) = 1.9917; interval = −0.6 ± 0.35629 = −0.9563 to −0.2437
			name: "rose less where students took part",
			t0:   survey.Summary{N: 20, Mean: 3.5, SD: 0.4}, t1: survey.Summary{N: 20, Mean: 3.4, SD: 0.4},
			c0: survey.Summary{N: 20, Mean: 3.0, SD: 0.4}, c1: survey.Summary{N: 20, Mean: 3.5, SD: 0.4},
			change: -0.6, se: 0.178885, df: 76, lo: -0.9563, hi: -0.2437,
			sentence: "Belonging rose 0.6 points less in the group that took part than in the comparison group (95% interval −1.0 to −0.2). " +
				"On a 1–5 scale, it went from 3.5 to 3.4 in the group that took part, and from 3.0 to 3.5 in the comparison group.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := survey.CompareGroups(tt.t0, tt.t1, tt.c0, tt.c1)
			for _, f := range []struct {
				what      string
				got, want float64
				tolerance float64
			}{
				{"change", d.Change, tt.change, 1e-9},
				{"standard error", d.SE, tt.se, 1e-6},
				{"degrees of freedom", d.DF, tt.df, 0.01},
				{"interval low", d.Low, tt.lo, 1e-3},
				{"interval high", d.High, tt.hi, 1e-3},
			} {
				if math.Abs(f.got-f.want) > f.tolerance {
					t.Errorf("CompareGroups(…) %s = %.6f, want %.6f", f.what, f.got, f.want)
				}
			}
			if got := d.Sentence(); got != tt.sentence {
				t.Errorf("Sentence() =\n  %q\nwant\n  %q", got, tt.sentence)
			}
		})
	}
}

// The comparison holds only when each of the four groups reaches the
// threshold: three groups at it and one below is not enough, and the
// message names the one that falls short.
func TestDiDThreshold(t *testing.T) {
	t.Parallel()
	at, below := survey.Summary{N: 10, Mean: 3, SD: 1}, survey.Summary{N: 9, Mean: 3, SD: 1}
	all := survey.CompareGroups(at, at, at, at)
	if !all.Holds(10) || len(all.Missing(10)) != 0 {
		t.Errorf("four groups of 10 at threshold 10: Holds = %v, Missing = %q; want true and none", all.Holds(10), all.Missing(10))
	}
	tests := []struct {
		name           string
		t0, t1, c0, c1 survey.Summary
		missing        []string
	}{
		{"took part, before", below, at, at, at, []string{"The survey before the activity has 9 responses; it needs at least 10."}},
		{"took part, after", at, below, at, at, []string{"The survey after the activity has 9 responses; it needs at least 10."}},
		{"comparison, before", at, at, below, at, []string{"The comparison group's survey before has 9 responses; it needs at least 10."}},
		{"comparison, after", at, at, at, survey.Summary{N: 1, Mean: 3}, []string{"The comparison group's survey after has 1 response; it needs at least 10."}},
	}
	for _, tt := range tests {
		d := survey.CompareGroups(tt.t0, tt.t1, tt.c0, tt.c1)
		if d.Holds(10) {
			t.Errorf("%s below the threshold: Holds(10) = true, want false", tt.name)
		}
		if diff := cmp.Diff(tt.missing, d.Missing(10)); diff != "" {
			t.Errorf("%s below the threshold: Missing(10) (-want +got):\n%s", tt.name, diff)
		}
	}
}
