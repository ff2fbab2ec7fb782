package activity

import (
	"net/http"

	"belonging/internal/access"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	page "belonging/web/pages/activity"
	"belonging/web/paths"
)

// About shows a programme's modules and the people with roles on it.
func (h *Handler) About(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Programme(w, r, auth.ViewProgramme)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v := page.AboutPage{Programme: access.ProgrammeHeader(u, p, h.currentYear(u)), Level: p.Level, SubjectArea: p.SubjectArea, Years: int(p.Years)}
	mods, err := h.Queries.ListProgrammeModules(ctx, store.ListProgrammeModulesParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	for _, m := range mods {
		if m.ArchivedAt == nil {
			v.Modules = append(v.Modules, page.AboutModule{ID: m.ID, Code: m.Code, Title: m.Title, Year: int(m.YearOfStudy)})
		}
	}
	team, err := h.Queries.ListMembersOfProgramme(ctx, store.ListMembersOfProgrammeParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	for _, t := range team {
		v.Team = append(v.Team, page.AboutPerson{Name: t.Name, Email: t.Email})
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(ctx, "activity.about.title", "Code", p.Code), Section: "programmes",
		Breadcrumbs: []web.Crumb{{Label: i18n.T(ctx, "activity.crumb.programmes"), URL: paths.Programmes}, {Label: p.Code, URL: paths.Plan(p.ID, v.Programme.Year)}, {Label: i18n.T(ctx, "activity.about.crumb")}}}, page.About(v))
}
