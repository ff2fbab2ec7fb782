// Package server assembles the application: configuration, database,
// sessions, features and routes, and runs the HTTP server with a graceful
// shutdown.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"net/netip"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/access"
	"belonging/internal/account"
	"belonging/internal/activity"
	"belonging/internal/auth"
	"belonging/internal/blob"
	"belonging/internal/casestudy"
	"belonging/internal/config"
	"belonging/internal/db"
	"belonging/internal/evidence"
	"belonging/internal/home"
	"belonging/internal/httpx"
	"belonging/internal/mail"
	"belonging/internal/org"
	"belonging/internal/people"
	"belonging/internal/report"
	"belonging/internal/scim"
	"belonging/internal/sso"
	"belonging/internal/store"
	"belonging/internal/survey"
	"belonging/internal/telemetry"
)

// Server is the application's HTTP side with everything it depends on.
type Server struct {
	cfg      config.Config
	logger   *slog.Logger
	pool     *pgxpool.Pool
	queries  *store.Queries
	sessions *auth.Sessions
	metrics  *Metrics
	trusted  func(netip.Addr) bool
	tracing  *telemetry.Tracing

	crossOrigin func(http.Handler) http.Handler

	account   *account.Handler
	home      *home.Handler
	org       *org.Handler
	people    *people.Handler
	activity  *activity.Handler
	evidence  *evidence.Handler
	casestudy *casestudy.Handler
	blobs     blob.Store
	survey    *survey.Handler
	report    *report.Handler
	sso       *sso.Handler
	scim      *scim.Handler

	// background work started by the server, waited for at shutdown.
	wg sync.WaitGroup
}

// New builds the server from its dependencies. Close releases what New
// started.
func New(cfg config.Config, logger *slog.Logger, pool *pgxpool.Pool, opts ...Option) (*Server, error) {
	q := store.New(pool)
	loader := access.New(q)
	s := &Server{
		cfg:     cfg,
		logger:  logger,
		pool:    pool,
		queries: q,
		sessions: auth.NewSessions(pool, auth.SessionOptions{
			IdleTimeout: cfg.SessionIdleTimeout,
			Lifetime:    cfg.SessionLifetime,
			Secure:      cfg.SecureCookies(),
		}),
		metrics: NewMetrics(pool),
		trusted: trustedProxies(cfg.TrustedProxies),
	}
	for _, o := range opts {
		o(s)
	}
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		httpx.Forbidden(w, r, "This form was sent from another website, so it was not accepted. If you meant to do this, go to the page in Belonging and submit the form from there.")
	}))
	// A SAML IdP posts its answer from its own site; the answer is signed,
	// bound to a request this app made, and usable once, so the usual
	// same-origin rule for forms does not apply to it.
	cop.AddInsecureBypassPattern("POST /saml/{slug}/acs")
	s.crossOrigin = cop.Handler
	throttle := auth.NewThrottle(q, auth.Limits{AccountFromNetwork: cfg.SignInAccountLimit, Account: cfg.SignInAccountCeiling,
		Address: cfg.SignInAddressLimit, Window: cfg.SignInWindow})
	s.home = &home.Handler{Pool: pool, Queries: q, Access: loader}
	s.org = &org.Handler{Pool: pool, Queries: q, Access: loader, Sessions: s.sessions, NetworkMinInstitutions: cfg.NetworkMinInstitutions}
	s.activity = &activity.Handler{Pool: pool, Queries: q, Access: loader, Sessions: s.sessions, BaseURL: cfg.BaseURL.String()}
	s.survey = &survey.Handler{Pool: pool, Queries: q, Access: loader, Sessions: s.sessions, BaseURL: cfg.BaseURL.String(),
		MinGroup: cfg.SurveyMinGroup, Retention: cfg.SurveyRetention, SecureCookies: cfg.SecureCookies(),
		Limiter: survey.NewLimiter(survey.DefaultBurst, survey.DefaultRefill), Sent: survey.NewSentForms(survey.DefaultSentFor)}
	mailer, err := mail.New(cfg, q)
	if err != nil {
		s.Close()
		return nil, err
	}
	s.people = &people.Handler{Pool: pool, Queries: q, Access: loader, Sessions: s.sessions, Mailer: mailer, BaseURL: cfg.BaseURL.String()}
	s.account = &account.Handler{Pool: pool, Queries: q, Access: loader, Sessions: s.sessions, Throttle: throttle, Mailer: mailer, BaseURL: cfg.BaseURL.String()}
	s.scim = &scim.Handler{Pool: pool, Queries: q, BaseURL: cfg.BaseURL.String()}
	s.sso = &sso.Handler{Pool: pool, Queries: q, Access: loader, Sessions: s.sessions, Mailer: mailer, BaseURL: cfg.BaseURL,
		Secrets:   sso.Secrets{Key: cfg.SSOEncryptionKey, Dir: cfg.SSOSecretsDir, Getenv: os.Getenv},
		HTTP:      sso.NewHTTPClient(cfg.Development()),
		Replay:    &sso.ReplayCache{Queries: q},
		AllowHTTP: cfg.Development()}
	if s.sso.SAML, err = samlKeys(cfg); err != nil {
		s.Close()
		return nil, err
	}
	if s.blobs, err = blob.FromConfig(cfg); err != nil {
		s.Close()
		return nil, err
	}
	// Uploads are spooled beside the file store, not in the system's
	// temporary directory (often a small tmpfs), so the space they need
	// is the space the files will take.
	spool := filepath.Join(cfg.DataDir, "spool")
	if err := os.MkdirAll(spool, 0o750); err != nil {
		s.Close()
		return nil, fmt.Errorf("upload spool: %w", err)
	}
	s.evidence = &evidence.Handler{Pool: pool, Queries: q, Access: loader, Sessions: s.sessions, Blobs: s.blobs, MaxUpload: cfg.UploadMaxBytes, TempDir: spool}
	s.casestudy = &casestudy.Handler{Pool: pool, Queries: q, Access: loader, Sessions: s.sessions, BaseURL: cfg.BaseURL.String()}
	s.report = &report.Handler{Pool: pool, Queries: q, Access: loader, MinGroup: cfg.SurveyMinGroup, MinInstitutions: cfg.NetworkMinInstitutions, BaseURL: cfg.BaseURL.String()}
	s.activity.ShowExtra = func(r *http.Request, a access.Activity) ([]templ.Component, error) {
		var out []templ.Component
		for _, section := range []func(*http.Request, access.Activity) (templ.Component, error){
			s.evidence.Section, s.survey.ActivitySection, s.casestudy.ActivitySection,
		} {
			c, err := section(r, a)
			if err != nil {
				return nil, err
			}
			out = append(out, c)
		}
		return out, nil
	}
	return s, nil
}

// samlKeys loads the SAML service provider's key pair: from the files
// configured, or in development from (or into) DATA_DIR. Production
// without them runs without SAML.
func samlKeys(cfg config.Config) (*sso.SPKeys, error) {
	switch {
	case cfg.SAMLCertFile != "":
		return sso.LoadSPKeys(cfg.SAMLCertFile, cfg.SAMLKeyFile)
	case cfg.Development():
		return sso.DevSPKeys(filepath.Join(cfg.DataDir, "sso"), cfg.BaseURL.Hostname())
	}
	return nil, nil
}

// Handler returns the application's router with all middleware, traced
// when tracing is on.
func (s *Server) Handler() http.Handler {
	return s.tracing.Handler(s.routes(), func(r *http.Request) bool { return s.trusted(peerAddr(r)) })
}

// Close stops background work and waits for it.
func (s *Server) Close() {
	s.sessions.Close()
	s.wg.Wait()
}

// Run serves HTTP on the configured address until ctx ends, then shuts
// down gracefully: the listener closes, in-flight requests get up to 25
// seconds to finish, and background work is waited for.
func (s *Server) Run(ctx context.Context) error {
	srv := &http.Server{
		Addr:              s.cfg.ListenAddr,
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.logger.Handler(), slog.LevelWarn),
	}
	if s.cfg.MetricsAddr != "" {
		stopMetrics, err := s.serveMetrics()
		if err != nil {
			return err
		}
		defer stopMetrics()
	}
	s.startBackground(ctx)
	if s.cfg.PprofAddr != "" {
		stopProfiler := s.serveProfiler()
		defer stopProfiler()
	}

	errc := make(chan error, 1)
	go func() {
		s.logger.Info("listening", "addr", s.cfg.ListenAddr, "base_url", s.cfg.BaseURL.String())
		errc <- srv.ListenAndServe()
	}()
	select {
	case err := <-errc:
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	s.logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 25*time.Second)
	defer cancel()
	err := srv.Shutdown(shutdownCtx)
	s.Close()
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// serveMetrics serves /metrics on METRICS_ADDR until the returned
// function is called. The address is taken before the app starts, so a
// clash stops start-up with a message naming the setting.
func (s *Server) serveMetrics() (func(), error) {
	l, err := net.Listen("tcp", s.cfg.MetricsAddr)
	if err != nil {
		return nil, fmt.Errorf("METRICS_ADDR %s: %w (choose another address and port)", s.cfg.MetricsAddr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", s.metrics.Handler(s.cfg.MetricsToken))
	ms := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		s.logger.Info("metrics listening", "addr", s.cfg.MetricsAddr)
		if err := ms.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.logger.Error("metrics", "err", err)
		}
	}()
	return func() { ms.Close() }, nil
}

// serveProfiler serves net/http/pprof on the configured loopback address
// (config refuses any other) until the returned function is called.
func (s *Server) serveProfiler() func() {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	ps := &http.Server{Addr: s.cfg.PprofAddr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		s.logger.Info("profiler listening", "addr", s.cfg.PprofAddr)
		if err := ps.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.logger.Error("profiler", "err", err)
		}
	}()
	return func() { ps.Close() }
}

// startBackground starts the periodic jobs: clearing old sign-in failure
// counts, removing evidence files no row refers to, the surveys' upkeep
// (evidence from closed pairs, deleting responses past their retention),
// moving activities' status on as their sessions start and end, clearing
// uploads left in the spool, and, every minute, sealing surveys that have
// closed (their responses shuffled before any result shows).
func (s *Server) startBackground(ctx context.Context) {
	s.every(ctx, time.Hour, "sweep sign-in failures", func(ctx context.Context) error {
		return s.queries.DeleteStaleSignInFailures(ctx, time.Now().Add(-s.cfg.SignInWindow))
	})
	s.every(ctx, time.Hour, "sweep orphaned evidence files", func(ctx context.Context) error {
		n, err := evidence.Sweep(ctx, s.queries, s.blobs, time.Hour, time.Now())
		if n > 0 {
			s.logger.Info("removed orphaned evidence files", "files", n)
		}
		return err
	})
	s.every(ctx, time.Hour, "survey upkeep", s.survey.Upkeep)
	s.every(ctx, time.Hour, "sweep sign-in state", func(ctx context.Context) error {
		return sso.Sweep(ctx, s.queries, time.Now())
	})
	s.every(ctx, time.Minute, "seal closed surveys", func(ctx context.Context) error {
		_, err := s.survey.SealClosed(ctx)
		return err
	})
	s.every(ctx, time.Hour, "activity status from sessions", func(ctx context.Context) error {
		n, err := activity.FollowSessions(ctx, s.pool, time.Now())
		if n > 0 {
			s.logger.Info("activities moved on by their sessions", "activities", n)
		}
		return err
	})
	s.every(ctx, time.Hour, "sweep upload spool", func(context.Context) error {
		return evidence.SweepSpool(s.evidence.TempDir, time.Hour, time.Now())
	})
}

// every runs job now and then every interval until ctx ends.
func (s *Server) every(ctx context.Context, interval time.Duration, name string, job func(context.Context) error) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			jobCtx, cancel := context.WithTimeout(ctx, interval)
			if err := job(jobCtx); err != nil && ctx.Err() == nil {
				s.logger.Error("background job failed", "job", name, "err", err)
			}
			cancel()
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte("ok\n"))
}

// readyz answers 200 only when the database answers within two seconds, so
// a load balancer stops sending traffic to a server that cannot serve it.
// A pool with every connection in use is busy, not broken: it still
// answers 200 (saying so), since taking busy servers out of rotation would
// take them all out together.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	health, err := db.Check(ctx, s.pool)
	if err != nil {
		httpx.Logger(r.Context()).Warn("not ready", "err", err, "pool_in_use", health.InUse, "pool_max", health.Max)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database unavailable\n"))
		return
	}
	if health.Busy {
		_, _ = fmt.Fprintf(w, "ok: database up, connection pool busy (%d of %d in use)\n", health.InUse, health.Max)
		return
	}
	_, _ = w.Write([]byte("ok\n"))
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) { httpx.NotFound(w, r) }

// methodNotAllowed answers 405 with the Allow header listing the methods
// the path does accept.
func (s *Server) methodNotAllowed(mux *chi.Mux) http.HandlerFunc {
	methods := []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}
	return func(w http.ResponseWriter, r *http.Request) {
		for _, m := range methods {
			if mux.Match(chi.NewRouteContext(), m, r.URL.Path) {
				w.Header().Add("Allow", m)
			}
		}
		httpx.MethodNotAllowed(w, r)
	}
}
