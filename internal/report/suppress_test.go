package report

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"belonging/internal/store"
	"belonging/internal/vocab"
)

func TestProtectHidesOneMoreWhenOneIsHidden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		values []int
		hide   []bool
		want   []bool
	}{
		{"one hidden: the smallest shown joins it", []int{6, 1, 0, 3}, []bool{false, true, false, false}, []bool{false, true, false, true}},
		{"two hidden: nothing more", []int{4, 2, 1}, []bool{false, true, true}, []bool{false, true, true}},
		{"none hidden", []int{4, 2}, []bool{false, false}, []bool{false, false}},
		{"zeros are never the one hidden with it", []int{0, 1, 5}, []bool{false, true, false}, []bool{false, true, true}},
		{"nothing else shown: nothing to add", []int{0, 4, 0}, []bool{false, true, false}, []bool{false, true, false}},
		{"ties: the first smallest joins it", []int{2, 2, 9, 1}, []bool{false, false, false, true}, []bool{true, false, false, true}},
	}
	for _, tt := range tests {
		hide := slices.Clone(tt.hide)
		protect(tt.values, hide)
		if diff := cmp.Diff(tt.want, hide); diff != "" {
			t.Errorf("%s: protect(%v, %v) hides (-want +got):\n%s", tt.name, tt.values, tt.hide, diff)
		}
	}
}

func TestSuppressorHidesFewInstitutionsOnly(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		sup                 suppressor
		value, institutions int
		want                bool
	}{
		{suppressor{minInstitutions: 3}, 5, 2, true},
		{suppressor{minInstitutions: 3}, 5, 3, false},
		{suppressor{minInstitutions: 3}, 0, 0, false},
		{suppressor{minInstitutions: 3}, 1, 1, true},
		// An institution's own report hides none of its own figures.
		{suppressor{}, 1, 1, false},
	} {
		if got := tt.sup.hides(tt.value, tt.institutions); got != tt.want {
			t.Errorf("%+v.hides(%d from %d institutions) = %v, want %v", tt.sup, tt.value, tt.institutions, got, tt.want)
		}
	}
}

func TestYearHidden(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		sup          suppressor
		institutions int32
		want         bool
	}{
		{suppressor{minInstitutions: 3}, 0, true},
		{suppressor{minInstitutions: 3}, 2, true},
		{suppressor{minInstitutions: 3}, 3, false},
		{suppressor{}, 0, false},
	} {
		if got := tt.sup.yearHidden(tt.institutions); got != tt.want {
			t.Errorf("%+v.yearHidden(%d) = %v, want %v", tt.sup, tt.institutions, got, tt.want)
		}
	}
}

// hiding is what a series shows of itself, for comparing.
type hiding struct {
	Hide      []bool
	HideTotal bool
}

func hidingOf(s series) hiding { return hiding{Hide: s.hide, HideTotal: s.hideTotal} }

func TestApplyHidesValuesTotalsAndYears(t *testing.T) {
	t.Parallel()
	network := suppressor{minInstitutions: 3}
	for _, tt := range []struct {
		name         string
		sup          suppressor
		counts, inst []int
		withTotal    bool
		year         int32
		want         hiding
	}{
		{"an institution's own figures: nothing hidden", suppressor{}, []int{4, 1, 0}, []int{1, 1, 0}, true, 1,
			hiding{Hide: []bool{false, false, false}}},
		{"every value from enough institutions", network, []int{12, 7, 0}, []int{5, 3, 0}, true, 6,
			hiding{Hide: []bool{false, false, false}}},
		{"one too few beside a total: the smallest other joins it", network, []int{12, 2, 7, 0}, []int{5, 1, 3, 0}, true, 6,
			hiding{Hide: []bool{false, true, true, false}}},
		{"one too few with no total (dimensions): it alone", network, []int{12, 2, 7}, []int{5, 1, 3}, false, 6,
			hiding{Hide: []bool{false, true, false}}},
		{"two too few beside a total: those two", network, []int{12, 2, 1, 7}, []int{5, 1, 2, 3}, true, 6,
			hiding{Hide: []bool{false, true, true, false}}},
		{"a year from too few institutions: all of it, zeros and total", network, []int{12, 0}, []int{2, 0}, true, 2,
			hiding{Hide: []bool{true, true}, HideTotal: true}},
	} {
		s := newSeries(2025, len(tt.counts))
		copy(s.counts, tt.counts)
		tt.sup.apply(&s, tt.inst, tt.withTotal, tt.year)
		if diff := cmp.Diff(tt.want, hidingOf(s)); diff != "" {
			t.Errorf("%s: apply(%v from %v institutions) (-want +got):\n%s", tt.name, tt.counts, tt.inst, diff)
		}
		if !slices.Equal(s.counts, tt.counts) {
			t.Errorf("%s: apply changed the counts to %v, want %v", tt.name, s.counts, tt.counts)
		}
	}
}

// The figures read the rule the same way: a facet of the network with one
// kind from too few institutions hides it and the next smallest, and the
// year before, from two institutions in all, hides everything.
func TestFacetSeriesSuppressed(t *testing.T) {
	t.Parallel()
	kinds := vocab.Kinds[:3]
	f := indexFacets([]store.FacetRow{
		{Year: 2025, Facet: "all", Activities: 30, Institutions: 5},
		{Year: 2025, Facet: "kind", Value: kinds[0].Value, Activities: 20, Institutions: 5},
		{Year: 2025, Facet: "kind", Value: kinds[1].Value, Activities: 2, Institutions: 1},
		{Year: 2025, Facet: "kind", Value: kinds[2].Value, Activities: 8, Institutions: 4},
		{Year: 2024, Facet: "all", Activities: 9, Institutions: 2},
		{Year: 2024, Facet: "kind", Value: kinds[0].Value, Activities: 9, Institutions: 2},
	})
	network := suppressor{minInstitutions: 3}
	for _, tt := range []struct {
		year  int
		sup   suppressor
		want  hiding
		total int
	}{
		{2025, network, hiding{Hide: []bool{false, true, true}}, 30},
		{2024, network, hiding{Hide: []bool{true, true, true}, HideTotal: true}, 9},
		{2025, suppressor{}, hiding{Hide: []bool{false, false, false}}, 30},
	} {
		s := facetSeries(f, tt.year, "kind", kinds, tt.sup, true)
		if diff := cmp.Diff(tt.want, hidingOf(s)); diff != "" {
			t.Errorf("facetSeries(%d, %+v) (-want +got):\n%s", tt.year, tt.sup, diff)
		}
		if got := s.total(); got != tt.total {
			t.Errorf("facetSeries(%d, %+v).total() = %d, want %d", tt.year, tt.sup, got, tt.total)
		}
	}
}
