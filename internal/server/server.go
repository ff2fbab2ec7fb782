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
	"belonging/internal/checkin"
	"belonging/internal/codes"
	"belonging/internal/cohort"
	"belonging/internal/config"
	"belonging/internal/db"
	"belonging/internal/evidence"
	"belonging/internal/home"
	"belonging/internal/httpx"
	"belonging/internal/jobs"
	"belonging/internal/mail"
	"belonging/internal/notice"
	"belonging/internal/notify"
	"belonging/internal/org"
	"belonging/internal/outcomefigures"
	"belonging/internal/partner"
	"belonging/internal/people"
	"belonging/internal/report"
	"belonging/internal/rights"
	"belonging/internal/scim"
	"belonging/internal/sso"
	"belonging/internal/store"
	"belonging/internal/survey"
	"belonging/internal/telemetry"
	"belonging/internal/toc"
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
	// replica, when set, is a streaming replica for reports, the library
	// and exports (see db.Reads).
	replica *pgxpool.Pool

	crossOrigin func(http.Handler) http.Handler

	account   *account.Handler
	home      *home.Handler
	notice    *notice.Handler
	org       *org.Handler
	people    *people.Handler
	partner   *partner.Handler
	activity  *activity.Handler
	evidence  *evidence.Handler
	casestudy *casestudy.Handler
	blobs     blob.Store
	survey    *survey.Handler
	cohort    *cohort.Handler
	report    *report.Handler
	sso       *sso.Handler
	scim      *scim.Handler
	rights    *rights.Handler
	codes     *codes.Handler
	toc       *toc.Handler
	checkin   *checkin.Handler
	// outcomes imports programmes' cohort outcome figures.
	outcomes *outcomefigures.Handler

	// surveyClock, when set, is the clock surveys open and close by, and
	// check-in codes change by.
	surveyClock func() time.Time

	// queue is the job queue: every email and all the upkeep.
	queue *jobs.Queue
	// wg waits for the spool sweep, the one background task of each
	// server rather than of the queue.
	wg sync.WaitGroup
}

// WithSurveyClock makes the surveys, and the notifications about them,
// run by now instead of the system clock: tests use it to walk a survey
// through its day, and check-in codes through their 30-second windows.
func WithSurveyClock(now func() time.Time) Option {
	return func(s *Server) { s.surveyClock = now }
}

// New builds the server from its dependencies. Close releases what New
// started.
func New(cfg config.Config, logger *slog.Logger, pool *pgxpool.Pool, opts ...Option) (*Server, error) {
	// Reads a page prefetched in one batch are answered from its results.
	q := store.New(store.Prefetching(pool))
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
	transport, err := mail.New(cfg, q)
	if err != nil {
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
	s.queue = jobs.New()
	sender := &mail.Sender{Transport: transport, Queries: q, Domain: cfg.BaseURL.Hostname()}
	base := cfg.BaseURL.String()
	notifier := &notify.Notifier{Pool: pool, Queries: q, Queue: s.queue, Sender: sender, BaseURL: base, Key: cfg.SigningKey, Now: s.surveyClock}
	throttle := auth.NewThrottle(q, auth.Limits{AccountFromNetwork: cfg.SignInAccountLimit, Account: cfg.SignInAccountCeiling,
		Address: cfg.SignInAddressLimit, Window: cfg.SignInWindow})
	s.account = &account.Handler{Pool: pool, Queries: q, Access: loader, Sessions: s.sessions, Throttle: throttle, LinkKey: cfg.SigningKey,
		Jobs: s.queue, Sender: sender, BaseURL: base}
	s.scim = &scim.Handler{Pool: pool, Queries: q, BaseURL: base}
	s.sso = &sso.Handler{Pool: pool, Queries: q, Access: loader, Sessions: s.sessions, Jobs: s.queue, Sender: sender, BaseURL: cfg.BaseURL,
		Secrets:   sso.Secrets{Key: cfg.SSOEncryptionKey, Dir: cfg.SSOSecretsDir, Getenv: os.Getenv},
		HTTP:      sso.NewHTTPClient(cfg.Development()),
		Replay:    &sso.ReplayCache{Queries: q},
		AllowHTTP: cfg.Development()}
	if s.sso.SAML, err = samlKeys(cfg); err != nil {
		s.Close()
		return nil, err
	}
	s.notice = &notice.Handler{Pool: pool, Queries: q, Sessions: s.sessions, Settings: notice.Settings{BaseURL: base,
		SurveyRetention: cfg.SurveyRetention, MinGroup: cfg.SurveyMinGroup, NetworkMin: cfg.NetworkMinInstitutions,
		SessionIdle: cfg.SessionIdleTimeout, SessionLifetime: cfg.SessionLifetime, SignInWindow: cfg.SignInWindow,
		Invitation: people.InvitationLifetime, ResetLink: account.ResetLifetime, FailedJobs: jobs.FailedJobRetention,
		MailConfigured: cfg.SMTPHost != "", BlobBackend: cfg.BlobBackend}}
	s.home = &home.Handler{Pool: pool, Queries: q, Access: loader, Sessions: s.sessions}
	s.org = &org.Handler{Pool: pool, Queries: q, Access: loader, Sessions: s.sessions, NetworkMinInstitutions: cfg.NetworkMinInstitutions,
		SurveyRetention: cfg.SurveyRetention, Jobs: s.queue}
	s.activity = &activity.Handler{Pool: pool, Queries: q, Access: loader, Sessions: s.sessions, BaseURL: base}
	s.codes = &codes.Handler{Pool: pool, Queries: q, Access: loader, Sessions: s.sessions}
	s.outcomes = &outcomefigures.Handler{Pool: pool, Queries: q}
	s.account.CalendarCard = s.activity.PersonalFeedCard
	s.survey = &survey.Handler{Pool: pool, Queries: q, Access: loader, Sessions: s.sessions, BaseURL: base,
		MinGroup: cfg.SurveyMinGroup, Retention: cfg.SurveyRetention, SecureCookies: cfg.SecureCookies(),
		Limiter: survey.NewLimiter(survey.DefaultBurst, survey.DefaultRefill), Sent: survey.NewSentForms(survey.DefaultSentFor), Notify: notifier,
		Now: s.surveyClock}
	s.people = &people.Handler{Pool: pool, Queries: q, Access: loader, Sessions: s.sessions, Jobs: s.queue, Sender: sender,
		Notify: notifier, BaseURL: base, LinkKey: cfg.SigningKey}
	s.evidence = &evidence.Handler{Pool: pool, Queries: q, Access: loader, Sessions: s.sessions, Blobs: s.blobs, MaxUpload: cfg.UploadMaxBytes, TempDir: spool}
	reads := &db.Reads{Primary: pool, Replica: s.replica, MaxLag: cfg.ReplicaMaxLag}
	s.casestudy = &casestudy.Handler{Pool: pool, Queries: q, Reads: reads, Access: loader, Sessions: s.sessions, BaseURL: base, Notify: notifier}
	s.rights = &rights.Handler{Pool: pool, Queries: q, Access: loader, Sessions: s.sessions}
	s.toc = &toc.Handler{Pool: pool, Queries: q, Access: loader, Sessions: s.sessions}
	s.checkin = &checkin.Handler{Pool: pool, Queries: q, Access: loader, Keys: checkin.Keys{Key: cfg.SigningKey}, BaseURL: base,
		SecureCookies: cfg.SecureCookies(), Limiter: survey.NewLimiter(survey.DefaultBurst, survey.DefaultRefill), Now: s.surveyClock}
	s.report = &report.Handler{Pool: pool, Queries: q, Reads: reads, Access: loader, MinGroup: cfg.SurveyMinGroup, MinInstitutions: cfg.NetworkMinInstitutions, BaseURL: base}
	s.cohort = &cohort.Handler{Pool: pool, Queries: q, Access: loader, Sessions: s.sessions, MinGroup: cfg.SurveyMinGroup}
	s.activity.PlanExtra = planSections(s.cohort.PlanSection, s.report.PlanCohort)
	s.activity.PlanReads = planReads(s.cohort.PlanSectionReads, s.report.PlanCohortReads)
	s.casestudy.ContextFor = s.cohort.CaseStudyContext
	s.partner = &partner.Handler{Pool: pool, Queries: q, Access: loader, Sessions: s.sessions, People: s.people}
	s.activity.ShowExtra = activitySections(s.evidence.Section)
	s.activity.ShowAside = activitySections(s.codes.ActivitySection, s.partner.Section, s.survey.ActivitySection, s.casestudy.ActivitySection)
	s.activity.ShowReads = activityReads(s.evidence.SectionReads, s.codes.ActivitySectionReads, s.partner.SectionReads, s.survey.ActivitySectionReads, s.casestudy.ActivitySectionReads)
	s.registerJobs(notifier)
	if err := s.queue.Open(pool, jobs.Options{Work: cfg.Workers, RescueAfter: cfg.JobRescueAfter, PollOnly: cfg.PgBouncer, Logger: logger}); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// activitySections gathers other features' sections of an activity's
// page, in the order given.
func activitySections(sections ...func(*http.Request, access.Activity) (templ.Component, error)) func(*http.Request, access.Activity) ([]templ.Component, error) {
	return func(r *http.Request, a access.Activity) ([]templ.Component, error) {
		out := make([]templ.Component, 0, len(sections))
		for _, section := range sections {
			c, err := section(r, a)
			if err != nil {
				return nil, err
			}
			out = append(out, c)
		}
		return out, nil
	}
}

// activityReads gathers the reads of an activity page's sections, for
// the page to send in one batch before the sections run.
func activityReads(reads ...func(*store.Queries, *http.Request, access.Activity)) func(*store.Queries, *http.Request, access.Activity) {
	return func(q *store.Queries, r *http.Request, a access.Activity) {
		for _, read := range reads {
			read(q, r, a)
		}
	}
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

// Close releases what New started and waits for the spool sweep. The job
// queue is stopped by Run and RunWorkers, which started it.
func (s *Server) Close() {
	s.sessions.Close()
	s.wg.Wait()
}

// Run serves HTTP on the configured address until ctx ends, working the
// job queue beside it unless WORKERS=false, then shuts down gracefully:
// the listener closes, in-flight requests get up to 25 seconds to finish,
// and running jobs up to 25 seconds more (then they are cancelled, to be
// retried by another server).
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
	if err := s.StartWorkers(ctx); err != nil {
		return err
	}
	s.sweepSpoolEvery(ctx)
	if s.cfg.PprofAddr != "" {
		stopProfiler := s.serveProfiler()
		defer stopProfiler()
	}

	errc := make(chan error, 1)
	go func() {
		s.logger.Info("listening", "addr", s.cfg.ListenAddr, "base_url", s.cfg.BaseURL.String(), "workers", s.cfg.Workers)
		errc <- srv.ListenAndServe()
	}()
	var serveErr error
	select {
	case serveErr = <-errc:
		serveErr = fmt.Errorf("http server: %w", serveErr)
	case <-ctx.Done():
		s.logger.Info("shutting down")
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 25*time.Second)
	defer cancel()
	err := srv.Shutdown(shutdownCtx)
	if err != nil && !errors.Is(err, http.ErrServerClosed) && serveErr == nil {
		serveErr = fmt.Errorf("shutdown: %w", err)
	}
	if err := s.StopWorkers(); err != nil && serveErr == nil {
		serveErr = fmt.Errorf("stop workers: %w", err)
	}
	s.Close()
	return serveErr
}

// RunWorkers works the job queue, and serves nothing, until ctx ends
// (`belonging worker`).
func (s *Server) RunWorkers(ctx context.Context) error {
	if !s.cfg.Workers {
		return errors.New("the job queue was opened to enqueue only: a worker needs WORKERS on")
	}
	if err := s.StartWorkers(ctx); err != nil {
		return err
	}
	if s.cfg.WorkerHealthAddr != "" {
		stopHealth, err := s.serveWorkerHealth()
		if err != nil {
			_ = s.StopWorkers()
			return err
		}
		defer stopHealth()
	}
	s.logger.Info("working the job queue")
	<-ctx.Done()
	s.logger.Info("shutting down")
	err := s.StopWorkers()
	s.Close()
	return err
}

// StartWorkers starts working the job queue when the server runs workers
// (WORKERS, the default); otherwise it does nothing.
func (s *Server) StartWorkers(ctx context.Context) error {
	// The queue outlives ctx's cancellation until StopWorkers lets its
	// running jobs finish.
	if err := s.queue.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("start the job queue: %w", err)
	}
	return nil
}

// StopWorkers lets running jobs finish for up to 25 seconds, then cancels
// them; cancelled jobs are retried later, here or by another server.
func (s *Server) StopWorkers() error {
	ctx, cancel := context.WithTimeout(context.Background(), 25*time.Second)
	defer cancel()
	return s.queue.Stop(ctx)
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

// serveWorkerHealth answers a worker's probes on WORKER_HEALTH_ADDR until
// the returned function is called: /healthz while the queue's workers run
// (503 once they have stopped, so the supervisor restarts the process),
// /readyz while the database answers too. A worker serves nothing else.
func (s *Server) serveWorkerHealth() (func(), error) {
	l, err := net.Listen("tcp", s.cfg.WorkerHealthAddr)
	if err != nil {
		return nil, fmt.Errorf("WORKER_HEALTH_ADDR %s: %w (choose another address and port)", s.cfg.WorkerHealthAddr, err)
	}
	mux := http.NewServeMux()
	working := func(next http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if !s.queue.Working() {
				w.Header().Set("Content-Type", "text/plain; charset=utf-8")
				w.Header().Set("Cache-Control", "no-store")
				w.WriteHeader(http.StatusServiceUnavailable)
				_, _ = w.Write([]byte("the job queue's workers have stopped\n"))
				return
			}
			next(w, r)
		}
	}
	mux.HandleFunc("GET /healthz", working(s.healthz))
	mux.HandleFunc("GET /readyz", working(s.readyz))
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		s.logger.Info("worker health listening", "addr", l.Addr().String())
		if err := hs.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.logger.Error("worker health", "err", err)
		}
	}()
	return func() { hs.Close() }, nil
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

// sweepSpoolEvery removes, every hour until ctx ends, the spooled uploads
// a crash left. Each server spools on its own disk, so this one runs on
// every server rather than as a job of the queue.
func (s *Server) sweepSpoolEvery(ctx context.Context) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		t := time.NewTicker(time.Hour)
		defer t.Stop()
		for {
			if err := evidence.SweepSpool(s.evidence.TempDir, time.Hour, time.Now()); err != nil {
				s.logger.Error("sweep upload spool", "err", err)
			}
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
