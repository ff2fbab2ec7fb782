package report

import (
	"context"
	"math"
	"strconv"

	"belonging/internal/acyear"
	"belonging/internal/i18n"
	"belonging/internal/store"
	"belonging/internal/vocab"
	"belonging/web/components"
	page "belonging/web/pages/report"
	"belonging/web/paths"
)

// pulseDimensions are the panels of the pulse timeline after the overall
// one: the dimensions of belonging, then belonging to a community as a
// whole (the built-in pulse's last statement), in the reader's language.
func pulseDimensions(ctx context.Context) vocab.List {
	return append(vocab.List{{Value: "", Label: i18n.T(ctx, "report.pulse.all")}}, append(vocab.Dimensions.In(ctx)[:len(vocab.Dimensions):len(vocab.Dimensions)],
		vocab.Term{Value: "community", Label: i18n.T(ctx, "report.pulse.community")})...)
}

// tally adds up answers: how many, how many agreed (4 or 5), the sum of
// scores, and how many institutions they came from.
type tally struct {
	answered, agree int
	score           int64
	institutions    int
}

// pulseYear is a year's surveys that count: each with at least the
// threshold of responses.
type pulseYear struct {
	surveys, responses int
	dims               map[string]*tally // "" is every statement
	// asked are the dimensions the counted surveys asked about, whether
	// or not enough people answered.
	asked map[string]bool
}

// surveyResult is one survey's whole result, for a programme's list.
type surveyResult struct {
	overall store.SurveyRow
	year    int
	counted bool
}

// pulse is survey results by academic year, built so that every figure
// rests on at least the threshold of responses and no figure can be
// subtracted from another to reveal a smaller group: a survey counts only
// when it has the threshold of responses on its own, and its answers
// under one dimension only when they reach the threshold on their own.
// Every figure shown is then a sum of groups that could each be shown.
type pulse struct {
	years    map[int]*pulseYear
	surveys  []surveyResult
	minGroup int
	sup      suppressor
}

// tallyPulse builds the pulse of a programme's surveys, row by row, with
// the list of each survey's result.
func tallyPulse(rows []store.SurveyRow, startMonth, minGroup int, sup suppressor) pulse {
	p := pulseOf(PulseYears(rows, startMonth, minGroup), minGroup, sup)
	for _, r := range rows {
		if r.Overall {
			p.surveys = append(p.surveys, surveyResult{overall: r, year: surveyYear(r.ClosesAt, startMonth), counted: int(r.Responses) >= minGroup})
		}
	}
	return p
}

// PulseYears adds up surveys' answers by year and dimension under the
// rules of pulse, as store.ReportPulse does in the database for
// roll-ups: a programme's report adds up its own few surveys here, since
// it lists them too.
func PulseYears(rows []store.SurveyRow, startMonth, minGroup int) []store.PulseRow {
	type key struct {
		year      int
		dimension string
	}
	sums := map[key]*store.PulseRow{}
	institutions := map[key]map[int64]bool{}
	var order []key
	add := func(k key, r store.SurveyRow) *store.PulseRow {
		s := sums[k]
		if s == nil {
			s = &store.PulseRow{Year: int32(k.year), Dimension: k.dimension, Asked: true}
			sums[k], institutions[k] = s, map[int64]bool{}
			order = append(order, k)
		}
		return s
	}
	counted := map[int64]int{} // survey id -> year, for surveys that count
	for _, r := range rows {
		if !r.Overall || int(r.Responses) < minGroup {
			continue
		}
		year := surveyYear(r.ClosesAt, startMonth)
		counted[r.SurveyID] = year
		k := key{year, ""}
		s := add(k, r)
		s.Surveys++
		s.Responses += r.Responses
		s.Answered, s.Agree, s.ScoreSum = s.Answered+r.Answered, s.Agree+r.Agree, s.ScoreSum+r.ScoreSum
		institutions[k][r.InstitutionID] = true
	}
	for _, r := range rows {
		year, ok := counted[r.SurveyID]
		if r.Overall || !ok || r.Dimension == "" {
			continue
		}
		k := key{year, r.Dimension}
		s := add(k, r)
		if int(r.Answered) >= minGroup {
			s.Answered, s.Agree, s.ScoreSum = s.Answered+r.Answered, s.Agree+r.Agree, s.ScoreSum+r.ScoreSum
			institutions[k][r.InstitutionID] = true
		}
	}
	out := make([]store.PulseRow, len(order))
	for i, k := range order {
		out[i] = *sums[k]
		out[i].Institutions = int32(len(institutions[k]))
	}
	return out
}

// pulseOf builds the pulse from its sums by year and dimension.
func pulseOf(rows []store.PulseRow, minGroup int, sup suppressor) pulse {
	p := pulse{years: map[int]*pulseYear{}, minGroup: minGroup, sup: sup}
	for _, r := range rows {
		y := p.year(int(r.Year))
		t := &tally{answered: int(r.Answered), agree: int(r.Agree), score: r.ScoreSum, institutions: int(r.Institutions)}
		if r.Dimension == "" {
			y.surveys, y.responses = int(r.Surveys), int(r.Responses)
			y.dims[""] = t
			continue
		}
		y.asked[r.Dimension] = r.Asked
		if r.Answered > 0 {
			y.dims[r.Dimension] = t
		}
	}
	return p
}

func (p pulse) year(y int) *pulseYear {
	if p.years[y] == nil {
		p.years[y] = &pulseYear{dims: map[string]*tally{}, asked: map[string]bool{"": true}}
	}
	return p.years[y]
}

// agree returns the share of answers that agreed for dimension d in year
// y, and whether it may be shown.
func (p pulse) agree(y int, d string) (int, bool) {
	py := p.years[y]
	if py == nil || py.dims[d] == nil {
		return 0, false
	}
	t := py.dims[d]
	if t.answered < p.minGroup || p.sup.tooFew(t.institutions) {
		return 0, false
	}
	return percent(t.agree, t.answered), true
}

// responses is how many responses year y's figures rest on.
func (p pulse) responses(y int) int {
	if py := p.years[y]; py != nil {
		return py.responses
	}
	return 0
}

// figure is the small multiples of agreement by dimension over the
// report's five years, with its table.
func (p pulse) figure(ctx context.Context, year int, csv string) page.Figure {
	first := year - years + 1
	tl := components.Timeline{ID: "chart-pulse", Title: i18n.T(ctx, "report.pulse.chart", "From", acyear.Label(first), "To", acyear.Label(year)), Unit: "%"}
	var labels []string
	for y := first; y <= year; y++ {
		tl.Periods = append(tl.Periods, components.PeriodLabel(y))
		labels = append(labels, acyear.Label(y))
	}
	t := page.Table{ID: "pulse", Caption: i18n.T(ctx, "report.pulse.caption"), Columns: cols(i18n.T(ctx, "report.col.statements"), labels...), CSV: csv}
	counted := row(text(i18n.T(ctx, "report.pulse.counted")))
	anyShown := false
	for y := first; y <= year; y++ {
		counted.Cells = append(counted.Cells, number(p.responses(y)))
	}
	t.Rows = append(t.Rows, counted)
	for _, d := range pulseDimensions(ctx) {
		panel := components.Panel{Label: d.Label}
		r := row(text(d.Label))
		measured := false
		for y := first; y <= year; y++ {
			v, ok := p.agree(y, d.Value)
			asked := p.years[y].asks(d.Value)
			measured = measured || asked
			if !ok {
				panel.Values = append(panel.Values, math.NaN())
				if asked {
					r.Cells = append(r.Cells, hidden(ctx))
				} else {
					r.Cells = append(r.Cells, page.Cell{Text: "–"})
				}
				continue
			}
			anyShown = true
			panel.Values = append(panel.Values, float64(v))
			r.Cells = append(r.Cells, page.Cell{Text: strconv.Itoa(v) + "%", Raw: strconv.Itoa(v)})
		}
		if measured || d.Value == "" {
			tl.Panels = append(tl.Panels, panel)
			t.Rows = append(t.Rows, r)
		}
	}
	t.Note = i18n.T(ctx, "report.pulse.note", "Min", p.minGroup)
	if p.sup.minInstitutions > 0 {
		t.Note += " " + i18n.T(ctx, "report.pulse.hidden.network", "Institutions", p.sup.minInstitutions, "Min", p.minGroup)
	} else {
		t.Note += " " + i18n.T(ctx, "report.pulse.hidden", "Min", p.minGroup)
	}
	f := page.Figure{ID: "pulse", Title: i18n.T(ctx, "report.pulse.title"), Table: t}
	this, ok := p.agree(year, "")
	last, okLast := p.agree(year-1, "")
	switch {
	case !anyShown:
		f.Summary = i18n.T(ctx, "report.pulse.summary.none", "Min", p.minGroup)
	case ok && okLast:
		f.Summary = i18n.T(ctx, "report.pulse.summary.both", "Year", acyear.Label(year), "Agree", this,
			"Responses", count(ctx, "responses", p.responses(year)), "Last", last, "LastYear", acyear.Label(year-1))
	case ok:
		f.Summary = i18n.T(ctx, "report.pulse.summary.this", "Year", acyear.Label(year), "Agree", this,
			"Responses", count(ctx, "responses", p.responses(year)))
	default:
		f.Summary = i18n.T(ctx, "report.pulse.summary.earlier", "Year", acyear.Label(year))
	}
	tl.Summary = f.Summary
	if anyShown {
		f.Timeline = &tl
	}
	return f
}

// asks reports whether the year's counted surveys asked about d.
func (y *pulseYear) asks(d string) bool { return y != nil && y.asked[d] }

// surveyList is a programme's surveys of the five years, each with its
// result when it has enough responses.
func (p pulse) surveyList(ctx context.Context, csv string) page.Figure {
	t := page.Table{ID: "surveys", Caption: i18n.T(ctx, "report.surveys.caption"), CSV: csv,
		Columns: cols(i18n.T(ctx, "report.col.survey"), i18n.T(ctx, "report.col.closed"), i18n.T(ctx, "report.col.responses"), i18n.T(ctx, "report.col.agreeing"), i18n.T(ctx, "report.col.mean")),
		Empty:   i18n.T(ctx, "report.surveys.empty")}
	for i := len(p.surveys) - 1; i >= 0; i-- {
		s := p.surveys[i]
		closed := s.overall.ClosesAt.In(london).Add(-1)
		name := s.overall.Title
		switch s.overall.Phase {
		case "pre":
			name += " " + i18n.T(ctx, "report.surveys.before")
		case "post":
			name += " " + i18n.T(ctx, "report.surveys.after")
		}
		r := row(link(name, paths.Survey(s.overall.SurveyID)),
			page.Cell{Text: i18n.ShortDate(ctx, closed), Raw: closed.Format("2006-01-02")}, number(int(s.overall.Responses)))
		if !s.counted {
			r.Cells = append(r.Cells, hidden(ctx), hidden(ctx))
		} else {
			mean := float64(s.overall.ScoreSum) / float64(s.overall.Answered)
			r.Cells = append(r.Cells, pct(int(s.overall.Agree), int(s.overall.Answered)),
				page.Cell{Text: strconv.FormatFloat(mean, 'f', 1, 64)})
		}
		t.Rows = append(t.Rows, r)
	}
	t.Note = i18n.T(ctx, "report.surveys.note", "Min", p.minGroup)
	return page.Figure{ID: "surveys", Title: i18n.T(ctx, "report.surveys.title"), Table: t,
		Summary: i18n.T(ctx, "report.surveys.summary", "Surveys", count(ctx, "surveys", len(p.surveys)), "Min", p.minGroup)}
}
