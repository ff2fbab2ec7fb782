package survey

import (
	"fmt"
	"math"
)

// DiD is a difference-in-differences estimate from four groups of
// responses: the group that took part before and after the activity, and
// a comparison group that did not take part, surveyed at the same times.
// Each group is known only by its summary (size, mean and standard
// deviation of the belonging score), so the four are treated as
// independent samples: responses are anonymous, and nobody's before can
// be matched to their after.
type DiD struct {
	TookPartBefore, TookPartAfter     Summary
	ComparisonBefore, ComparisonAfter Summary
	// Change is how much more the belonging score changed in the group that
	// took part than in the comparison group: (after − before) there less
	// (after − before) here.
	Change float64
	// SE is the standard error of Change: the square root of the sum of
	// the four groups' variances of the mean (s²/n), as Welch's interval
	// does for two groups.
	SE float64
	// DF is the Welch–Satterthwaite degrees of freedom over the four
	// groups, and Low and High bound Change's 95% interval.
	DF        float64
	Low, High float64
}

// CompareGroups works out the difference in differences. Every group needs
// at least two responses (Holds says whether the comparison may be used).
func CompareGroups(tookPartBefore, tookPartAfter, comparisonBefore, comparisonAfter Summary) DiD {
	d := DiD{TookPartBefore: tookPartBefore, TookPartAfter: tookPartAfter,
		ComparisonBefore: comparisonBefore, ComparisonAfter: comparisonAfter}
	d.Change = (tookPartAfter.Mean - tookPartBefore.Mean) - (comparisonAfter.Mean - comparisonBefore.Mean)
	var sum, denominator float64
	for _, g := range d.groups() {
		v := g.SD * g.SD / float64(g.N)
		sum += v
		if g.N > 1 {
			denominator += v * v / float64(g.N-1)
		}
	}
	d.SE = math.Sqrt(sum)
	if denominator == 0 {
		// No spread in any group: the interval is the estimate itself.
		d.DF = float64(tookPartBefore.N + tookPartAfter.N + comparisonBefore.N + comparisonAfter.N - 4)
		d.Low, d.High = d.Change, d.Change
		return d
	}
	d.DF = sum * sum / denominator
	t := TQuantile(0.975, d.DF)
	d.Low, d.High = d.Change-t*d.SE, d.Change+t*d.SE
	return d
}

func (d DiD) groups() [4]Summary {
	return [4]Summary{d.TookPartBefore, d.TookPartAfter, d.ComparisonBefore, d.ComparisonAfter}
}

// Missing says which groups have fewer than threshold responses, in plain
// words, one sentence each; none means the comparison holds and may make
// evidence Type 3.
func (d DiD) Missing(threshold int) []string { return d.MissingIn(inEnglish, threshold) }

// Holds reports whether every one of the four groups has at least
// threshold responses: the survey threshold, so that no figure the
// estimate rests on comes from a smaller group.
func (d DiD) Holds(threshold int) bool { return len(d.Missing(threshold)) == 0 }

// Sentence says what the estimate means, for someone who is not a
// statistician: "Belonging rose 0.4 points more in the group that took
// part than in the comparison group (95% interval 0.1 to 0.7)."
func (d DiD) Sentence() string { return d.SentenceIn(inEnglish) }

// DiDCaveats are what a reader must know before trusting the estimate.
var DiDCaveats = didCaveatsIn(inEnglish)

// plain writes a number with one decimal and a true minus sign, without a
// plus: "0.4", "−0.1".
func plain(x float64) string {
	r := math.Round(x*10) / 10
	if r == 0 {
		return "0.0"
	}
	if r < 0 {
		return fmt.Sprintf("−%.1f", -r)
	}
	return fmt.Sprintf("%.1f", r)
}
