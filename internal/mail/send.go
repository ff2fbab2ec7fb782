package mail

import (
	"context"

	"belonging/internal/jobs"
	"belonging/internal/store"
)

// Sender sends each email once. Every email is named by a key for what it
// is ("invitation:42", "notification:913", "digest:17:2026-11-30"), and
// Deliver records the key in mail_sent, committed, as soon as the mail
// server has accepted the message. A job that runs again (retried after a
// failure, or after its server was killed) finds the key and sends
// nothing. What this guarantees:
//
//   - A write that rolls back sends nothing: its job was never committed.
//   - An email whose sending fails is retried, with back-off, until it is
//     accepted or the attempts run out (then admins see the failed job).
//   - An email accepted by the mail server and recorded is never sent
//     again, however often or wherever its job runs afterwards.
//   - The one gap: a server that dies after the mail server's "250
//     accepted" and before its record commits (one single-row insert, a
//     millisecond) leaves no record, and the retry sends the email again.
//     That copy has the same Message-ID, fixed when the job was enqueued,
//     so mail systems that drop repeated Message-IDs (Exchange Online,
//     Gmail) show it once. Closing the gap entirely would mean recording
//     before sending, which loses the email instead when a server dies
//     mid-send; a second copy is the better failure for an invitation or
//     a reminder.
type Sender struct {
	Transport Transport
	Queries   *store.Queries
	// Domain ends every Message-ID: the app's host name.
	Domain string
}

// Deliver sends m unless the email named key has been sent. A refusal the
// mail server gives as permanent stops the job (it shows as failed, with
// the server's words, and is not retried).
func (s *Sender) Deliver(ctx context.Context, key string, m Message) error {
	sent, err := s.Queries.MailSent(ctx, key)
	if err != nil || sent {
		return err
	}
	if err := s.Transport.Send(ctx, m); err != nil {
		if Permanent(err) {
			return jobs.Permanent(err)
		}
		return err
	}
	// Recorded even when the job's context has ended: the message is out.
	return s.Queries.RecordMailSent(context.WithoutCancel(ctx), store.RecordMailSentParams{Key: key, MessageID: m.MessageID})
}

// NewMessageID returns a Message-ID for a new email from this app.
func (s *Sender) NewMessageID() string { return NewMessageID(s.Domain) }
