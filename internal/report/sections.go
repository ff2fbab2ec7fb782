package report

import (
	"context"
	"strconv"

	"belonging/internal/acyear"
	"belonging/internal/i18n"
	"belonging/internal/store"
	"belonging/internal/vocab"
	"belonging/web/components"
	page "belonging/web/pages/report"
	"belonging/web/paths"
)

// builder assembles the figures an institution's reports share (a
// programme's, a department's and the institution's) from the results of
// their queries.
type builder struct {
	// ctx carries the reader's language, in which every word is given.
	ctx   context.Context
	in    inputs
	f     facetIndex
	pulse pulse
	// csv is the address of table t as CSV.
	csv func(t string) string
	// rollup is true for department and institution reports, whose
	// coverage map counts programmes.
	rollup     bool
	programmes int
}

func newBuilder(ctx context.Context, in inputs, minGroup int, rollup bool, programmes int, csv func(string) string) builder {
	return builder{ctx: ctx, in: in, f: indexFacets(in.facets), pulse: in.pulse(minGroup, suppressor{}),
		csv: csv, rollup: rollup, programmes: programmes}
}

// evidenceShare is the share of year y's activities whose strongest
// evidence is Type 2 or 3, with the activities counted.
func (b builder) evidenceShare(y int) (strong, all int) {
	for _, r := range b.in.evidence {
		if int(r.Year) == y {
			all += int(r.Activities)
			if r.Strongest >= 2 {
				strong += int(r.Activities)
			}
		}
	}
	return strong, all
}

// stats are the headline figures.
func (b builder) stats(noActivity int) []page.Stat {
	ctx, y := b.ctx, b.in.year
	this, last := b.f.total(y), b.f.total(y-1)
	total := int(this.Activities)
	out := []page.Stat{{ID: "activities", Value: components.Number(total), Label: i18n.T(ctx, "report.stat.activities", "Year", acyear.Label(y)),
		Note: movement(ctx, int(last.Activities), total, acyear.Label(y-1))}}
	if b.rollup {
		out = append(out, page.Stat{ID: "quiet", Value: components.Number(noActivity), Label: i18n.T(ctx, "report.stat.quiet"),
			Note: i18n.T(ctx, "report.stat.quiet.note", "Programmes", count(ctx, "programmes", b.programmes))})
	} else {
		gaps := gapsIn(b.in.coverage, y)
		out = append(out, page.Stat{ID: "gaps", Value: strconv.Itoa(gaps), Label: i18n.T(ctx, "report.stat.gaps"),
			Note: i18n.T(ctx, "report.stat.gaps.note", "Cells", cells)})
	}
	out = append(out,
		page.Stat{ID: "curricular", Value: pctText(int(b.f.get(y, "placement", "curricular").Activities), total), Label: i18n.T(ctx, "report.stat.curricular"),
			Note: i18n.T(ctx, "report.stat.curricular.note")},
		page.Stat{ID: "co-created", Value: pctText(coCreated(b.f, y), total), Label: i18n.T(ctx, "report.stat.co_created"),
			Note: i18n.T(ctx, "report.stat.co_created.note")},
		page.Stat{ID: "inclusivity", Value: pctText(ticks(this), total*len(vocab.Checklist)), Label: i18n.T(ctx, "report.stat.inclusivity"),
			Note: i18n.T(ctx, "report.stat.inclusivity.note", "Points", len(vocab.Checklist))},
	)
	reach := reachTotal(b.in.reach, y)
	out = append(out, page.Stat{ID: "reach", Value: pctText(int(reach.Attended), int(reach.Invited)), Label: i18n.T(ctx, "report.col.reach"),
		Note: i18n.T(ctx, "report.stat.reach.note", "Attended", components.Number(int(reach.Attended)), "Invited", components.Number(int(reach.Invited)))})
	strong, all := b.evidenceShare(y)
	out = append(out, page.Stat{ID: "evidence", Value: pctText(strong, all), Label: i18n.T(ctx, "report.stat.evidence"),
		Note: i18n.T(ctx, "report.part_of", "Part", strong, "Whole", count(ctx, "activities", all))})
	if v, ok := b.pulse.agree(y, ""); ok {
		out = append(out, page.Stat{ID: "pulse", Value: strconv.Itoa(v) + "%", Label: i18n.T(ctx, "report.stat.pulse"),
			Note: i18n.T(ctx, "report.stat.pulse.from", "Responses", count(ctx, "responses", b.pulse.responses(y)))})
	} else {
		out = append(out, page.Stat{ID: "pulse", Value: "–", Label: i18n.T(ctx, "report.stat.pulse"),
			Note: i18n.T(ctx, "report.stat.pulse.later", "Min", b.pulse.minGroup)})
	}
	return out
}

// pctText is a percentage for a headline, or a dash when there is nothing
// to divide by.
func pctText(part, whole int) string {
	if whole <= 0 {
		return "–"
	}
	return strconv.Itoa(percent(part, whole)) + "%"
}

func movement(ctx context.Context, before, after int, lastLabel string) string {
	switch d := after - before; {
	case d > 0:
		return i18n.T(ctx, "report.more_than", "Count", d, "Year", lastLabel)
	case d < 0:
		return i18n.T(ctx, "report.fewer_than", "Count", -d, "Year", lastLabel)
	}
	return i18n.T(ctx, "report.same_as", "Year", lastLabel)
}

// coCreated counts the year's activities made with or by students, or
// with student partners whatever their label.
func coCreated(f facetIndex, y int) int { return int(f.total(y).CoCreated) }

// activities is the section of what is planned: status, kind, stage and
// dimension.
func (b builder) activities() page.Section {
	ctx, y := b.ctx, b.in.year
	status := stacked{id: "status", title: i18n.T(ctx, "report.status.title"), heading: i18n.T(ctx, "report.col.status"), counted: "activities",
		terms: vocab.Statuses, ordered: true, csv: b.csv("status"),
		years: []series{facetSeries(b.f, y-1, "status", vocab.Statuses, suppressor{}, true), facetSeries(b.f, y, "status", vocab.Statuses, suppressor{}, true)}}
	dist := func(id, facet string, terms vocab.List) page.Figure {
		last := facetSeries(b.f, y-1, facet, terms, suppressor{}, true)
		return distribution{id: id, title: i18n.T(ctx, messageID("report.", id, ".title")), heading: i18n.T(ctx, messageID("report.col.", facet)), counted: "activities", terms: terms,
			this: facetSeries(b.f, y, facet, terms, suppressor{}, true), last: &last, csv: b.csv(id)}.figure(ctx)
	}
	lastDims := dimensionSeries(b.in.coverage, y-1, suppressor{}, b.f.total(y-1))
	dims := distribution{id: "dimensions", title: i18n.T(ctx, "report.dimensions.title"), heading: i18n.T(ctx, "report.col.dimension"), counted: "activities",
		terms: vocab.Dimensions, this: dimensionSeries(b.in.coverage, y, suppressor{}, b.f.total(y)), last: &lastDims, multi: true, csv: b.csv("dimensions")}
	return page.Section{ID: "activities", Title: i18n.T(ctx, "report.activities.title"),
		Intro: i18n.T(ctx, "report.activities.intro"),
		Figures: []page.Figure{status.figure(ctx), dist("kinds", "kind", vocab.Kinds),
			dist("stages", "stage", vocab.Stages), dims.figure(ctx)}}
}

func (b builder) coverage() page.Section {
	f, _ := coverageMap(b.ctx, b.in.coverage, b.in.year, b.rollup, b.programmes, b.csv("coverage"))
	return page.Section{ID: "coverage", Title: i18n.T(b.ctx, "report.coverage.section"), Intro: i18n.T(b.ctx, "report.coverage.intro"), Figures: []page.Figure{f}}
}

func (b builder) reach() page.Section {
	return page.Section{ID: "reach", Title: i18n.T(b.ctx, "report.col.reach"),
		Intro:   i18n.T(b.ctx, "report.reach.intro"),
		Figures: []page.Figure{reachFigure(b.ctx, b.in.reach, b.in.year, !b.rollup, suppressor{}, "", b.csv("reach"))}}
}

func (b builder) inclusion() page.Section {
	ctx, y := b.ctx, b.in.year
	placement := stacked{id: "placement", title: i18n.T(ctx, "report.placement.title"), heading: i18n.T(ctx, "report.col.placement"), counted: "activities",
		terms: vocab.Placements, percent: true, csv: b.csv("placement"),
		years: []series{facetSeries(b.f, y-1, "placement", vocab.Placements, suppressor{}, true), facetSeries(b.f, y, "placement", vocab.Placements, suppressor{}, true)}}
	partnership := stacked{id: "partnership", title: i18n.T(ctx, "report.partnership.title"), heading: i18n.T(ctx, "report.col.partnership"), counted: "activities",
		terms: vocab.Partnerships, percent: true, ordered: true, csv: b.csv("partnership"),
		years: []series{facetSeries(b.f, y-1, "partnership", vocab.Partnerships, suppressor{}, true), facetSeries(b.f, y, "partnership", vocab.Partnerships, suppressor{}, true)}}
	return page.Section{ID: "inclusion", Title: i18n.T(ctx, "report.inclusion.title"),
		Intro:   i18n.T(ctx, "report.inclusion.intro"),
		Figures: []page.Figure{placement.figure(ctx), inclusivity(ctx, b.f, y, false, "", b.csv("inclusivity")), partnership.figure(ctx)}}
}

func (b builder) evidence(missing page.Figure) page.Section {
	ctx, y := b.ctx, b.in.year
	last, _ := evidenceSeries(b.in.evidence, y-1, suppressor{}, b.f.total(y-1))
	this, _ := evidenceSeries(b.in.evidence, y, suppressor{}, b.f.total(y))
	strength := stacked{id: "evidence", title: i18n.T(ctx, "report.evidence.title"), heading: i18n.T(ctx, "report.col.strongest"), counted: "activities",
		terms: strengthTerms(ctx), ordered: true, years: []series{last, this}, csv: b.csv("evidence")}
	return page.Section{ID: "evidence", Title: i18n.T(ctx, "report.col.evidence"),
		Intro:   i18n.T(ctx, "report.evidence.intro"),
		Figures: []page.Figure{strength.figure(ctx), missing}}
}

// missingRollup is the roll-ups' table of what activities lack.
func (b builder) missingRollup() page.Figure {
	y := b.in.year
	last, lastSum := evidenceSeries(b.in.evidence, y-1, suppressor{}, b.f.total(y-1))
	this, thisSum := evidenceSeries(b.in.evidence, y, suppressor{}, b.f.total(y))
	return missingCounts(b.ctx, lastSum, thisSum, last.counts[0], this.counts[0], y-1, y, b.csv("missing"))
}

// missingByActivity is a programme's table of what each activity lacks.
func missingByActivity(ctx context.Context, acts []store.ActivityFigures, year int, csv string) page.Figure {
	t := page.Table{ID: "missing", Caption: i18n.T(ctx, "report.missing.caption", "Year", acyear.Label(year)), CSV: csv,
		Columns: []page.Column{{Label: i18n.T(ctx, "report.col.activity")}, {Label: i18n.T(ctx, "report.col.status")}, {Label: i18n.T(ctx, "report.col.aims")},
			{Label: i18n.T(ctx, "report.col.theory"), Num: true}, {Label: i18n.T(ctx, "report.col.outcomes"), Num: true}, {Label: i18n.T(ctx, "report.col.with_attendance"), Num: true},
			{Label: i18n.T(ctx, "report.col.evidence"), Num: true}, {Label: i18n.T(ctx, "report.col.strongest_short")}, {Label: i18n.T(ctx, "report.col.next_step")}},
		Empty: i18n.T(ctx, "report.missing.empty", "Year", acyear.Label(year))}
	complete := 0
	for _, a := range acts {
		next := nextStep(ctx, a)
		if next == "" {
			complete++
			next = i18n.T(ctx, "report.next.nothing")
		}
		aims := i18n.T(ctx, "report.aims.missing")
		if a.HasAims {
			aims = i18n.T(ctx, "report.aims.written")
		}
		strongest := strengthLabel(ctx, int(a.Strongest))
		if a.Evidence == 0 {
			strongest = i18n.T(ctx, "report.none")
		}
		t.Rows = append(t.Rows, row(link(a.Title, paths.Activity(a.ID)), text(vocab.Statuses.LabelIn(ctx, a.Status)), text(aims),
			page.Cell{Text: i18n.T(ctx, "report.theory.parts", "Count", a.TheoryOfChange), Raw: strconv.Itoa(int(a.TheoryOfChange))},
			number(int(a.Outcomes)), number(int(a.WithAttendance)), number(int(a.Evidence)), text(strongest), text(next)))
	}
	summary := i18n.N(ctx, "report.missing.summary", complete, "Activities", count(ctx, "activities", len(acts)))
	return page.Figure{ID: "missing", Title: i18n.T(ctx, "report.missing.title"), Summary: summary, Table: t}
}

// nextStep says what an activity most needs next for its evidence, in the
// order the evidence checklist on its page asks for them. The facts
// decide whether it has taken place: its sessions all over, or a status
// saying so. An activity that has taken place with nothing recorded needs
// its outcome first, while memories are fresh, whatever its status.
func nextStep(ctx context.Context, a store.ActivityFigures) string {
	finished := a.Happened || a.Status == "completed" || a.Status == "evaluated"
	step := ""
	switch {
	case a.Happened && a.Outcomes == 0:
		step = "outcome"
	case !a.HasAims:
		step = "aims"
	case a.TheoryOfChange < 6:
		step = "theory"
	case finished && a.Outcomes == 0:
		step = "outcome"
	case finished && a.WithAttendance == 0:
		step = "attendance"
	case finished && a.Evidence == 0:
		step = "evidence"
	case finished && a.Strongest < 2:
		step = "type2"
	default:
		return ""
	}
	return i18n.T(ctx, messageID("report.next.", step))
}

func (b builder) surveys(list bool) page.Section {
	figures := []page.Figure{b.pulse.figure(b.ctx, b.in.year, b.csv("pulse"))}
	if list {
		figures = append(figures, b.pulse.surveyList(b.ctx, b.csv("surveys")))
	}
	return page.Section{ID: "pulse", Title: i18n.T(b.ctx, "report.pulse.section"),
		Intro:   i18n.T(b.ctx, "report.pulse.intro", "Min", b.pulse.minGroup),
		Figures: figures}
}

// yearOnYear compares the headline figures with the year before.
func (b builder) yearOnYear() page.Section {
	ctx, y := b.ctx, b.in.year
	points := " " + i18n.T(ctx, "report.points")
	t := page.Table{ID: "year-on-year", Caption: i18n.T(ctx, "report.yoy.caption"), CSV: b.csv("year-on-year"),
		Columns: cols(i18n.T(ctx, "report.col.figure"), acyear.Label(y-1), acyear.Label(y), i18n.T(ctx, "report.col.change"))}
	this, last := b.f.total(y), b.f.total(y-1)
	t.Rows = append(t.Rows, row(text(i18n.T(ctx, "report.activities.title")), number(int(last.Activities)), number(int(this.Activities)), change(ctx, int(last.Activities), int(this.Activities), "")))
	share := func(id string, a, aw, c, cw int) {
		r := row(text(i18n.T(ctx, id)), pct(a, aw), pct(c, cw))
		if aw > 0 && cw > 0 {
			r.Cells = append(r.Cells, change(ctx, percent(a, aw), percent(c, cw), points))
		} else {
			r.Cells = append(r.Cells, text("–"))
		}
		t.Rows = append(t.Rows, r)
	}
	share("report.stat.curricular", int(b.f.get(y-1, "placement", "curricular").Activities), int(last.Activities),
		int(b.f.get(y, "placement", "curricular").Activities), int(this.Activities))
	share("report.stat.co_created", coCreated(b.f, y-1), int(last.Activities), coCreated(b.f, y), int(this.Activities))
	share("report.stat.inclusivity", ticks(last), int(last.Activities)*len(vocab.Checklist), ticks(this), int(this.Activities)*len(vocab.Checklist))
	gapsLabel := i18n.T(ctx, "report.stat.gaps")
	if b.rollup {
		gapsLabel = i18n.T(ctx, "report.yoy.gaps.rollup")
	}
	gl, gt := gapsIn(b.in.coverage, y-1), gapsIn(b.in.coverage, y)
	t.Rows = append(t.Rows, row(text(gapsLabel), number(gl), number(gt), change(ctx, gl, gt, "")))
	rl, rt := reachTotal(b.in.reach, y-1), reachTotal(b.in.reach, y)
	share("report.yoy.reach", int(rl.Attended), int(rl.Invited), int(rt.Attended), int(rt.Invited))
	sl, al := b.evidenceShare(y - 1)
	st, at := b.evidenceShare(y)
	share("report.yoy.evidence", sl, al, st, at)
	pl, okl := b.pulse.agree(y-1, "")
	pt, okt := b.pulse.agree(y, "")
	pr := row(text(i18n.T(ctx, "report.stat.pulse")))
	for _, v := range []struct {
		n  int
		ok bool
	}{{pl, okl}, {pt, okt}} {
		if v.ok {
			pr.Cells = append(pr.Cells, page.Cell{Text: strconv.Itoa(v.n) + "%", Raw: strconv.Itoa(v.n)})
		} else {
			pr.Cells = append(pr.Cells, text("–"))
		}
	}
	if okl && okt {
		pr.Cells = append(pr.Cells, change(ctx, pl, pt, points))
	} else {
		pr.Cells = append(pr.Cells, text("–"))
	}
	t.Rows = append(t.Rows, pr)
	t.Note = i18n.T(ctx, "report.yoy.note")
	f := page.Figure{ID: "year-on-year", Title: i18n.T(ctx, "report.yoy.title"), Table: t,
		Summary: i18n.T(ctx, "report.yoy.summary", "Year", acyear.Label(y), "Last", acyear.Label(y-1))}
	return page.Section{ID: "year-on-year", Title: i18n.T(ctx, "report.yoy.title"), Figures: []page.Figure{f}}
}

func (b builder) fiveYears() page.Section {
	return page.Section{ID: "five-years", Title: i18n.T(b.ctx, "report.five_years.section"),
		Intro:   i18n.T(b.ctx, "report.five_years.intro"),
		Figures: []page.Figure{kindTimeline(b.ctx, b.f, b.in.year, suppressor{}, "", b.csv("five-years"))}}
}

// notes explain how the figures are made.
func notes(ctx context.Context, year, startMonth, minGroup int) []string {
	return []string{
		i18n.T(ctx, "report.notes.year", "Year", acyear.Label(year), "Period", periodText(ctx, year, startMonth)),
		i18n.T(ctx, "report.notes.archived"),
		i18n.T(ctx, "report.notes.pulse", "Min", minGroup),
		i18n.T(ctx, "report.notes.reach"),
		i18n.T(ctx, "report.notes.download"),
	}
}
