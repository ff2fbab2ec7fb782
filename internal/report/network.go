package report

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"belonging/internal/acyear"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/internal/vocab"
	"belonging/web"
	"belonging/web/components"
	page "belonging/web/pages/report"
	"belonging/web/paths"
)

// Network shows the network report.
func (h *Handler) Network(w http.ResponseWriter, r *http.Request) {
	if v, ok := h.networkReport(w, r); ok {
		httpx.Render(w, r, http.StatusOK, web.Page{Title: v.Title, Section: "reports",
			Breadcrumbs: []web.Crumb{{Label: "Reports", URL: paths.Reports}, {Label: "Network"}}}, page.Page(v))
	}
}

// NetworkCSV sends one table of the network report as CSV.
func (h *Handler) NetworkCSV(w http.ResponseWriter, r *http.Request) {
	if v, ok := h.networkReport(w, r); ok {
		writeTable(w, r, v)
	}
}

// networkReport builds the report across institutions from two sources
// only: the figures of institutions that chose to share them with the
// network, and case studies published to the network or the public.
// Every figure resting on fewer than the network threshold of
// institutions is hidden (and, where a total is shown, one more, so the
// hidden one cannot be worked out), and every survey figure on fewer than
// the survey threshold of responses. Five aggregate queries.
func (h *Handler) networkReport(w http.ResponseWriter, r *http.Request) (page.Report, bool) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	if !auth.CanViewNetwork(u) {
		httpx.Forbidden(w, r, "The network report is for network coordinators and institution admins.")
		return page.Report{}, false
	}
	// Institutions' years start in different months; across the network
	// surveys are placed in years starting on 1 August.
	startMonth := acyear.DefaultStartMonth
	current := acyear.Of(h.now(), startMonth)
	year := yearParam(r, current)
	figures, err := h.network.get(year, h.now(), func() (networkFigures, error) {
		var f networkFigures
		src, err := h.read(ctx, func(q *store.Queries) (err error) {
			if f.in, err = load(ctx, q, store.ReportScope{Network: true}, year, startMonth, h.minGroup(), false, h.now()); err != nil {
				return err
			}
			f.studies, err = q.ReportNetworkCaseStudies(ctx)
			return err
		})
		// Read from a replica, the figures are as of what it had replayed.
		if src.Replica {
			f.at = src.AsOf
		}
		return f, err
	})
	in, studies := figures.in, figures.studies
	if err != nil {
		httpx.ServerError(w, r, err)
		return page.Report{}, false
	}
	k := h.minInstitutions()
	addr := address{page: paths.NetworkReportFor, csv: paths.NetworkReportCSVFor, xlsx: paths.NetworkReportXLSX}
	n := network{in: in, f: indexFacets(in.facets), sup: suppressor{minInstitutions: k}, studies: studies,
		reason: fmt.Sprintf("fewer than %d institutions", k), csv: tableCSV(addr, year, nil),
		pulse: in.pulse(h.minGroup(), suppressor{minInstitutions: k})}
	v := page.Report{Kind: "network", Caption: "Belonging network", Title: "Network report " + acyear.Label(year),
		Lede: "Where institutions across the network are putting their belonging work, from the figures they share and the case studies they publish.",
		Year: year, Years: yearChoices(year, current), Period: periodText(year, startMonth), Path: addr.page(nil),
		CSV: fileBase("network", year), XLSX: addr.xlsx(yearOnly(year)), Printed: printed("Belonging network", h.now()), Stats: n.stats(),
		Notes: []string{
			"Only two things feed this report: the figures of institutions whose admins chose to share them with the network (counts of activities and their evidence, and pulse survey results), and case studies published to the network or the public. Nothing kept within an institution is counted.",
			fmt.Sprintf("A figure resting on fewer than %d institutions is hidden; so, where a total is shown and only one figure would be hidden, is the next smallest, so that the hidden one cannot be worked out by subtraction.", k),
			fmt.Sprintf("Pulse survey results count only surveys with at least %d responses, and are hidden unless they come from at least %d institutions.", h.minGroup(), k),
			fmt.Sprintf("Academic years run from 1 August to 31 July across the network (%s is %s); activities count in the year they are planned for.", acyear.Label(year), periodText(year, startMonth)),
			fmt.Sprintf("The figures are worked out afresh at most every %d minutes; these were worked out at %s.", int(networkFreshness.Minutes()), figures.at.In(london).Format("15:04 on 2 January 2006")),
		},
		Groups: []page.Section{n.effort(), n.evidence(), n.surveys(), n.caseStudies(), n.fiveYears()}}
	return v, true
}

type network struct {
	in      inputs
	f       facetIndex
	sup     suppressor
	studies []store.CaseStudyFacetRow
	pulse   pulse
	reason  string
	csv     func(string) string
}

func (n network) study(facet, value string) store.CaseStudyFacetRow {
	for _, r := range n.studies {
		if r.Facet == facet && r.Value == value {
			return r
		}
	}
	return store.CaseStudyFacetRow{}
}

func (n network) stats() []page.Stat {
	y := n.in.year
	sharing := int(n.study("sharing", "").Institutions)
	total := n.f.total(y)
	activities := page.Stat{ID: "activities", Value: components.Number(int(total.Activities)), Label: "Activities in " + acyear.Label(y),
		Note: "across " + count(int(total.Institutions), "institution", "institutions")}
	if n.sup.hides(int(total.Activities), int(total.Institutions)) {
		activities.Value, activities.Note = "Hidden", n.reason+" have activities this year"
	}
	all := n.study("all", "")
	return []page.Stat{
		{ID: "sharing", Value: strconv.Itoa(sharing), Label: "Institutions sharing figures", Note: "chosen by each institution's admins"},
		activities,
		{ID: "case-studies", Value: components.Number(int(all.CaseStudies)), Label: "Case studies shared", Note: "with the network or the public"},
		{ID: "publishing", Value: strconv.Itoa(int(all.Institutions)), Label: "Institutions publishing case studies"},
	}
}

func (n network) effort() page.Section {
	y := n.in.year
	dist := func(id, title, heading, facet string, terms vocab.List) page.Figure {
		last := facetSeries(n.f, y-1, facet, terms, n.sup, true)
		return distribution{id: id, title: title, heading: heading, noun: facet, nouns: facet + "s", one: "activity", many: "activities", terms: terms,
			this: facetSeries(n.f, y, facet, terms, n.sup, true), last: &last, hideReason: n.reason, csv: n.csv(id)}.figure()
	}
	lastDims := dimensionSeries(n.in.coverage, y-1, n.sup, n.f.total(y-1))
	dims := distribution{id: "dimensions", title: "Activities by dimension of belonging", heading: "Dimension", noun: "dimension", nouns: "dimensions", one: "activity", many: "activities",
		terms: vocab.Dimensions, this: dimensionSeries(n.in.coverage, y, n.sup, n.f.total(y)), last: &lastDims, multi: true, hideReason: n.reason, csv: n.csv("dimensions")}
	placement := stacked{id: "placement", title: "Where activities sit", heading: "Placement", one: "activity", many: "activities",
		terms: vocab.Placements, percent: true, hideReason: n.reason, csv: n.csv("placement"),
		years: []series{facetSeries(n.f, y-1, "placement", vocab.Placements, n.sup, true), facetSeries(n.f, y, "placement", vocab.Placements, n.sup, true)}}
	return page.Section{ID: "effort", Title: "Where the effort goes",
		Intro: "Activities planned by the institutions that share their figures, by kind, stage of the student journey, dimension of belonging and place in the curriculum.",
		Figures: []page.Figure{dist("kinds", "Activities by kind", "Kind", "kind", vocab.Kinds),
			dist("stages", "Activities by stage of the student journey", "Stage", "stage", vocab.Stages), dims.figure(), placement.figure()}}
}

func (n network) evidence() page.Section {
	y := n.in.year
	last, _ := evidenceSeries(n.in.evidence, y-1, n.sup, n.f.total(y-1))
	this, _ := evidenceSeries(n.in.evidence, y, n.sup, n.f.total(y))
	s := stacked{id: "evidence", title: "Activities by their strongest evidence", heading: "Strongest evidence", one: "activity", many: "activities",
		terms: strengths, ordered: true, years: []series{last, this}, hideReason: n.reason, csv: n.csv("evidence")}
	return page.Section{ID: "evidence", Title: "Evidence",
		Intro:   "The strongest evidence each activity has, on the Office for Students' standards of evidence.",
		Figures: []page.Figure{s.figure()}}
}

func (n network) surveys() page.Section {
	return page.Section{ID: "pulse", Title: "What students say",
		Intro:   "Pulse surveys of the institutions that share their figures, by the academic year in which each closed.",
		Figures: []page.Figure{n.pulse.figure(n.in.year, n.csv("pulse"))}}
}

// studySeries reads one facet of the shared case studies.
func (n network) studySeries(facet string, terms vocab.List) series {
	s, institutions := newSeries(n.in.year, len(terms)), make([]int, len(terms))
	for i, t := range terms {
		r := n.study(facet, t.Value)
		s.counts[i], institutions[i] = int(r.CaseStudies), int(r.Institutions)
	}
	n.sup.apply(&s, institutions, facet != "dimension", n.study("all", "").Institutions)
	return s
}

func (n network) caseStudies() page.Section {
	var yearTerms vocab.List
	for _, r := range n.studies {
		if r.Facet == "year" {
			y, _ := strconv.Atoi(r.Value)
			yearTerms = append(yearTerms, vocab.Term{Value: r.Value, Label: acyear.Label(y)})
		}
	}
	slices.SortFunc(yearTerms, func(a, b vocab.Term) int { return cmp.Compare(a.Value, b.Value) })
	dist := func(id, title, heading, noun, nouns, facet string, terms vocab.List, multi bool) page.Figure {
		return distribution{id: id, title: title, heading: heading, noun: noun, nouns: nouns, one: "case study", many: "case studies", terms: terms,
			this: n.studySeries(facet, terms), multi: multi, hideReason: n.reason, csv: n.csv(id), allTime: "Case studies"}.figure()
	}
	return page.Section{ID: "case-studies", Title: "Case studies shared",
		Intro: "Case studies institutions have published to the network or the public, whenever they were written, by kind, the strength of their evidence and the academic year of their activity.",
		Figures: []page.Figure{dist("study-kinds", "Case studies by kind", "Kind", "kind", "kinds", "kind", vocab.Kinds, false),
			dist("study-strength", "Case studies by strength of evidence", "Strongest evidence", "strength of evidence", "strengths", "strength", strengths, false),
			dist("study-years", "Case studies by academic year", "Academic year", "year", "years", "year", yearTerms, false)}}
}

func (n network) fiveYears() page.Section {
	return page.Section{ID: "five-years", Title: "Five years",
		Intro:   "How the number of activities of each kind has changed over five academic years across the institutions that share their figures.",
		Figures: []page.Figure{kindTimeline(n.f, n.in.year, n.sup, n.reason, n.csv("five-years"))}}
}

// networkFreshness is how long the network's figures are kept: they sum
// every sharing institution's year, change slowly, and are the same for
// every reader, so one reading serves all for a while.
const networkFreshness = 10 * time.Minute

// networkFigures are one year's network figures and when they were read.
type networkFigures struct {
	in      inputs
	studies []store.CaseStudyFacetRow
	at      time.Time
}

// networkCache keeps each year's network figures for networkFreshness.
// One reader works them out while others for the same year wait.
type networkCache struct {
	mu    sync.Mutex
	years map[int]*networkEntry
}

type networkEntry struct {
	mu      sync.Mutex
	figures networkFigures
	ok      bool
}

func (c *networkCache) get(year int, now time.Time, load func() (networkFigures, error)) (networkFigures, error) {
	c.mu.Lock()
	if c.years == nil {
		c.years = map[int]*networkEntry{}
	}
	e := c.years[year]
	if e == nil {
		e = &networkEntry{}
		c.years[year] = e
	}
	c.mu.Unlock()

	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ok && now.Sub(e.figures.at) < networkFreshness {
		return e.figures, nil
	}
	f, err := load()
	if err != nil {
		return networkFigures{}, err
	}
	if f.at.IsZero() {
		f.at = now
	}
	e.figures, e.ok = f, true
	return f, nil
}
