package report

import (
	"net/http"

	"github.com/a-h/templ"

	"belonging/internal/access"
	"belonging/internal/acyear"
	"belonging/internal/auth"
	"belonging/internal/i18n"
	"belonging/internal/outcomefigures"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	page "belonging/web/pages/report"
	"belonging/web/paths"
)

// planCohortYears is how many of the latest years with figures the plan
// page shows; the report shows five.
const planCohortYears = 3

// PlanCohort is the plan page's section of cohort outcome figures: the
// latest years' continuation and attainment up to the plan's year, each
// beside that year's reach, hidden for small cohorts exactly as on the
// programme's report. Nil when no figures were imported for those years.
func (h *Handler) PlanCohort(r *http.Request, p access.Programme, year int) (templ.Component, error) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	team := access.Can(r, auth.PlanProgramme, p.Target)
	figures, err := outcomefigures.ForReport(ctx, h.Queries, u.InstitutionID, p.ID, year-4, year, h.minGroup(), team)
	if err != nil || len(figures) == 0 {
		return nil, err
	}
	v := page.PlanCohort{MinGroup: h.minGroup(), Suppressed: !team, ReportURL: paths.ProgrammeReport(p.ID, year) + "#cohort"}
	for _, f := range figures { // latest year first
		if len(v.Rows) == 0 || v.Rows[len(v.Rows)-1].Year != acyear.Label(f.Year) {
			if len(v.Rows) == planCohortYears {
				break
			}
			reach := "—"
			if f.Invited > 0 {
				reach = i18n.T(ctx, "report.plancohort.rate", "Percent", percent(int(f.Attended), int(f.Invited)), "Part", f.Attended, "Whole", f.Invited)
			}
			v.Rows = append(v.Rows, page.PlanCohortRow{Year: acyear.Label(f.Year), Continuation: "—", Attainment: "—", Reach: reach})
		}
		text := i18n.T(ctx, "report.plancohort.rate", "Percent", percent(f.Numerator, f.Denominator), "Part", f.Numerator, "Whole", f.Denominator)
		if f.Hidden {
			text = i18n.T(ctx, "report.fewer_than_min", "Min", h.minGroup())
		}
		row := &v.Rows[len(v.Rows)-1]
		switch f.Measure {
		case "continuation":
			row.Continuation = text
		case "attainment":
			row.Attainment = text
		}
	}
	return page.PlanCohortSection(v), nil
}

// PlanCohortReads makes on q the read PlanCohort will make, so that the
// plan page sends it in one batch with its own (activity.Handler's
// PlanReads). Keep it in step with PlanCohort.
func (h *Handler) PlanCohortReads(q *store.Queries, r *http.Request, p access.Programme, year int) {
	u := reqctx.UserFrom(r.Context())
	_, _ = q.ProgrammeCohortFigures(r.Context(), u.InstitutionID, p.ID, year-4, year)
}
