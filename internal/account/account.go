// Package account handles signing in and out and a person's own account:
// their details, roles and password.
package account

import (
	"context"
	"errors"
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
	"belonging/internal/i18n"
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
const wrongCredentials = "account.signin.wrong"

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
	httpx.Render(w, r, status, web.Page{Title: i18n.T(ctx, "layout.sign_in")}, page.SignIn(v))
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
	ctx := r.Context()
	v.Check(v.Email != "", "email", i18n.T(ctx, "account.signin.email_missing"))
	v.Check(len(v.Email) <= 254, "email", i18n.T(ctx, "account.signin.email_long"))
	v.Check(password != "", "password", i18n.T(ctx, "account.signin.password_missing"))
	v.Check(len(password) <= 1024, "password", i18n.T(ctx, "account.signin.password_long"))
	if !v.Valid() {
		h.renderSignIn(w, r, http.StatusUnprocessableEntity, v)
		return
	}

	addr := httpx.ClientAddr(r)
	allowed, err := h.Throttle.Allowed(ctx, v.Email, addr)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if !allowed {
		httpx.TooManyRequests(w, r, h.Throttle.Window(), i18n.T(ctx, "account.signin.too_many", "Wait", humanDuration(ctx, h.Throttle.Window())))
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
		v.Add("email", i18n.T(ctx, wrongCredentials))
		h.renderSignIn(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	if user.DisabledAt != nil {
		v.Add("email", i18n.T(ctx, "account.signin.disabled"))
		h.renderSignIn(w, r, http.StatusForbidden, v)
		return
	}
	if !user.PasswordsAllowed && !user.BreakGlass {
		v.Add("email", i18n.T(ctx, "account.signin.university_only", "Institution", user.InstitutionName))
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
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "account.signed_out"))
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
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v := page.AccountView{Name: u.Name, Email: u.Email, Institution: u.InstitutionName, Password: pw, Notifications: notifications}
	login, err := h.Queries.GetUserForSignIn(r.Context(), u.Email)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v.HasPassword, v.PasswordsAllowed = login.PasswordHash != "", login.PasswordsAllowed || login.BreakGlass
	if u.IsCoordinator {
		v.Roles = append(v.Roles, page.RoleLine{Role: i18n.T(ctx, "account.roles.coordinator"), Scope: i18n.T(ctx, "account.roles.network")})
	}
	for _, m := range u.Memberships {
		v.Roles = append(v.Roles, page.RoleLine{Role: reqctx.RoleLabelIn(ctx, m.Role), Scope: m.Label})
	}
	if v.Notifications.Kinds == nil {
		saved, err := h.settings(r)
		if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		v.Notifications.Kinds = notificationChoices(ctx, u, saved)
	}
	if u.InstitutionID != 0 && h.CalendarCard != nil {
		var ok bool
		if v.Calendar, ok = h.CalendarCard(w, r); !ok {
			return
		}
	}
	httpx.Render(w, r, status, web.Page{Title: i18n.T(ctx, "account.title"), Section: "account"}, page.Account(v))
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
		httpx.Forbidden(w, r, i18n.T(ctx, "account.signin.university_no_passwords", "Institution", u.InstitutionName))
		return
	}

	var v page.PasswordView
	v.Check(current != "", "current_password", i18n.T(ctx, "account.password.current_missing"))
	if problem := auth.PasswordProblem(ctx, next, u.Email); next == "" {
		v.Add("new_password", i18n.T(ctx, "account.password.new_missing"))
	} else if problem != "" {
		v.Add("new_password", problem)
	}
	v.Check(next == confirm, "confirm_password", i18n.T(ctx, "account.password.different"))
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
		v.Check(match, "current_password", i18n.T(ctx, "account.password.current_wrong"))
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
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "account.password.changed"))
	httpx.SeeOther(w, r, paths.Account)
}

func humanDuration(ctx context.Context, d time.Duration) string {
	m := int(d.Minutes())
	switch {
	case m <= 1:
		return i18n.T(ctx, "account.wait.minute")
	case m < 60:
		return i18n.N(ctx, "account.wait.minutes", m)
	case m == 60:
		return i18n.T(ctx, "account.wait.hour")
	}
	return i18n.N(ctx, "account.wait.hours", m/60)
}

// lowerFirst lowers the first letter of a heading used inside a sentence.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
