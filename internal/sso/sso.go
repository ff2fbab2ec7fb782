// Package sso signs people in through their institution's identity
// providers: OpenID Connect (Microsoft Entra ID, Google Workspace, any
// other) and SAML 2.0 (the UK Access Management Federation). It holds the
// sign-in pages that find a person's institution, the flows themselves,
// the linking of a provider's subject to an account, and the admin pages
// where an institution sets its providers up.
package sso

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/access"
	"belonging/internal/auth"
	"belonging/internal/jobs"
	mailer "belonging/internal/mail"
	"belonging/internal/store"
)

// Handler serves the sign-in pages and flows of identity providers and
// their admin pages.
type Handler struct {
	Pool     *pgxpool.Pool
	Queries  *store.Queries
	Access   *access.Loader
	Sessions *auth.Sessions
	// Jobs sends the emails telling admins of newcomers, enqueued in the
	// sign-in's transaction.
	Jobs   *jobs.Queue
	Sender *mailer.Sender
	// BaseURL is the app's public address: redirect URIs, the SAML
	// entity and its endpoints are built on it.
	BaseURL *url.URL
	Secrets Secrets
	// SAML is the service provider's key pair; nil when none is
	// configured, and SAML providers cannot then be used.
	SAML *SPKeys
	// HTTP reaches providers: discovery, keys, tokens and metadata.
	HTTP *http.Client
	// Replay records accepted SAML assertions for every app server.
	Replay *ReplayCache
	// AllowHTTP lets development use providers on plain http.
	AllowHTTP bool

	oidcMu    sync.Mutex
	oidcCache map[int64]cachedOIDC
	samlMu    sync.Mutex
	samlCache map[int64]cachedMetadata
}

func (h *Handler) setup() Setup {
	return Setup{Secrets: h.Secrets, HTTP: h.HTTP, AllowHTTP: h.AllowHTTP}
}

// flowLifetime is how long a person has to finish signing in at their
// provider before the app forgets the attempt.
const flowLifetime = 10 * time.Minute

// NewHTTPClient returns the client for reaching identity providers. Unless
// allowPrivate, it refuses to connect to loopback, private and link-local
// addresses: the addresses it fetches are typed in by institution admins,
// and must not become a way to probe the network the app runs in.
func NewHTTPClient(allowPrivate bool) *http.Client {
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	if !allowPrivate {
		dialer.Control = func(_, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			ip := net.ParseIP(host)
			if ip == nil || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsUnspecified() ||
				ip.IsMulticast() || ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast() {
				return fmt.Errorf("refusing to connect to %s: not a public address", host)
			}
			return nil
		}
	}
	transport := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 20 * time.Second,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
	}
	return &http.Client{Transport: transport, Timeout: 2 * time.Minute}
}

// randomToken returns 256 random bits, base64url.
func randomToken() string { return base64.RawURLEncoding.EncodeToString(randomBytes(32)) }

func randomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return b
}

func hashOf(s string) []byte {
	sum := sha256.Sum256([]byte(s))
	return sum[:]
}

// absolute makes an app path into an address on BaseURL.
func (h *Handler) absolute(path string) string {
	return strings.TrimRight(h.BaseURL.String(), "/") + path
}

func (h *Handler) absoluteURL(path string) url.URL {
	u, err := url.Parse(h.absolute(path))
	if err != nil {
		panic(err) // BaseURL was validated at start-up, and paths are ours
	}
	return *u
}

// withoutRequestDeadline gives a fetch from a provider its own time limit
// instead of the request's (which bounds database work): a federation's
// metadata can take longer than a page to download.
func withoutRequestDeadline(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), d)
}

var errNoProvider = errors.New("no such identity provider")
