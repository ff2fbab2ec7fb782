// Package people lets institution admins invite people, give and take
// roles, and disable accounts; lets an invited person accept; and shows
// the audit log and the development mailbox.
package people

import (
	"context"
	"errors"
	"net/http"
	"net/mail"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/access"
	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/httpx/form"
	"belonging/internal/i18n"
	"belonging/internal/jobs"
	mailer "belonging/internal/mail"
	"belonging/internal/notify"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	"belonging/web/components"
	page "belonging/web/pages/people"
	"belonging/web/paths"
)

// Handler serves the people pages.
type Handler struct {
	Pool    *pgxpool.Pool
	Queries *store.Queries
	// Access loads the records the routes name and answers 404 or 403.
	Access   *access.Loader
	Sessions *auth.Sessions
	// Jobs enqueues the invitation emails; Sender sends them; Notify tells
	// the inviter when an invitation is accepted.
	Jobs   *jobs.Queue
	Sender *mailer.Sender
	Notify *notify.Notifier
	// BaseURL starts the links in invitation emails; LinkKey derives them.
	BaseURL string
	LinkKey []byte
}

// adminCrumb is the first crumb of every administration page.
func adminCrumb(ctx context.Context) web.Crumb {
	return web.Crumb{Label: i18n.T(ctx, "nav.administration"), URL: paths.Admin}
}

// peopleCrumb leads back to the people page.
func peopleCrumb(ctx context.Context) web.Crumb {
	return web.Crumb{Label: i18n.T(ctx, "people.crumb"), URL: paths.People}
}

const perPage = 25

// List shows the institution's people and open invitations.
func (h *Handler) List(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	q := r.URL.Query()
	paging := httpx.PagingFrom(r, perPage)
	v := page.PeopleList{Q: q.Get("q"), Role: q.Get("role")}
	if !form.OneOf(v.Role, "", "admin", "director", "module_leader", "member", "viewer") {
		v.Role = ""
	}
	rows, err := h.Queries.ListPeople(ctx, store.ListPeopleParams{InstitutionID: &u.InstitutionID, Q: httpx.Like(v.Q), Role: v.Role, RowLimit: paging.Limit(), RowOffset: paging.Offset()})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	total := 0
	for _, p := range rows {
		total = int(p.Total)
		row := page.PersonRow{ID: p.ID, Name: p.Name, Email: p.Email, Disabled: p.DisabledAt != nil}
		if p.Roles != "" {
			row.Roles = uniqueStrings(strings.Split(p.Roles, ","))
		}
		v.Rows = append(v.Rows, row)
	}
	v.Pager = components.Pager{Page: paging.Page, PerPage: paging.PerPage, Total: total, Path: paths.People, Query: q}
	invites, err := h.Queries.ListOpenInvitations(ctx, u.InstitutionID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	for _, i := range invites {
		v.Invitations = append(v.Invitations, page.InvitationRow{ID: i.ID, Email: i.Email, Role: i.Role, Scope: i.ScopeLabel, InvitedBy: i.InvitedByName, Expires: i.ExpiresAt})
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(ctx, "people.list.title"), Section: "admin", Breadcrumbs: []web.Crumb{adminCrumb(ctx), {Label: i18n.T(ctx, "people.crumb")}}}, page.List(v))
}

func uniqueStrings(in []string) []string {
	var out []string
	for _, s := range in {
		if len(out) == 0 || out[len(out)-1] != s {
			out = append(out, s)
		}
	}
	return out
}

// scopeOptions fills the role form's lists with the institution's active
// departments, programmes and modules.
func (h *Handler) scopeOptions(ctx context.Context, institutionID int64, v *page.RoleForm) error {
	depts, err := h.Queries.ListActiveDepartmentNames(ctx, institutionID)
	if err != nil {
		return err
	}
	for _, d := range depts {
		v.Departments = append(v.Departments, components.Option{Value: strconv.FormatInt(d.ID, 10), Label: d.Name})
	}
	progs, err := h.Queries.ListActiveProgrammeOptions(ctx, institutionID)
	if err != nil {
		return err
	}
	for _, p := range progs {
		v.Programmes = append(v.Programmes, components.Option{Value: strconv.FormatInt(p.ID, 10), Label: p.Code + " " + p.Title})
	}
	mods, err := h.Queries.ListActiveModuleOptions(ctx, institutionID)
	if err != nil {
		return err
	}
	for _, m := range mods {
		v.Modules = append(v.Modules, components.Option{Value: strconv.FormatInt(m.ID, 10), Label: m.Code + " " + m.Title})
	}
	return nil
}

// roleScope is a validated role with the one scope it applies to.
type roleScope struct {
	Role                                string
	DepartmentID, ProgrammeID, ModuleID *int64
	Label                               string
}

// words names the role and its scope in the reader's language:
// "Programme director for B940 BSc Biomedical Science".
func (s roleScope) words(ctx context.Context) string {
	if s.Label == "" {
		return reqctx.RoleLabelIn(ctx, s.Role)
	}
	return i18n.T(ctx, "email.invitation.role_for", "Role", reqctx.RoleLabelIn(ctx, s.Role), "Scope", s.Label)
}

func (s roleScope) fields() map[string]any {
	return map[string]any{"role": s.Role, "scope": s.Label}
}

// readRole validates the role and scope fields: each role takes exactly
// the scope it needs, chosen from the institution's own lists.
func (h *Handler) readRole(ctx context.Context, institutionID int64, vals form.Values, v *page.RoleForm) (roleScope, error) {
	v.Role, v.DepartmentID, v.ProgrammeID, v.ModuleID = vals.Text("role"), vals.Text("department"), vals.Text("programme"), vals.Text("module")
	s := roleScope{Role: v.Role}
	lookupProgramme := func() error {
		p, err := h.Queries.GetProgramme(ctx, store.GetProgrammeParams{InstitutionID: institutionID, ID: id64(v.ProgrammeID)})
		if errors.Is(err, pgx.ErrNoRows) || (err == nil && p.ArchivedAt != nil) {
			v.Add("programme", i18n.T(ctx, "people.error.programme_listed"))
			return nil
		}
		if err == nil {
			s.ProgrammeID, s.Label = &p.ID, p.Code+" "+p.Title
		}
		return err
	}
	var err error
	switch v.Role {
	case "admin":
		v.Check(v.DepartmentID == "" && v.ProgrammeID == "" && v.ModuleID == "", "role", i18n.T(ctx, "people.error.admin_scope"))
	case "director", "member":
		only := i18n.T(ctx, "people.error.programme_only.director")
		if v.Role == "member" {
			only = i18n.T(ctx, "people.error.programme_only.member")
		}
		v.Check(v.DepartmentID == "" && v.ModuleID == "", "programme", only)
		if v.ProgrammeID == "" {
			v.Add("programme", i18n.T(ctx, "people.error.programme"))
		} else if v.Valid() {
			err = lookupProgramme()
		}
	case "module_leader":
		v.Check(v.DepartmentID == "" && v.ProgrammeID == "", "module", i18n.T(ctx, "people.error.module_only"))
		if v.ModuleID == "" {
			v.Add("module", i18n.T(ctx, "people.error.module"))
		} else if v.Valid() {
			m, merr := h.Queries.GetModule(ctx, store.GetModuleParams{InstitutionID: institutionID, ID: id64(v.ModuleID)})
			if errors.Is(merr, pgx.ErrNoRows) || (merr == nil && m.ArchivedAt != nil) {
				v.Add("module", i18n.T(ctx, "people.error.module_listed"))
			} else if merr == nil {
				s.ModuleID, s.Label = &m.ID, m.Code+" "+m.Title
			}
			err = ignoreNoRows(merr)
		}
	case "viewer":
		v.Check(v.ModuleID == "", "module", i18n.T(ctx, "people.error.viewer_module"))
		switch {
		case (v.DepartmentID == "") == (v.ProgrammeID == ""):
			v.Add("department", i18n.T(ctx, "people.error.viewer_scope"))
		case v.ProgrammeID != "":
			err = lookupProgramme()
		default:
			d, derr := h.Queries.GetDepartment(ctx, store.GetDepartmentParams{InstitutionID: institutionID, ID: id64(v.DepartmentID)})
			if errors.Is(derr, pgx.ErrNoRows) || (derr == nil && d.ArchivedAt != nil) {
				v.Add("department", i18n.T(ctx, "people.error.department_listed"))
			} else if derr == nil {
				s.DepartmentID, s.Label = &d.ID, d.Name
			}
			err = ignoreNoRows(derr)
		}
	default:
		v.Add("role", i18n.T(ctx, "people.error.role"))
	}
	return s, err
}

func ignoreNoRows(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	return err
}

func id64(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

func (h *Handler) renderInvite(w http.ResponseWriter, r *http.Request, status int, v page.RoleForm) {
	if err := h.scopeOptions(r.Context(), reqctx.UserFrom(r.Context()).InstitutionID, &v); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	ctx := r.Context()
	httpx.Render(w, r, status, web.Page{Title: i18n.T(ctx, "people.invite.title"), Section: "admin",
		Breadcrumbs: []web.Crumb{adminCrumb(ctx), peopleCrumb(ctx), {Label: i18n.T(ctx, "people.invite.crumb")}}}, page.Invite(v))
}

// InvitePage shows the invitation form.
func (h *Handler) InvitePage(w http.ResponseWriter, r *http.Request) {
	h.renderInvite(w, r, http.StatusOK, page.RoleForm{})
}

// Invite creates a single-use invitation and emails its link. Only the
// link's hash is stored.
func (h *Handler) Invite(w http.ResponseWriter, r *http.Request) {
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	var v page.RoleForm
	v.Email = vals.Text("email")
	addr, err := mail.ParseAddress(v.Email)
	// An account elsewhere (another institution, or a coordinator's) is
	// answered as any invitation is, so an admin cannot learn who has an
	// account where; its holder is told by email, with no link.
	elsewhere := false
	if v.Email == "" {
		v.Add("email", i18n.T(ctx, "people.error.email"))
	} else if err != nil || addr.Address != v.Email || len(v.Email) > 254 {
		v.Add("email", i18n.T(ctx, "people.error.email_format"))
	} else if existing, err := h.Queries.GetUserIDByEmail(ctx, v.Email); err == nil {
		if existing.InstitutionID != nil && *existing.InstitutionID == u.InstitutionID {
			v.Add("email", i18n.T(ctx, "people.error.email_taken"))
		} else {
			elsewhere = true
		}
	} else if !errors.Is(err, pgx.ErrNoRows) {
		httpx.ServerError(w, r, err)
		return
	}
	scope, err := h.readRole(ctx, u.InstitutionID, vals, &v)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if !v.Valid() {
		h.renderInvite(w, r, http.StatusUnprocessableEntity, v)
		return
	}

	_, salt, hash, err := newInvitationToken(h.LinkKey)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	expires := nowUTC().Add(InvitationLifetime)
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		id, err := q.CreateInvitation(ctx, store.CreateInvitationParams{
			InstitutionID: u.InstitutionID, Email: v.Email, Role: scope.Role, DepartmentID: scope.DepartmentID, ProgrammeID: scope.ProgrammeID,
			ModuleID: scope.ModuleID, TokenHash: hash, LinkSalt: salt, InvitedBy: u.ID, ExpiresAt: expires,
		})
		if err != nil {
			return err
		}
		fields := scope.fields()
		fields["email"] = v.Email
		if err := audit.By(u).Record(ctx, q, "invite", "invitation", id, audit.Created(fields)); err != nil {
			return err
		}
		// The email is a job committed with the invitation: no invitation
		// exists that nobody is sent, and the mail server's pace never
		// holds this transaction open.
		// The holder of an account elsewhere is told so, with no link.
		return h.Jobs.Enqueue(ctx, q, InvitationMail{InvitationID: id, MessageID: h.Sender.NewMessageID(), Elsewhere: elsewhere},
			jobs.For(u.InstitutionID, jobs.QueueMail))
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "people.flash.invited", "Email", v.Email))
	httpx.SeeOther(w, r, paths.People)
}

// RevokeInvitation withdraws an invitation that has not been accepted.
func (h *Handler) RevokeInvitation(w http.ResponseWriter, r *http.Request) {
	id, ok := httpx.IDParam(w, r, "id")
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	var n int64
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		var err error
		if n, err = q.RevokeInvitation(ctx, store.RevokeInvitationParams{InstitutionID: u.InstitutionID, ID: id}); err != nil || n == 0 {
			return err
		}
		return audit.By(u).Record(ctx, q, "revoke", "invitation", id, nil)
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if n == 0 {
		httpx.NotFound(w, r)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "people.flash.withdrawn"))
	httpx.SeeOther(w, r, paths.Invitations)
}
