package activity

import (
	"net/http"
	"slices"
	"strconv"

	"belonging/internal/access"
	"belonging/internal/auth"
	"belonging/internal/codes"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/internal/vocab"
	"belonging/web"
	page "belonging/web/pages/activity"
	"belonging/web/paths"
)

// Plan shows a programme's plan for an academic year: headline figures,
// the coverage map and the filtered list of activities. An htmx request
// from the filter form gets just the list. The page takes a fixed number
// of queries whatever the number of activities.
func (h *Handler) Plan(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Programme(w, r, auth.ViewProgramme)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	year := h.yearParam(r, u)
	q := r.URL.Query()
	// Unknown filter values are ignored, keeping the rest.
	keep := func(name string, l vocab.List) string {
		if v := q.Get(name); l.Has(v) {
			return v
		}
		return ""
	}
	f := page.PlanFilter{Kind: keep("kind", vocab.Kinds), Stage: keep("stage", vocab.Stages), Dimension: keep("dimension", vocab.Dimensions),
		Status: keep("status", vocab.Statuses), Placement: keep("placement", vocab.Placements)}
	yearOfStudy, _ := strconv.Atoi(q.Get("year_of_study"))
	if yearOfStudy >= 1 && yearOfStudy <= 8 {
		f.YearOfStudy = strconv.Itoa(yearOfStudy)
	} else {
		yearOfStudy = 0
	}
	filter := store.PlanFilter{
		InstitutionID: u.InstitutionID, ProgrammeID: p.ID, AcademicYear: year, Today: h.now(),
		Kind: f.Kind, Stage: f.Stage, Dimension: f.Dimension, Status: f.Status, Placement: f.Placement, YearOfStudy: yearOfStudy,
	}
	r, err := h.prefetchPlan(r, p, year, filter, q.Get("type") != "" || q.Get("risk") != "")
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	ctx = r.Context()
	voc, err := codes.Load(ctx, h.Queries, u.InstitutionID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	byCode, codeType, codeRisk := voc.Filter(q.Get("type"), q.Get("risk"))
	f.CodeType, f.CodeRisk = codeType, codeRisk
	f.Types, f.Risks = voc.FilterOptions()
	f.Active = f.Kind != "" || f.Stage != "" || f.Dimension != "" || f.Status != "" || f.Placement != "" || f.YearOfStudy != "" || byCode.Active()

	filter.Codes = byCode
	rows, err := h.Queries.ListPlan(ctx, filter)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v := page.PlanPage{Programme: access.ProgrammeHeader(u, p, year), Filter: f}
	for _, a := range rows {
		row := page.PlanRow{ID: a.ID, Title: a.Title, Kind: a.Kind, Stage: a.Stage, Dimensions: a.Dimensions, Placement: a.Placement,
			Status: a.Status, Module: a.ModuleCode, Lead: a.LeadName, Sessions: int(a.Sessions), NextSession: a.NextSession,
			CoCreated: a.Partnership != "for" || a.Partnered, Checklist: int(a.ChecklistTicks)}
		if a.AudienceYear != nil {
			row.AudienceYear = int(*a.AudienceYear)
		}
		v.Rows = append(v.Rows, row)
	}
	if httpx.IsHTMX(r) {
		httpx.Fragment(w, r, http.StatusOK, page.PlanResults(v))
		return
	}

	cov, err := h.Queries.PlanCoverage(ctx, store.PlanCoverageParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID, AcademicYear: int32(year)})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v.Coverage = page.Coverage{ProgrammeID: p.ID, Year: year, Counts: map[string]map[string]int{}}
	for _, c := range cov {
		if v.Coverage.Counts[c.Stage] == nil {
			v.Coverage.Counts[c.Stage] = map[string]int{}
		}
		v.Coverage.Counts[c.Stage][c.Dimension] = int(c.Activities)
	}
	for _, s := range vocab.Stages {
		for _, d := range vocab.Dimensions {
			if v.Coverage.Counts[s.Value][d.Value] == 0 {
				v.Coverage.Gaps++
			}
		}
	}

	fig, err := h.Queries.PlanFigures(ctx, store.PlanFiguresParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID, AcademicYear: int32(year)})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v.Figures = page.Figures{Total: int(fig.Total), Curricular: int(fig.Curricular), CoCreated: int(fig.CoCreated),
		CurricularPct: percent(int(fig.Curricular), int(fig.Total)), CoCreatedPct: percent(int(fig.CoCreated), int(fig.Total)),
		InclusivityPct: percent(int(fig.ChecklistTicks), int(fig.Total)*len(vocab.Checklist)),
		ChecksTicked:   int(fig.ChecklistTicks), Checks: int(fig.Total) * len(vocab.Checklist)}
	v.Programme.Years = yearsAround(fig.Years, year, h.currentYear(u))
	if h.PlanExtra != nil {
		if v.Extra, err = h.PlanExtra(r, p, year); err != nil {
			httpx.ServerError(w, r, err)
			return
		}
	}

	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(ctx, "plan.title", "Code", p.Code), Section: "programmes",
		Breadcrumbs: []web.Crumb{{Label: i18n.T(ctx, "nav.programmes"), URL: paths.Programmes}, {Label: p.Code + " " + p.Title}}}, page.Plan(v))
}

// percent rounds part/whole to a whole percentage; 0 of 0 is 0%.
func percent(part, whole int) int {
	if whole == 0 {
		return 0
	}
	return (part*100 + whole/2) / whole
}

// yearsAround lists the years with activities, the year shown, and the
// years either side of the current one, in order.
func yearsAround(withActivities []int32, shown, current int) []int {
	years := []int{shown, current - 1, current, current + 1}
	for _, y := range withActivities {
		years = append(years, int(y))
	}
	slices.Sort(years)
	return slices.Compact(years)
}
