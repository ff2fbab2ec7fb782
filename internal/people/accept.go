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
	token := chi.URLParam(r, "token")
	inv, err := h.Queries.GetInvitationByToken(r.Context(), hashToken(token))
	if errors.Is(err, pgx.ErrNoRows) || len(token) > 100 {
		h.unusable(w, r, http.StatusNotFound, page.InvitationProblem{Title: "This invitation link is not valid",
			Message: "Check that you copied the whole link from the email. If it still does not work, ask the person who invited you for a new invitation."})
		return inv, "", false
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return inv, "", false
	}
	problem := page.InvitationProblem{InvitedBy: inv.InvitedByName, Email: inv.InvitedByEmail}
	switch {
	case inv.AcceptedAt != nil:
		problem.Title = "This invitation has already been used"
		problem.Message = "Each invitation link works once. If you accepted it, sign in with your email address and password."
	case inv.RevokedAt != nil:
		problem.Title = "This invitation has been withdrawn"
		problem.Message = "The invitation was withdrawn by your institution's administrator."
	case time.Now().After(inv.ExpiresAt):
		problem.Title = "This invitation has expired"
		problem.Message = "Invitations work for 7 days. This one expired on " + inv.ExpiresAt.Format("2 January 2006") + "."
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
	httpx.Render(w, r, http.StatusOK, web.Page{Title: "Join Belonging"}, page.Accept(v))
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
		httpx.Forbidden(w, r, inv.InstitutionName+" signs in with its university account, so invitations are accepted by signing in with it, not with a password.")
		return
	}
	v.Name = vals.Text("name")
	password, confirm := vals.Raw("password"), vals.Raw("confirm_password")
	v.Check(v.Name != "", "name", "Enter your full name")
	v.Check(form.MaxLength(v.Name, 200), "name", "Name must be 200 characters or fewer")
	if password == "" {
		v.Add("password", "Choose a password")
	} else if problem := auth.PasswordProblem(r.Context(), password, inv.Email); problem != "" {
		v.Add("password", problem)
	}
	v.Check(password == confirm, "confirm_password", "The two passwords are different. Type the same password in both boxes.")
	if !v.Valid() {
		httpx.Render(w, r, http.StatusUnprocessableEntity, web.Page{Title: "Join Belonging"}, page.Accept(v))
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
		h.unusable(w, r, http.StatusGone, page.InvitationProblem{Title: "This invitation has already been used",
			Message: "Each invitation link works once. If you accepted it, sign in with your email address and password.", InvitedBy: inv.InvitedByName, Email: inv.InvitedByEmail})
		return
	case db.IsUniqueViolation(err):
		h.unusable(w, r, http.StatusConflict, page.InvitationProblem{Title: "You already have an account",
			Message: "There is already an account for " + inv.Email + ". Sign in with it; your administrator can add the new role to it.", InvitedBy: inv.InvitedByName, Email: inv.InvitedByEmail})
		return
	case err != nil:
		httpx.ServerError(w, r, err)
		return
	}
	if err := h.Sessions.Start(ctx, userID, epoch); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", "Welcome to Belonging. Your account is ready.")
	httpx.SeeOther(w, r, "/")
}
