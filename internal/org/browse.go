package org

import (
	"net/http"

	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	"belonging/web/components"
	page "belonging/web/pages/org"
	"belonging/web/paths"
)

// ProgrammeIndex lists the programmes the person works on; admins see all
// of the institution's, searchable.
func (h *Handler) ProgrammeIndex(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v := page.MyProgrammes{IsAdmin: auth.Can(u, auth.Administer, auth.Target{InstitutionID: u.InstitutionID})}
	if v.IsAdmin {
		q := r.URL.Query()
		v.Q = q.Get("q")
		paging := httpx.PagingFrom(r, 24)
		rows, err := h.Queries.ListProgrammes(ctx, store.ListProgrammesParams{InstitutionID: u.InstitutionID, Q: httpx.Like(v.Q), RowLimit: paging.Limit(), RowOffset: paging.Offset()})
		if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		total := 0
		for _, p := range rows {
			total = int(p.Total)
			v.Programmes = append(v.Programmes, page.ProgrammeRow{ID: p.ID, Code: p.Code, Title: p.Title, Level: p.Level, Department: p.DepartmentName, Cohort: int(p.CohortSize)})
		}
		v.Pager = components.Pager{Page: paging.Page, PerPage: paging.PerPage, Total: total, Path: paths.Programmes, Query: q}
	} else {
		rows, err := h.Queries.ListProgrammesByIDs(ctx, store.ListProgrammesByIDsParams{InstitutionID: u.InstitutionID, Ids: auth.ProgrammesOf(u)})
		if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		for _, p := range rows {
			v.Programmes = append(v.Programmes, page.ProgrammeRow{ID: p.ID, Code: p.Code, Title: p.Title, Level: p.Level, Department: p.DepartmentName, Cohort: int(p.CohortSize), Archived: p.ArchivedAt != nil})
		}
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(r.Context(), "org.programmes.title"), Section: "programmes"}, page.ProgrammeIndex(v))
}

// ModulePage shows a module to the people who may view it.
func (h *Handler) ModulePage(w http.ResponseWriter, r *http.Request) {
	m, ok := h.Access.Module(w, r, auth.ViewModule)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v := page.ModuleOverview{ID: m.ID, Code: m.Code, Title: m.Title, Credits: int(m.Credits), Department: m.DepartmentName, Archived: m.ArchivedAt != nil,
		CanAdmin: auth.Can(u, auth.Administer, auth.Target{InstitutionID: m.InstitutionID})}
	progs, err := h.Queries.ListModuleProgrammes(ctx, store.ListModuleProgrammesParams{InstitutionID: u.InstitutionID, ModuleID: m.ID})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	for _, p := range progs {
		v.Programmes = append(v.Programmes, page.LinkedProgramme{ID: p.ID, Code: p.Code, Title: p.Title, Year: int(p.YearOfStudy)})
	}
	acts, err := h.Queries.ListModuleActivities(ctx, store.ListModuleActivitiesParams{InstitutionID: u.InstitutionID, ModuleID: &m.ID})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	for _, a := range acts {
		v.Activities = append(v.Activities, page.ModuleActivity{ID: a.ID, Title: a.Title, Kind: a.Kind, Stage: a.Stage, Status: a.Status, Year: int(a.AcademicYear), Programme: a.ProgrammeCode})
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: m.Title, Section: "programmes"}, page.ModulePage(v))
}
