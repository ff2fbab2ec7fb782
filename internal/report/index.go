package report

import (
	"net/http"

	"belonging/internal/auth"
	"belonging/internal/httpx"
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
		g := page.IndexGroup{Title: u.InstitutionName, Links: []page.IndexLink{{Label: "Institution report", URL: paths.InstitutionRpt,
			About: "Every programme rolled up, with the programmes that have the most gaps first, and each department's figures."}}}
		depts, err := h.Queries.ListActiveDepartmentNames(ctx, u.InstitutionID)
		if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		for _, d := range depts {
			g.Links = append(g.Links, page.IndexLink{Label: d.Name, URL: paths.DepartmentReport(d.ID, nil), About: "Department report"})
		}
		v.Groups = append(v.Groups, g)
	} else {
		g := page.IndexGroup{Title: "Your departments"}
		for _, m := range u.Memberships {
			if m.DepartmentID != 0 && auth.Can(u, auth.ViewDepartment, auth.Target{InstitutionID: u.InstitutionID, DepartmentID: m.DepartmentID}) {
				g.Links = append(g.Links, page.IndexLink{Label: m.Label, URL: paths.DepartmentReport(m.DepartmentID, nil),
					About: "The department's programmes rolled up, with those that have the most gaps first."})
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
			g := page.IndexGroup{Title: "Your programmes"}
			for _, p := range progs {
				g.Links = append(g.Links, page.IndexLink{Label: p.Code + " " + p.Title, URL: paths.ProgrammeReportFor(p.ID, nil), About: p.DepartmentName})
			}
			v.Groups = append(v.Groups, g)
		}
	}
	if auth.CanViewNetwork(u) {
		v.Groups = append(v.Groups, page.IndexGroup{Title: "The network", Links: []page.IndexLink{{Label: "Network report", URL: paths.NetworkReport,
			About: "Where institutions across the network put their belonging work, from the figures they share and the case studies they publish."}}})
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: "Reports", Section: "reports"}, page.IndexPage(v))
}
