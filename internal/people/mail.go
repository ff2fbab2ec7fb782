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
	what := reqctx.RoleLabel(inv.Role)
	if inv.ScopeLabel != "" {
		what += " for " + inv.ScopeLabel
	}
	if job.Args.Elsewhere {
		return h.deliver(ctx, inv.ID, inv.Email, job.Args.MessageID, accountElsewhereMail(inv.InvitedByName, inv.InstitutionName, what))
	}
	link := h.BaseURL + paths.Invitation(InvitationToken(h.LinkKey, inv.LinkSalt))
	e := email.Email{
		Subject:   fmt.Sprintf("%s has invited you to Belonging", inv.InvitedByName),
		Preheader: fmt.Sprintf("Join %s as %s.", inv.InstitutionName, what),
		Greeting:  "Hello,",
		Paragraphs: []string{
			fmt.Sprintf("%s has invited you to join %s on Belonging as %s.", inv.InvitedByName, inv.InstitutionName, what),
			"Belonging is where course teams plan, evidence and share the work that helps students feel they belong.",
			fmt.Sprintf("The link works once and expires on %s.", inv.ExpiresAt.Format("2 January 2006")),
		},
		Action: email.Link{Label: "Accept the invitation and choose a password", URL: link},
		Why:    "You get this email because an administrator at " + inv.InstitutionName + " invited this address. If you were not expecting it, you can ignore it.",
	}
	return h.deliver(ctx, inv.ID, inv.Email, job.Args.MessageID, e)
}

// deliver sends the email about invitation id, once.
func (h *Handler) deliver(ctx context.Context, id int64, to, messageID string, e email.Email) error {
	text, html, err := email.Render(ctx, e)
	if err != nil {
		return err
	}
	return h.Sender.Deliver(ctx, "invitation:"+strconv.FormatInt(id, 10), mailer.Message{
		To: mail.Address{Address: to}, Subject: e.Subject, Text: text, HTML: html, MessageID: messageID})
}

// accountElsewhereMail tells the holder of an account elsewhere that they
// were invited, instead of sending a link: one account belongs to one
// institution (or to the network).
func accountElsewhereMail(inviter, institution, what string) email.Email {
	return email.Email{
		Subject:   fmt.Sprintf("%s tried to invite you to Belonging", inviter),
		Preheader: "No invitation link was sent: you already have an account.",
		Greeting:  "Hello,",
		Paragraphs: []string{
			fmt.Sprintf("%s tried to invite you to join %s on Belonging as %s.", inviter, institution, what),
			"You already have an account on Belonging with this email address, and an account belongs to one institution (or to the network of coordinators), so no invitation link was sent and nothing about your account has changed.",
			fmt.Sprintf("If you expected this, tell %s: they can invite you at another email address.", inviter),
		},
		Why: "You get this email because an administrator at " + institution + " invited this address. If you were not expecting it, you can ignore it.",
	}
}
