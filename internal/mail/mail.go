// Package mail sends the app's email. A message is always sent by a job
// (see Sender.Deliver), never inside a request: the request enqueues the
// job in its own transaction, and the job hands the message to a
// Transport, SMTP when it is configured, otherwise (in development only)
// the mailbox kept in the database and shown at /dev/mail.
package mail

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/base32"
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"os"
	"strings"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"
	gosmtp "github.com/wneessen/go-mail/smtp"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"belonging/internal/config"
	"belonging/internal/store"
)

// Message is one email, with a plain-text and an HTML part.
type Message struct {
	// To is the recipient, a person with an account or an invitation:
	// nothing else is ever addressed.
	To      mail.Address
	Subject string
	Text    string
	HTML    string
	// MessageID is the Message-ID header, angle brackets included. It is
	// fixed when the job is enqueued, so every attempt to send the same
	// email carries the same one.
	MessageID string
	// Unsubscribe, when set, is the one-click unsubscribe address
	// (RFC 8058) for the List-Unsubscribe headers.
	Unsubscribe string
}

// Transport hands a message to whatever delivers it.
type Transport interface {
	Send(ctx context.Context, m Message) error
}

// New returns the transport the configuration asks for.
func New(cfg config.Config, q *store.Queries) (Transport, error) {
	if cfg.SMTPHost != "" {
		return NewSMTP(cfg)
	}
	if cfg.Development() {
		return &DevMailbox{Queries: q}, nil
	}
	return nil, errors.New("SMTP_HOST is not set: production needs a mail server to send invitations and notifications")
}

// NewMessageID returns a new Message-ID in domain: 128 random bits, so no
// two emails share one even across restored backups.
func NewMessageID(domain string) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return "<" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)) + "@" + domain + ">"
}

// DevMailbox keeps messages in the database instead of sending them.
type DevMailbox struct{ Queries *store.Queries }

// Send stores the message for /dev/mail.
func (d *DevMailbox) Send(ctx context.Context, m Message) error {
	return d.Queries.InsertDevMail(ctx, store.InsertDevMailParams{ToAddress: m.To.Address, Subject: m.Subject, Body: m.Text,
		Html: m.HTML, MessageID: m.MessageID, Unsubscribe: m.Unsubscribe})
}

// SMTP sends through a mail server with go-mail: STARTTLS or implicit
// TLS, and PLAIN, LOGIN or XOAUTH2 authentication.
type SMTP struct {
	host    string
	from    *mail.Address
	options []gomail.Option
	// token, for XOAUTH2, is the client-credentials token source: it keeps
	// the token until shortly before it expires.
	token oauth2.TokenSource

	// idle holds connections that have delivered a message and may carry
	// another: a new connection per message spends most of its time on the
	// TLS handshake and authentication.
	mu   sync.Mutex
	idle []*smtpConn
}

// smtpConn is an open, authenticated connection to the mail server.
type smtpConn struct {
	client *gomail.Client
	conn   *gosmtp.Client
	last   time.Time // when it last delivered
	sent   int
}

// A connection is used again only while the server is sure to keep it
// (servers close idle ones after a minute or more), for a bounded number of
// messages (some servers limit messages per connection), and at most as
// many are kept as the mail queue has workers.
const (
	connIdleFor  = 20 * time.Second
	connMessages = 50
	connsKept    = 16
)

// NewSMTP checks the mail settings and prepares to send with them.
func NewSMTP(cfg config.Config) (*SMTP, error) {
	from, err := mail.ParseAddress(cfg.SMTPFrom)
	if err != nil {
		return nil, fmt.Errorf("SMTP_FROM is not an email address: %w", err)
	}
	tlsConfig := &tls.Config{ServerName: cfg.SMTPHost, MinVersion: tls.VersionTLS12}
	if cfg.SMTPCAFile != "" {
		pem, err := os.ReadFile(cfg.SMTPCAFile)
		if err != nil {
			return nil, fmt.Errorf("SMTP_CA_FILE: %w", err)
		}
		tlsConfig.RootCAs = x509.NewCertPool()
		if !tlsConfig.RootCAs.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("SMTP_CA_FILE %s holds no PEM certificate", cfg.SMTPCAFile)
		}
	}
	s := &SMTP{host: cfg.SMTPHost, from: from, options: []gomail.Option{
		gomail.WithPort(cfg.SMTPPort), gomail.WithTLSConfig(tlsConfig), gomail.WithTimeout(30 * time.Second),
		// A message ends its mail transaction, so the next on the same
		// connection needs no RSET; a closed connection shows at MAIL, so no
		// NOOP first.
		gomail.WithoutNoop(), gomail.WithoutRset(),
	}}
	switch cfg.SMTPTLS {
	case "implicit":
		s.options = append(s.options, gomail.WithSSL())
	case "starttls":
		s.options = append(s.options, gomail.WithTLSPortPolicy(gomail.TLSMandatory))
	default:
		s.options = append(s.options, gomail.WithTLSPortPolicy(gomail.NoTLS))
	}
	switch cfg.SMTPAuth {
	case "plain", "login":
		auth := gomail.SMTPAuthPlain
		if cfg.SMTPAuth == "login" {
			auth = gomail.SMTPAuthLogin
		}
		s.options = append(s.options, gomail.WithSMTPAuth(auth), gomail.WithUsername(cfg.SMTPUsername), gomail.WithPassword(cfg.SMTPPassword))
	case "xoauth2":
		s.options = append(s.options, gomail.WithSMTPAuth(gomail.SMTPAuthXOAUTH2), gomail.WithUsername(cfg.SMTPUsername))
		cc := clientcredentials.Config{ClientID: cfg.SMTPOAuthClientID, ClientSecret: cfg.SMTPOAuthClientSecret,
			TokenURL: cfg.SMTPOAuthTokenURL, Scopes: []string{cfg.SMTPOAuthScope}, AuthStyle: oauth2.AuthStyleInParams}
		ctx := context.WithValue(context.Background(), oauth2.HTTPClient, &http.Client{Timeout: 30 * time.Second})
		s.token = cc.TokenSource(ctx)
	default:
		s.options = append(s.options, gomail.WithSMTPAuth(gomail.SMTPAuthNoAuth))
	}
	// The server's name for itself in HELO: the From address's domain.
	if _, domain, ok := strings.Cut(from.Address, "@"); ok {
		s.options = append(s.options, gomail.WithHELO(domain))
	}
	return s, nil
}

// Send delivers the message, over a connection kept from an earlier
// message when there is one. An error the server gives as permanent (a 5xx
// reply) is returned as such (see Permanent). Once the server has accepted
// the message (250 after DATA) Send returns nil, whatever happens to the
// connection after. A kept connection the server has meanwhile closed fails
// before the message is accepted, and the message is then sent once more
// over a new connection.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	msg, err := s.compose(m)
	if err != nil {
		return permanent{err}
	}
	for {
		c, kept, err := s.connection(ctx)
		if err != nil {
			return err
		}
		err = c.client.SendWithSMTPClient(c.conn, msg)
		if err == nil {
			s.keep(c)
			return nil
		}
		_ = c.client.CloseWithSMTPClient(c.conn)
		var se *gomail.SendError
		switch {
		case msg.IsDelivered():
			return nil
		case kept:
			continue // the server may have closed it: try a new connection
		case errors.As(err, &se) && se.ErrorCode() >= 500:
			return permanent{err}
		}
		return err
	}
}

// connection returns a kept connection (kept is true) or a new one.
func (s *SMTP) connection(ctx context.Context) (c *smtpConn, kept bool, err error) {
	s.mu.Lock()
	for len(s.idle) > 0 {
		c = s.idle[len(s.idle)-1]
		s.idle = s.idle[:len(s.idle)-1]
		if time.Since(c.last) < connIdleFor {
			s.mu.Unlock()
			return c, true, nil
		}
		_ = c.client.CloseWithSMTPClient(c.conn)
	}
	s.mu.Unlock()
	opts := s.options
	if s.token != nil {
		tok, err := s.token.Token()
		if err != nil {
			return nil, false, fmt.Errorf("get an XOAUTH2 token: %w", err)
		}
		opts = append(opts[:len(opts):len(opts)], gomail.WithPassword(tok.AccessToken))
	}
	client, err := gomail.NewClient(s.host, opts...)
	if err != nil {
		return nil, false, permanent{err}
	}
	conn, err := client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("connect to the mail server: %w", err)
	}
	return &smtpConn{client: client, conn: conn}, false, nil
}

// keep puts a connection that has just delivered a message back for the
// next one, or closes it.
func (s *SMTP) keep(c *smtpConn) {
	c.last, c.sent = time.Now(), c.sent+1
	s.mu.Lock()
	if c.sent < connMessages && len(s.idle) < connsKept {
		s.idle = append(s.idle, c)
		c = nil
	}
	s.mu.Unlock()
	if c != nil {
		_ = c.client.CloseWithSMTPClient(c.conn)
	}
}

func (s *SMTP) compose(m Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	if err := msg.FromFormat(s.from.Name, s.from.Address); err != nil {
		return nil, err
	}
	if err := msg.AddToFormat(m.To.Name, m.To.Address); err != nil {
		return nil, err
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(strings.Trim(m.MessageID, "<>"))
	msg.SetDate()
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	// Automatic mail: no out-of-office replies to it (RFC 3834).
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	if m.Unsubscribe != "" {
		msg.SetGenHeader("List-Unsubscribe", "<"+m.Unsubscribe+">")
		msg.SetGenHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	return msg, nil
}

// permanent is a send error that retrying will not fix.
type permanent struct{ error }

func (p permanent) Unwrap() error { return p.error }

// Permanent reports whether err is one retrying cannot fix: a message the
// server refused for good, or one that could not be composed.
func Permanent(err error) bool {
	var p permanent
	return errors.As(err, &p)
}
