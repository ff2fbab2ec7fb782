package report

import (
	"fmt"
	"strconv"

	"belonging/internal/acyear"
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

func newBuilder(in inputs, minGroup int, rollup bool, programmes int, csv func(string) string) builder {
	return builder{in: in, f: indexFacets(in.facets), pulse: in.pulse(minGroup, suppressor{}),
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
	y := b.in.year
	this, last := b.f.total(y), b.f.total(y-1)
	total := int(this.Activities)
	out := []page.Stat{{ID: "activities", Value: components.Number(total), Label: "Activities in " + acyear.Label(y),
		Note: movement(int(last.Activities), total, acyear.Label(y-1))}}
	if b.rollup {
		out = append(out, page.Stat{ID: "quiet", Value: components.Number(noActivity), Label: "Programmes with no activities",
			Note: "of " + count(b.programmes, "programme", "programmes")})
	} else {
		gaps := gapsIn(b.in.coverage, y)
		out = append(out, page.Stat{ID: "gaps", Value: strconv.Itoa(gaps), Label: "Gaps in the coverage map",
			Note: fmt.Sprintf("of %d stage and dimension cells", cells)})
	}
	out = append(out,
		page.Stat{ID: "curricular", Value: pctText(int(b.f.get(y, "placement", "curricular").Activities), total), Label: "Inside the curriculum",
			Note: "in timetabled teaching, which reaches commuters and carers"},
		page.Stat{ID: "co-created", Value: pctText(coCreated(b.f, y), total), Label: "Co-created with students",
			Note: "made with students or led by them"},
		page.Stat{ID: "inclusivity", Value: pctText(ticks(this), total*len(vocab.Checklist)), Label: "Inclusivity checklist met",
			Note: "across the 7 points of every activity"},
	)
	reach := reachTotal(b.in.reach, y)
	out = append(out, page.Stat{ID: "reach", Value: pctText(int(reach.Attended), int(reach.Invited)), Label: "Reach",
		Note: fmt.Sprintf("%s attendances of %s invited", components.Number(int(reach.Attended)), components.Number(int(reach.Invited)))})
	strong, all := b.evidenceShare(y)
	out = append(out, page.Stat{ID: "evidence", Value: pctText(strong, all), Label: "With Type 2 or 3 evidence",
		Note: fmt.Sprintf("%d of %s", strong, count(all, "activity", "activities"))})
	if v, ok := b.pulse.agree(y, ""); ok {
		out = append(out, page.Stat{ID: "pulse", Value: strconv.Itoa(v) + "%", Label: "Students agreeing in pulse surveys",
			Note: "from " + count(b.pulse.responses(y), "response", "responses")})
	} else {
		out = append(out, page.Stat{ID: "pulse", Value: "–", Label: "Students agreeing in pulse surveys",
			Note: fmt.Sprintf("shown once a survey has %d responses", b.pulse.minGroup)})
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

func movement(before, after int, lastLabel string) string {
	switch d := after - before; {
	case d > 0:
		return fmt.Sprintf("%d more than in %s", d, lastLabel)
	case d < 0:
		return fmt.Sprintf("%d fewer than in %s", -d, lastLabel)
	}
	return "the same as in " + lastLabel
}

// coCreated counts the year's activities made with or by students, or
// with student partners whatever their label.
func coCreated(f facetIndex, y int) int { return int(f.total(y).CoCreated) }

// activities is the section of what is planned: status, kind, stage and
// dimension.
func (b builder) activities() page.Section {
	y := b.in.year
	status := stacked{id: "status", title: "Activities by status", heading: "Status", one: "activity", many: "activities",
		terms: vocab.Statuses, ordered: true, csv: b.csv("status"),
		years: []series{facetSeries(b.f, y-1, "status", vocab.Statuses, suppressor{}, true), facetSeries(b.f, y, "status", vocab.Statuses, suppressor{}, true)}}
	dist := func(id, title, heading, facet string, terms vocab.List) page.Figure {
		last := facetSeries(b.f, y-1, facet, terms, suppressor{}, true)
		return distribution{id: id, title: title, heading: heading, noun: facet, nouns: facet + "s", one: "activity", many: "activities", terms: terms,
			this: facetSeries(b.f, y, facet, terms, suppressor{}, true), last: &last, csv: b.csv(id)}.figure()
	}
	lastDims := dimensionSeries(b.in.coverage, y-1, suppressor{}, b.f.total(y-1))
	dims := distribution{id: "dimensions", title: "Activities by dimension of belonging", heading: "Dimension", noun: "dimension", nouns: "dimensions", one: "activity", many: "activities",
		terms: vocab.Dimensions, this: dimensionSeries(b.in.coverage, y, suppressor{}, b.f.total(y)), last: &lastDims, multi: true, csv: b.csv("dimensions")}
	return page.Section{ID: "activities", Title: "Activities",
		Intro: "What is planned for the year and how far it has got, by kind, stage of the student journey and dimension of belonging.",
		Figures: []page.Figure{status.figure(), dist("kinds", "Activities by kind", "Kind", "kind", vocab.Kinds),
			dist("stages", "Activities by stage of the student journey", "Stage", "stage", vocab.Stages), dims.figure()}}
}

func (b builder) coverage() page.Section {
	f, _ := coverageMap(b.in.coverage, b.in.year, b.rollup, b.programmes, b.csv("coverage"))
	intro := "Where the year's activities fall across the student journey and the dimensions of belonging. Gaps are where nothing is planned."
	return page.Section{ID: "coverage", Title: "Coverage of the student journey", Intro: intro, Figures: []page.Figure{f}}
}

func (b builder) reach() page.Section {
	return page.Section{ID: "reach", Title: "Reach",
		Intro:   "How many students came, against how many were invited, at the outcomes recorded in the year.",
		Figures: []page.Figure{reachFigure(b.in.reach, b.in.year, !b.rollup, suppressor{}, "", b.csv("reach"))}}
}

func (b builder) inclusion() page.Section {
	y := b.in.year
	placement := stacked{id: "placement", title: "Where activities sit", heading: "Placement", one: "activity", many: "activities",
		terms: vocab.Placements, percent: true, csv: b.csv("placement"),
		years: []series{facetSeries(b.f, y-1, "placement", vocab.Placements, suppressor{}, true), facetSeries(b.f, y, "placement", vocab.Placements, suppressor{}, true)}}
	partnership := stacked{id: "partnership", title: "Partnership with students", heading: "Partnership", one: "activity", many: "activities",
		terms: vocab.Partnerships, percent: true, ordered: true, csv: b.csv("partnership"),
		years: []series{facetSeries(b.f, y-1, "partnership", vocab.Partnerships, suppressor{}, true), facetSeries(b.f, y, "partnership", vocab.Partnerships, suppressor{}, true)}}
	return page.Section{ID: "inclusion", Title: "Curriculum, inclusivity and partnership",
		Intro:   "Curricular activities sit in timetabled teaching, where commuter students and carers can reach them. Co-created activities are designed with students or led by them.",
		Figures: []page.Figure{placement.figure(), inclusivity(b.f, y, false, "", b.csv("inclusivity")), partnership.figure()}}
}

func (b builder) evidence(missing page.Figure) page.Section {
	y := b.in.year
	last, _ := evidenceSeries(b.in.evidence, y-1, suppressor{}, b.f.total(y-1))
	this, _ := evidenceSeries(b.in.evidence, y, suppressor{}, b.f.total(y))
	strength := stacked{id: "evidence", title: "Activities by their strongest evidence", heading: "Strongest evidence", one: "activity", many: "activities",
		terms: strengths, ordered: true, years: []series{last, this}, csv: b.csv("evidence")}
	return page.Section{ID: "evidence", Title: "Evidence",
		Intro:   "The strongest evidence each activity has, on the Office for Students' standards: Type 1 narrative (a theory of change and what happened), Type 2 empirical (data showing change), Type 3 causal (a comparison group).",
		Figures: []page.Figure{strength.figure(), missing}}
}

// missingRollup is the roll-ups' table of what activities lack.
func (b builder) missingRollup() page.Figure {
	y := b.in.year
	last, lastSum := evidenceSeries(b.in.evidence, y-1, suppressor{}, b.f.total(y-1))
	this, thisSum := evidenceSeries(b.in.evidence, y, suppressor{}, b.f.total(y))
	return missingCounts(lastSum, thisSum, last.counts[0], this.counts[0], y-1, y, b.csv("missing"))
}

// missingByActivity is a programme's table of what each activity lacks.
func missingByActivity(acts []store.ActivityFigures, year int, csv string) page.Figure {
	t := page.Table{ID: "missing", Caption: "What each activity is missing, " + acyear.Label(year), CSV: csv,
		Columns: []page.Column{{Label: "Activity"}, {Label: "Status"}, {Label: "Aims"}, {Label: "Theory of change", Num: true},
			{Label: "Outcomes", Num: true}, {Label: "With attendance", Num: true}, {Label: "Evidence", Num: true}, {Label: "Strongest"}, {Label: "Next step"}},
		Empty: "No activities are planned for " + acyear.Label(year) + "."}
	complete := 0
	for _, a := range acts {
		next := nextStep(a)
		if next == "" {
			complete++
			next = "Nothing missing"
		}
		aims := "Missing"
		if a.HasAims {
			aims = "Written"
		}
		strongest := strengthLabel(int(a.Strongest))
		if a.Evidence == 0 {
			strongest = "None"
		}
		t.Rows = append(t.Rows, row(link(a.Title, paths.Activity(a.ID)), text(vocab.Statuses.Label(a.Status)), text(aims),
			page.Cell{Text: fmt.Sprintf("%d of 6", a.TheoryOfChange), Raw: strconv.Itoa(int(a.TheoryOfChange))},
			number(int(a.Outcomes)), number(int(a.WithAttendance)), number(int(a.Evidence)), text(strongest), text(next)))
	}
	summary := fmt.Sprintf("%d of %s %s everything the evidence checklist asks for; the table says what each of the others needs next.",
		complete, count(len(acts), "activity", "activities"), components.Plural(complete, "has", "have"))
	return page.Figure{ID: "missing", Title: "What is missing", Summary: summary, Table: t}
}

// nextStep says what an activity most needs next for its evidence, in the
// order the evidence checklist on its page asks for them. The facts
// decide whether it has taken place: its sessions all over, or a status
// saying so. An activity that has taken place with nothing recorded needs
// its outcome first, while memories are fresh, whatever its status.
func nextStep(a store.ActivityFigures) string {
	finished := a.Happened || a.Status == "completed" || a.Status == "evaluated"
	switch {
	case a.Happened && a.Outcomes == 0:
		return "Record an outcome"
	case !a.HasAims:
		return "Write its aims"
	case a.TheoryOfChange < 6:
		return "Fill in the theory of change"
	case finished && a.Outcomes == 0:
		return "Record an outcome"
	case finished && a.WithAttendance == 0:
		return "Record attendance"
	case finished && a.Evidence == 0:
		return "Attach evidence"
	case finished && a.Strongest < 2:
		return "Add Type 2 evidence, such as a before-and-after pulse survey"
	}
	return ""
}

func (b builder) surveys(list bool) page.Section {
	figures := []page.Figure{b.pulse.figure(b.in.year, b.csv("pulse"))}
	if list {
		figures = append(figures, b.pulse.surveyList(b.csv("surveys")))
	}
	return page.Section{ID: "pulse", Title: "What students say",
		Intro:   fmt.Sprintf("Pulse surveys answered anonymously by students, by the academic year in which each closed. Results are shown only for groups of at least %d, the National Student Survey's threshold.", b.pulse.minGroup),
		Figures: figures}
}

// yearOnYear compares the headline figures with the year before.
func (b builder) yearOnYear() page.Section {
	y := b.in.year
	t := page.Table{ID: "year-on-year", Caption: "The year compared with the year before", CSV: b.csv("year-on-year"),
		Columns: cols("Figure", acyear.Label(y-1), acyear.Label(y), "Change")}
	this, last := b.f.total(y), b.f.total(y-1)
	t.Rows = append(t.Rows, row(text("Activities"), number(int(last.Activities)), number(int(this.Activities)), change(int(last.Activities), int(this.Activities), "")))
	share := func(label string, a, aw, c, cw int) {
		r := row(text(label), pct(a, aw), pct(c, cw))
		if aw > 0 && cw > 0 {
			r.Cells = append(r.Cells, change(percent(a, aw), percent(c, cw), " points"))
		} else {
			r.Cells = append(r.Cells, text("–"))
		}
		t.Rows = append(t.Rows, r)
	}
	share("Inside the curriculum", int(b.f.get(y-1, "placement", "curricular").Activities), int(last.Activities),
		int(b.f.get(y, "placement", "curricular").Activities), int(this.Activities))
	share("Co-created with students", coCreated(b.f, y-1), int(last.Activities), coCreated(b.f, y), int(this.Activities))
	share("Inclusivity checklist met", ticks(last), int(last.Activities)*len(vocab.Checklist), ticks(this), int(this.Activities)*len(vocab.Checklist))
	gapsLabel := "Gaps in the coverage map"
	if b.rollup {
		gapsLabel = "Coverage map cells with no activity in any programme"
	}
	gl, gt := gapsIn(b.in.coverage, y-1), gapsIn(b.in.coverage, y)
	t.Rows = append(t.Rows, row(text(gapsLabel), number(gl), number(gt), change(gl, gt, "")))
	rl, rt := reachTotal(b.in.reach, y-1), reachTotal(b.in.reach, y)
	share("Reach (attendance of those invited)", int(rl.Attended), int(rl.Invited), int(rt.Attended), int(rt.Invited))
	sl, al := b.evidenceShare(y - 1)
	st, at := b.evidenceShare(y)
	share("Activities with Type 2 or 3 evidence", sl, al, st, at)
	pl, okl := b.pulse.agree(y-1, "")
	pt, okt := b.pulse.agree(y, "")
	pr := row(text("Students agreeing in pulse surveys"))
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
		pr.Cells = append(pr.Cells, change(pl, pt, " points"))
	} else {
		pr.Cells = append(pr.Cells, text("–"))
	}
	t.Rows = append(t.Rows, pr)
	t.Note = "Percentage changes are in percentage points. A dash: nothing to compare, or too few survey responses to show."
	f := page.Figure{ID: "year-on-year", Title: "Year on year", Table: t,
		Summary: fmt.Sprintf("The headline figures for %s beside those for %s.", acyear.Label(y), acyear.Label(y-1))}
	return page.Section{ID: "year-on-year", Title: "Year on year", Figures: []page.Figure{f}}
}

func (b builder) fiveYears() page.Section {
	return page.Section{ID: "five-years", Title: "Five years",
		Intro:   "How the number of activities of each kind has changed over five academic years.",
		Figures: []page.Figure{kindTimeline(b.f, b.in.year, suppressor{}, "", b.csv("five-years"))}}
}

// notes explain how the figures are made.
func notes(year, startMonth, minGroup int) []string {
	return []string{
		fmt.Sprintf("The academic year %s runs from %s. Activities count in the year they are planned for; outcomes (attendance) by the date they happened; pulse surveys by the day they closed.",
			acyear.Label(year), periodText(year, startMonth)),
		"Archived activities are left out, and so, in department and institution reports, are archived programmes.",
		fmt.Sprintf("Pulse survey results rest on at least %d responses each: a survey with fewer is left out of every figure, so that no figure can be subtracted from another to reveal a smaller group.", minGroup),
		"Reach adds up every recorded session, so a student who came to three sessions counts three times; it is attendance against invitations, not the share of students reached.",
		"Every table can be downloaded as a CSV file, and the whole report printed or saved as a PDF from the browser.",
	}
}
