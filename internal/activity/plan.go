package activity

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/a-h/templ"

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
	// The parts drawn from the activities alone are kept by the plan's
	// version (see kept.ByVersion); a list filtered by code is drawn each
	// time.
	byCode := q.Get("type") != "" || q.Get("risk") != ""
	key := newPlanKey(p.ID, year, i18n.Lang(ctx), filter.Today, f)
	kept, hit := planParts{}, false
	if !byCode && !httpx.IsHTMX(r) {
		kept, hit = h.plans.Get(key, p.PlanVersion)
	}
	r, err := h.prefetchPlan(r, p, year, filter, byCode, hit)
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
	codeFilter, codeType, codeRisk := voc.Filter(q.Get("type"), q.Get("risk"))
	f.CodeType, f.CodeRisk = codeType, codeRisk
	f.Types, f.Risks = voc.FilterOptions()
	f.Active = f.Kind != "" || f.Stage != "" || f.Dimension != "" || f.Status != "" || f.Placement != "" || f.YearOfStudy != "" || codeFilter.Active()

	v := page.PlanPage{Programme: access.ProgrammeHeader(u, p, year), Filter: f}
	filter.Codes = codeFilter
	if httpx.IsHTMX(r) {
		if v.Rows, err = h.planRows(ctx, filter); err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		httpx.Fragment(w, r, http.StatusOK, page.PlanResults(v))
		return
	}
	if !hit {
		if kept, err = h.drawPlan(ctx, p, year, filter, v); err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		if !byCode {
			h.plans.Put(key, p.PlanVersion, kept, kept.size())
		}
	}
	v.Figures = kept.figures
	v.Parts = page.PlanParts{Headline: templ.Raw(kept.headline), Coverage: templ.Raw(kept.coverage), List: templ.Raw(kept.list)}
	v.Programme.Years = yearsAround(kept.years, year, h.currentYear(u))
	if h.PlanExtra != nil {
		if v.Extra, err = h.PlanExtra(r, p, year); err != nil {
			httpx.ServerError(w, r, err)
			return
		}
	}

	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(ctx, "plan.title", "Code", p.Code), Section: "programmes",
		Breadcrumbs: []web.Crumb{{Label: i18n.T(ctx, "nav.programmes"), URL: paths.Programmes}, {Label: p.Code + " " + p.Title}}}, page.Plan(v))
}

// planRows reads the plan's activities as the list shows them.
func (h *Handler) planRows(ctx context.Context, filter store.PlanFilter) ([]page.PlanRow, error) {
	rows, err := h.Queries.ListPlan(ctx, filter)
	if err != nil {
		return nil, err
	}
	out := make([]page.PlanRow, 0, len(rows))
	for _, a := range rows {
		row := page.PlanRow{ID: a.ID, Title: a.Title, Kind: a.Kind, Stage: a.Stage, Dimensions: a.Dimensions, Placement: a.Placement,
			Status: a.Status, Module: a.ModuleCode, Lead: a.LeadName, Sessions: int(a.Sessions), NextSession: a.NextSession,
			CoCreated: a.Partnership != "for" || a.Partnered, Checklist: int(a.ChecklistTicks)}
		if a.AudienceYear != nil {
			row.AudienceYear = int(*a.AudienceYear)
		}
		out = append(out, row)
	}
	return out, nil
}

// drawPlan reads the plan's activities, coverage and figures and draws
// the parts of the page made from them alone (v gives the rest the list
// shows: the filter), at the version p was read with.
func (h *Handler) drawPlan(ctx context.Context, p access.Programme, year int, filter store.PlanFilter, v page.PlanPage) (planParts, error) {
	var err error
	if v.Rows, err = h.planRows(ctx, filter); err != nil {
		return planParts{}, err
	}
	u := reqctx.UserFrom(ctx)
	cov, err := h.Queries.PlanCoverage(ctx, store.PlanCoverageParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID, AcademicYear: int32(year)})
	if err != nil {
		return planParts{}, err
	}
	c := page.Coverage{ProgrammeID: p.ID, Year: year, Counts: map[string]map[string]int{}}
	for _, row := range cov {
		if c.Counts[row.Stage] == nil {
			c.Counts[row.Stage] = map[string]int{}
		}
		c.Counts[row.Stage][row.Dimension] = int(row.Activities)
	}
	for _, s := range vocab.Stages {
		for _, d := range vocab.Dimensions {
			if c.Counts[s.Value][d.Value] == 0 {
				c.Gaps++
			}
		}
	}

	fig, err := h.Queries.PlanFigures(ctx, store.PlanFiguresParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID, AcademicYear: int32(year)})
	if err != nil {
		return planParts{}, err
	}
	e := planParts{years: fig.Years, figures: page.Figures{Total: int(fig.Total), Curricular: int(fig.Curricular), CoCreated: int(fig.CoCreated),
		CurricularPct: percent(int(fig.Curricular), int(fig.Total)), CoCreatedPct: percent(int(fig.CoCreated), int(fig.Total)),
		InclusivityPct: percent(int(fig.ChecklistTicks), int(fig.Total)*len(vocab.Checklist)),
		ChecksTicked:   int(fig.ChecklistTicks), Checks: int(fig.Total) * len(vocab.Checklist)}}
	if e.headline, err = drawn(ctx, page.PlanHeadline(e.figures)); err != nil {
		return planParts{}, err
	}
	if e.coverage, err = drawn(ctx, page.PlanCoverage(c)); err != nil {
		return planParts{}, err
	}
	e.list, err = drawn(ctx, page.PlanList(v))
	return e, err
}

// drawn renders c to a string, with a context that is not cancelled as
// httpx.Render does (templ stops at a cancelled context).
func drawn(ctx context.Context, c templ.Component) (string, error) {
	var b strings.Builder
	err := c.Render(context.WithoutCancel(ctx), &b)
	return b.String(), err
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
