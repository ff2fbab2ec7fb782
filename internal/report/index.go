package report

import (
	"net/http"

	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	page "belonging/web/pages/report"
	"belonging/web/paths"
)

// Index lists the reports the person may read: the institution's and its
// departments' for admins, a department's for its viewers, their own
// programmes', and the network's for coordinators and admins.
func (h *Handler) Index(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v := page.Index{Institution: u.InstitutionName}
	own := auth.Target{InstitutionID: u.InstitutionID}
	if auth.Can(u, auth.ViewInstitution, own) {
		g := page.IndexGroup{Title: u.InstitutionName, Links: []page.IndexLink{{Label: i18n.T(ctx, "report.index.institution"), URL: paths.InstitutionRpt,
			About: i18n.T(ctx, "report.index.institution.about")}}}
		depts, err := h.Queries.ListActiveDepartmentNames(ctx, u.InstitutionID)
		if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		for _, d := range depts {
			g.Links = append(g.Links, page.IndexLink{Label: d.Name, URL: paths.DepartmentReport(d.ID, nil), About: i18n.T(ctx, "report.index.department")})
		}
		v.Groups = append(v.Groups, g)
	} else {
		g := page.IndexGroup{Title: i18n.T(ctx, "report.index.your_departments")}
		for _, m := range u.Memberships {
			if m.DepartmentID != 0 && auth.Can(u, auth.ViewDepartment, auth.Target{InstitutionID: u.InstitutionID, DepartmentID: m.DepartmentID}) {
				g.Links = append(g.Links, page.IndexLink{Label: m.Label, URL: paths.DepartmentReport(m.DepartmentID, nil),
					About: i18n.T(ctx, "report.index.department.about")})
			}
		}
		if len(g.Links) > 0 {
			v.Groups = append(v.Groups, g)
		}
		if ids := auth.ProgrammesOf(u); len(ids) > 0 {
			progs, err := h.Queries.ListProgrammesByIDs(ctx, store.ListProgrammesByIDsParams{InstitutionID: u.InstitutionID, Ids: ids})
			if err != nil {
				httpx.ServerError(w, r, err)
				return
			}
			g := page.IndexGroup{Title: i18n.T(ctx, "report.index.your_programmes")}
			for _, p := range progs {
				g.Links = append(g.Links, page.IndexLink{Label: p.Code + " " + p.Title, URL: paths.ProgrammeReportFor(p.ID, nil), About: p.DepartmentName})
			}
			v.Groups = append(v.Groups, g)
		}
	}
	if auth.CanViewNetwork(u) {
		v.Groups = append(v.Groups, page.IndexGroup{Title: i18n.T(ctx, "report.index.network_group"), Links: []page.IndexLink{{Label: i18n.T(ctx, "report.index.network"), URL: paths.NetworkReport,
			About: i18n.T(ctx, "report.index.network.about")}}})
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(ctx, "report.reports"), Section: "reports"}, page.IndexPage(v))
}
