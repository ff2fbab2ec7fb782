package mail_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	netmail "net/mail"
	"net/url"
	"strings"
	"testing"

	"github.com/emersion/go-smtp"
	"github.com/google/go-cmp/cmp"

	"belonging/internal/config"
	"belonging/internal/mail"
	"belonging/internal/store"
	"belonging/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// mailConfig is the configuration for sending through srv.
func mailConfig(srv *testkit.SMTP, set func(*config.Config)) config.Config {
	cfg := config.Config{SMTPHost: srv.Host, SMTPPort: srv.Port, SMTPTLS: "starttls", SMTPAuth: "none",
		SMTPFrom: "Belonging <belonging@uni.example.ac.uk>", SMTPCAFile: srv.CAFile}
	if set != nil {
		set(&cfg)
	}
	return cfg
}

func message(to string) mail.Message {
	return mail.Message{
		To:          netmail.Address{Name: "Nia Evans", Address: to},
		Subject:     "A case study waits for your review",
		Text:        "Hello Nia,\n\nPeer mentoring in first year waits for your review.\n",
		HTML:        "<p>Hello Nia,</p><p><strong>Peer mentoring in first year</strong> waits for your review.</p>",
		MessageID:   mail.NewMessageID("belonging.uni.example.ac.uk"),
		Unsubscribe: "https://belonging.uni.example.ac.uk/unsubscribe/abc",
	}
}

func send(t *testing.T, cfg config.Config, m mail.Message) error {
	t.Helper()
	tr, err := mail.NewSMTP(cfg)
	if err != nil {
		t.Fatalf("NewSMTP: %v", err)
	}
	return tr.Send(context.Background(), m)
}

// Over STARTTLS with PLAIN: the message carries its Message-ID, the
// one-click unsubscribe headers, and a text and an HTML part.
func TestSMTPStartTLSPlain(t *testing.T) {
	t.Parallel()
	srv := testkit.NewSMTP(t, testkit.SMTPOptions{Username: "belonging@uni.example.ac.uk", Secret: "s3cret"})
	m := message("nia.evans@uni.example.ac.uk")
	err := send(t, mailConfig(srv, func(c *config.Config) {
		c.SMTPAuth, c.SMTPUsername, c.SMTPPassword = "plain", "belonging@uni.example.ac.uk", "s3cret"
	}), m)
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := srv.WaitMessages(t, 1)
	if diff := cmp.Diff([]string{"PLAIN"}, srv.Mechanisms()); diff != "" {
		t.Errorf("AUTH mechanisms used (-want +got):\n%s", diff)
	}
	if got[0].From != "belonging@uni.example.ac.uk" || !cmp.Equal(got[0].To, []string{"nia.evans@uni.example.ac.uk"}) {
		t.Errorf("envelope = %s -> %v, want belonging@uni.example.ac.uk -> [nia.evans@uni.example.ac.uk]", got[0].From, got[0].To)
	}
	l := got[0].Letter(t)
	h := l.Header
	for name, want := range map[string]string{
		"Message-Id":            m.MessageID,
		"List-Unsubscribe":      "<" + m.Unsubscribe + ">",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		"Auto-Submitted":        "auto-generated",
		"Subject":               m.Subject,
	} {
		if got := h.Get(name); got != want {
			t.Errorf("header %s = %q, want %q", name, got, want)
		}
	}
	if to, err := h.AddressList("To"); err != nil || len(to) != 1 || to[0].Name != "Nia Evans" {
		t.Errorf("To = %v (%v), want Nia Evans", to, err)
	}
	if !strings.Contains(l.Text, "Peer mentoring in first year waits for your review.") {
		t.Errorf("text part = %q", l.Text)
	}
	if !strings.Contains(l.HTML, "<strong>Peer mentoring in first year</strong>") {
		t.Errorf("HTML part = %q", l.HTML)
	}
}

// Implicit TLS (port 465 style) with no authentication, for a relay.
func TestSMTPImplicitTLS(t *testing.T) {
	t.Parallel()
	srv := testkit.NewSMTP(t, testkit.SMTPOptions{Implicit: true})
	if err := send(t, mailConfig(srv, func(c *config.Config) { c.SMTPTLS = "implicit" }), message("a@uni.example.ac.uk")); err != nil {
		t.Fatalf("Send: %v", err)
	}
	srv.WaitMessages(t, 1)

	// STARTTLS offered by nobody: a server speaking TLS at once is not
	// reached with STARTTLS, and the failure is temporary (retried).
	err := send(t, mailConfig(srv, nil), message("a@uni.example.ac.uk"))
	if err == nil || mail.Permanent(err) {
		t.Errorf("STARTTLS to an implicit-TLS server: error = %v, want a temporary error", err)
	}
}

// XOAUTH2 as for Exchange Online: a client-credentials token from the
// token endpoint is presented as the bearer token for the mailbox.
func TestSMTPXOAUTH2(t *testing.T) {
	t.Parallel()
	var requests []url.Values
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			t.Error(err)
		}
		requests = append(requests, r.PostForm)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": "token-from-entra", "token_type": "Bearer", "expires_in": 3600})
	}))
	t.Cleanup(tokens.Close)
	srv := testkit.NewSMTP(t, testkit.SMTPOptions{Username: "belonging@uni.example.ac.uk", Secret: "token-from-entra"})
	cfg := mailConfig(srv, func(c *config.Config) {
		c.SMTPAuth, c.SMTPUsername = "xoauth2", "belonging@uni.example.ac.uk"
		c.SMTPOAuthTokenURL, c.SMTPOAuthClientID, c.SMTPOAuthClientSecret = tokens.URL, "app-id", "app-secret"
		c.SMTPOAuthScope = "https://outlook.office365.com/.default"
	})
	tr, err := mail.NewSMTP(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := tr.Send(context.Background(), message("nia.evans@uni.example.ac.uk")); err != nil {
			t.Fatalf("Send: %v", err)
		}
	}
	// The two messages share a connection, authenticated once; a new
	// connection authenticates again, with the same token.
	srv.DropConnections()
	if err := tr.Send(context.Background(), message("nia.evans@uni.example.ac.uk")); err != nil {
		t.Fatalf("Send over a new connection: %v", err)
	}
	srv.WaitMessages(t, 3)
	if diff := cmp.Diff([]string{"XOAUTH2", "XOAUTH2"}, srv.Mechanisms()); diff != "" {
		t.Errorf("AUTH mechanisms used (-want +got):\n%s", diff)
	}
	// One token serves every message: it is kept until it expires.
	want := []url.Values{{"grant_type": {"client_credentials"}, "client_id": {"app-id"}, "client_secret": {"app-secret"},
		"scope": {"https://outlook.office365.com/.default"}}}
	if diff := cmp.Diff(want, requests); diff != "" {
		t.Errorf("token requests (-want +got):\n%s", diff)
	}
}

// A 5xx refusal is permanent (the job stops, shown as failed); a 4xx is
// temporary (retried).
func TestSMTPRefusals(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		code          int
		wantPermanent bool
	}{{550, true}, {451, false}} {
		srv := testkit.NewSMTP(t, testkit.SMTPOptions{Refuse: &smtp.SMTPError{Code: tt.code, Message: "not today"}})
		err := send(t, mailConfig(srv, nil), message("gone@uni.example.ac.uk"))
		if err == nil || mail.Permanent(err) != tt.wantPermanent {
			t.Errorf("refused with %d: error = %v, Permanent = %v, want %v", tt.code, err, mail.Permanent(err), tt.wantPermanent)
		}
	}
}

// An email is sent once by its key, however often its job runs: a retry
// after the send finds the record and sends nothing.
func TestDeliverSendsEachKeyOnce(t *testing.T) {
	t.Parallel()
	srv := testkit.NewSMTP(t, testkit.SMTPOptions{})
	tr, err := mail.NewSMTP(mailConfig(srv, nil))
	if err != nil {
		t.Fatal(err)
	}
	pool, _ := testkit.Pool(t, testkit.EmptyDB(t))
	s := &mail.Sender{Transport: tr, Queries: store.New(pool), Domain: "belonging.uni.example.ac.uk"}
	m := message("nia.evans@uni.example.ac.uk")
	for range 3 {
		if err := s.Deliver(context.Background(), "notification:7", m); err != nil {
			t.Fatalf("Deliver: %v", err)
		}
	}
	if err := s.Deliver(context.Background(), "notification:8", m); err != nil {
		t.Fatalf("Deliver: %v", err)
	}
	if got := len(srv.Messages()); got != 2 {
		t.Errorf("messages received after delivering key 7 three times and key 8 once = %d, want 2", got)
	}
}

// Messages share a connection: the TLS handshake and authentication are
// paid once, not per email. When the server has closed the kept
// connection, the next message goes over a new one, delivered once.
func TestSMTPKeepsItsConnection(t *testing.T) {
	t.Parallel()
	srv := testkit.NewSMTP(t, testkit.SMTPOptions{Username: "belonging@uni.example.ac.uk", Secret: "s3cret"})
	tr, err := mail.NewSMTP(mailConfig(srv, func(c *config.Config) {
		c.SMTPAuth, c.SMTPUsername, c.SMTPPassword = "plain", "belonging@uni.example.ac.uk", "s3cret"
	}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for i := range 5 {
		if err := tr.Send(ctx, message(fmt.Sprintf("person%d@uni.example.ac.uk", i))); err != nil {
			t.Fatalf("Send %d: %v", i, err)
		}
	}
	if got := srv.Connections(); got != 1 {
		t.Errorf("connections for 5 messages sent one after another = %d, want 1", got)
	}
	srv.DropConnections()
	if err := tr.Send(ctx, message("after.drop@uni.example.ac.uk")); err != nil {
		t.Fatalf("Send after the server closed the connection: %v", err)
	}
	got := srv.WaitMessages(t, 6)
	var to []string
	for _, m := range got {
		to = append(to, m.To...)
	}
	want := []string{"person0@uni.example.ac.uk", "person1@uni.example.ac.uk", "person2@uni.example.ac.uk",
		"person3@uni.example.ac.uk", "person4@uni.example.ac.uk", "after.drop@uni.example.ac.uk"}
	if diff := cmp.Diff(want, to); diff != "" {
		t.Errorf("recipients (-want +got):\n%s", diff)
	}
	if got := srv.Connections(); got != 2 {
		t.Errorf("connections after the server closed the first = %d, want 2", got)
	}
}
