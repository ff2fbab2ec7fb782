package report

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"belonging/internal/access"
	"belonging/internal/acyear"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/outcomefigures"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	page "belonging/web/pages/report"
	"belonging/web/paths"
)

// Programme shows a programme's report for an academic year.
func (h *Handler) Programme(w http.ResponseWriter, r *http.Request) {
	v, ok := h.programmeReport(w, r)
	if !ok {
		return
	}
	p := v.Programme
	ctx := r.Context()
	httpx.Render(w, r, http.StatusOK, web.Page{Title: v.Title, Section: "programmes",
		Breadcrumbs: []web.Crumb{{Label: i18n.T(ctx, "report.crumb.programmes"), URL: paths.Programmes}, {Label: p.Code + " " + p.Title, URL: paths.Plan(p.ID, v.Year)}, {Label: i18n.T(ctx, "report.crumb.report")}}},
		page.Page(v))
}

// ProgrammeCSV sends one table of a programme's report as CSV.
func (h *Handler) ProgrammeCSV(w http.ResponseWriter, r *http.Request) {
	if v, ok := h.programmeReport(w, r); ok {
		writeTable(w, r, v)
	}
}

// programmeReport builds a programme's report: six aggregate queries in
// one transaction after the programme itself, however many activities it
// has.
func (h *Handler) programmeReport(w http.ResponseWriter, r *http.Request) (page.Report, bool) {
	p, ok := h.Access.Programme(w, r, auth.ViewProgramme)
	if !ok {
		return page.Report{}, false
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	current := acyear.Of(h.now(), u.YearStartMonth)
	year := yearParam(r, current)
	var in inputs
	var acts []store.ActivityFigures
	var cohort []outcomefigures.Shown
	var staff staffBelonging
	team := access.Can(r, auth.PlanProgramme, p.Target)
	filter, err := readFilter(ctx, h.Queries, u.InstitutionID, r.URL.Query(), paths.ProgrammeReportFor(p.ID, yearOnly(year)))
	if err != nil {
		httpx.ServerError(w, r, err)
		return page.Report{}, false
	}
	src, err := h.read(ctx, func(q *store.Queries) (err error) {
		if cohort, err = outcomefigures.ForReport(ctx, q, u.InstitutionID, p.ID, year-4, year, h.minGroup(), team); err != nil {
			return err
		}
		scope := store.ReportScope{InstitutionID: u.InstitutionID, ProgrammeID: p.ID, Codes: filter.codes}
		if in, err = load(ctx, q, scope, year, u.YearStartMonth, h.minGroup(), true, h.now()); err != nil {
			return err
		}
		if acts, err = q.ReportActivities(ctx, u.InstitutionID, p.ID, year, h.now()); err != nil {
			return err
		}
		if staff, err = loadStaffBelonging(ctx, q, u.InstitutionID, p.ID, year, u.YearStartMonth, h.minGroup(), h.now()); err != nil || !filter.codes.Active() {
			return err
		}
		coded, err := q.CodedActivities(ctx, u.InstitutionID, p.ID, year, filter.codes)
		acts = slices.DeleteFunc(acts, func(a store.ActivityFigures) bool { return !coded[a.ID] })
		return err
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return page.Report{}, false
	}
	addr := address{
		page: func(q url.Values) string { return paths.ProgrammeReportFor(p.ID, q) },
		csv:  func(q url.Values) string { return paths.ProgrammeReportCSV(p.ID, q) },
		xlsx: func(q url.Values) string { return paths.ProgrammeReportXLSX(p.ID, q) }}
	b := newBuilder(ctx, in, h.minGroup(), false, 1, tableCSV(addr, year, filter.query))
	header := access.ProgrammeHeader(u, p, year)
	v := page.Report{Kind: "programme", Programme: &header, Title: title(ctx, p.Code, acyear.Label(year)),
		Year: year, Years: yearChoices(year, current), Period: periodText(ctx, year, u.YearStartMonth), Path: addr.page(nil),
		CSV: fileBase(p.Code, year), XLSX: addr.xlsx(filter.yearQuery(year)), Filter: filter.view, Printed: printed(ctx, u.InstitutionName, h.now()), AsOf: asOf(ctx, src, h.now()), Stats: b.stats(0), Notes: notes(ctx, year, u.YearStartMonth, h.minGroup()),
		Groups: []page.Section{b.activities(), b.coverage(), b.reach(), b.inclusion(),
			b.evidence(missingByActivity(ctx, acts, year, b.csv("missing"))), b.surveys(true), b.yearOnYear(), b.fiveYears(),
			cohortSection(ctx, cohort, h.minGroup()),
			staffSection(ctx, staff, h.minGroup(), tableCSV(addr, year, nil))}}
	if filter.codes.Active() {
		filter.view.Scope = filter.scope(ctx, false)
	}
	return v, true
}

// fileBase starts the names of a report's CSV files: "c100-2026-27".
func fileBase(name string, year int) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	return strings.TrimSuffix(b.String(), "-") + "-" + strings.ReplaceAll(acyear.Label(year), "/", "-")
}
