package account

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"net/mail"
	netmail "net/mail"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/jobs"
	mailer "belonging/internal/mail"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	"belonging/web/email"
	page "belonging/web/pages/account"
	"belonging/web/paths"
)

// ResetLifetime is how long a password reset link works.
const ResetLifetime = 30 * time.Minute

// errResetUsed is returned inside the resetting transaction when the link
// was used, replaced or expired meanwhile.
var errResetUsed = errors.New("reset link no longer usable")

// IssueReset makes a single-use reset link for a person, inside q's
// transaction, and makes their older links worthless. The token is
// derived from a random salt with key (SIGNING_KEY), so the job that
// emails it can rebuild it; only the salt and the token's SHA-256 are
// kept. issuedBy is the admin who asked, or nil.
func IssueReset(ctx context.Context, q *store.Queries, key []byte, userID int64, issuedBy *int64) (int64, string, error) {
	salt := make([]byte, 32)
	if _, err := rand.Read(salt); err != nil {
		return 0, "", err
	}
	token := resetToken(key, salt)
	if err := q.RevokeOpenPasswordResets(ctx, userID); err != nil {
		return 0, "", err
	}
	id, err := q.CreatePasswordReset(ctx, store.CreatePasswordResetParams{UserID: userID, TokenHash: resetHash(token), LinkSalt: salt,
		IssuedBy: issuedBy, ExpiresAt: time.Now().Add(ResetLifetime)})
	return id, token, err
}

// resetToken is the token of the reset link with salt.
func resetToken(key, salt []byte) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("belonging password reset link\x00"))
	mac.Write(salt)
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

func resetHash(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// ResetMessage is the email carrying a reset link, in the language(s) of
// the person's institution (lang). byAdmin names the admin who sent it,
// or is empty when the person asked.
func ResetMessage(ctx context.Context, lang, baseURL, name, address, token, byAdmin string) (mailer.Message, error) {
	return compose(ctx, lang, name, address, func(ctx context.Context) email.Email {
		why := i18n.T(ctx, "email.reset.asked")
		if byAdmin != "" {
			why = i18n.T(ctx, "email.reset.by_admin", "Admin", byAdmin)
		}
		return email.Email{Subject: i18n.T(ctx, "email.reset.subject"), Greeting: i18n.T(ctx, "email.hello_name", "Name", name),
			Paragraphs: []string{why, i18n.T(ctx, "email.reset.works_once")},
			Action:     email.Link{Label: i18n.T(ctx, "email.reset.action"), URL: baseURL + paths.ResetPassword(token)},
			Why:        i18n.T(ctx, "email.reset.ignore")}
	})
}

// universityMessage answers a reset request from someone whose institution
// signs in only with its university account.
func universityMessage(ctx context.Context, lang, baseURL, name, address, institution, slug string) (mailer.Message, error) {
	return compose(ctx, lang, name, address, func(ctx context.Context) email.Email {
		return email.Email{Subject: i18n.T(ctx, "email.university.subject"), Greeting: i18n.T(ctx, "email.hello_name", "Name", name),
			Paragraphs: []string{i18n.T(ctx, "email.reset.asked"), i18n.T(ctx, "email.university.body", "Institution", institution)},
			Action:     email.Link{Label: i18n.T(ctx, "email.university.action"), URL: baseURL + paths.SignInInstitution(slug)}}
	})
}

// compose words an account email to one person.
func compose(ctx context.Context, lang, name, address string, build func(ctx context.Context) email.Email) (mailer.Message, error) {
	subject, text, html, err := email.Compose(ctx, lang, build)
	return mailer.Message{To: netmail.Address{Name: name, Address: address}, Subject: subject, Text: text, HTML: html}, err
}

// ForgotPage asks for the address to send a reset link to.
func (h *Handler) ForgotPage(w http.ResponseWriter, r *http.Request) {
	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(r.Context(), "account.forgot.title")}, page.Forgot(page.ForgotView{}))
}

// Forgot sends a reset link when the address has an account, and answers
// the same whether or not it does. Requests are throttled per address and
// per client, counted apart from sign-ins.
func (h *Handler) Forgot(w http.ResponseWriter, r *http.Request) {
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, client := r.Context(), httpx.ClientAddr(r)
	v := page.ForgotView{Email: vals.Text("email")}
	addr, err := mail.ParseAddress(v.Email)
	switch {
	case v.Email == "":
		v.Add("email", i18n.T(ctx, "account.forgot.email_missing"))
	case len(v.Email) > 254 || err != nil || addr.Address != v.Email:
		v.Add("email", i18n.T(ctx, "account.email_format"))
	}
	if !v.Valid() {
		httpx.Render(w, r, http.StatusUnprocessableEntity, web.Page{Title: i18n.T(ctx, "account.forgot.title")}, page.Forgot(v))
		return
	}
	throttle := h.Throttle.For("reset")
	allowed, err := throttle.Allowed(ctx, v.Email, client)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if !allowed {
		httpx.TooManyRequests(w, r, throttle.Window(), i18n.T(ctx, "account.forgot.too_many", "Wait", humanDuration(ctx, throttle.Window())))
		return
	}
	if err := throttle.Failed(ctx, v.Email, client); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	u, err := h.Queries.GetUserForReset(ctx, v.Email)
	switch {
	case errors.Is(err, pgx.ErrNoRows), err == nil && u.DisabledAt != nil:
		// Nothing to send; the page says the same as when there is.
		err = nil
	case err != nil:
		httpx.ServerError(w, r, err)
		return
	case !u.PasswordsAllowed && !u.BreakGlass:
		err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
			return h.Jobs.Enqueue(ctx, q, SignInHelpMail{UserID: u.ID, MessageID: h.Sender.NewMessageID()},
				jobs.For(deref(u.InstitutionID), jobs.QueueMail))
		})
	default:
		// The email is a job committed with the link: the mail server's
		// pace never holds this transaction, or the person, waiting.
		err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
			id, _, err := IssueReset(ctx, q, h.LinkKey, u.ID, nil)
			if err != nil {
				return err
			}
			if err := audit.Actor(deref(u.InstitutionID), u.ID).Record(ctx, q, "request_password_reset", "user", u.ID, nil); err != nil {
				return err
			}
			return h.Jobs.Enqueue(ctx, q, ResetMail{ResetID: id, MessageID: h.Sender.NewMessageID()},
				jobs.For(deref(u.InstitutionID), jobs.QueueMail))
		})
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(ctx, "account.sent.title")}, page.ResetSent(v.Email))
}

func deref(id *int64) int64 {
	if id == nil {
		return 0
	}
	return *id
}

// loadReset finds the reset link of the route's token and, when it cannot
// be used, writes a page saying why.
func (h *Handler) loadReset(w http.ResponseWriter, r *http.Request) (store.GetPasswordResetRow, string, bool) {
	token := chi.URLParam(r, "token")
	ctx := r.Context()
	if len(token) > 100 {
		h.resetUnusable(w, r, http.StatusNotFound, invalidLink(ctx))
		return store.GetPasswordResetRow{}, "", false
	}
	rs, err := h.Queries.GetPasswordReset(ctx, resetHash(token))
	if errors.Is(err, pgx.ErrNoRows) {
		h.resetUnusable(w, r, http.StatusNotFound, invalidLink(ctx))
		return rs, "", false
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return rs, "", false
	}
	if problem, ok := resetProblem(ctx, rs.UsedAt, rs.RevokedAt, rs.ExpiresAt); !ok {
		h.resetUnusable(w, r, http.StatusGone, problem)
		return rs, "", false
	}
	u, err := h.Queries.GetUserForReset(ctx, rs.Email)
	if err != nil {
		httpx.ServerError(w, r, err)
		return rs, "", false
	}
	switch {
	case u.DisabledAt != nil:
		h.resetUnusable(w, r, http.StatusGone, page.ResetProblem{Title: i18n.T(ctx, "account.reset.disabled.title"),
			Message: i18n.T(ctx, "account.reset.disabled.body")})
		return rs, "", false
	case !u.PasswordsAllowed && !u.BreakGlass:
		h.resetUnusable(w, r, http.StatusGone, page.ResetProblem{Title: i18n.T(ctx, "account.reset.university.title", "Institution", u.InstitutionName),
			Message: i18n.T(ctx, "account.reset.no_passwords")})
		return rs, "", false
	}
	return rs, token, true
}

// invalidLink answers a link that names no reset.
func invalidLink(ctx context.Context) page.ResetProblem {
	return page.ResetProblem{Title: i18n.T(ctx, "account.reset.invalid.title"), Message: i18n.T(ctx, "account.reset.invalid.body")}
}

// resetProblem says why a link cannot be used, or reports ok.
func resetProblem(ctx context.Context, used, revoked *time.Time, expires time.Time) (page.ResetProblem, bool) {
	switch {
	case used != nil:
		return page.ResetProblem{Title: i18n.T(ctx, "account.reset.used.title"), Message: i18n.T(ctx, "account.reset.used.body")}, false
	case revoked != nil:
		return page.ResetProblem{Title: i18n.T(ctx, "account.reset.replaced.title"), Message: i18n.T(ctx, "account.reset.replaced.body")}, false
	case time.Now().After(expires):
		return page.ResetProblem{Title: i18n.T(ctx, "account.reset.expired.title"), Message: i18n.T(ctx, "account.reset.expired.body")}, false
	}
	return page.ResetProblem{}, true
}

func (h *Handler) resetUnusable(w http.ResponseWriter, r *http.Request, status int, p page.ResetProblem) {
	httpx.Render(w, r, status, web.Page{Title: p.Title}, page.ResetUnusable(p))
}

// ResetPage shows the form choosing a new password.
func (h *Handler) ResetPage(w http.ResponseWriter, r *http.Request) {
	rs, token, ok := h.loadReset(w, r)
	if !ok {
		return
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(r.Context(), "account.reset.title")}, page.Reset(page.ResetView{Token: token, Email: rs.Email}))
}

// Reset sets the new password, uses up the link (the row is locked while
// this happens, so it works once), ends the person's other sessions and
// signs them in here.
func (h *Handler) Reset(w http.ResponseWriter, r *http.Request) {
	rs, token, ok := h.loadReset(w, r)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	v := page.ResetView{Token: token, Email: rs.Email}
	next, confirm := vals.Raw("new_password"), vals.Raw("confirm_password")
	if problem := auth.PasswordProblem(ctx, next, rs.Email); next == "" {
		v.Add("new_password", i18n.T(ctx, "account.password.new_missing"))
	} else if problem != "" {
		v.Add("new_password", problem)
	}
	v.Check(next == confirm, "confirm_password", i18n.T(ctx, "account.password.different"))
	if !v.Valid() {
		httpx.Render(w, r, http.StatusUnprocessableEntity, web.Page{Title: i18n.T(ctx, "account.reset.title")}, page.Reset(v))
		return
	}
	hash, err := auth.HashPassword(ctx, next)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	var epoch int32
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		lock, err := q.LockPasswordReset(ctx, rs.ID)
		if err != nil {
			return err
		}
		if _, ok := resetProblem(ctx, lock.UsedAt, lock.RevokedAt, lock.ExpiresAt); !ok {
			return errResetUsed
		}
		if epoch, err = q.SetPassword(ctx, store.SetPasswordParams{ID: rs.UserID, PasswordHash: hash}); err != nil {
			return err
		}
		if err := q.MarkPasswordResetUsed(ctx, rs.ID); err != nil {
			return err
		}
		if err := q.RevokeOpenPasswordResets(ctx, rs.UserID); err != nil {
			return err
		}
		return audit.Actor(deref(rs.InstitutionID), rs.UserID).Record(ctx, q, "reset_password", "user", rs.UserID, nil)
	})
	if errors.Is(err, errResetUsed) {
		h.resetUnusable(w, r, http.StatusGone, page.ResetProblem{Title: i18n.T(ctx, "account.reset.used.title"),
			Message: i18n.T(ctx, "account.reset.used.body")})
		return
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if err := h.Throttle.Succeeded(ctx, rs.Email, httpx.ClientAddr(r)); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if err := h.Sessions.Start(ctx, rs.UserID, epoch); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "account.reset.done"))
	httpx.SeeOther(w, r, paths.Home)
}

// IssueResetLink sends a person, from their admin page, a link to set
// their password.
func (h *Handler) IssueResetLink(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Person(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	target, err := h.Queries.GetUserForReset(ctx, p.Email)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	switch {
	case target.DisabledAt != nil:
		h.Sessions.Flash(ctx, "error", p.Name+"'s account is disabled: enable it before sending a reset link.")
	case !target.PasswordsAllowed && !target.BreakGlass:
		h.Sessions.Flash(ctx, "error", target.InstitutionName+" signs in with its university account, so "+p.Name+" needs no password.")
	default:
		err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
			id, _, err := IssueReset(ctx, q, h.LinkKey, p.ID, &u.ID)
			if err != nil {
				return err
			}
			if err := audit.By(u).Record(ctx, q, "issue_password_reset", "user", p.ID, nil); err != nil {
				return err
			}
			return h.Jobs.Enqueue(ctx, q, ResetMail{ResetID: id, MessageID: h.Sender.NewMessageID()}, jobs.For(u.InstitutionID, jobs.QueueMail))
		})
		if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		h.Sessions.Flash(ctx, "success", "A link to set a password has been sent to "+p.Email+". It works once, for 30 minutes.")
	}
	httpx.SeeOther(w, r, paths.Person(p.ID))
}
