package people

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"belonging/internal/i18n"
	"belonging/internal/jobs"
	mailer "belonging/internal/mail"
	"belonging/internal/reqctx"
	"belonging/web/email"
	"belonging/web/paths"
)

// InvitationMail emails an invitation its link.
type InvitationMail struct {
	InvitationID int64 `json:"invitation_id" river:"unique"`
	// MessageID is fixed when the job is enqueued, so every attempt sends
	// the same Message-ID.
	MessageID string `json:"message_id"`
	// Elsewhere says the address has an account at another institution
	// (or the network's): its holder is told they were invited, with no
	// link, since one account belongs to one institution.
	Elsewhere bool `json:"elsewhere,omitempty"`
}

// Kind names the job.
func (InvitationMail) Kind() string { return "invitation_mail" }

// InsertOpts puts the job in the mail queue, once per invitation.
func (InvitationMail) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: jobs.QueueMail, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// Register adds the invitation email's job to the queue.
func (h *Handler) Register(q *jobs.Queue) {
	jobs.Add(q, "Email: an invitation", river.WorkFunc(h.sendInvitation))
}

// errNoLink is an invitation made before links were derived from a salt:
// its link cannot be rebuilt (it was emailed when it was made).
var errNoLink = errors.New("the invitation's link cannot be rebuilt: it has no salt")

// sendInvitation emails the invitation, unless it was accepted, withdrawn
// or has expired meanwhile.
func (h *Handler) sendInvitation(ctx context.Context, job *river.Job[InvitationMail]) error {
	inv, err := h.Queries.GetInvitationForMail(ctx, job.Args.InvitationID)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	if inv.AcceptedAt != nil || inv.RevokedAt != nil || time.Now().After(inv.ExpiresAt) {
		return nil
	}
	if inv.LinkSalt == nil {
		return jobs.Permanent(errNoLink)
	}
	// what is the role the invitation offers, in the email's language.
	what := func(ctx context.Context) string {
		if inv.ScopeLabel != "" {
			return i18n.T(ctx, "email.invitation.role_for", "Role", reqctx.RoleLabelIn(ctx, inv.Role), "Scope", inv.ScopeLabel)
		}
		return reqctx.RoleLabelIn(ctx, inv.Role)
	}
	if job.Args.Elsewhere {
		return h.deliver(ctx, inv.ID, inv.Email, job.Args.MessageID, inv.InstitutionLanguage, func(ctx context.Context) email.Email {
			return accountElsewhereMail(ctx, inv.InvitedByName, inv.InstitutionName, what(ctx))
		})
	}
	link := h.BaseURL + paths.Invitation(InvitationToken(h.LinkKey, inv.LinkSalt))
	return h.deliver(ctx, inv.ID, inv.Email, job.Args.MessageID, inv.InstitutionLanguage, func(ctx context.Context) email.Email {
		args := []any{"Inviter", inv.InvitedByName, "Institution", inv.InstitutionName, "Role", what(ctx)}
		return email.Email{
			Subject:   i18n.T(ctx, "email.invitation.subject", args...),
			Preheader: i18n.T(ctx, "email.invitation.preheader", args...),
			Greeting:  i18n.T(ctx, "email.hello"),
			Paragraphs: []string{
				i18n.T(ctx, "email.invitation.body", args...),
				i18n.T(ctx, "email.about_belonging"),
				i18n.T(ctx, "email.invitation.expires", "Date", fmt.Sprintf("%d %s %d", inv.ExpiresAt.Day(), i18n.Month(ctx, inv.ExpiresAt.Month()), inv.ExpiresAt.Year())),
			},
			Action: email.Link{Label: i18n.T(ctx, "email.invitation.accept"), URL: link},
			Why:    i18n.T(ctx, "email.invitation.why", args...),
		}
	})
}

// deliver sends the email about invitation id, once, in the invited
// institution's language (lang), worded by build.
func (h *Handler) deliver(ctx context.Context, id int64, to, messageID, lang string, build func(ctx context.Context) email.Email) error {
	subject, text, html, err := email.Compose(ctx, lang, build)
	if err != nil {
		return err
	}
	return h.Sender.Deliver(ctx, "invitation:"+strconv.FormatInt(id, 10), mailer.Message{
		To: mail.Address{Address: to}, Subject: subject, Text: text, HTML: html, MessageID: messageID})
}

// accountElsewhereMail tells the holder of an account elsewhere that they
// were invited, instead of sending a link: one account belongs to one
// institution (or to the network).
func accountElsewhereMail(ctx context.Context, inviter, institution, what string) email.Email {
	args := []any{"Inviter", inviter, "Institution", institution, "Role", what}
	return email.Email{
		Subject:   i18n.T(ctx, "email.elsewhere.subject", args...),
		Preheader: i18n.T(ctx, "email.elsewhere.preheader"),
		Greeting:  i18n.T(ctx, "email.hello"),
		Paragraphs: []string{
			i18n.T(ctx, "email.elsewhere.body", args...),
			i18n.T(ctx, "email.elsewhere.why_not"),
			i18n.T(ctx, "email.elsewhere.tell", args...),
		},
		Why: i18n.T(ctx, "email.invitation.why", args...),
	}
}
