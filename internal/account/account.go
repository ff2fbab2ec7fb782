// Package account handles signing in and out and a person's own account:
// their details, roles and password.
package account

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/access"
	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/jobs"
	mailer "belonging/internal/mail"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	page "belonging/web/pages/account"
	"belonging/web/paths"
)

// Handler serves the sign-in, sign-out and account pages, and password
// resets.
type Handler struct {
	Pool     *pgxpool.Pool
	Queries  *store.Queries
	Access   *access.Loader
	Sessions *auth.Sessions
	Throttle *auth.Throttle
	// Jobs sends the password-reset emails, enqueued with the link.
	Jobs   *jobs.Queue
	Sender *mailer.Sender
	// BaseURL starts the links in reset emails.
	BaseURL string
	// LinkKey checks the signed unsubscribe links in emails and derives
	// the tokens of reset links.
	LinkKey []byte
	// CalendarCard is the person's "my sessions" calendar address card
	// (internal/activity); it answers for the handler when it fails.
	CalendarCard func(w http.ResponseWriter, r *http.Request) (templ.Component, bool)
}

// wrongCredentials is the one message for a wrong email or a wrong
// password, so the page does not tell which accounts exist.
const wrongCredentials = "The email address or password is not right. Check both and try again."

// SignInPage shows the sign-in form.
func (h *Handler) SignInPage(w http.ResponseWriter, r *http.Request) {
	if reqctx.UserFrom(r.Context()) != nil {
		httpx.SeeOther(w, r, auth.SafeNext(r.URL.Query().Get("next")))
		return
	}
	h.renderSignIn(w, r, http.StatusOK, page.SignInView{Next: auth.SafeNext(r.URL.Query().Get("next"))})
}

// renderSignIn renders the sign-in page with the ways in the app offers:
// a university account where any institution has a provider, the
// operator's providers for coordinators, and, just after signing out, the
// provider the person signed in with.
func (h *Handler) renderSignIn(w http.ResponseWriter, r *http.Request, status int, v page.SignInView) {
	ctx := r.Context()
	var err error
	if v.University, err = h.Queries.AnySignInInstitution(ctx); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	network, err := h.Queries.ListEnabledProviders(ctx, nil)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	for _, p := range network {
		v.Network = append(v.Network, page.ProviderButton{Name: p.Name, URL: paths.SSOStart(p.ID, v.Next, "")})
	}
	if offer, ok := h.Sessions.OfferedProviderSignOut(ctx); ok {
		v.SignOutOffer = offer.Name
	}
	httpx.Render(w, r, status, web.Page{Title: "Sign in"}, page.SignIn(v))
}

// SignIn checks the email and password. Attempts are throttled per
// account and per client address before any password is hashed.
func (h *Handler) SignIn(w http.ResponseWriter, r *http.Request) {
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	v := page.SignInView{Email: vals.Text("email"), Next: auth.SafeNext(vals.Text("next"))}
	password := vals.Raw("password")
	v.Check(v.Email != "", "email", "Enter your email address")
	v.Check(len(v.Email) <= 254, "email", "Email address must be 254 characters or fewer")
	v.Check(password != "", "password", "Enter your password")
	v.Check(len(password) <= 1024, "password", "Password must be 1,024 characters or fewer")
	if !v.Valid() {
		h.renderSignIn(w, r, http.StatusUnprocessableEntity, v)
		return
	}

	ctx := r.Context()
	addr := httpx.ClientAddr(r)
	allowed, err := h.Throttle.Allowed(ctx, v.Email, addr)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if !allowed {
		httpx.TooManyRequests(w, r, h.Throttle.Window(), fmt.Sprintf(
			"There have been too many unsuccessful attempts to sign in to this account or from this network. For your security, wait %s and try again. If you have forgotten your password, use “Forgot your password?” on the sign-in page, or ask your institution's administrator to send you a reset link.",
			humanDuration(h.Throttle.Window())))
		return
	}

	user, err := h.Queries.GetUserForSignIn(ctx, v.Email)
	var match bool
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		err = auth.DummyCheck(ctx, password)
	case err == nil:
		match, err = auth.CheckPassword(ctx, password, user.PasswordHash)
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if !match {
		if err := h.Throttle.Failed(ctx, v.Email, addr); err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		v.Add("email", wrongCredentials)
		h.renderSignIn(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	if user.DisabledAt != nil {
		v.Add("email", "Your account has been disabled. Ask your institution's administrator if you need access again.")
		h.renderSignIn(w, r, http.StatusForbidden, v)
		return
	}
	if !user.PasswordsAllowed && !user.BreakGlass {
		v.Add("email", user.InstitutionName+" signs in with its university account, not a Belonging password.")
		v.UniversityURL, v.UniversityName = paths.SignInInstitution(user.InstitutionSlug), user.InstitutionName
		h.renderSignIn(w, r, http.StatusForbidden, v)
		return
	}
	if err := h.Throttle.Succeeded(ctx, v.Email, addr); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if err := h.Sessions.Start(ctx, user.ID, user.SessionEpoch); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	httpx.SeeOther(w, r, v.Next)
}

// SignOut ends the session on the server and starts a fresh anonymous one
// carrying the goodbye message and, for a person who signed in through an
// identity provider, the offer to sign out there too.
func (h *Handler) SignOut(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	offer, viaProvider := h.Sessions.ProviderSignOut(ctx)
	if err := h.Sessions.End(ctx); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if viaProvider {
		if err := h.Sessions.OfferProviderSignOut(ctx, offer); err != nil {
			httpx.ServerError(w, r, err)
			return
		}
	}
	h.Sessions.Flash(ctx, "success", "You have signed out of Belonging.")
	httpx.SeeOther(w, r, paths.SignIn)
}

// Page shows the person's email settings, their calendar address, their
// details and roles, and the change-password form.
func (h *Handler) Page(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, page.PasswordView{}, page.NotificationsView{})
}

// render shows the account page with the password form and the email
// settings as given; settings with no kinds are read from the database.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, pw page.PasswordView, notifications page.NotificationsView) {
	u := reqctx.UserFrom(r.Context())
	v := page.AccountView{Name: u.Name, Email: u.Email, Institution: u.InstitutionName, Password: pw, Notifications: notifications}
	login, err := h.Queries.GetUserForSignIn(r.Context(), u.Email)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v.HasPassword, v.PasswordsAllowed = login.PasswordHash != "", login.PasswordsAllowed || login.BreakGlass
	if u.IsCoordinator {
		v.Roles = append(v.Roles, page.RoleLine{Role: "Coordinator", Scope: "across the network"})
	}
	for _, m := range u.Memberships {
		v.Roles = append(v.Roles, page.RoleLine{Role: reqctx.RoleLabel(m.Role), Scope: m.Label})
	}
	if v.Notifications.Kinds == nil {
		saved, err := h.settings(r)
		if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		v.Notifications.Kinds = notificationChoices(u, saved)
	}
	if u.InstitutionID != 0 && h.CalendarCard != nil {
		var ok bool
		if v.Calendar, ok = h.CalendarCard(w, r); !ok {
			return
		}
	}
	httpx.Render(w, r, status, web.Page{Title: "Your account", Section: "account"}, page.Account(v))
}

// ChangePassword sets a new password after checking the current one. The
// person's other sessions end; this one continues with a new token.
func (h *Handler) ChangePassword(w http.ResponseWriter, r *http.Request) {
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	u := reqctx.UserFrom(ctx)
	current, next, confirm := vals.Raw("current_password"), vals.Raw("new_password"), vals.Raw("confirm_password")
	if login, err := h.Queries.GetUserForSignIn(ctx, u.Email); err != nil {
		httpx.ServerError(w, r, err)
		return
	} else if !login.PasswordsAllowed && !login.BreakGlass {
		httpx.Forbidden(w, r, u.InstitutionName+" signs in with its university account, so Belonging passwords are not used.")
		return
	}

	var v page.PasswordView
	v.Check(current != "", "current_password", "Enter your current password")
	if problem := auth.PasswordProblem(next, u.Email); next == "" {
		v.Add("new_password", "Enter a new password")
	} else if problem != "" {
		v.Add("new_password", problem)
	}
	v.Check(next == confirm, "confirm_password", "The two new passwords are different. Type the same password in both boxes.")
	if v.Valid() {
		hash, err := h.Queries.GetPasswordHash(ctx, u.ID)
		if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		match, err := auth.CheckPassword(ctx, current, hash)
		if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		v.Check(match, "current_password", "Your current password is not right")
	}
	if !v.Valid() {
		h.render(w, r, http.StatusUnprocessableEntity, v, page.NotificationsView{})
		return
	}

	newHash, err := auth.HashPassword(ctx, next)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	var epoch int32
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		var err error
		if epoch, err = q.SetPassword(ctx, store.SetPasswordParams{ID: u.ID, PasswordHash: newHash}); err != nil {
			return err
		}
		return audit.By(u).Record(ctx, q, "change_password", "user", u.ID, nil)
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if err := h.Sessions.Manager.RenewToken(ctx); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.SetEpoch(ctx, epoch)
	h.Sessions.Flash(ctx, "success", "Your password has been changed. You have been signed out on your other devices.")
	httpx.SeeOther(w, r, paths.Account)
}

func humanDuration(d time.Duration) string {
	m := int(d.Minutes())
	switch {
	case m <= 1:
		return "a minute"
	case m < 60:
		return fmt.Sprintf("%d minutes", m)
	case m == 60:
		return "an hour"
	}
	return fmt.Sprintf("%d hours", m/60)
}

// lowerFirst lowers the first letter of a heading used inside a sentence.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
