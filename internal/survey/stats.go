package survey

import (
	"fmt"
	"math"
	"strings"
)

// Summary describes one group of scores: how many, their mean and their
// sample standard deviation (n−1 in the denominator).
type Summary struct {
	N    int
	Mean float64
	SD   float64
}

// Summarise computes a group's summary.
func Summarise(scores []float64) Summary {
	s := Summary{N: len(scores)}
	if s.N == 0 {
		return s
	}
	for _, x := range scores {
		s.Mean += x
	}
	s.Mean /= float64(s.N)
	if s.N > 1 {
		var ss float64
		for _, x := range scores {
			ss += (x - s.Mean) * (x - s.Mean)
		}
		s.SD = math.Sqrt(ss / float64(s.N-1))
	}
	return s
}

// Comparison is the difference between two independent groups: before
// (pre) and after (post). Responses are anonymous, so the same students
// cannot be matched across the two surveys; the groups are compared as
// independent samples.
type Comparison struct {
	Pre, Post Summary
	// Diff is the mean after minus the mean before.
	Diff float64
	// Low and High bound the 95% confidence interval of Diff, from Welch's
	// t-interval, which does not assume the groups vary equally.
	Low, High float64
	// DF is the Welch–Satterthwaite degrees of freedom.
	DF float64
	// D is Cohen's d with the pooled standard deviation; DOK is false when
	// every answer in both groups was the same, leaving no spread to
	// measure the difference against.
	D   float64
	DOK bool
}

// Compare works out the difference between two groups of scores. Both
// groups need at least two scores.
func Compare(pre, post Summary) Comparison {
	c := Comparison{Pre: pre, Post: post, Diff: post.Mean - pre.Mean}
	v1, v2 := pre.SD*pre.SD/float64(pre.N), post.SD*post.SD/float64(post.N)
	se := math.Sqrt(v1 + v2)
	if se == 0 {
		c.Low, c.High, c.DF = c.Diff, c.Diff, float64(pre.N+post.N-2)
	} else {
		c.DF = (v1 + v2) * (v1 + v2) / (v1*v1/float64(pre.N-1) + v2*v2/float64(post.N-1))
		t := TQuantile(0.975, c.DF)
		c.Low, c.High = c.Diff-t*se, c.Diff+t*se
	}
	pooled := math.Sqrt((float64(pre.N-1)*pre.SD*pre.SD + float64(post.N-1)*post.SD*post.SD) / float64(pre.N+post.N-2))
	if pooled > 0 {
		c.D, c.DOK = c.Diff/pooled, true
	}
	return c
}

// EffectWord names the size of Cohen's d in Cohen's conventional bands.
func EffectWord(d float64) string {
	switch a := math.Abs(d); {
	case a < 0.2:
		return "very small"
	case a < 0.5:
		return "small"
	case a < 0.8:
		return "medium-sized"
	}
	return "large"
}

// Signed writes a difference with its sign and one decimal: "+0.6", "−0.3".
func Signed(x float64) string {
	r := math.Round(x*10) / 10
	if r == 0 {
		return "0.0"
	}
	if r < 0 {
		return fmt.Sprintf("−%.1f", -r)
	}
	return fmt.Sprintf("+%.1f", r)
}

// Sentence says what the comparison means, for someone who is not a
// statistician.
func (c Comparison) Sentence() string {
	var b strings.Builder
	switch r := math.Round(c.Diff*10) / 10; {
	case r > 0:
		b.WriteString("On average students agreed more after the activity")
	case r < 0:
		b.WriteString("On average students agreed less after the activity")
	default:
		b.WriteString("On average students answered much the same before and after the activity")
	}
	fmt.Fprintf(&b, ": %s points on a 1–5 scale (95%% confidence interval %s to %s).", Signed(c.Diff), Signed(c.Low), Signed(c.High))
	if c.DOK {
		fmt.Fprintf(&b, " That is a %s difference.", EffectWord(c.D))
	}
	if c.Low <= 0 && c.High >= 0 {
		b.WriteString(" The interval includes no change at all, so these responses cannot rule out that the difference is down to chance.")
	}
	return b.String()
}

// TQuantile returns the p-quantile of Student's t distribution with df
// degrees of freedom (df may be fractional, as Welch's is), for p in
// (0.5, 1): found by bisection on the distribution function.
func TQuantile(p, df float64) float64 {
	lo, hi := 0.0, 1.0
	for tCDF(hi, df) < p {
		hi *= 2
		if hi > 1e6 {
			return math.Inf(1)
		}
	}
	for range 200 {
		mid := (lo + hi) / 2
		if tCDF(mid, df) < p {
			lo = mid
		} else {
			hi = mid
		}
		if hi-lo < 1e-12 {
			break
		}
	}
	return (lo + hi) / 2
}

// tCDF is P(T ≤ t) for t ≥ 0: 1 − ½·I_x(df/2, ½) with x = df/(df+t²).
func tCDF(t, df float64) float64 {
	return 1 - 0.5*regIncBeta(df/2, 0.5, df/(df+t*t))
}

// regIncBeta is the regularised incomplete beta function I_x(a, b),
// evaluated with its continued fraction (modified Lentz's method), using
// the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) where that converges faster.
func regIncBeta(a, b, x float64) float64 {
	if x <= 0 {
		return 0
	}
	if x >= 1 {
		return 1
	}
	la, _ := math.Lgamma(a + b)
	lb, _ := math.Lgamma(a)
	lc, _ := math.Lgamma(b)
	front := math.Exp(la - lb - lc + a*math.Log(x) + b*math.Log(1-x))
	if x < (a+1)/(a+b+2) {
		return front * betaFraction(a, b, x) / a
	}
	return 1 - front*betaFraction(b, a, 1-x)/b
}

func betaFraction(a, b, x float64) float64 {
	const tiny, eps = 1e-300, 1e-15
	c, d := 1.0, 1-(a+b)*x/(a+1)
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	h := d
	for m := 1; m <= 300; m++ {
		fm := float64(m)
		// Even step.
		num := fm * (b - fm) * x / ((a + 2*fm - 1) * (a + 2*fm))
		d = 1 + num*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + num/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		h *= d * c
		// Odd step.
		num = -(a + fm) * (a + b + fm) * x / ((a + 2*fm) * (a + 2*fm + 1))
		d = 1 + num*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + num/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		delta := d * c
		h *= delta
		if math.Abs(delta-1) < eps {
			break
		}
	}
	return h
}
