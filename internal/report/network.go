package report

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"belonging/internal/acyear"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
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
			Breadcrumbs: []web.Crumb{{Label: i18n.T(r.Context(), "report.reports"), URL: paths.Reports}, {Label: i18n.T(r.Context(), "report.crumb.network")}}}, page.Page(v))
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
		httpx.Forbidden(w, r, i18n.T(ctx, "report.refuse.network"))
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
	n := network{ctx: ctx, in: in, f: indexFacets(in.facets), sup: suppressor{minInstitutions: k}, studies: studies,
		reason: i18n.T(ctx, "report.network.reason", "Min", k), csv: tableCSV(addr, year, nil),
		pulse: in.pulse(h.minGroup(), suppressor{minInstitutions: k})}
	network := i18n.T(ctx, "report.network.caption")
	at := figures.at.In(london)
	v := page.Report{Kind: "network", Caption: network, Title: i18n.T(ctx, "report.network.title", "Year", acyear.Label(year)),
		Lede: i18n.T(ctx, "report.network.lede"),
		Year: year, Years: yearChoices(year, current), Period: periodText(ctx, year, startMonth), Path: addr.page(nil),
		CSV: fileBase("network", year), XLSX: addr.xlsx(yearOnly(year)), Printed: printed(ctx, network, h.now()), Stats: n.stats(),
		Notes: []string{
			i18n.T(ctx, "report.network.notes.sources"),
			i18n.T(ctx, "report.network.notes.hidden", "Min", k),
			i18n.T(ctx, "report.network.notes.pulse", "Responses", h.minGroup(), "Min", k),
			i18n.T(ctx, "report.network.notes.years", "Year", acyear.Label(year), "Period", periodText(ctx, year, startMonth)),
			i18n.T(ctx, "report.network.notes.fresh", "Minutes", int(networkFreshness.Minutes()), "Time", i18n.Clock(at), "Date", i18n.FullDate(ctx, at)),
		},
		Groups: []page.Section{n.effort(), n.evidence(), n.surveys(), n.caseStudies(), n.fiveYears()}}
	return v, true
}

type network struct {
	// ctx carries the reader's language.
	ctx     context.Context
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
	ctx, y := n.ctx, n.in.year
	sharing := int(n.study("sharing", "").Institutions)
	total := n.f.total(y)
	activities := page.Stat{ID: "activities", Value: components.Number(int(total.Activities)), Label: i18n.T(ctx, "report.stat.activities", "Year", acyear.Label(y)),
		Note: i18n.T(ctx, "report.network.across", "Institutions", count(ctx, "institutions", int(total.Institutions)))}
	if n.sup.hides(int(total.Activities), int(total.Institutions)) {
		activities.Value, activities.Note = i18n.T(ctx, "report.hidden"), i18n.T(ctx, "report.network.too_few", "Reason", n.reason)
	}
	all := n.study("all", "")
	return []page.Stat{
		{ID: "sharing", Value: strconv.Itoa(sharing), Label: i18n.T(ctx, "report.network.sharing"), Note: i18n.T(ctx, "report.network.sharing.note")},
		activities,
		{ID: "case-studies", Value: components.Number(int(all.CaseStudies)), Label: i18n.T(ctx, "report.network.studies"), Note: i18n.T(ctx, "report.network.studies.note")},
		{ID: "publishing", Value: strconv.Itoa(int(all.Institutions)), Label: i18n.T(ctx, "report.network.publishing")},
	}
}

func (n network) effort() page.Section {
	ctx, y := n.ctx, n.in.year
	dist := func(id, facet string, terms vocab.List) page.Figure {
		last := facetSeries(n.f, y-1, facet, terms, n.sup, true)
		return distribution{id: id, title: i18n.T(ctx, messageID("report.", id, ".title")), heading: i18n.T(ctx, messageID("report.col.", facet)), counted: "activities", terms: terms,
			this: facetSeries(n.f, y, facet, terms, n.sup, true), last: &last, hideReason: n.reason, csv: n.csv(id)}.figure(ctx)
	}
	lastDims := dimensionSeries(n.in.coverage, y-1, n.sup, n.f.total(y-1))
	dims := distribution{id: "dimensions", title: i18n.T(ctx, "report.dimensions.title"), heading: i18n.T(ctx, "report.col.dimension"), counted: "activities",
		terms: vocab.Dimensions, this: dimensionSeries(n.in.coverage, y, n.sup, n.f.total(y)), last: &lastDims, multi: true, hideReason: n.reason, csv: n.csv("dimensions")}
	placement := stacked{id: "placement", title: i18n.T(ctx, "report.placement.title"), heading: i18n.T(ctx, "report.col.placement"), counted: "activities",
		terms: vocab.Placements, percent: true, hideReason: n.reason, csv: n.csv("placement"),
		years: []series{facetSeries(n.f, y-1, "placement", vocab.Placements, n.sup, true), facetSeries(n.f, y, "placement", vocab.Placements, n.sup, true)}}
	return page.Section{ID: "effort", Title: i18n.T(ctx, "report.network.effort"),
		Intro: i18n.T(ctx, "report.network.effort.intro"),
		Figures: []page.Figure{dist("kinds", "kind", vocab.Kinds),
			dist("stages", "stage", vocab.Stages), dims.figure(ctx), placement.figure(ctx)}}
}

func (n network) evidence() page.Section {
	ctx, y := n.ctx, n.in.year
	last, _ := evidenceSeries(n.in.evidence, y-1, n.sup, n.f.total(y-1))
	this, _ := evidenceSeries(n.in.evidence, y, n.sup, n.f.total(y))
	s := stacked{id: "evidence", title: i18n.T(ctx, "report.evidence.title"), heading: i18n.T(ctx, "report.col.strongest"), counted: "activities",
		terms: strengthTerms(ctx), ordered: true, years: []series{last, this}, hideReason: n.reason, csv: n.csv("evidence")}
	return page.Section{ID: "evidence", Title: i18n.T(ctx, "report.col.evidence"),
		Intro:   i18n.T(ctx, "report.network.evidence.intro"),
		Figures: []page.Figure{s.figure(ctx)}}
}

func (n network) surveys() page.Section {
	return page.Section{ID: "pulse", Title: i18n.T(n.ctx, "report.pulse.section"),
		Intro:   i18n.T(n.ctx, "report.network.pulse.intro"),
		Figures: []page.Figure{n.pulse.figure(n.ctx, n.in.year, n.csv("pulse"))}}
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
	ctx := n.ctx
	var yearTerms vocab.List
	for _, r := range n.studies {
		if r.Facet == "year" {
			y, _ := strconv.Atoi(r.Value)
			yearTerms = append(yearTerms, vocab.Term{Value: r.Value, Label: acyear.Label(y)})
		}
	}
	slices.SortFunc(yearTerms, func(a, b vocab.Term) int { return cmp.Compare(a.Value, b.Value) })
	dist := func(id, heading, facet string, terms vocab.List) page.Figure {
		return distribution{id: id, title: i18n.T(ctx, messageID("report.", id, ".title")), heading: i18n.T(ctx, messageID("report.col.", heading)), counted: "case_studies", terms: terms,
			this: n.studySeries(facet, terms), hideReason: n.reason, csv: n.csv(id), allTime: i18n.T(ctx, "report.network.studies.all")}.figure(ctx)
	}
	return page.Section{ID: "case-studies", Title: i18n.T(ctx, "report.network.studies"),
		Intro: i18n.T(ctx, "report.network.studies.intro"),
		Figures: []page.Figure{dist("study-kinds", "kind", "kind", vocab.Kinds),
			dist("study-strength", "strongest", "strength", strengthTerms(ctx)),
			dist("study-years", "year", "year", yearTerms)}}
}

func (n network) fiveYears() page.Section {
	return page.Section{ID: "five-years", Title: i18n.T(n.ctx, "report.five_years.section"),
		Intro:   i18n.T(n.ctx, "report.network.five_years.intro"),
		Figures: []page.Figure{kindTimeline(n.ctx, n.f, n.in.year, n.sup, n.reason, n.csv("five-years"))}}
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
