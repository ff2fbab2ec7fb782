package org

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strconv"

	"github.com/jackc/pgx/v5"

	"belonging/internal/access"
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

// codePattern is what programme and module codes may contain.
var codePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,39}$`)

// Programmes lists the institution's programmes for admins.
func (h *Handler) Programmes(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	q := r.URL.Query()
	paging := httpx.PagingFrom(r, perPage)
	v := page.ProgrammeList{Q: q.Get("q"), DepartmentID: q.Get("department"), IncludeArchived: q.Get("archived") == "on"}
	rows, err := h.Queries.ListProgrammes(ctx, store.ListProgrammesParams{
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
	for _, p := range rows {
		total = int(p.Total)
		v.Rows = append(v.Rows, page.ProgrammeRow{ID: p.ID, Code: p.Code, Title: p.Title, Level: p.Level, Department: p.DepartmentName, Cohort: int(p.CohortSize), Archived: p.ArchivedAt != nil})
	}
	v.Pager = components.Pager{Page: paging.Page, PerPage: paging.PerPage, Total: total, Path: paths.AdminProgrammes, Query: q}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(ctx, "org.programmes.title"), Section: "admin", Breadcrumbs: []web.Crumb{adminCrumb(ctx), {Label: i18n.T(ctx, "org.programmes.title")}}}, page.Programmes(v))
}

func (h *Handler) renderProgramme(w http.ResponseWriter, r *http.Request, status int, v page.ProgrammeForm) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	var err error
	if v.Departments, err = h.departmentOptions(ctx, u.InstitutionID); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if v.ID != 0 {
		if err := h.fillProgrammeModules(ctx, u.InstitutionID, &v); err != nil {
			httpx.ServerError(w, r, err)
			return
		}
	}
	title := i18n.T(ctx, "org.programmes.add")
	if v.ID != 0 {
		title = v.Title
	}
	httpx.Render(w, r, status, web.Page{Title: title, Section: "admin", Breadcrumbs: []web.Crumb{adminCrumb(ctx), {Label: i18n.T(ctx, "org.programmes.title"), URL: paths.AdminProgrammes}, {Label: title}}}, page.ProgrammeEdit(v))
}

func (h *Handler) fillProgrammeModules(ctx context.Context, institutionID int64, v *page.ProgrammeForm) error {
	mods, err := h.Queries.ListProgrammeModules(ctx, store.ListProgrammeModulesParams{InstitutionID: institutionID, ProgrammeID: v.ID})
	if err != nil {
		return err
	}
	linked := map[int64]bool{}
	for _, m := range mods {
		linked[m.ID] = true
		v.Modules = append(v.Modules, page.LinkedModule{ID: m.ID, Code: m.Code, Title: m.Title, Year: int(m.YearOfStudy), Archived: m.ArchivedAt != nil})
	}
	opts, err := h.Queries.ListActiveModuleOptions(ctx, institutionID)
	if err != nil {
		return err
	}
	for _, m := range opts {
		if !linked[m.ID] {
			v.ModuleOptions = append(v.ModuleOptions, components.Option{Value: strconv.FormatInt(m.ID, 10), Label: m.Code + " " + m.Title})
		}
	}
	return nil
}

// NewProgramme shows the empty form.
func (h *Handler) NewProgramme(w http.ResponseWriter, r *http.Request) {
	h.renderProgramme(w, r, http.StatusOK, page.ProgrammeForm{Level: "ug", Years: "3", CohortSize: "0", DepartmentID: r.URL.Query().Get("department")})
}

// programmeInput is a validated programme form.
type programmeInput struct {
	DepartmentID int64
	Code, Title  string
	Level        string
	SubjectArea  string
	CohortSize   int
	Years        int
}

func (p programmeInput) fields(department string) map[string]any {
	return map[string]any{"code": p.Code, "title": p.Title, "department": department, "level": p.Level,
		"subject_area": p.SubjectArea, "cohort_size": p.CohortSize, "years": p.Years}
}

// readProgramme validates the form; the department must be one of the
// institution's active departments.
func (h *Handler) readProgramme(ctx context.Context, institutionID int64, vals form.Values, v *page.ProgrammeForm) (programmeInput, string, error) {
	v.DepartmentID, v.Code, v.Title = vals.Text("department"), vals.Text("code"), vals.Text("title")
	v.Level, v.SubjectArea, v.CohortSize, v.Years = vals.Text("level"), vals.Text("subject_area"), vals.Text("cohort_size"), vals.Text("years")
	in := programmeInput{Code: v.Code, Title: v.Title, Level: v.Level, SubjectArea: v.SubjectArea}

	v.Check(v.Code != "", "code", i18n.T(ctx, "org.programmes.code.missing"))
	v.Check(v.Code == "" || codePattern.MatchString(v.Code), "code", i18n.T(ctx, "org.code.format"))
	v.Check(v.Title != "", "title", i18n.T(ctx, "org.programmes.title.missing"))
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
	v.Check(slices.Contains(page.Levels, v.Level), "level", i18n.T(ctx, "org.programmes.level.error"))
	v.Check(form.MaxLength(v.SubjectArea, 100), "subject_area", i18n.T(ctx, "org.programmes.subject.too_long"))
	if n, ok := form.Int(v.CohortSize); !ok || n < 0 || n > 100000 {
		v.Add("cohort_size", i18n.T(ctx, "org.programmes.cohort_size.error"))
	} else {
		in.CohortSize = n
	}
	if n, ok := form.Int(v.Years); !ok || n < 1 || n > 8 {
		v.Add("years", i18n.T(ctx, "org.programmes.years.error"))
	} else {
		in.Years = n
	}
	return in, deptName, nil
}

// CreateProgramme adds a programme.
func (h *Handler) CreateProgramme(w http.ResponseWriter, r *http.Request) {
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	var v page.ProgrammeForm
	in, dept, err := h.readProgramme(ctx, u.InstitutionID, vals, &v)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if !v.Valid() {
		h.renderProgramme(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	var id int64
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		var err error
		id, err = q.CreateProgramme(ctx, store.CreateProgrammeParams{
			InstitutionID: u.InstitutionID, DepartmentID: in.DepartmentID, Code: in.Code, Title: in.Title, Level: in.Level,
			SubjectArea: in.SubjectArea, CohortSize: int32(in.CohortSize), Years: int32(in.Years),
		})
		if err != nil {
			return err
		}
		return audit.By(u).Record(ctx, q, "create", "programme", id, audit.Created(in.fields(dept)))
	})
	if db.IsUniqueViolation(err) {
		v.Add("code", i18n.T(ctx, "org.programmes.code.taken", "Code", in.Code))
		h.renderProgramme(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "org.programmes.flash.added", "Code", in.Code, "Title", in.Title))
	httpx.SeeOther(w, r, paths.AdminProgramme(id))
}

func programmeForm(p access.Programme) page.ProgrammeForm {
	return page.ProgrammeForm{
		ID: p.ID, DepartmentID: strconv.FormatInt(p.DepartmentID, 10), Code: p.Code, Title: p.Title, Level: p.Level,
		SubjectArea: p.SubjectArea, CohortSize: strconv.Itoa(int(p.CohortSize)), Years: strconv.Itoa(int(p.Years)), Archived: p.ArchivedAt != nil,
	}
}

// EditProgramme shows a programme's form and modules.
func (h *Handler) EditProgramme(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Programme(w, r, auth.Administer)
	if !ok {
		return
	}
	h.renderProgramme(w, r, http.StatusOK, programmeForm(p))
}

// UpdateProgramme saves a programme's details.
func (h *Handler) UpdateProgramme(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Programme(w, r, auth.Administer)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v := page.ProgrammeForm{ID: p.ID, Archived: p.ArchivedAt != nil}
	in, dept, err := h.readProgramme(ctx, u.InstitutionID, vals, &v)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if !v.Valid() {
		h.renderProgramme(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	before := programmeInput{Code: p.Code, Title: p.Title, Level: p.Level, SubjectArea: p.SubjectArea, CohortSize: int(p.CohortSize), Years: int(p.Years)}
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		err := q.UpdateProgramme(ctx, store.UpdateProgrammeParams{
			InstitutionID: u.InstitutionID, ID: p.ID, DepartmentID: in.DepartmentID, Code: in.Code, Title: in.Title, Level: in.Level,
			SubjectArea: in.SubjectArea, CohortSize: int32(in.CohortSize), Years: int32(in.Years),
		})
		if err != nil {
			return err
		}
		changes := audit.Diff(before.fields(p.DepartmentName), in.fields(dept))
		if len(changes) == 0 {
			return nil
		}
		return audit.By(u).Record(ctx, q, "update", "programme", p.ID, changes)
	})
	if db.IsUniqueViolation(err) {
		v.Add("code", i18n.T(ctx, "org.programmes.code.taken", "Code", in.Code))
		h.renderProgramme(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "org.programmes.flash.saved"))
	httpx.SeeOther(w, r, paths.AdminProgramme(p.ID))
}

// ArchiveProgramme hides a programme from lists and plans, keeping its data.
func (h *Handler) ArchiveProgramme(w http.ResponseWriter, r *http.Request) {
	h.setProgrammeArchived(w, r, true)
}

// RestoreProgramme brings an archived programme back.
func (h *Handler) RestoreProgramme(w http.ResponseWriter, r *http.Request) {
	h.setProgrammeArchived(w, r, false)
}

func (h *Handler) setProgrammeArchived(w http.ResponseWriter, r *http.Request, archived bool) {
	p, ok := h.Access.Programme(w, r, auth.Administer)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	flash := i18n.T(ctx, "org.programmes.flash.restored", "Code", p.Code)
	if archived {
		flash = i18n.T(ctx, "org.programmes.flash.archived", "Code", p.Code)
	}
	h.archive(w, r, archived, "programme", p.ID, flash, paths.AdminProgramme(p.ID), func(q *store.Queries) error {
		return q.SetProgrammeArchived(ctx, store.SetProgrammeArchivedParams{InstitutionID: u.InstitutionID, ID: p.ID, Archived: archived})
	})
}

// LinkModule adds a module to a programme in a year of study.
func (h *Handler) LinkModule(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Programme(w, r, auth.Administer)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v := programmeForm(p)
	v.Link = page.LinkForm{ModuleID: vals.Text("module"), Year: vals.Text("year")}
	var mod store.GetModuleRow
	if v.Link.ModuleID == "" {
		v.Link.Add("module", i18n.T(ctx, "org.programmes.module.choose"))
	} else {
		var err error
		mod, err = h.Queries.GetModule(ctx, store.GetModuleParams{InstitutionID: u.InstitutionID, ID: id64(v.Link.ModuleID)})
		if errors.Is(err, pgx.ErrNoRows) {
			v.Link.Add("module", i18n.T(ctx, "org.programmes.module.choose_listed"))
		} else if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
	}
	year, yearOK := form.Int(v.Link.Year)
	v.Link.Check(yearOK && year >= 1 && year <= int(p.Years), "year", i18n.T(ctx, "org.programmes.module.year.error", "Years", p.Years))
	if !v.Link.Valid() {
		h.renderProgramme(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		if err := q.LinkModule(ctx, store.LinkModuleParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID, ModuleID: mod.ID, YearOfStudy: int32(year)}); err != nil {
			return err
		}
		return audit.By(u).Record(ctx, q, "link_module", "programme", p.ID, audit.Created(map[string]any{"module": mod.Code, "year_of_study": year}))
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "org.programmes.flash.linked", "Code", mod.Code, "Year", year))
	httpx.SeeOther(w, r, paths.AdminProgramme(p.ID))
}

// UnlinkModule takes a module off a programme.
func (h *Handler) UnlinkModule(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Programme(w, r, auth.Administer)
	if !ok {
		return
	}
	moduleID, ok := httpx.IDParam(w, r, "moduleID")
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	var removed int64
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		var err error
		removed, err = q.UnlinkModule(ctx, store.UnlinkModuleParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID, ModuleID: moduleID})
		if err != nil || removed == 0 {
			return err
		}
		return audit.By(u).Record(ctx, q, "unlink_module", "programme", p.ID, map[string]audit.Change{"module_id": {Before: moduleID}})
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if removed == 0 {
		httpx.NotFound(w, r)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "org.programmes.flash.unlinked"))
	httpx.SeeOther(w, r, paths.AdminProgramme(p.ID))
}
