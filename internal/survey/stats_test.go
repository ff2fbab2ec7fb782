package survey

import (
	"math"
	"strings"
	"testing"
)

func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

// The t quantiles against printed tables (two-sided 95%, so p = 0.975).
func TestTQuantile(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		df, want float64
	}{
		{1, 12.706},
		{2, 4.303},
		{5, 2.571},
		{10, 2.228},
		{18, 2.101},
		{30, 2.042},
		{120, 1.980},
		{1e6, 1.960},
	} {
		if got := TQuantile(0.975, tt.df); !near(got, tt.want, 0.0006) {
			t.Errorf("TQuantile(0.975, %g) = %.5f, want %.3f", tt.df, got, tt.want)
		}
	}
}

func TestCompare(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                   string
		pre, post              []float64
		mean1, mean2, sd1, sd2 float64
		diff, df, low, high, d float64
		words                  string
		includesZero           bool
	}{
		{
			// Equal spreads and sizes, so Welch's df is exactly
			// n1 + n2 − 2 = 18 and t(0.975, 18) = 2.100922 from tables.
			//   pre: mean 29/10 = 2.9; squared deviations sum to 4.9,
			//   sd = √(4.9/9) = 0.737865. post = pre + 1: mean 3.9, same sd.
			//   se = √(0.544444/10 · 2) = 0.329983
			//   CI = 1 ± 2.100922 · 0.329983 = 0.306731 to 1.693269
			//   pooled sd = 0.737865, d = 1/0.737865 = 1.355262 (large)
			name:  "shifted by one point",
			pre:   []float64{2, 3, 3, 4, 2, 3, 3, 2, 4, 3},
			post:  []float64{3, 4, 4, 5, 3, 4, 4, 3, 5, 4},
			mean1: 2.9, mean2: 3.9, sd1: 0.737865, sd2: 0.737865,
			diff: 1, df: 18, low: 0.306731, high: 1.693269, d: 1.355262, words: "large",
		},
		{
			// Unequal sizes and spreads (worked in Python, t quantile by
			// Simpson integration of the t density):
			//   pre n=12 mean 34/12 = 2.833333, sd 0.717741
			//   post n=10 mean 4.2, sd 0.788811
			//   v1 = 0.717741²/12 = 0.042929, v2 = 0.788811²/10 = 0.062222
			//   se = √(v1+v2) = 0.324271
			//   df = (v1+v2)² / (v1²/11 + v2²/9) = 18.498459
			//   t(0.975, 18.498) = 2.096872
			//   CI = 1.366667 ± 2.096872 · 0.324271 = 0.686713 to 2.046621
			//   pooled sd = √((11·0.515152 + 9·0.622222)/20) = 0.750568
			//   d = 1.366667 / 0.750568 = 1.820874
			name:  "unequal groups",
			pre:   []float64{3, 2, 4, 3, 3, 2, 3, 4, 2, 3, 3, 2},
			post:  []float64{4, 5, 3, 4, 5, 4, 3, 5, 4, 5},
			mean1: 2.833333, mean2: 4.2, sd1: 0.717741, sd2: 0.788811,
			diff: 1.366667, df: 18.498459, low: 0.686713, high: 2.046621, d: 1.820874, words: "large",
		},
		{
			// A small change that could be chance:
			//   pre 3,3,4,2,3,4,3,2,4,3: mean 3.1, sd √(4.9/9) = 0.737865
			//   post 3,4,4,2,3,4,3,3,4,3: mean 3.3, sd √(4.1/9) = 0.674949
			//   v1 = 0.054444, v2 = 0.045556, se = √0.1 = 0.316228
			//   df = 0.01 / (0.054444²/9 + 0.045556²/9) = 17.858893
			//   t(0.975, 17.859) = 2.102113 (Simpson)
			//   CI = 0.2 ± 2.102113 · 0.316228 = −0.464746 to 0.864746
			//   pooled sd = √((4.9+4.1)/18) = 0.707107, d = 0.282843 (small)
			name:  "no clear change",
			pre:   []float64{3, 3, 4, 2, 3, 4, 3, 2, 4, 3},
			post:  []float64{3, 4, 4, 2, 3, 4, 3, 3, 4, 3},
			mean1: 3.1, mean2: 3.3, sd1: 0.737865, sd2: 0.674949,
			diff: 0.2, df: 17.858893, low: -0.464746, high: 0.864746, d: 0.282843, words: "small", includesZero: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Compare(Summarise(tt.pre), Summarise(tt.post))
			checks := []struct {
				what      string
				got, want float64
			}{
				{"mean before", c.Pre.Mean, tt.mean1}, {"mean after", c.Post.Mean, tt.mean2},
				{"sd before", c.Pre.SD, tt.sd1}, {"sd after", c.Post.SD, tt.sd2},
				{"difference", c.Diff, tt.diff}, {"df", c.DF, tt.df},
				{"CI low", c.Low, tt.low}, {"CI high", c.High, tt.high}, {"Cohen's d", c.D, tt.d},
			}
			for _, ch := range checks {
				if !near(ch.got, ch.want, 0.0005) {
					t.Errorf("%s = %.6f, want %.6f", ch.what, ch.got, ch.want)
				}
			}
			s := c.Sentence()
			if !strings.Contains(s, "a "+tt.words+" difference") {
				t.Errorf("Sentence() = %q, want it to call the difference %s", s, tt.words)
			}
			if got := strings.Contains(s, "cannot rule out"); got != tt.includesZero {
				t.Errorf("Sentence() = %q; mentions chance = %v, want %v", s, got, tt.includesZero)
			}
		})
	}
}

func TestSentence(t *testing.T) {
	t.Parallel()
	c := Comparison{Diff: 0.6, Low: 0.2, High: 1.0, D: 0.55, DOK: true}
	want := "On average students agreed more after the activity: +0.6 points on a 1–5 scale (95% confidence interval +0.2 to +1.0). That is a medium-sized difference."
	if got := c.Sentence(); got != want {
		t.Errorf("Sentence() =\n  %q\nwant\n  %q", got, want)
	}
	down := Comparison{Diff: -0.44, Low: -0.9, High: 0.02, D: -0.3, DOK: true}
	if got := down.Sentence(); !strings.HasPrefix(got, "On average students agreed less after the activity: −0.4 points") {
		t.Errorf("Sentence() of a drop = %q", got)
	}
	// Every answer identical: no spread, so no effect size, and no crash.
	same := Compare(Summarise([]float64{3, 3, 3}), Summarise([]float64{3, 3, 3}))
	if same.DOK || same.Low != 0 || same.High != 0 {
		t.Errorf("Compare of identical answers = %+v", same)
	}
}
