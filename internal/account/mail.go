package account

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"belonging/internal/jobs"
)

// ResetMail emails a password reset link.
type ResetMail struct {
	ResetID int64 `json:"reset_id" river:"unique"`
	// MessageID is fixed when the job is enqueued, so every attempt sends
	// the same Message-ID.
	MessageID string `json:"message_id"`
}

// Kind names the job.
func (ResetMail) Kind() string { return "password_reset_mail" }

// InsertOpts puts the job in the mail queue, once per link.
func (ResetMail) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: jobs.QueueMail, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// SignInHelpMail answers a reset request from someone whose institution
// signs in only with university accounts: how to sign in instead.
type SignInHelpMail struct {
	UserID    int64  `json:"user_id"`
	MessageID string `json:"message_id"`
}

// Kind names the job.
func (SignInHelpMail) Kind() string { return "sign_in_help_mail" }

// InsertOpts puts the job in the mail queue.
func (SignInHelpMail) InsertOpts() river.InsertOpts { return river.InsertOpts{Queue: jobs.QueueMail} }

// Register adds the account emails' jobs to the queue.
func (h *Handler) Register(q *jobs.Queue) {
	jobs.Add(q, "Email: a password reset link", river.WorkFunc(h.sendReset))
	jobs.Add(q, "Email: signing in with a university account", river.WorkFunc(h.sendSignInHelp))
}

// errNoSalt is a reset link made before links were derived from a salt:
// it was emailed when it was made, and cannot be rebuilt.
var errNoSalt = errors.New("the reset link cannot be rebuilt: it has no salt")

// sendReset emails a reset link, unless it was used, replaced or has
// expired meanwhile, or the account was disabled.
func (h *Handler) sendReset(ctx context.Context, job *river.Job[ResetMail]) error {
	r, err := h.Queries.GetPasswordResetForMail(ctx, job.Args.ResetID)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	if r.UsedAt != nil || r.RevokedAt != nil || r.DisabledAt != nil || time.Now().After(r.ExpiresAt) {
		return nil
	}
	if r.LinkSalt == nil {
		return jobs.Permanent(errNoSalt)
	}
	m, err := ResetMessage(ctx, r.InstitutionLanguage, h.BaseURL, r.Name, r.Email, resetToken(h.LinkKey, r.LinkSalt), r.IssuedByName)
	if err != nil {
		return err
	}
	m.MessageID = job.Args.MessageID
	return h.Sender.Deliver(ctx, "password-reset:"+strconv.FormatInt(r.ID, 10), m)
}

// sendSignInHelp tells a person how they sign in instead of resetting a
// password.
func (h *Handler) sendSignInHelp(ctx context.Context, job *river.Job[SignInHelpMail]) error {
	u, err := h.Queries.GetUserForSignInMail(ctx, job.Args.UserID)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	if u.DisabledAt != nil || u.InstitutionSlug == "" {
		return nil
	}
	m, err := universityMessage(ctx, u.InstitutionLanguage, h.BaseURL, u.Name, u.Email, u.InstitutionName, u.InstitutionSlug)
	if err != nil {
		return err
	}
	m.MessageID = job.Args.MessageID
	return h.Sender.Deliver(ctx, "sign-in-help:"+strconv.FormatInt(job.ID, 10), m)
}
