package people

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/db"
	"belonging/internal/httpx"
	"belonging/internal/httpx/form"
	"belonging/internal/i18n"
	"belonging/internal/language"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	page "belonging/web/pages/people"
	"belonging/web/paths"
)

// errInvitationUsed is returned inside the accepting transaction when the
// invitation was used, withdrawn or expired meanwhile.
var errInvitationUsed = errors.New("invitation no longer usable")

// loadInvitation finds the invitation for the link's token and, when it
// cannot be used, writes a page saying why and whom to ask.
func (h *Handler) loadInvitation(w http.ResponseWriter, r *http.Request) (store.GetInvitationByTokenRow, string, bool) {
	ctx, token := r.Context(), chi.URLParam(r, "token")
	inv, err := h.Queries.GetInvitationByToken(ctx, hashToken(token))
	if errors.Is(err, pgx.ErrNoRows) || len(token) > 100 {
		h.unusable(w, r, http.StatusNotFound, page.InvitationProblem{Title: i18n.T(ctx, "people.unusable.invalid.title"),
			Message: i18n.T(ctx, "people.unusable.invalid.body")})
		return inv, "", false
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return inv, "", false
	}
	// The person invited has no account yet: they read the page in their
	// institution's language unless they chose one.
	language.Institution(w, r, inv.InstitutionLanguage)
	problem := page.InvitationProblem{InvitedBy: inv.InvitedByName, Email: inv.InvitedByEmail}
	switch {
	case inv.AcceptedAt != nil:
		problem.Title, problem.Message = i18n.T(ctx, "people.unusable.used.title"), i18n.T(ctx, "people.unusable.used.body")
	case inv.RevokedAt != nil:
		problem.Title, problem.Message = i18n.T(ctx, "people.unusable.withdrawn.title"), i18n.T(ctx, "people.unusable.withdrawn.body")
	case time.Now().After(inv.ExpiresAt):
		problem.Title = i18n.T(ctx, "people.unusable.expired.title")
		problem.Message = i18n.T(ctx, "people.unusable.expired.body", "Date", i18n.FullDate(ctx, inv.ExpiresAt))
	default:
		return inv, token, true
	}
	h.unusable(w, r, http.StatusGone, problem)
	return inv, "", false
}

func (h *Handler) unusable(w http.ResponseWriter, r *http.Request, status int, p page.InvitationProblem) {
	httpx.Render(w, r, status, web.Page{Title: p.Title}, page.InvitationUnusable(p))
}

// acceptView describes the invitation and the ways to accept it: with a
// password where the institution allows them, and through its identity
// provider where it has one (the sign-in finds the invitation by address).
func (h *Handler) acceptView(ctx context.Context, inv store.GetInvitationByTokenRow, token string) (page.AcceptPage, error) {
	v := page.AcceptPage{Token: token, Email: inv.Email, Institution: inv.InstitutionName, Role: inv.Role, Scope: inv.ScopeLabel, InvitedBy: inv.InvitedByName}
	s, err := h.Queries.GetSignInSettings(ctx, inv.InstitutionID)
	if err != nil {
		return v, err
	}
	v.PasswordsAllowed = s.PasswordsAllowed
	providers, err := h.Queries.ListEnabledProviders(ctx, &inv.InstitutionID)
	if err != nil {
		return v, err
	}
	if len(providers) > 0 {
		v.UniversityURL = paths.SignInInstitution(s.Slug) + "?" + url.Values{"hint": {inv.Email}}.Encode()
	}
	return v, nil
}

// AcceptPage shows the invitation and the form to set a name and password.
func (h *Handler) AcceptPage(w http.ResponseWriter, r *http.Request) {
	inv, token, ok := h.loadInvitation(w, r)
	if !ok {
		return
	}
	v, err := h.acceptView(r.Context(), inv, token)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(r.Context(), "people.accept.title")}, page.Accept(v))
}

// Accept creates the account and its membership, marks the invitation
// used (once: the row is locked while this happens) and signs the person in.
func (h *Handler) Accept(w http.ResponseWriter, r *http.Request) {
	inv, token, ok := h.loadInvitation(w, r)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	v, err := h.acceptView(ctx, inv, token)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if !v.PasswordsAllowed {
		httpx.Forbidden(w, r, i18n.T(ctx, "people.accept.university_only", "Institution", inv.InstitutionName))
		return
	}
	v.Name = vals.Text("name")
	password, confirm := vals.Raw("password"), vals.Raw("confirm_password")
	v.Check(v.Name != "", "name", i18n.T(ctx, "people.error.name"))
	v.Check(form.MaxLength(v.Name, 200), "name", i18n.T(ctx, "people.error.name_long"))
	if password == "" {
		v.Add("password", i18n.T(ctx, "people.error.password"))
	} else if problem := auth.PasswordProblem(r.Context(), password, inv.Email); problem != "" {
		v.Add("password", problem)
	}
	v.Check(password == confirm, "confirm_password", i18n.T(ctx, "people.error.passwords_differ"))
	if !v.Valid() {
		httpx.Render(w, r, http.StatusUnprocessableEntity, web.Page{Title: i18n.T(ctx, "people.accept.title")}, page.Accept(v))
		return
	}
	hash, err := auth.HashPassword(ctx, password)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	var userID int64
	var epoch int32 = 1
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		lock, err := q.LockInvitation(ctx, inv.ID)
		if err != nil {
			return err
		}
		if lock.AcceptedAt != nil || lock.RevokedAt != nil || time.Now().After(lock.ExpiresAt) {
			return errInvitationUsed
		}
		userID, err = q.CreateUser(ctx, store.CreateUserParams{InstitutionID: &inv.InstitutionID, Email: inv.Email, Name: v.Name, PasswordHash: hash})
		if err != nil {
			return err
		}
		if _, err := q.CreateMembership(ctx, store.CreateMembershipParams{InstitutionID: inv.InstitutionID, UserID: userID, Role: inv.Role,
			DepartmentID: inv.DepartmentID, ProgrammeID: inv.ProgrammeID, ModuleID: inv.ModuleID, ActivityID: inv.ActivityID}); err != nil {
			return err
		}
		// An account made by a student partner's invitation is a student's.
		if inv.Role == reqctx.RolePartner {
			if err := q.MarkStudentPartner(ctx, userID); err != nil {
				return err
			}
		}
		if err := q.MarkInvitationAccepted(ctx, inv.ID); err != nil {
			return err
		}
		if err := audit.Actor(inv.InstitutionID, userID).Record(ctx, q, "accept", "user", userID,
			audit.Created(map[string]any{"email": inv.Email, "name": v.Name, "role": inv.Role, "scope": inv.ScopeLabel})); err != nil {
			return err
		}
		return h.Notify.InvitationAccepted(ctx, q, inv.InstitutionID, inv.ID, userID)
	})
	switch {
	case errors.Is(err, errInvitationUsed):
		h.unusable(w, r, http.StatusGone, page.InvitationProblem{Title: i18n.T(ctx, "people.unusable.used.title"),
			Message: i18n.T(ctx, "people.unusable.used.body"), InvitedBy: inv.InvitedByName, Email: inv.InvitedByEmail})
		return
	case db.IsUniqueViolation(err):
		h.unusable(w, r, http.StatusConflict, page.InvitationProblem{Title: i18n.T(ctx, "people.unusable.account.title"),
			Message: i18n.T(ctx, "people.unusable.account.body", "Email", inv.Email), InvitedBy: inv.InvitedByName, Email: inv.InvitedByEmail})
		return
	case err != nil:
		httpx.ServerError(w, r, err)
		return
	}
	if err := h.Sessions.Start(ctx, userID, epoch); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "people.flash.welcome"))
	httpx.SeeOther(w, r, "/")
}
