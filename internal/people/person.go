package people

import (
	"errors"
	"net/http"

	"github.com/jackc/pgx/v5"

	"belonging/internal/access"
	"belonging/internal/audit"
	"belonging/internal/db"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	page "belonging/web/pages/people"
	"belonging/web/paths"
)

func (h *Handler) renderPerson(w http.ResponseWriter, r *http.Request, status int, p access.Person, v page.PersonPage) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v.ID, v.Name, v.Email, v.Disabled, v.Self, v.ErasedAt = p.ID, p.Name, p.Email, p.DisabledAt != nil, p.ID == u.ID, p.ErasedAt
	ms, err := h.Queries.ListPersonMemberships(ctx, store.ListPersonMembershipsParams{InstitutionID: u.InstitutionID, UserID: p.ID})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	for _, m := range ms {
		v.Memberships = append(v.Memberships, page.MembershipRow{ID: m.ID, Role: m.Role, Scope: m.ScopeLabel})
	}
	if err := h.scopeOptions(ctx, u.InstitutionID, &v.NewRole); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	httpx.Render(w, r, status, web.Page{Title: p.Name, Section: "admin",
		Breadcrumbs: []web.Crumb{adminCrumb(ctx), peopleCrumb(ctx), {Label: p.Name}}}, page.Person(v))
}

// Person shows one person's roles and account.
func (h *Handler) Person(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Person(w, r)
	if !ok {
		return
	}
	h.renderPerson(w, r, http.StatusOK, p, page.PersonPage{})
}

// AddMembership gives a person another role.
func (h *Handler) AddMembership(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Person(w, r)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	if p.ErasedAt != nil {
		var v page.PersonPage
		v.Add("", i18n.T(r.Context(), "people.error.erased_role"))
		h.renderPerson(w, r, http.StatusConflict, p, v)
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	var v page.PersonPage
	scope, err := h.readRole(ctx, u.InstitutionID, vals, &v.NewRole)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if !v.NewRole.Valid() {
		h.renderPerson(w, r, http.StatusUnprocessableEntity, p, v)
		return
	}
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		id, err := q.CreateMembership(ctx, store.CreateMembershipParams{InstitutionID: u.InstitutionID, UserID: p.ID, Role: scope.Role,
			DepartmentID: scope.DepartmentID, ProgrammeID: scope.ProgrammeID, ModuleID: scope.ModuleID})
		if err != nil {
			return err
		}
		fields := scope.fields()
		fields["user_id"] = p.ID
		return audit.By(u).Record(ctx, q, "create", "membership", id, audit.Created(fields))
	})
	if db.IsUniqueViolation(err) {
		v.NewRole.Add("role", i18n.T(ctx, "people.error.has_role", "Name", p.Name))
		h.renderPerson(w, r, http.StatusUnprocessableEntity, p, v)
		return
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "people.flash.role_added", "Name", p.Name, "Role", scope.words(ctx)))
	httpx.SeeOther(w, r, paths.Person(p.ID))
}

// RemoveMembership takes a role away. An admin cannot remove their own
// admin role, and the last admin stays, so nobody locks the institution out.
func (h *Handler) RemoveMembership(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Person(w, r)
	if !ok {
		return
	}
	mid, ok := httpx.IDParam(w, r, "membershipID")
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	m, err := h.Queries.GetMembership(ctx, store.GetMembershipParams{InstitutionID: u.InstitutionID, ID: mid})
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && m.UserID != p.ID) {
		httpx.NotFound(w, r)
		return
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if m.Role == reqctx.RoleAdmin {
		var v page.PersonPage
		if p.ID == u.ID {
			v.Add("", i18n.T(ctx, "people.error.own_admin"))
			h.renderPerson(w, r, http.StatusConflict, p, v)
			return
		}
	}
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		if err := q.DeleteMembership(ctx, store.DeleteMembershipParams{InstitutionID: u.InstitutionID, ID: m.ID}); err != nil {
			return err
		}
		return audit.By(u).Record(ctx, q, "delete", "membership", m.ID,
			map[string]audit.Change{"role": {Before: m.Role}, "user_id": {Before: p.ID}})
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "people.flash.role_removed", "Name", p.Name))
	httpx.SeeOther(w, r, paths.Person(p.ID))
}

// Disable stops a person signing in and ends their sessions at once (their
// session epoch is raised, so every session fails its next check).
func (h *Handler) Disable(w http.ResponseWriter, r *http.Request) { h.setDisabled(w, r, true) }

// Enable lets a disabled person sign in again.
func (h *Handler) Enable(w http.ResponseWriter, r *http.Request) { h.setDisabled(w, r, false) }

func (h *Handler) setDisabled(w http.ResponseWriter, r *http.Request, disabled bool) {
	p, ok := h.Access.Person(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	if p.ID == u.ID {
		var v page.PersonPage
		v.Add("", i18n.T(ctx, "people.error.own_account"))
		h.renderPerson(w, r, http.StatusConflict, p, v)
		return
	}
	if p.ErasedAt != nil {
		var v page.PersonPage
		v.Add("", i18n.T(ctx, "people.error.erased_account"))
		h.renderPerson(w, r, http.StatusConflict, p, v)
		return
	}
	action := "enable"
	if disabled {
		action = "disable"
	}
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		if err := q.SetUserDisabled(ctx, store.SetUserDisabledParams{InstitutionID: &u.InstitutionID, ID: p.ID, Disabled: disabled}); err != nil {
			return err
		}
		return audit.By(u).Record(ctx, q, action, "user", p.ID,
			map[string]audit.Change{"disabled": {Before: p.DisabledAt != nil, After: disabled}})
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	msg := i18n.T(ctx, "people.flash.enabled", "Name", p.Name)
	if disabled {
		msg = i18n.T(ctx, "people.flash.disabled", "Name", p.Name)
	}
	h.Sessions.Flash(ctx, "success", msg)
	httpx.SeeOther(w, r, paths.Person(p.ID))
}
