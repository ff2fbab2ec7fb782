package sso

import (
	"context"
	"errors"
	"fmt"
	netmail "net/mail"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"belonging/internal/i18n"
	"belonging/internal/jobs"
	mailer "belonging/internal/mail"
	"belonging/web/email"
	"belonging/web/paths"
)

// NewcomerMail tells an institution's admins that someone nobody invited
// signed in with their university account and has an account with no
// roles.
type NewcomerMail struct {
	UserID int64 `json:"user_id" river:"unique"`
	// MessageID is fixed when the job is enqueued; each admin's copy
	// adds their id to it.
	MessageID string `json:"message_id"`
}

// Kind names the job.
func (NewcomerMail) Kind() string { return "newcomer_mail" }

// InsertOpts puts the job in the mail queue, once per newcomer.
func (NewcomerMail) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: jobs.QueueMail, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// Register adds the sign-in emails' jobs to the queue.
func (h *Handler) Register(q *jobs.Queue) {
	jobs.Add(q, "Email: admins told of a newcomer without a role", river.WorkFunc(h.sendNewcomer))
}

// sendNewcomer emails each admin of the newcomer's institution, once.
func (h *Handler) sendNewcomer(ctx context.Context, job *river.Job[NewcomerMail]) error {
	u, err := h.Queries.GetSSOUser(ctx, job.Args.UserID)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && (u.InstitutionID == nil || u.DisabledAt != nil)) {
		return nil
	}
	if err != nil {
		return err
	}
	admins, err := h.Queries.ListInstitutionAdmins(ctx, *u.InstitutionID)
	if err != nil {
		return err
	}
	// The email is in the institution's language: Welsh first and
	// English after when it is Welsh.
	lang, err := h.Queries.GetInstitutionLanguage(ctx, *u.InstitutionID)
	if err != nil {
		return err
	}
	link := h.absolute(paths.Person(u.ID))
	for _, a := range admins {
		subject, text, html, err := email.Compose(ctx, lang, func(ctx context.Context) email.Email {
			return email.Email{
				Subject:  i18n.T(ctx, "sso.newcomer.subject", "Name", u.Name),
				Greeting: i18n.T(ctx, "email.hello_name", "Name", a.Name),
				Paragraphs: []string{
					i18n.T(ctx, "sso.newcomer.body", "Name", u.Name, "Email", u.Email),
					i18n.T(ctx, "sso.newcomer.next"),
				},
				Action: email.Link{Label: i18n.T(ctx, "sso.newcomer.action"), URL: link},
				Why:    i18n.T(ctx, "sso.newcomer.why"),
			}
		})
		if err != nil {
			return err
		}
		msg := mailer.Message{To: netmail.Address{Name: a.Name, Address: a.Email}, MessageID: strings.Replace(job.Args.MessageID, "@", "."+strconv.FormatInt(a.ID, 10)+"@", 1),
			Subject: subject, Text: text, HTML: html}
		if err := h.Sender.Deliver(ctx, fmt.Sprintf("newcomer:%d:%d", u.ID, a.ID), msg); err != nil {
			return err
		}
	}
	return nil
}
