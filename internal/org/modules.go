package org

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/jackc/pgx/v5"

	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/db"
	"belonging/internal/httpx"
	"belonging/internal/httpx/form"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	"belonging/web/components"
	page "belonging/web/pages/org"
	"belonging/web/paths"
)

// Modules lists the institution's modules for admins.
func (h *Handler) Modules(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	q := r.URL.Query()
	paging := httpx.PagingFrom(r, perPage)
	v := page.ModuleList{Q: q.Get("q"), DepartmentID: q.Get("department"), IncludeArchived: q.Get("archived") == "on"}
	rows, err := h.Queries.ListModules(ctx, store.ListModulesParams{
		InstitutionID: u.InstitutionID, IncludeArchived: v.IncludeArchived, Q: httpx.Like(v.Q), DepartmentID: id64(v.DepartmentID),
		RowLimit: paging.Limit(), RowOffset: paging.Offset(),
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if v.Departments, err = h.departmentOptions(ctx, u.InstitutionID); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	total := 0
	for _, m := range rows {
		total = int(m.Total)
		v.Rows = append(v.Rows, page.ModuleRow{ID: m.ID, Code: m.Code, Title: m.Title, Credits: int(m.Credits), Department: m.DepartmentName, Programmes: m.ProgrammeCodes, Archived: m.ArchivedAt != nil})
	}
	v.Pager = components.Pager{Page: paging.Page, PerPage: paging.PerPage, Total: total, Path: paths.AdminModules, Query: q}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(ctx, "org.modules.title"), Section: "admin", Breadcrumbs: []web.Crumb{adminCrumb(ctx), {Label: i18n.T(ctx, "org.modules.title")}}}, page.Modules(v))
}

func (h *Handler) renderModule(w http.ResponseWriter, r *http.Request, status int, v page.ModuleForm) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	var err error
	if v.Departments, err = h.departmentOptions(ctx, u.InstitutionID); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if v.ID != 0 {
		progs, err := h.Queries.ListModuleProgrammes(ctx, store.ListModuleProgrammesParams{InstitutionID: u.InstitutionID, ModuleID: v.ID})
		if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		for _, p := range progs {
			v.Programmes = append(v.Programmes, page.LinkedProgramme{ID: p.ID, Code: p.Code, Title: p.Title, Year: int(p.YearOfStudy)})
		}
	}
	title := i18n.T(ctx, "org.modules.add")
	if v.ID != 0 {
		title = v.Title
	}
	httpx.Render(w, r, status, web.Page{Title: title, Section: "admin", Breadcrumbs: []web.Crumb{adminCrumb(ctx), {Label: i18n.T(ctx, "org.modules.title"), URL: paths.AdminModules}, {Label: title}}}, page.ModuleEdit(v))
}

// NewModule shows the empty form.
func (h *Handler) NewModule(w http.ResponseWriter, r *http.Request) {
	h.renderModule(w, r, http.StatusOK, page.ModuleForm{Credits: "20", DepartmentID: r.URL.Query().Get("department")})
}

type moduleInput struct {
	DepartmentID int64
	Code, Title  string
	Credits      int
}

func (m moduleInput) fields(department string) map[string]any {
	return map[string]any{"code": m.Code, "title": m.Title, "department": department, "credits": m.Credits}
}

func (h *Handler) readModule(ctx context.Context, institutionID int64, vals form.Values, v *page.ModuleForm) (moduleInput, string, error) {
	v.DepartmentID, v.Code, v.Title, v.Credits = vals.Text("department"), vals.Text("code"), vals.Text("title"), vals.Text("credits")
	in := moduleInput{Code: v.Code, Title: v.Title}
	v.Check(v.Code != "", "code", i18n.T(ctx, "org.modules.code.missing"))
	v.Check(v.Code == "" || codePattern.MatchString(v.Code), "code", i18n.T(ctx, "org.code.format"))
	v.Check(v.Title != "", "title", i18n.T(ctx, "org.modules.title.missing"))
	v.Check(form.MaxLength(v.Title, 200), "title", i18n.T(ctx, "org.title.too_long"))
	var deptName string
	if v.DepartmentID == "" {
		v.Add("department", i18n.T(ctx, "org.choose_department"))
	} else if d, err := h.Queries.GetDepartment(ctx, store.GetDepartmentParams{InstitutionID: institutionID, ID: id64(v.DepartmentID)}); errors.Is(err, pgx.ErrNoRows) || (err == nil && d.ArchivedAt != nil) {
		v.Add("department", i18n.T(ctx, "org.choose_listed_department"))
	} else if err != nil {
		return in, "", err
	} else {
		in.DepartmentID, deptName = d.ID, d.Name
	}
	if n, ok := form.Int(v.Credits); !ok || n < 0 || n > 240 {
		v.Add("credits", i18n.T(ctx, "org.modules.credits.error"))
	} else {
		in.Credits = n
	}
	return in, deptName, nil
}

// CreateModule adds a module.
func (h *Handler) CreateModule(w http.ResponseWriter, r *http.Request) {
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	var v page.ModuleForm
	in, dept, err := h.readModule(ctx, u.InstitutionID, vals, &v)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if !v.Valid() {
		h.renderModule(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	var id int64
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		var err error
		id, err = q.CreateModule(ctx, store.CreateModuleParams{InstitutionID: u.InstitutionID, DepartmentID: in.DepartmentID, Code: in.Code, Title: in.Title, Credits: int32(in.Credits)})
		if err != nil {
			return err
		}
		return audit.By(u).Record(ctx, q, "create", "module", id, audit.Created(in.fields(dept)))
	})
	if db.IsUniqueViolation(err) {
		v.Add("code", i18n.T(ctx, "org.modules.code.taken", "Code", in.Code))
		h.renderModule(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "org.modules.flash.added", "Code", in.Code, "Title", in.Title))
	httpx.SeeOther(w, r, paths.AdminModule(id))
}

// EditModule shows a module's form.
func (h *Handler) EditModule(w http.ResponseWriter, r *http.Request) {
	m, ok := h.Access.Module(w, r, auth.Administer)
	if !ok {
		return
	}
	h.renderModule(w, r, http.StatusOK, page.ModuleForm{ID: m.ID, DepartmentID: strconv.FormatInt(m.DepartmentID, 10), Code: m.Code, Title: m.Title,
		Credits: strconv.Itoa(int(m.Credits)), Archived: m.ArchivedAt != nil})
}

// UpdateModule saves a module's details.
func (h *Handler) UpdateModule(w http.ResponseWriter, r *http.Request) {
	m, ok := h.Access.Module(w, r, auth.Administer)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v := page.ModuleForm{ID: m.ID, Archived: m.ArchivedAt != nil}
	in, dept, err := h.readModule(ctx, u.InstitutionID, vals, &v)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if !v.Valid() {
		h.renderModule(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	before := moduleInput{Code: m.Code, Title: m.Title, Credits: int(m.Credits)}
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		if err := q.UpdateModule(ctx, store.UpdateModuleParams{InstitutionID: u.InstitutionID, ID: m.ID, DepartmentID: in.DepartmentID, Code: in.Code, Title: in.Title, Credits: int32(in.Credits)}); err != nil {
			return err
		}
		changes := audit.Diff(before.fields(m.DepartmentName), in.fields(dept))
		if len(changes) == 0 {
			return nil
		}
		return audit.By(u).Record(ctx, q, "update", "module", m.ID, changes)
	})
	if db.IsUniqueViolation(err) {
		v.Add("code", i18n.T(ctx, "org.modules.code.taken", "Code", in.Code))
		h.renderModule(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "org.modules.flash.saved"))
	httpx.SeeOther(w, r, paths.AdminModule(m.ID))
}

// ArchiveModule hides a module from lists, keeping its data.
func (h *Handler) ArchiveModule(w http.ResponseWriter, r *http.Request) {
	h.setModuleArchived(w, r, true)
}

// RestoreModule brings an archived module back.
func (h *Handler) RestoreModule(w http.ResponseWriter, r *http.Request) {
	h.setModuleArchived(w, r, false)
}

func (h *Handler) setModuleArchived(w http.ResponseWriter, r *http.Request, archived bool) {
	m, ok := h.Access.Module(w, r, auth.Administer)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	flash := i18n.T(ctx, "org.modules.flash.restored", "Code", m.Code)
	if archived {
		flash = i18n.T(ctx, "org.modules.flash.archived", "Code", m.Code)
	}
	h.archive(w, r, archived, "module", m.ID, flash, paths.AdminModule(m.ID), func(q *store.Queries) error {
		return q.SetModuleArchived(ctx, store.SetModuleArchivedParams{InstitutionID: u.InstitutionID, ID: m.ID, Archived: archived})
	})
}
