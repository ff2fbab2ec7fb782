package account

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	netmail "net/mail"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

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

// ResetMessage is the email carrying a reset link. byAdmin names the admin
// who sent it, or is empty when the person asked.
func ResetMessage(baseURL, name, email, token, byAdmin string) mailer.Message {
	why := "Someone (we hope you) asked to reset the password of your Belonging account."
	if byAdmin != "" {
		why = byAdmin + ", an administrator at your institution, sent you a link to set the password of your Belonging account."
	}
	return mailer.Message{To: netmail.Address{Name: name, Address: email}, Subject: "Set your Belonging password",
		Text: fmt.Sprintf("Hello %s,\n\n%s Choose a new password here:\n\n%s%s\n\nThe link works once, for 30 minutes. Setting a password signs you out of Belonging everywhere else.\n\nIf you did not ask for this, ignore this email: your password stays as it is.\n",
			name, why, baseURL, paths.ResetPassword(token))}
}

// universityMessage answers a reset request from someone whose institution
// signs in only with its university account.
func universityMessage(baseURL, name, email, institution, slug string) mailer.Message {
	return mailer.Message{To: netmail.Address{Name: name, Address: email}, Subject: "Signing in to Belonging",
		Text: fmt.Sprintf("Hello %s,\n\nSomeone (we hope you) asked to reset the password of your Belonging account. %s signs in to Belonging with its university account, so you do not need a Belonging password. Sign in here:\n\n%s%s\n",
			name, institution, baseURL, paths.SignInInstitution(slug))}
}

// ForgotPage asks for the address to send a reset link to.
func (h *Handler) ForgotPage(w http.ResponseWriter, r *http.Request) {
	httpx.Render(w, r, http.StatusOK, web.Page{Title: "Forgot your password?"}, page.Forgot(page.ForgotView{}))
}

// Forgot sends a reset link when the address has an account, and answers
// the same whether or not it does. Requests are throttled per address and
// per client, counted apart from sign-ins.
func (h *Handler) Forgot(w http.ResponseWriter, r *http.Request) {
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	v := page.ForgotView{Email: vals.Text("email")}
	addr, err := mail.ParseAddress(v.Email)
	switch {
	case v.Email == "":
		v.Add("email", "Enter the email address you sign in with")
	case len(v.Email) > 254 || err != nil || addr.Address != v.Email:
		v.Add("email", "Enter an email address like name@university.ac.uk")
	}
	if !v.Valid() {
		httpx.Render(w, r, http.StatusUnprocessableEntity, web.Page{Title: "Forgot your password?"}, page.Forgot(v))
		return
	}
	ctx, client := r.Context(), httpx.ClientAddr(r)
	throttle := h.Throttle.For("reset")
	allowed, err := throttle.Allowed(ctx, v.Email, client)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if !allowed {
		httpx.TooManyRequests(w, r, throttle.Window(), fmt.Sprintf(
			"Reset links have been asked for this address, or from this network, too many times. For your security, wait %s and try again, or ask your institution's administrator to send you a link.",
			humanDuration(throttle.Window())))
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
	httpx.Render(w, r, http.StatusOK, web.Page{Title: "Check your email"}, page.ResetSent(v.Email))
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
		h.resetUnusable(w, r, http.StatusNotFound, invalidLink)
		return store.GetPasswordResetRow{}, "", false
	}
	rs, err := h.Queries.GetPasswordReset(ctx, resetHash(token))
	if errors.Is(err, pgx.ErrNoRows) {
		h.resetUnusable(w, r, http.StatusNotFound, invalidLink)
		return rs, "", false
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return rs, "", false
	}
	if problem, ok := resetProblem(rs.UsedAt, rs.RevokedAt, rs.ExpiresAt); !ok {
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
		h.resetUnusable(w, r, http.StatusGone, page.ResetProblem{Title: "This account is disabled",
			Message: "A disabled account's password cannot be reset. Ask your institution's administrator if you need access again."})
		return rs, "", false
	case !u.PasswordsAllowed && !u.BreakGlass:
		h.resetUnusable(w, r, http.StatusGone, page.ResetProblem{Title: u.InstitutionName + " signs in with its university account",
			Message: "Your institution no longer uses Belonging passwords. Sign in with your university account from the sign-in page."})
		return rs, "", false
	}
	return rs, token, true
}

var invalidLink = page.ResetProblem{Title: "This reset link is not valid",
	Message: "Check that you copied the whole link from the email. If it still does not work, ask for a new one."}

// resetProblem says why a link cannot be used, or reports ok.
func resetProblem(used, revoked *time.Time, expires time.Time) (page.ResetProblem, bool) {
	switch {
	case used != nil:
		return page.ResetProblem{Title: "This reset link has already been used", Message: "Each link works once. If you set your password with it, sign in with the new password."}, false
	case revoked != nil:
		return page.ResetProblem{Title: "This reset link has been replaced", Message: "A newer link was sent to the same address; use the newest email."}, false
	case time.Now().After(expires):
		return page.ResetProblem{Title: "This reset link has expired", Message: "Reset links work for 30 minutes. Ask for a new one."}, false
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
	httpx.Render(w, r, http.StatusOK, web.Page{Title: "Choose a new password"}, page.Reset(page.ResetView{Token: token, Email: rs.Email}))
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
	if problem := auth.PasswordProblem(next, rs.Email); next == "" {
		v.Add("new_password", "Enter a new password")
	} else if problem != "" {
		v.Add("new_password", problem)
	}
	v.Check(next == confirm, "confirm_password", "The two new passwords are different. Type the same password in both boxes.")
	if !v.Valid() {
		httpx.Render(w, r, http.StatusUnprocessableEntity, web.Page{Title: "Choose a new password"}, page.Reset(v))
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
		if _, ok := resetProblem(lock.UsedAt, lock.RevokedAt, lock.ExpiresAt); !ok {
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
		h.resetUnusable(w, r, http.StatusGone, page.ResetProblem{Title: "This reset link has already been used",
			Message: "Each link works once. If you set your password with it, sign in with the new password."})
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
	h.Sessions.Flash(ctx, "success", "Your password is set. You have been signed out of Belonging everywhere else.")
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
