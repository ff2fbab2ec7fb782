package report

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"belonging/internal/acyear"
	"belonging/internal/i18n"
	"belonging/internal/store"
	"belonging/internal/vocab"
	"belonging/web/components"
	page "belonging/web/pages/report"
	"belonging/web/paths"
)

// cells is the coverage map's size: every journey stage by every
// dimension of belonging.
var cells = len(vocab.Stages) * len(vocab.Dimensions)

// percent rounds part/whole to a whole percentage; 0 of 0 is 0%.
func percent(part, whole int) int {
	if whole <= 0 {
		return 0
	}
	return (part*100 + whole/2) / whole
}

// count is n of what is counted, in the reader's language: what names
// one of the report's counted messages ("activities", "programmes", …).
func count(ctx context.Context, what string, n int) string {
	return i18n.N(ctx, messageID("report.n.", what), n, "Number", components.Number(n))
}

// Cells of tables.

func text(s string) page.Cell { return page.Cell{Text: s} }

func link(s, url string) page.Cell { return page.Cell{Text: s, URL: url} }

func number(n int) page.Cell { return page.Cell{Text: components.Number(n), Raw: strconv.Itoa(n)} }

func pct(part, whole int) page.Cell {
	if whole <= 0 {
		return page.Cell{Text: "–", Raw: ""}
	}
	p := percent(part, whole)
	return page.Cell{Text: strconv.Itoa(p) + "%", Raw: strconv.Itoa(p)}
}

// hidden is a figure not shown, and why in a word.
func hidden(ctx context.Context) page.Cell {
	return page.Cell{Text: i18n.T(ctx, "report.hidden"), Raw: "hidden", Kind: "hidden"}
}

// change says how a figure moved from last year: "+3", "−2", "no change".
func change(ctx context.Context, before, after int, unit string) page.Cell {
	d := after - before
	switch {
	case d > 0:
		return page.Cell{Text: "+" + components.Number(d) + unit, Raw: strconv.Itoa(d), Kind: "up"}
	case d < 0:
		return page.Cell{Text: "−" + components.Number(-d) + unit, Raw: strconv.Itoa(d), Kind: "down"}
	}
	return page.Cell{Text: i18n.T(ctx, "report.no_change"), Raw: "0"}
}

func row(c ...page.Cell) page.Row { return page.Row{Cells: c} }

func cols(first string, rest ...string) []page.Column {
	out := []page.Column{{Label: first}}
	for _, r := range rest {
		out = append(out, page.Column{Label: r, Num: true})
	}
	return out
}

// facetIndex finds facet rows by year, facet and value.
type facetIndex map[int]map[string]map[string]store.FacetRow

func indexFacets(rows []store.FacetRow) facetIndex {
	f := facetIndex{}
	for _, r := range rows {
		y := int(r.Year)
		if f[y] == nil {
			f[y] = map[string]map[string]store.FacetRow{}
		}
		if f[y][r.Facet] == nil {
			f[y][r.Facet] = map[string]store.FacetRow{}
		}
		f[y][r.Facet][r.Value] = r
	}
	return f
}

func (f facetIndex) get(year int, facet, value string) store.FacetRow { return f[year][facet][value] }

func (f facetIndex) total(year int) store.FacetRow { return f.get(year, "all", "") }

// checklist returns how many activities meet each point of the
// inclusivity checklist, in vocab.Checklist's order.
func checklist(r store.FacetRow) []int {
	return []int{int(r.InTimetabledHours), int(r.OnlineOption), int(r.FreeToStudents), int(r.Accessible),
		int(r.SuitsCommutersCarers), int(r.AlcoholFree), int(r.DietaryNeedsMet)}
}

func ticks(r store.FacetRow) int {
	n := 0
	for _, c := range checklist(r) {
		n += c
	}
	return n
}

// facetSeries reads one facet of one year from the facet rows.
func facetSeries(f facetIndex, year int, facet string, terms vocab.List, sup suppressor, single bool) series {
	s, institutions := newSeries(year, len(terms)), make([]int, len(terms))
	for i, t := range terms {
		r := f.get(year, facet, t.Value)
		s.counts[i], institutions[i] = int(r.Activities), int(r.Institutions)
	}
	sup.apply(&s, institutions, single, f.total(year).Institutions)
	return s
}

// distribution is a figure of how a year's activities (or case studies)
// fall across a vocabulary: a bar per value for the year, and a table with
// the year before beside it.
type distribution struct {
	id, title string
	// heading names the table's first column ("Kind").
	heading string
	// counted names what is counted, as the report's counted messages
	// do ("activities", "case_studies").
	counted string
	terms   vocab.List
	this    series
	last    *series
	// multi says a thing can count under several values (dimensions),
	// so the values do not add up to a total.
	multi      bool
	hideReason string
	csv        string
	// allTime counts across every year, under this column heading.
	allTime string
}

// when says which time the figure covers.
func (d distribution) when(ctx context.Context) string {
	if d.allTime != "" {
		return i18n.T(ctx, "report.all_years")
	}
	return acyear.Label(d.this.year)
}

func (d distribution) figure(ctx context.Context) page.Figure {
	d.terms = d.terms.In(ctx)
	chart := components.BarChart{ID: "chart-" + d.id, Title: d.title + ", " + d.when(ctx), Series: []string{i18n.T(ctx, messageID("report.series.", d.counted))}}
	bars := make([]components.Bar, len(d.terms))
	for i, t := range d.terms {
		bars[i] = components.Bar{Label: t.Label, Values: []float64{float64(d.this.counts[i])}}
		if d.this.hide[i] {
			bars[i] = components.Bar{Label: t.Label, Note: hiddenNote(ctx, d.hideReason)}
		}
	}
	chart.Groups = []components.BarGroup{{Bars: bars}}

	years := []string{acyear.Label(d.this.year)}
	if d.allTime != "" {
		years = []string{d.allTime}
	}
	if d.last != nil {
		years = []string{acyear.Label(d.last.year), acyear.Label(d.this.year)}
	}
	t := page.Table{ID: d.id, Caption: d.title, Columns: cols(d.heading, years...), CSV: d.csv}
	for i, term := range d.terms {
		r := row(text(term.Label))
		for _, s := range d.seriesList() {
			if s.hide[i] {
				r.Cells = append(r.Cells, hidden(ctx))
			} else {
				r.Cells = append(r.Cells, number(s.counts[i]))
			}
		}
		t.Rows = append(t.Rows, r)
	}
	if d.multi {
		t.Note = i18n.T(ctx, messageID("report.multi.", d.counted))
	} else {
		foot := row(text(i18n.T(ctx, "report.total")))
		for _, s := range d.seriesList() {
			if s.hideTotal {
				foot.Cells = append(foot.Cells, hidden(ctx))
			} else {
				foot.Cells = append(foot.Cells, number(s.total()))
			}
		}
		t.Foot = []page.Row{foot}
	}
	if slices.Contains(d.this.hide, true) || (d.last != nil && slices.Contains(d.last.hide, true)) {
		t.Note = joinSentences(t.Note, hiddenSentence(ctx, d.hideReason))
	}
	chart.Summary = d.summary(ctx)
	f := page.Figure{ID: d.id, Title: d.title, Summary: chart.Summary, Chart: &chart, Table: t}
	// A chart of nothing, or of nothing but hidden bars, says less than
	// its summary.
	if d.this.hideTotal || !slices.ContainsFunc(d.this.counts, func(n int) bool { return n > 0 }) {
		f.Chart = nil
	}
	return f
}

func (d distribution) seriesList() []series {
	if d.last != nil {
		return []series{*d.last, d.this}
	}
	return []series{d.this}
}

// summary says in a sentence what the chart shows.
func (d distribution) summary(ctx context.Context) string {
	year := d.when(ctx)
	best, none, shown := -1, 0, 0
	for i, c := range d.this.counts {
		if d.this.hide[i] {
			continue
		}
		shown++
		if c == 0 {
			none++
		}
		if c > 0 && (best < 0 || c > d.this.counts[best]) {
			best = i
		}
	}
	if best < 0 && slices.Contains(d.this.hide, true) {
		return i18n.T(ctx, "report.hidden_for", "Year", year, "Reason", d.hideReason)
	}
	if best < 0 {
		return i18n.T(ctx, messageID("report.nothing.", d.counted), "Year", year)
	}
	figure := count(ctx, d.counted, d.this.counts[best])
	if !d.multi && !d.this.hideTotal {
		figure = i18n.T(ctx, "report.part_of", "Part", d.this.counts[best], "Whole", count(ctx, d.counted, d.this.total()))
	}
	s := i18n.T(ctx, messageID("report.most.", d.id), "Year", year, "Term", d.terms[best].Label, "Figure", figure)
	if none > 0 {
		s += " " + i18n.T(ctx, messageID("report.none_in.", d.id), "None", none, "Total", len(d.terms))
	}
	return s
}

// stacked is a figure of a distribution over several years as stacked
// bars, one bar per year, and the table of its counts.
type stacked struct {
	id, title, heading string
	// counted names what is counted ("activities").
	counted string
	terms   vocab.List
	years   []series
	// percent draws each bar as shares of its year.
	percent, ordered bool
	hideReason       string
	csv              string
}

func (s stacked) figure(ctx context.Context) page.Figure {
	s.terms = s.terms.In(ctx)
	chart := components.BarChart{ID: "chart-" + s.id, Title: s.title, Percent: s.percent, Ordered: s.ordered}
	for _, t := range s.terms {
		chart.Series = append(chart.Series, t.Label)
	}
	var bars []components.Bar
	var labels []string
	for _, y := range s.years {
		labels = append(labels, acyear.Label(y.year))
		b := components.Bar{Label: acyear.Label(y.year)}
		if slices.Contains(y.hide, true) {
			b.Note = hiddenNote(ctx, s.hideReason)
		} else {
			for _, c := range y.counts {
				b.Values = append(b.Values, float64(c))
			}
			if y.total() == 0 {
				b.Note = i18n.T(ctx, "report.none")
			}
		}
		bars = append(bars, b)
	}
	chart.Groups = []components.BarGroup{{Bars: bars}}
	t := page.Table{ID: s.id, Caption: s.title, Columns: cols(s.heading, labels...), CSV: s.csv}
	for i, term := range s.terms {
		r := row(text(term.Label))
		for _, y := range s.years {
			if y.hide[i] {
				r.Cells = append(r.Cells, hidden(ctx))
				continue
			}
			c := number(y.counts[i])
			if s.percent && y.total() > 0 {
				c.Text += fmt.Sprintf(" (%d%%)", percent(y.counts[i], y.total()))
			}
			r.Cells = append(r.Cells, c)
		}
		t.Rows = append(t.Rows, r)
	}
	foot := row(text(i18n.T(ctx, "report.total")))
	for _, y := range s.years {
		if y.hideTotal {
			foot.Cells = append(foot.Cells, hidden(ctx))
		} else {
			foot.Cells = append(foot.Cells, number(y.total()))
		}
	}
	t.Foot = []page.Row{foot}
	last := s.years[len(s.years)-1]
	chart.Summary = s.summary(ctx, last)
	if len(s.years) > 1 {
		t.Note = i18n.T(ctx, "report.bar_per_year", "Years", joinWords(ctx, labels))
	}
	if slices.ContainsFunc(s.years, func(y series) bool { return slices.Contains(y.hide, true) }) {
		t.Note = joinSentences(t.Note, hiddenSentence(ctx, s.hideReason))
	}
	f := page.Figure{ID: s.id, Title: s.title, Summary: chart.Summary, Chart: &chart, Table: t}
	if !slices.ContainsFunc(s.years, func(y series) bool { return !y.hideTotal && y.total() > 0 }) {
		f.Chart = nil
	}
	return f
}

func (s stacked) summary(ctx context.Context, y series) string {
	total := y.total()
	year := acyear.Label(y.year)
	if slices.Contains(y.hide, true) {
		return i18n.T(ctx, "report.hidden_for", "Year", year, "Reason", s.hideReason)
	}
	if total == 0 {
		return i18n.T(ctx, messageID("report.nothing.", s.counted), "Year", year)
	}
	var parts []string
	for i, t := range s.terms {
		if y.counts[i] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d (%d%%)", t.Label, y.counts[i], percent(y.counts[i], total)))
		}
	}
	return i18n.T(ctx, messageID("report.of_the.", s.counted), "Counted", count(ctx, s.counted, total), "Year", year, "Parts", joinWords(ctx, parts))
}

// coverageMap is the journey stage × dimension table for year y: the
// number of activities in each cell (a programme's report) or of
// programmes with one (roll-ups). It returns the figure and the number
// of empty cells.
func coverageMap(ctx context.Context, rows []store.CoverageRow, year int, byProgramme bool, programmes int, csv string) (page.Figure, int) {
	counts := map[string]map[string]int{}
	for _, r := range rows {
		if int(r.Year) != year || r.Stage == "" {
			continue
		}
		if counts[r.Stage] == nil {
			counts[r.Stage] = map[string]int{}
		}
		n := int(r.Activities)
		if byProgramme {
			n = int(r.Programmes)
		}
		counts[r.Stage][r.Dimension] = n
	}
	var headings []string
	for _, d := range vocab.ShortDimensions.In(ctx) {
		headings = append(headings, d.Label)
	}
	t := page.Table{ID: "coverage", Caption: i18n.T(ctx, "report.coverage.caption", "Year", acyear.Label(year)),
		Columns: cols(i18n.T(ctx, "report.col.stage"), headings...), CSV: csv}
	gaps := 0
	for _, s := range vocab.Stages.In(ctx) {
		r := row(text(s.Label))
		for _, d := range vocab.Dimensions {
			n := counts[s.Value][d.Value]
			if n == 0 {
				gaps++
				r.Cells = append(r.Cells, page.Cell{Text: i18n.T(ctx, "report.gap"), Raw: "0", Kind: "gap"})
				continue
			}
			r.Cells = append(r.Cells, number(n))
		}
		t.Rows = append(t.Rows, r)
	}
	f := page.Figure{ID: "coverage", Title: i18n.T(ctx, "report.coverage.title"), Table: t}
	if byProgramme {
		f.Summary = i18n.T(ctx, "report.coverage.summary.rollup", "Programmes", count(ctx, "programmes", programmes), "Year", acyear.Label(year), "Gaps", gaps, "Cells", cells)
	} else {
		f.Summary = i18n.T(ctx, "report.coverage.summary", "Year", acyear.Label(year), "Gaps", gaps, "Cells", cells)
	}
	t.Note = i18n.T(ctx, "report.coverage.key", "Key", dimensionKey(ctx))
	f.Table = t
	return f, gaps
}

// gapsIn counts the empty cells of a year's coverage map.
func gapsIn(rows []store.CoverageRow, year int) int {
	filled := 0
	for _, r := range rows {
		if int(r.Year) == year && r.Stage != "" && r.Activities > 0 {
			filled++
		}
	}
	return cells - filled
}

func dimensionKey(ctx context.Context) string {
	var parts []string
	long := vocab.Dimensions.In(ctx)
	for i, d := range vocab.ShortDimensions.In(ctx) {
		parts = append(parts, d.Label+": "+lowerFirst(long[i].Label))
	}
	return joinWords(ctx, parts)
}

// dimensionSeries reads a year's activities by dimension; total is the
// year's row of all activities.
func dimensionSeries(rows []store.CoverageRow, year int, sup suppressor, total store.FacetRow) series {
	s, institutions := newSeries(year, len(vocab.Dimensions)), make([]int, len(vocab.Dimensions))
	for _, r := range rows {
		if int(r.Year) != year || r.Stage != "" {
			continue
		}
		if i := vocab.Dimensions.Index(r.Dimension); i >= 0 {
			s.counts[i], institutions[i] = int(r.Activities), int(r.Institutions)
		}
	}
	// An activity counts under several dimensions: no total is shown, so
	// none can be worked out from one.
	sup.apply(&s, institutions, false, total.Institutions)
	return s
}

// inclusivity is the figure of how many activities meet each point of the
// checklist.
func inclusivity(ctx context.Context, f facetIndex, year int, hide bool, hideReason, csv string) page.Figure {
	this, last := f.total(year), f.total(year-1)
	chart := components.BarChart{ID: "chart-inclusivity", Title: i18n.T(ctx, "report.inclusivity.chart", "Year", acyear.Label(year)),
		Series: []string{i18n.T(ctx, "report.inclusivity.series")}, Max: 100, Unit: "%"}
	t := page.Table{ID: "inclusivity", Caption: i18n.T(ctx, "report.inclusivity.title"), CSV: csv,
		Columns: cols(i18n.T(ctx, "report.col.checklist_point"), acyear.Label(year-1), i18n.T(ctx, "report.col.year_activities", "Year", acyear.Label(year)), acyear.Label(year))}
	var bars []components.Bar
	best, worst := -1, -1
	nowCounts, lastCounts := checklist(this), checklist(last)
	points := vocab.Checklist.In(ctx)
	for i, c := range points {
		if hide {
			bars = append(bars, components.Bar{Label: c.Label, Note: hiddenNote(ctx, hideReason)})
			t.Rows = append(t.Rows, row(text(c.Label), hidden(ctx), hidden(ctx), hidden(ctx)))
			continue
		}
		p := percent(nowCounts[i], int(this.Activities))
		bars = append(bars, components.Bar{Label: c.Label, Values: []float64{float64(p)}})
		t.Rows = append(t.Rows, row(text(c.Label), pct(lastCounts[i], int(last.Activities)), number(nowCounts[i]), pct(nowCounts[i], int(this.Activities))))
		if best < 0 || nowCounts[i] > nowCounts[best] {
			best = i
		}
		if worst < 0 || nowCounts[i] < nowCounts[worst] {
			worst = i
		}
	}
	chart.Groups = []components.BarGroup{{Bars: bars}}
	switch {
	case hide:
		chart.Summary = i18n.T(ctx, "report.hidden_these", "Reason", hideReason)
	case this.Activities == 0:
		chart.Summary = i18n.T(ctx, "report.nothing.activities", "Year", acyear.Label(year))
	default:
		chart.Summary = i18n.T(ctx, "report.inclusivity.summary",
			"Activities", count(ctx, "activities", int(this.Activities)), "Year", acyear.Label(year),
			"Best", percent(nowCounts[best], int(this.Activities)), "BestPoint", lowerFirst(points[best].Label),
			"Worst", percent(nowCounts[worst], int(this.Activities)), "WorstPoint", lowerFirst(points[worst].Label),
			"Met", percent(ticks(this), int(this.Activities)*len(vocab.Checklist)), "Points", len(vocab.Checklist))
	}
	f2 := page.Figure{ID: "inclusivity", Title: i18n.T(ctx, "report.inclusivity.title"), Summary: chart.Summary, Table: t}
	if !hide && this.Activities > 0 {
		f2.Chart = &chart
	}
	return f2
}

// kindTimeline is the small multiples of activities per kind over the
// report's five years.
func kindTimeline(ctx context.Context, f facetIndex, year int, sup suppressor, hideReason, csv string) page.Figure {
	tl := components.Timeline{ID: "chart-five-years", Title: i18n.T(ctx, "report.five_years.chart", "From", acyear.Label(year-years+1), "To", acyear.Label(year))}
	var labels []string
	for y := year - years + 1; y <= year; y++ {
		tl.Periods = append(tl.Periods, components.PeriodLabel(y))
		labels = append(labels, acyear.Label(y))
	}
	t := page.Table{ID: "five-years", Caption: i18n.T(ctx, "report.five_years.caption"), Columns: cols(i18n.T(ctx, "report.col.kind"), labels...), CSV: csv}
	perYear := map[int]series{}
	for y := year - years + 1; y <= year; y++ {
		perYear[y] = facetSeries(f, y, "kind", vocab.Kinds, sup, true)
	}
	anyHidden := false
	for i, k := range vocab.Kinds.In(ctx) {
		p := components.Panel{Label: k.Label}
		r := row(text(k.Label))
		any := false
		for y := year - years + 1; y <= year; y++ {
			s := perYear[y]
			if s.hide[i] {
				anyHidden = true
				p.Values = append(p.Values, math.NaN())
				r.Cells = append(r.Cells, hidden(ctx))
				any = true
				continue
			}
			any = any || s.counts[i] > 0
			p.Values = append(p.Values, float64(s.counts[i]))
			r.Cells = append(r.Cells, number(s.counts[i]))
		}
		if any {
			tl.Panels = append(tl.Panels, p)
			t.Rows = append(t.Rows, r)
		}
	}
	t.Empty = i18n.T(ctx, "report.five_years.empty")
	tl.Summary = i18n.T(ctx, "report.five_years.summary", "Year", acyear.Label(year))
	if anyHidden {
		t.Note = i18n.T(ctx, "report.five_years.hidden", "Reason", hideReason)
	}
	f2 := page.Figure{ID: "five-years", Title: i18n.T(ctx, "report.five_years.title"), Summary: tl.Summary, Table: t}
	if len(tl.Panels) > 0 {
		f2.Timeline = &tl
	}
	return f2
}

// evidenceSeries reads a year's activities by their strongest evidence;
// total is the year's row of all activities.
func evidenceSeries(rows []store.EvidenceRow, year int, sup suppressor, total store.FacetRow) (series, store.EvidenceRow) {
	s, inst := newSeries(year, len(strengths)), make([]int, len(strengths))
	var sum store.EvidenceRow
	for _, r := range rows {
		if int(r.Year) != year || int(r.Strongest) >= len(strengths) {
			continue
		}
		s.counts[r.Strongest] += int(r.Activities)
		inst[r.Strongest] = int(r.Institutions)
		sum.Activities += r.Activities
		sum.Finished += r.Finished
		sum.WithOutcomes += r.WithOutcomes
		sum.FinishedNoOutcome += r.FinishedNoOutcome
		sum.WithAttendance += r.WithAttendance
		sum.TheoryOfChange += r.TheoryOfChange
	}
	sup.apply(&s, inst, true, total.Institutions)
	return s, sum
}

// strengths are the OfS standards of evidence, and none: the values,
// whose labels strengthTerms gives in the reader's language.
var strengths = vocab.List{{Value: "0"}, {Value: "1"}, {Value: "2"}, {Value: "3"}}

// strengthTerms are strengths with their labels ("Type 1: narrative").
func strengthTerms(ctx context.Context) vocab.List {
	out := make(vocab.List, len(strengths))
	for i, s := range strengths {
		out[i] = vocab.Term{Value: s.Value, Label: i18n.T(ctx, strengthMessage(s.Value))}
	}
	return out
}

// strengthMessage is the catalogue's id of a strength's label, the
// evidence pages' own.
func strengthMessage(value string) string {
	if value == "0" {
		return "evidence.strength.none"
	}
	return "evidence.strength." + value
}

// strengthLabel names an evidence strength.
func strengthLabel(ctx context.Context, n int) string {
	if n < 0 || n >= len(strengths) {
		return ""
	}
	return i18n.T(ctx, strengthMessage(strengths[n].Value))
}

// missingCounts is the roll-up's table of what activities lack.
func missingCounts(ctx context.Context, last, this store.EvidenceRow, lastNone, thisNone int, lastYear, year int, csv string) page.Figure {
	t := page.Table{ID: "missing", Caption: i18n.T(ctx, "report.missing.caption.rollup"), CSV: csv,
		Columns: cols(i18n.T(ctx, "report.col.activities_that"), acyear.Label(lastYear), acyear.Label(year))}
	add := func(id string, a, b int) {
		t.Rows = append(t.Rows, row(text(i18n.T(ctx, messageID("report.missing.", id))), number(a), number(b)))
	}
	add("no_evidence", lastNone, thisNone)
	add("no_outcome", int(last.FinishedNoOutcome), int(this.FinishedNoOutcome))
	add("no_attendance", int(last.Activities-last.WithAttendance), int(this.Activities-this.WithAttendance))
	add("no_theory", int(last.Activities-last.TheoryOfChange), int(this.Activities-this.TheoryOfChange))
	t.Foot = []page.Row{row(text(i18n.T(ctx, "report.missing.in_year")), number(int(last.Activities)), number(int(this.Activities)))}
	summary := i18n.T(ctx, "report.missing.nothing")
	if this.Activities > 0 {
		summary = i18n.T(ctx, "report.missing.summary.rollup", "Year", acyear.Label(year),
			"None", i18n.N(ctx, "report.missing.without_evidence", thisNone, "Of", count(ctx, "activities", int(this.Activities))),
			"Unrecorded", i18n.N(ctx, "report.missing.without_outcome", int(this.FinishedNoOutcome)))
	}
	return page.Figure{ID: "missing", Title: i18n.T(ctx, "report.missing.title"), Summary: summary, Table: t}
}

// reachTotal is a year's attendance against invitations.
func reachTotal(rows []store.ReachRow, year int) store.ReachRow {
	for _, r := range rows {
		if int(r.Year) == year && r.Kind == "" && r.ActivityID == 0 {
			return r
		}
	}
	return store.ReachRow{Year: int32(year)}
}

// reachFigure draws attendance against invitations for each activity (a
// programme's report) or each kind of activity (roll-ups).
func reachFigure(ctx context.Context, rows []store.ReachRow, year int, byActivity bool, sup suppressor, hideReason, csv string) page.Figure {
	var items []store.ReachRow
	for _, r := range rows {
		if int(r.Year) != year {
			continue
		}
		if (byActivity && r.ActivityID != 0) || (!byActivity && r.Kind != "") {
			items = append(items, r)
		}
	}
	if byActivity {
		sort.Slice(items, func(i, j int) bool { return items[i].Title < items[j].Title })
	} else {
		sort.Slice(items, func(i, j int) bool { return vocab.Kinds.Index(items[i].Kind) < vocab.Kinds.Index(items[j].Kind) })
	}
	heading := i18n.T(ctx, "report.col.kind")
	if byActivity {
		heading = i18n.T(ctx, "report.col.activity")
	}
	chart := components.BarChart{ID: "chart-reach", Title: i18n.T(ctx, "report.reach.chart", "Year", acyear.Label(year)),
		Series: []string{i18n.T(ctx, "report.col.attended"), i18n.T(ctx, "report.reach.absent")}}
	t := page.Table{ID: "reach", Caption: i18n.T(ctx, "report.reach.caption", "Year", acyear.Label(year)), CSV: csv,
		Columns: cols(heading, i18n.T(ctx, "report.col.sessions_recorded"), i18n.T(ctx, "report.col.attended"), i18n.T(ctx, "report.col.invited"), i18n.T(ctx, "report.col.reach")),
		Empty:   i18n.T(ctx, "report.reach.none", "Year", acyear.Label(year))}
	var bars []components.Bar
	for _, r := range items {
		label := vocab.Kinds.LabelIn(ctx, r.Kind)
		first := text(label)
		if byActivity {
			label = r.Title
			first = link(r.Title, paths.Activity(r.ActivityID))
		}
		if sup.hides(int(r.Outcomes), int(r.Institutions)) {
			bars = append(bars, components.Bar{Label: label, Note: hiddenNote(ctx, hideReason)})
			t.Rows = append(t.Rows, row(first, hidden(ctx), hidden(ctx), hidden(ctx), hidden(ctx)))
			continue
		}
		bars = append(bars, components.Bar{Label: label, Values: []float64{float64(r.Attended), float64(max(0, r.Invited-r.Attended))}})
		t.Rows = append(t.Rows, row(first, number(int(r.Outcomes)), number(int(r.Attended)), number(int(r.Invited)), pct(int(r.Attended), int(r.Invited))))
	}
	chart.Groups = []components.BarGroup{{Bars: bars}}
	total := reachTotal(rows, year)
	hideTotal := sup.hides(int(total.Outcomes), int(total.Institutions))
	if len(items) > 0 {
		if hideTotal {
			t.Foot = []page.Row{row(text(i18n.T(ctx, "report.all")), hidden(ctx), hidden(ctx), hidden(ctx), hidden(ctx))}
		} else {
			t.Foot = []page.Row{row(text(i18n.T(ctx, "report.all")), number(int(total.Outcomes)), number(int(total.Attended)), number(int(total.Invited)), pct(int(total.Attended), int(total.Invited)))}
		}
	}
	t.Note = i18n.T(ctx, "report.reach.note")
	switch {
	case hideTotal:
		chart.Summary = i18n.T(ctx, "report.hidden_for", "Year", acyear.Label(year), "Reason", hideReason)
	case total.Outcomes == 0:
		chart.Summary = i18n.T(ctx, "report.reach.none", "Year", acyear.Label(year))
	default:
		chart.Summary = i18n.T(ctx, "report.reach.summary",
			"Sessions", count(ctx, "sessions", int(total.Outcomes)), "Year", acyear.Label(year), "Attended", components.Number(int(total.Attended)),
			"Invited", components.Number(int(total.Invited)), "Percent", percent(int(total.Attended), int(total.Invited)))
	}
	f := page.Figure{ID: "reach", Title: i18n.T(ctx, "report.col.reach"), Summary: chart.Summary, Table: t}
	if len(bars) > 0 {
		f.Chart = &chart
	}
	return f
}

// Helpers for words.

// hiddenNote is a bar's note for a hidden figure: "Hidden: " and why.
func hiddenNote(ctx context.Context, reason string) string {
	return i18n.T(ctx, "report.hidden_note", "Reason", reason)
}

// hiddenSentence is a table's note for hidden figures.
func hiddenSentence(ctx context.Context, reason string) string {
	return i18n.T(ctx, "report.hidden_sentence", "Reason", reason)
}

func capitalise(s string) string {
	r := []rune(s)
	if len(r) > 0 {
		r[0] = unicode.ToUpper(r[0])
	}
	return string(r)
}

// lowerFirst lowers a label's first letter for use inside a sentence,
// leaving acronyms ("OfS") alone.
func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) > 1 && unicode.IsUpper(r[0]) && !unicode.IsUpper(r[1]) {
		r[0] = unicode.ToLower(r[0])
	}
	return string(r)
}

// joinWords lists items as "a, b and c" ("a, b ac c" in Welsh, where
// "a" becomes "ac" before a vowel).
func joinWords(ctx context.Context, items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	out := ""
	for i, s := range items[:len(items)-1] {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	last := items[len(items)-1]
	and := i18n.T(ctx, "report.and")
	if i18n.Lang(ctx) == i18n.Welsh && strings.ContainsRune("AEIOUWYaeiouwy", []rune(last)[0]) {
		and = "ac"
	}
	return out + " " + and + " " + last
}

func joinSentences(a, b string) string {
	if a == "" {
		return b
	}
	return a + " " + b
}

// messageID is the catalogue id made of a prefix and a key the code
// chooses ("report.col." and "kind"); the Welsh report test reads every
// figure and finds no id left unfound.
func messageID(parts ...string) string { return strings.Join(parts, "") }
