package report

// This file is the rule that keeps the network report from revealing any
// one institution's figures, and through them small groups of students.
// A figure resting on fewer than the network threshold of institutions is
// hidden; where a total is shown and only one value of a distribution
// would be hidden, the smallest value still shown is hidden with it, so
// that the total less the rest cannot reveal it; and a year resting on
// too few institutions as a whole shows nothing at all. An institution's
// own reports suppress nothing by this rule: they use the zero
// suppressor. (Survey figures are suppressed by responses too, in
// pulse.go, at the threshold internal/suppress gives.)

// suppressor hides network figures resting on too few institutions. The
// zero value hides nothing: an institution's own reports show all of its
// own figures.
type suppressor struct{ minInstitutions int }

// tooFew reports whether a figure resting on institutions rests on too
// few to show, whatever its value.
func (s suppressor) tooFew(institutions int) bool {
	return s.minInstitutions > 0 && institutions < s.minInstitutions
}

// hides reports whether a figure of value, resting on institutions,
// must be hidden. Nothing (zero) rests on no institution and is shown.
func (s suppressor) hides(value, institutions int) bool {
	return value > 0 && s.tooFew(institutions)
}

// yearHidden reports whether a whole year of the network rests on too few
// institutions to show anything of it, given its total row.
func (s suppressor) yearHidden(institutions int32) bool { return s.tooFew(int(institutions)) }

// apply decides what of s is hidden: each count resting on too few
// institutions (institutions[i] is what counts[i] rests on); with a shown
// total (withTotal), one more where only one would be hidden; and
// everything when the year as a whole rests on yearInstitutions, too few.
func (s suppressor) apply(sr *series, institutions []int, withTotal bool, yearInstitutions int32) {
	for i, n := range sr.counts {
		sr.hide[i] = s.hides(n, institutions[i])
	}
	if withTotal {
		protect(sr.counts, sr.hide)
	}
	if s.yearHidden(yearInstitutions) {
		sr.hideAll()
	}
}

// protect hides one more value of a distribution whose total is shown when
// exactly one value is hidden, since the total less the others would
// reveal it: the smallest value still shown.
func protect(values []int, hide []bool) {
	hiddenN, smallest := 0, -1
	for i, v := range values {
		switch {
		case hide[i]:
			hiddenN++
		case v > 0 && (smallest < 0 || v < values[smallest]):
			smallest = i
		}
	}
	if hiddenN == 1 && smallest >= 0 {
		hide[smallest] = true
	}
}

// series is a distribution over a vocabulary for one year: a count per
// value, and which counts are hidden.
type series struct {
	year   int
	counts []int
	hide   []bool
	// hideTotal hides the total too, and so every value: the whole year
	// rests on too few institutions.
	hideTotal bool
}

// newSeries is year's empty distribution over n values.
func newSeries(year, n int) series {
	return series{year: year, counts: make([]int, n), hide: make([]bool, n)}
}

// hideAll hides the whole distribution, zeros and total included.
func (s *series) hideAll() {
	for i := range s.hide {
		s.hide[i] = true
	}
	s.hideTotal = true
}

func (s series) total() int {
	n := 0
	for _, c := range s.counts {
		n += c
	}
	return n
}
