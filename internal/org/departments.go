package org

import (
	"context"
	"net/http"

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

// adminCrumb is the first crumb of every administration page.
func adminCrumb(ctx context.Context) web.Crumb {
	return web.Crumb{Label: i18n.T(ctx, "nav.administration"), URL: paths.Admin}
}

// Departments lists the institution's departments, with search and paging.
func (h *Handler) Departments(w http.ResponseWriter, r *http.Request) {
	u := reqctx.UserFrom(r.Context())
	q := r.URL.Query()
	paging := httpx.PagingFrom(r, perPage)
	v := page.DepartmentList{Q: q.Get("q"), IncludeArchived: q.Get("archived") == "on"}
	rows, err := h.Queries.ListDepartments(r.Context(), store.ListDepartmentsParams{
		InstitutionID: u.InstitutionID, IncludeArchived: v.IncludeArchived, Q: httpx.Like(v.Q),
		RowLimit: paging.Limit(), RowOffset: paging.Offset(),
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	total := 0
	for _, d := range rows {
		total = int(d.Total)
		v.Rows = append(v.Rows, page.DepartmentRow{ID: d.ID, Name: d.Name, Programmes: int(d.ProgrammeCount), Modules: int(d.ModuleCount), Archived: d.ArchivedAt != nil})
	}
	v.Pager = components.Pager{Page: paging.Page, PerPage: paging.PerPage, Total: total, Path: paths.AdminDepartments, Query: q}
	ctx := r.Context()
	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(ctx, "org.departments.title"), Section: "admin", Breadcrumbs: []web.Crumb{adminCrumb(ctx), {Label: i18n.T(ctx, "org.departments.title")}}}, page.Departments(v))
}

func (h *Handler) renderDepartment(w http.ResponseWriter, r *http.Request, status int, v page.DepartmentForm) {
	ctx := r.Context()
	title := i18n.T(ctx, "org.departments.add")
	if v.ID != 0 {
		title = v.Name
	}
	httpx.Render(w, r, status, web.Page{Title: title, Section: "admin", Breadcrumbs: []web.Crumb{adminCrumb(ctx), {Label: i18n.T(ctx, "org.departments.title"), URL: paths.AdminDepartments}, {Label: title}}}, page.DepartmentEdit(v))
}

// NewDepartment shows the empty form.
func (h *Handler) NewDepartment(w http.ResponseWriter, r *http.Request) {
	h.renderDepartment(w, r, http.StatusOK, page.DepartmentForm{})
}

func readDepartment(ctx context.Context, vals form.Values) page.DepartmentForm {
	v := page.DepartmentForm{Name: vals.Text("name")}
	v.Check(v.Name != "", "name", i18n.T(ctx, "org.departments.name.missing"))
	v.Check(form.MaxLength(v.Name, 200), "name", i18n.T(ctx, "org.departments.name.too_long"))
	return v
}

// CreateDepartment adds a department.
func (h *Handler) CreateDepartment(w http.ResponseWriter, r *http.Request) {
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v := readDepartment(ctx, vals)
	if !v.Valid() {
		h.renderDepartment(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	var id int64
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		var err error
		if id, err = q.CreateDepartment(ctx, store.CreateDepartmentParams{InstitutionID: u.InstitutionID, Name: v.Name}); err != nil {
			return err
		}
		return audit.By(u).Record(ctx, q, "create", "department", id, audit.Created(map[string]any{"name": v.Name}))
	})
	if db.IsUniqueViolation(err) {
		v.Add("name", i18n.T(ctx, "org.departments.name.taken", "Name", v.Name))
		h.renderDepartment(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "org.departments.flash.added", "Name", v.Name))
	httpx.SeeOther(w, r, paths.AdminDepartments)
}

// EditDepartment shows a department's form.
func (h *Handler) EditDepartment(w http.ResponseWriter, r *http.Request) {
	d, ok := h.Access.Department(w, r, auth.Administer)
	if !ok {
		return
	}
	h.renderDepartment(w, r, http.StatusOK, page.DepartmentForm{ID: d.ID, Name: d.Name, Archived: d.ArchivedAt != nil})
}

// UpdateDepartment renames a department.
func (h *Handler) UpdateDepartment(w http.ResponseWriter, r *http.Request) {
	d, ok := h.Access.Department(w, r, auth.Administer)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v := readDepartment(ctx, vals)
	v.ID, v.Archived = d.ID, d.ArchivedAt != nil
	if !v.Valid() {
		h.renderDepartment(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		if err := q.UpdateDepartment(ctx, store.UpdateDepartmentParams{InstitutionID: u.InstitutionID, ID: d.ID, Name: v.Name}); err != nil {
			return err
		}
		changes := audit.Diff(map[string]any{"name": d.Name}, map[string]any{"name": v.Name})
		if len(changes) == 0 {
			return nil
		}
		return audit.By(u).Record(ctx, q, "update", "department", d.ID, changes)
	})
	if db.IsUniqueViolation(err) {
		v.Add("name", i18n.T(ctx, "org.departments.name.taken", "Name", v.Name))
		h.renderDepartment(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "org.departments.flash.saved"))
	httpx.SeeOther(w, r, paths.Department(d.ID))
}

// ArchiveDepartment archives a department that no active programme or
// module still belongs to.
func (h *Handler) ArchiveDepartment(w http.ResponseWriter, r *http.Request) {
	h.setDepartmentArchived(w, r, true)
}

// RestoreDepartment brings an archived department back.
func (h *Handler) RestoreDepartment(w http.ResponseWriter, r *http.Request) {
	h.setDepartmentArchived(w, r, false)
}

func (h *Handler) setDepartmentArchived(w http.ResponseWriter, r *http.Request, archived bool) {
	d, ok := h.Access.Department(w, r, auth.Administer)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	if archived {
		n, err := h.Queries.CountDepartmentActiveChildren(ctx, d.ID)
		if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		if n > 0 {
			v := page.DepartmentForm{ID: d.ID, Name: d.Name}
			v.Add("", i18n.N(ctx, "org.departments.still_active", int(n), "Name", d.Name))
			h.renderDepartment(w, r, http.StatusConflict, v)
			return
		}
	}
	flash := i18n.T(ctx, "org.departments.flash.restored", "Name", d.Name)
	if archived {
		flash = i18n.T(ctx, "org.departments.flash.archived", "Name", d.Name)
	}
	h.archive(w, r, archived, "department", d.ID, flash, paths.Department(d.ID), func(q *store.Queries) error {
		return q.SetDepartmentArchived(ctx, store.SetDepartmentArchivedParams{InstitutionID: u.InstitutionID, ID: d.ID, Archived: archived})
	})
}

// archive archives or restores one record of entity (department,
// programme or module) with set, in a transaction with its audit entry,
// then goes back to the record's page with flash, which says what
// happened to it.
func (h *Handler) archive(w http.ResponseWriter, r *http.Request, archived bool, entity string, id int64, flash, back string, set func(q *store.Queries) error) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		if err := set(q); err != nil {
			return err
		}
		return audit.By(u).Record(ctx, q, archiveAction(archived), entity, id, nil)
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", flash)
	httpx.SeeOther(w, r, back)
}

func archiveAction(archived bool) string {
	if archived {
		return "archive"
	}
	return "restore"
}
