package testkit

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"net"
	netmail "net/mail"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// SMTPOptions say how the test mail server behaves.
type SMTPOptions struct {
	// Implicit speaks TLS from the first byte (port 465 style); otherwise
	// the server offers STARTTLS.
	Implicit bool
	// Username and Secret are what PLAIN (password) and XOAUTH2 (access
	// token) must present; with no Username the server asks for no AUTH.
	Username, Secret string
	// Refuse, when set, answers each recipient with this error, or only
	// the recipients in RefuseOnly when that is set.
	Refuse     *smtp.SMTPError
	RefuseOnly []string
}

// SMTP is a real SMTP server (emersion/go-smtp) on a free port of
// 127.0.0.1 with a certificate of its own CA, keeping what it receives.
type SMTP struct {
	Host   string
	Port   int
	CAFile string

	opts     SMTPOptions
	mu       sync.Mutex
	messages []Received
	mechs    []string
	conns    []*smtp.Conn // every connection made, open or not
}

// Received is one message the server accepted.
type Received struct {
	From string
	To   []string
	Data []byte
}

// NewSMTP starts a mail server for the test; it stops at cleanup.
func NewSMTP(t testing.TB, opts SMTPOptions) *SMTP {
	t.Helper()
	dir := t.TempDir()
	cert, caFile := selfSigned(t, dir)
	s := &SMTP{Host: "127.0.0.1", CAFile: caFile, opts: opts}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		// A connection starts a new session after STARTTLS: count it once.
		s.mu.Lock()
		if !slices.Contains(s.conns, c) {
			s.conns = append(s.conns, c)
		}
		s.mu.Unlock()
		return &smtpSession{s: s}, nil
	}))
	srv.Domain = "mail.test"
	srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	srv.ReadTimeout, srv.WriteTimeout = 30*time.Second, 30*time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if opts.Implicit {
		l = tls.NewListener(l, srv.TLSConfig)
	}
	s.Port = l.Addr().(*net.TCPAddr).Port
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	t.Cleanup(func() {
		_ = srv.Close()
		if err := <-done; err != nil && !errors.Is(err, smtp.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
			t.Errorf("test SMTP server: %v", err)
		}
	})
	return s
}

// Connections returns how many connections clients have made so far.
func (s *SMTP) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// DropConnections closes every open connection, as a server does with
// idle ones.
func (s *SMTP) DropConnections() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.conns {
		_ = c.Close()
	}
}

// Messages returns what the server has accepted so far.
func (s *SMTP) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.messages...)
}

// Mechanisms returns the AUTH mechanisms clients used, in order.
func (s *SMTP) Mechanisms() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.mechs...)
}

// WaitMessages waits (up to 20 s) until the server holds at least n
// messages and returns them.
func (s *SMTP) WaitMessages(t testing.TB, n int) []Received {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if m := s.Messages(); len(m) >= n {
			return m
		}
		if time.Now().After(deadline) {
			t.Fatalf("the test SMTP server received %d messages in 20 s, want %d", len(s.Messages()), n)
		}
	}
}

// Letter is a received message as its reader sees it: the headers, the
// decoded subject, and the text and HTML parts.
type Letter struct {
	// To is the envelope's recipients.
	To      []string
	Header  netmail.Header
	Subject string
	Text    string
	HTML    string
}

// Letter reads m, failing the test unless it is a multipart/alternative
// message with a subject.
func (m Received) Letter(t testing.TB) Letter {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		t.Fatalf("read the received message: %v", err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatalf("decode the subject %q: %v", msg.Header.Get("Subject"), err)
	}
	l := Letter{To: m.To, Header: msg.Header, Subject: subject}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type = %q (%v), want multipart/alternative", msg.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return l
		}
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(p) // quoted-printable is decoded by NextPart
		if err != nil {
			t.Fatal(err)
		}
		switch ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type")); ct {
		case "text/plain":
			l.Text = string(body)
		case "text/html":
			l.HTML = string(body)
		}
	}
}

type smtpSession struct {
	s      *SMTP
	authed bool
	from   string
	to     []string
}

func (c *smtpSession) AuthMechanisms() []string {
	if c.s.opts.Username == "" {
		return nil
	}
	return []string{sasl.Plain, "XOAUTH2"}
}

func (c *smtpSession) Auth(mech string) (sasl.Server, error) {
	c.s.mu.Lock()
	c.s.mechs = append(c.s.mechs, mech)
	c.s.mu.Unlock()
	check := func(user, secret string) error {
		if user != c.s.opts.Username || secret != c.s.opts.Secret {
			return errors.New("wrong credentials")
		}
		c.authed = true
		return nil
	}
	switch mech {
	case sasl.Plain:
		return sasl.NewPlainServer(func(_, user, password string) error { return check(user, password) }), nil
	case "XOAUTH2":
		return xoauth2Server(check), nil
	}
	return nil, smtp.ErrAuthUnknownMechanism
}

// xoauth2Server reads the one message of XOAUTH2:
// "user=" user ^A "auth=Bearer " token ^A ^A.
type xoauth2Server func(user, token string) error

func (f xoauth2Server) Next(resp []byte) ([]byte, bool, error) {
	if resp == nil {
		return []byte{}, false, nil
	}
	var user, token string
	for _, part := range strings.Split(string(resp), "\x01") {
		if v, ok := strings.CutPrefix(part, "user="); ok {
			user = v
		} else if v, ok := strings.CutPrefix(part, "auth=Bearer "); ok {
			token = v
		}
	}
	return nil, true, f(user, token)
}

func (c *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	if c.s.opts.Username != "" && !c.authed {
		return smtp.ErrAuthRequired
	}
	c.from = from
	return nil
}

func (c *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if r := c.s.opts; r.Refuse != nil && (len(r.RefuseOnly) == 0 || slices.Contains(r.RefuseOnly, to)) {
		return r.Refuse
	}
	c.to = append(c.to, to)
	return nil
}

func (c *smtpSession) Data(r io.Reader) error {
	var b bytes.Buffer
	if _, err := io.Copy(&b, r); err != nil {
		return err
	}
	c.s.mu.Lock()
	c.s.messages = append(c.s.messages, Received{From: c.from, To: c.to, Data: b.Bytes()})
	c.s.mu.Unlock()
	return nil
}

func (c *smtpSession) Reset()        { c.from, c.to = "", nil }
func (c *smtpSession) Logout() error { return nil }

// selfSigned makes a CA certificate for 127.0.0.1 and writes it, as the
// PEM file a client trusts, in dir.
func selfSigned(t testing.TB, dir string) (tls.Certificate, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "Belonging test mail server"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IPAddresses:           []net.IP{netip.MustParseAddr("127.0.0.1").AsSlice()},
		DNSNames:              []string{"localhost"},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:                  true,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "mail-ca.pem")
	if err := os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, file
}
