// Package auth holds sign-in's building blocks (password hashing, sessions,
// the signed-in person on each request, the sign-in throttle) and the one
// place that decides what a person may do: the policy.
package auth

import (
	"context"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/httpx"
	"belonging/internal/reqctx"
)

// Session keys.
const (
	keyUserID = "uid"
	keyEpoch  = "epoch"
	keySeen   = "seen"
	keyFlashK = "flash_kind"
	keyFlashM = "flash_msg"
)

// seenResolution is how stale the last-seen time may get before it is
// written again. Idle expiry is enforced to within this much, without a
// session write on every request.
const seenResolution = time.Minute

// SessionOptions configure the session cookie and timeouts.
type SessionOptions struct {
	IdleTimeout time.Duration
	Lifetime    time.Duration
	Secure      bool
	// CookieName defaults to "belonging_session"; tests running two app
	// servers on one host keep the default, so they share the cookie.
	CookieName string
}

// Sessions keeps session state in PostgreSQL through scs, so any app server
// can serve any request.
type Sessions struct {
	Manager *scs.SessionManager
	store   *sessionStore
	idle    time.Duration
	people  *personCache
}

// NewSessions configures scs safely: an absolute lifetime, HttpOnly,
// SameSite=Lax and (with an https BASE_URL) Secure cookies. scs's own
// IdleTimeout is left off because it rewrites the session on every request;
// idle expiry is enforced here from a last-seen time refreshed once a minute.
func NewSessions(pool *pgxpool.Pool, opts SessionOptions) *Sessions {
	sm := scs.New()
	sm.Codec = sessionCodec{}
	store := newSessionStore(pool, sm.Codec, 10*time.Minute)
	sm.Store = store
	sm.Lifetime = opts.Lifetime
	sm.Cookie.Name = "belonging_session"
	if opts.CookieName != "" {
		sm.Cookie.Name = opts.CookieName
	}
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = opts.Secure
	sm.Cookie.Path = "/"
	sm.Cookie.Persist = false
	// A session that cannot be loaded or saved gets the app's 500 page.
	sm.ErrorFunc = httpx.ServerError
	return &Sessions{Manager: sm, store: store, idle: opts.IdleTimeout, people: newPersonCache(personCacheSize)}
}

// Close stops the background cleanup of expired sessions.
func (s *Sessions) Close() { s.store.close() }

// LoadAndSave is scs's middleware, with a place in the request for what
// loading the session learns about its person (see CurrentUser).
func (s *Sessions) LoadAndSave(next http.Handler) http.Handler {
	h := s.Manager.LoadAndSave(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, _ := withPeek(r.Context())
		h.ServeHTTP(w, r.WithContext(ctx))
	})
}

// Start signs the person in: a new session token (so a token planted before
// sign-in is worthless), then who they are and the epoch their sessions
// belong to.
func (s *Sessions) Start(ctx context.Context, userID int64, epoch int32) error {
	if err := s.Manager.RenewToken(ctx); err != nil {
		return err
	}
	s.Manager.Put(ctx, keyUserID, userID)
	s.Manager.Put(ctx, keyEpoch, epoch)
	s.Manager.Put(ctx, keySeen, time.Now().Unix())
	return nil
}

// End signs the person out: the session is deleted from the database, so
// the old cookie no longer works anywhere.
func (s *Sessions) End(ctx context.Context) error {
	if err := s.Manager.Destroy(ctx); err != nil {
		return err
	}
	return s.Manager.RenewToken(ctx)
}

// SetEpoch records a new epoch in the current session, after a password
// change raised it, so this session survives while the others end.
func (s *Sessions) SetEpoch(ctx context.Context, epoch int32) {
	s.Manager.Put(ctx, keyEpoch, epoch)
}

// identity returns the session's user id and epoch when the session is
// signed in and not idle for too long. It refreshes the last-seen time when
// it is more than a minute old.
func (s *Sessions) identity(ctx context.Context) (userID int64, epoch int32, ok bool) {
	userID = s.Manager.GetInt64(ctx, keyUserID)
	if userID == 0 {
		return 0, 0, false
	}
	now := time.Now()
	seen := time.Unix(s.Manager.GetInt64(ctx, keySeen), 0)
	if now.Sub(seen) > s.idle {
		_ = s.Manager.Destroy(ctx)
		return 0, 0, false
	}
	if now.Sub(seen) > seenResolution {
		s.Manager.Put(ctx, keySeen, now.Unix())
	}
	return userID, s.Manager.GetInt32(ctx, keyEpoch), true
}

// Flash keeps a message to show on the next page (after a redirect).
func (s *Sessions) Flash(ctx context.Context, kind, message string) {
	s.Manager.Put(ctx, keyFlashK, kind)
	s.Manager.Put(ctx, keyFlashM, message)
}

// popFlash takes the waiting flash message, if there is one. Checking
// first keeps an unmodified session from being written.
func (s *Sessions) popFlash(ctx context.Context) (reqctx.Flash, bool) {
	if !s.Manager.Exists(ctx, keyFlashM) {
		return reqctx.Flash{}, false
	}
	return reqctx.Flash{Kind: s.Manager.PopString(ctx, keyFlashK), Message: s.Manager.PopString(ctx, keyFlashM)}, true
}
