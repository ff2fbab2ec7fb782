// Package mail sends the app's email through one interface: SMTP when it
// is configured, otherwise (in development only) a mailbox kept in the
// database and shown at /dev/mail.
package mail

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"net/smtp"
	"strconv"
	"strings"
	"time"

	"belonging/internal/config"
	"belonging/internal/store"
)

// Message is one plain-text email.
type Message struct {
	To      string
	Subject string
	Body    string
}

// Mailer sends messages.
type Mailer interface {
	Send(ctx context.Context, m Message) error
}

// New returns the mailer the configuration asks for.
func New(cfg config.Config, q *store.Queries) (Mailer, error) {
	if cfg.SMTPHost != "" {
		from, err := mail.ParseAddress(cfg.SMTPFrom)
		if err != nil {
			return nil, fmt.Errorf("SMTP_FROM is not an email address: %w", err)
		}
		return &SMTP{Host: cfg.SMTPHost, Port: cfg.SMTPPort, Username: cfg.SMTPUsername, Password: cfg.SMTPPassword, From: from}, nil
	}
	if cfg.Development() {
		return &DevMailbox{Queries: q}, nil
	}
	return nil, errors.New("SMTP_HOST is not set: production needs a mail server to send invitations")
}

// DevMailbox keeps messages in the database instead of sending them.
type DevMailbox struct{ Queries *store.Queries }

// Send stores the message for /dev/mail.
func (d *DevMailbox) Send(ctx context.Context, m Message) error {
	return d.Queries.InsertDevMail(ctx, store.InsertDevMailParams{ToAddress: m.To, Subject: m.Subject, Body: m.Body})
}

// SMTP sends through a mail server, with STARTTLS when the server offers
// it (net/smtp refuses to send a password without TLS).
type SMTP struct {
	Host     string
	Port     int
	Username string
	Password string
	From     *mail.Address
}

// Send delivers the message.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return fmt.Errorf("recipient: %w", err)
	}
	var auth smtp.Auth
	if s.Username != "" {
		auth = smtp.PlainAuth("", s.Username, s.Password, s.Host)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\n", s.From.String())
	fmt.Fprintf(&b, "To: %s\r\n", to.String())
	fmt.Fprintf(&b, "Subject: %s\r\n", mime.QEncoding.Encode("utf-8", m.Subject))
	fmt.Fprintf(&b, "Date: %s\r\n", time.Now().Format(time.RFC1123Z))
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	b.WriteString(strings.ReplaceAll(m.Body, "\n", "\r\n"))

	done := make(chan error, 1)
	go func() {
		done <- smtp.SendMail(net.JoinHostPort(s.Host, strconv.Itoa(s.Port)), auth, s.From.Address, []string{to.Address}, []byte(b.String()))
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
