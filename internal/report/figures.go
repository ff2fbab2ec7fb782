package report

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"unicode"

	"belonging/internal/acyear"
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

func count(n int, one, many string) string {
	return components.Number(n) + " " + components.Plural(n, one, many)
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
func hidden() page.Cell { return page.Cell{Text: "Hidden", Raw: "hidden", Kind: "hidden"} }

// change says how a figure moved from last year: "+3", "−2", "no change".
func change(before, after int, unit string) page.Cell {
	d := after - before
	switch {
	case d > 0:
		return page.Cell{Text: "+" + components.Number(d) + unit, Raw: strconv.Itoa(d), Kind: "up"}
	case d < 0:
		return page.Cell{Text: "−" + components.Number(-d) + unit, Raw: strconv.Itoa(d), Kind: "down"}
	}
	return page.Cell{Text: "No change", Raw: "0"}
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
	// heading names the table's first column ("Kind"); noun a value in a
	// sentence ("kind", "kinds").
	heading, noun, nouns string
	// noun counts what is counted ("activity", "activities").
	one, many string
	terms     vocab.List
	this      series
	last      *series
	// multi says a thing can count under several values (dimensions),
	// so the values do not add up to a total.
	multi      bool
	hideReason string
	csv        string
	// allTime counts across every year, under this column heading.
	allTime string
}

// when says which time the figure covers.
func (d distribution) when() string {
	if d.allTime != "" {
		return "all years"
	}
	return acyear.Label(d.this.year)
}

func (d distribution) figure() page.Figure {
	chart := components.BarChart{ID: "chart-" + d.id, Title: d.title + ", " + d.when(), Series: []string{capitalise(d.many)}}
	bars := make([]components.Bar, len(d.terms))
	for i, t := range d.terms {
		bars[i] = components.Bar{Label: t.Label, Values: []float64{float64(d.this.counts[i])}}
		if d.this.hide[i] {
			bars[i] = components.Bar{Label: t.Label, Note: "Hidden: " + d.hideReason}
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
				r.Cells = append(r.Cells, hidden())
			} else {
				r.Cells = append(r.Cells, number(s.counts[i]))
			}
		}
		t.Rows = append(t.Rows, r)
	}
	if d.multi {
		t.Note = fmt.Sprintf("One %s can count under several of these, so they add up to more than the number of %s.", d.one, d.many)
	} else {
		foot := row(text("Total"))
		for _, s := range d.seriesList() {
			if s.hideTotal {
				foot.Cells = append(foot.Cells, hidden())
			} else {
				foot.Cells = append(foot.Cells, number(s.total()))
			}
		}
		t.Foot = []page.Row{foot}
	}
	if slices.Contains(d.this.hide, true) || (d.last != nil && slices.Contains(d.last.hide, true)) {
		t.Note = joinSentences(t.Note, "Hidden: "+d.hideReason+".")
	}
	chart.Summary = d.summary()
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
func (d distribution) summary() string {
	year := d.when()
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
		return fmt.Sprintf("The figures for %s are hidden: %s.", year, d.hideReason)
	}
	if best < 0 {
		return fmt.Sprintf("There are no %s to show for %s.", d.many, year)
	}
	figure := count(d.this.counts[best], d.one, d.many)
	if !d.multi && !d.this.hideTotal {
		figure = fmt.Sprintf("%d of %s", d.this.counts[best], count(d.this.total(), d.one, d.many))
	}
	when := "In " + year
	if d.allTime != "" {
		when = "Across all years"
	}
	s := fmt.Sprintf("%s the most %s %s was %s (%s).", when, d.superlative(), d.noun, d.terms[best].Label, figure)
	if none > 0 {
		s += fmt.Sprintf(" %d of the %d %s had none.", none, len(d.terms), d.nouns)
	}
	return s
}

func (d distribution) superlative() string {
	if d.multi {
		return "targeted"
	}
	return "common"
}

// stacked is a figure of a distribution over several years as stacked
// bars, one bar per year, and the table of its counts.
type stacked struct {
	id, title, heading string
	one, many          string
	terms              vocab.List
	years              []series
	// percent draws each bar as shares of its year.
	percent, ordered bool
	hideReason       string
	csv              string
}

func (s stacked) figure() page.Figure {
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
			b.Note = "Hidden: " + s.hideReason
		} else {
			for _, c := range y.counts {
				b.Values = append(b.Values, float64(c))
			}
			if y.total() == 0 {
				b.Note = "None"
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
				r.Cells = append(r.Cells, hidden())
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
	foot := row(text("Total"))
	for _, y := range s.years {
		if y.hideTotal {
			foot.Cells = append(foot.Cells, hidden())
		} else {
			foot.Cells = append(foot.Cells, number(y.total()))
		}
	}
	t.Foot = []page.Row{foot}
	last := s.years[len(s.years)-1]
	chart.Summary = s.summary(last)
	if len(s.years) > 1 {
		t.Note = fmt.Sprintf("One bar per academic year; %s. The table gives the counts.", joinWords(labels))
	}
	if slices.ContainsFunc(s.years, func(y series) bool { return slices.Contains(y.hide, true) }) {
		t.Note = joinSentences(t.Note, "Hidden: "+s.hideReason+".")
	}
	f := page.Figure{ID: s.id, Title: s.title, Summary: chart.Summary, Chart: &chart, Table: t}
	if !slices.ContainsFunc(s.years, func(y series) bool { return !y.hideTotal && y.total() > 0 }) {
		f.Chart = nil
	}
	return f
}

func (s stacked) summary(y series) string {
	total := y.total()
	year := acyear.Label(y.year)
	if slices.Contains(y.hide, true) {
		return fmt.Sprintf("The figures for %s are hidden: %s.", year, s.hideReason)
	}
	if total == 0 {
		return fmt.Sprintf("There are no %s to show for %s.", s.many, year)
	}
	var parts []string
	for i, t := range s.terms {
		if y.counts[i] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d (%d%%)", t.Label, y.counts[i], percent(y.counts[i], total)))
		}
	}
	return fmt.Sprintf("Of the %s in %s: %s.", count(total, s.one, s.many), year, joinWords(parts))
}

// coverageMap is the journey stage × dimension table for year y: the
// number of activities in each cell (a programme's report) or of
// programmes with one (roll-ups). It returns the figure and the number
// of empty cells.
func coverageMap(rows []store.CoverageRow, year int, byProgramme bool, programmes int, csv string) (page.Figure, int) {
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
	for _, d := range vocab.ShortDimensions {
		headings = append(headings, d.Label)
	}
	t := page.Table{ID: "coverage", Caption: "Coverage map, " + acyear.Label(year) + ": journey stage (rows) by dimension of belonging (columns)",
		Columns: cols("Stage", headings...), CSV: csv}
	gaps := 0
	for _, s := range vocab.Stages {
		r := row(text(s.Label))
		for _, d := range vocab.Dimensions {
			n := counts[s.Value][d.Value]
			if n == 0 {
				gaps++
				r.Cells = append(r.Cells, page.Cell{Text: "Gap", Raw: "0", Kind: "gap"})
				continue
			}
			r.Cells = append(r.Cells, number(n))
		}
		t.Rows = append(t.Rows, r)
	}
	f := page.Figure{ID: "coverage", Title: "Coverage map", Table: t}
	if byProgramme {
		f.Summary = fmt.Sprintf("Each cell gives how many of the %s have at least one activity for that stage of the student journey and dimension of belonging in %s. %d of the %d cells have none in any programme.",
			count(programmes, "programme", "programmes"), acyear.Label(year), gaps, cells)
	} else {
		f.Summary = fmt.Sprintf("Each cell gives the number of activities for that stage of the student journey and dimension of belonging in %s. %d of the %d cells are gaps, with no activity.",
			acyear.Label(year), gaps, cells)
	}
	t.Note = "Dimensions: " + dimensionKey() + "."
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

func dimensionKey() string {
	var parts []string
	for i, d := range vocab.ShortDimensions {
		parts = append(parts, d.Label+": "+lowerFirst(vocab.Dimensions[i].Label))
	}
	return joinWords(parts)
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
func inclusivity(f facetIndex, year int, hide bool, hideReason, csv string) page.Figure {
	this, last := f.total(year), f.total(year-1)
	chart := components.BarChart{ID: "chart-inclusivity", Title: "Activities meeting each point of the inclusivity checklist, " + acyear.Label(year),
		Series: []string{"Activities meeting it"}, Max: 100, Unit: "%"}
	t := page.Table{ID: "inclusivity", Caption: "Inclusivity checklist", CSV: csv,
		Columns: cols("Checklist point", acyear.Label(year-1), acyear.Label(year)+": activities", acyear.Label(year))}
	var bars []components.Bar
	best, worst := -1, -1
	nowCounts, lastCounts := checklist(this), checklist(last)
	for i, c := range vocab.Checklist {
		if hide {
			bars = append(bars, components.Bar{Label: c.Label, Note: "Hidden: " + hideReason})
			t.Rows = append(t.Rows, row(text(c.Label), hidden(), hidden(), hidden()))
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
		chart.Summary = "These figures are hidden: " + hideReason + "."
	case this.Activities == 0:
		chart.Summary = "There are no activities to show for " + acyear.Label(year) + "."
	default:
		chart.Summary = fmt.Sprintf("Of %s in %s, %d%% are %s and %d%% %s; together they meet %d%% of the checklist's %d points.",
			count(int(this.Activities), "activity", "activities"), acyear.Label(year),
			percent(nowCounts[best], int(this.Activities)), lowerFirst(vocab.Checklist[best].Label),
			percent(nowCounts[worst], int(this.Activities)), lowerFirst(vocab.Checklist[worst].Label),
			percent(ticks(this), int(this.Activities)*len(vocab.Checklist)), len(vocab.Checklist))
	}
	f2 := page.Figure{ID: "inclusivity", Title: "Inclusivity checklist", Summary: chart.Summary, Table: t}
	if !hide && this.Activities > 0 {
		f2.Chart = &chart
	}
	return f2
}

// kindTimeline is the small multiples of activities per kind over the
// report's five years.
func kindTimeline(f facetIndex, year int, sup suppressor, hideReason, csv string) page.Figure {
	tl := components.Timeline{ID: "chart-five-years", Title: "Activities of each kind, " + acyear.Label(year-years+1) + " to " + acyear.Label(year)}
	var labels []string
	for y := year - years + 1; y <= year; y++ {
		tl.Periods = append(tl.Periods, components.PeriodLabel(y))
		labels = append(labels, acyear.Label(y))
	}
	t := page.Table{ID: "five-years", Caption: "Activities of each kind by academic year", Columns: cols("Kind", labels...), CSV: csv}
	perYear := map[int]series{}
	for y := year - years + 1; y <= year; y++ {
		perYear[y] = facetSeries(f, y, "kind", vocab.Kinds, sup, true)
	}
	anyHidden := false
	for i, k := range vocab.Kinds {
		p := components.Panel{Label: k.Label}
		r := row(text(k.Label))
		any := false
		for y := year - years + 1; y <= year; y++ {
			s := perYear[y]
			if s.hide[i] {
				anyHidden = true
				p.Values = append(p.Values, math.NaN())
				r.Cells = append(r.Cells, hidden())
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
	t.Empty = "There were no activities in these five years."
	tl.Summary = fmt.Sprintf("One small chart per kind of activity, each showing the number of activities in each of the five academic years to %s, on the same scale. Kinds with no activities in those years are left out.", acyear.Label(year))
	if anyHidden {
		t.Note = "Hidden: " + hideReason + "; shown as a dash in the chart."
	}
	f2 := page.Figure{ID: "five-years", Title: "Five years of activities by kind", Summary: tl.Summary, Table: t}
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

// strengths are the OfS standards of evidence, and none.
var strengths = vocab.List{
	{Value: "0", Label: "No evidence yet"},
	{Value: "1", Label: "Type 1: narrative"},
	{Value: "2", Label: "Type 2: empirical"},
	{Value: "3", Label: "Type 3: causal"},
}

// strengthLabel names an evidence strength.
func strengthLabel(n int) string {
	if n < 0 || n >= len(strengths) {
		return ""
	}
	return strengths[n].Label
}

// missingCounts is the roll-up's table of what activities lack.
func missingCounts(last, this store.EvidenceRow, lastNone, thisNone int, lastYear, year int, csv string) page.Figure {
	t := page.Table{ID: "missing", Caption: "What activities are missing", CSV: csv,
		Columns: cols("Activities…", acyear.Label(lastYear), acyear.Label(year))}
	add := func(label string, a, b int) {
		t.Rows = append(t.Rows, row(text(label), number(a), number(b)))
	}
	add("with no evidence at all", lastNone, thisNone)
	add("completed or evaluated with no outcome recorded", int(last.FinishedNoOutcome), int(this.FinishedNoOutcome))
	add("with no attendance recorded", int(last.Activities-last.WithAttendance), int(this.Activities-this.WithAttendance))
	add("with the theory of change not filled in", int(last.Activities-last.TheoryOfChange), int(this.Activities-this.TheoryOfChange))
	t.Foot = []page.Row{row(text("Activities in the year"), number(int(last.Activities)), number(int(this.Activities)))}
	summary := "Nothing is missing."
	if this.Activities > 0 {
		summary = fmt.Sprintf("In %s, %d of %s %s no evidence, and %d completed or evaluated %s no outcome recorded.",
			acyear.Label(year), thisNone, count(int(this.Activities), "activity", "activities"), components.Plural(thisNone, "has", "have"),
			this.FinishedNoOutcome, components.Plural(int(this.FinishedNoOutcome), "activity has", "activities have"))
	}
	return page.Figure{ID: "missing", Title: "What is missing", Summary: summary, Table: t}
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
func reachFigure(rows []store.ReachRow, year int, byActivity bool, sup suppressor, hideReason, csv string) page.Figure {
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
	heading := "Kind"
	if byActivity {
		heading = "Activity"
	}
	chart := components.BarChart{ID: "chart-reach", Title: "Attendance against students invited, " + acyear.Label(year),
		Series: []string{"Attended", "Invited but did not attend"}}
	t := page.Table{ID: "reach", Caption: "Reach: attendance against students invited, " + acyear.Label(year), CSV: csv,
		Columns: cols(heading, "Sessions recorded", "Attended", "Invited", "Reach"),
		Empty:   "No attendance has been recorded at outcomes dated in " + acyear.Label(year) + "."}
	var bars []components.Bar
	for _, r := range items {
		label := vocab.Kinds.Label(r.Kind)
		first := text(label)
		if byActivity {
			label = r.Title
			first = link(r.Title, paths.Activity(r.ActivityID))
		}
		if sup.hides(int(r.Outcomes), int(r.Institutions)) {
			bars = append(bars, components.Bar{Label: label, Note: "Hidden: " + hideReason})
			t.Rows = append(t.Rows, row(first, hidden(), hidden(), hidden(), hidden()))
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
			t.Foot = []page.Row{row(text("All"), hidden(), hidden(), hidden(), hidden())}
		} else {
			t.Foot = []page.Row{row(text("All"), number(int(total.Outcomes)), number(int(total.Attended)), number(int(total.Invited)), pct(int(total.Attended), int(total.Invited)))}
		}
	}
	t.Note = "Sessions recorded are outcomes that give attendance, dated in the year. Students invited are the outcome's own count or, failing that, the activity's; a student who came to several sessions counts at each."
	switch {
	case hideTotal:
		chart.Summary = "The figures for " + acyear.Label(year) + " are hidden: " + hideReason + "."
	case total.Outcomes == 0:
		chart.Summary = "No attendance has been recorded at outcomes dated in " + acyear.Label(year) + "."
	default:
		chart.Summary = fmt.Sprintf("Across %s recorded in %s, %s attendances against %s invitations: a reach of %d%%.",
			count(int(total.Outcomes), "session", "sessions"), acyear.Label(year), components.Number(int(total.Attended)),
			components.Number(int(total.Invited)), percent(int(total.Attended), int(total.Invited)))
	}
	f := page.Figure{ID: "reach", Title: "Reach", Summary: chart.Summary, Table: t}
	if len(bars) > 0 {
		f.Chart = &chart
	}
	return f
}

// Helpers for words.

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

// joinWords lists items as "a, b and c".
func joinWords(items []string) string {
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
	return out + " and " + items[len(items)-1]
}

func joinSentences(a, b string) string {
	if a == "" {
		return b
	}
	return a + " " + b
}
