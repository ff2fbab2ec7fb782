// Command belonging runs the Belonging web application and its
// administrative tasks.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"
	_ "time/tzdata" // sessions are planned in Europe/London, also on images without zoneinfo

	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/buildinfo"
	"belonging/internal/config"
	"belonging/internal/db"
	"belonging/internal/seed"
	"belonging/internal/server"
	"belonging/internal/store"
	"belonging/internal/survey"
	"belonging/internal/telemetry"
)

const usage = `Belonging: plan, evidence and share student-belonging work.

Usage:
  belonging <command> [arguments]

Commands:
  serve                 run the web application (and, unless WORKERS=false, the job queue's workers)
  worker                work the job queue only (emails, reminders, upkeep), serving no pages
  migrate up            apply every pending database migration
  migrate down [N]      revert the last N migrations (all when N is omitted)
  migrate version       print the database's migration version
  migrate force V       mark version V as applied and clean (recovery only)
  seed                  load the demo data (idempotent; refused in production)
  user create           create an institution admin or a network coordinator
  user reset-password   print a single-use password reset link for a person
  institution sso       set up sign-in with university accounts (and the network's)
  files export DIR      copy the evidence files to a directory (backups)
  files import DIR      copy evidence files from a directory into the store
  files check           check every file the database refers to is stored
  version               print the version and commit this binary was built from

Every command reads its settings from the environment; DATABASE_URL is
required. Run "belonging <command> --help" for a command's options.
`

func main() {
	err := run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "belonging:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	switch args[0] {
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return nil
	case "serve":
		return serve(ctx, args[1:], stderr, false)
	case "worker":
		return serve(ctx, args[1:], stderr, true)
	case "migrate":
		return migrateCmd(args[1:], stdout, stderr)
	case "seed":
		return seedCmd(ctx, args[1:], stdout, stderr)
	case "user":
		return userCmd(ctx, args[1:], stdin, stdout, stderr)
	case "institution":
		return institutionCmd(ctx, args[1:], stdin, stdout, stderr)
	case "files":
		return filesCmd(ctx, args[1:], stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, buildinfo.Read())
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}

func newFlagSet(name, help string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, help)
		fs.PrintDefaults()
	}
	return fs
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// serve runs the web application, or with worker only the job queue's
// workers.
func serve(ctx context.Context, args []string, stderr io.Writer, worker bool) error {
	name, help := "serve", `Usage: belonging serve

Runs the web application on LISTEN_ADDR (default :8080) until SIGINT or
SIGTERM, then finishes in-flight requests and stops. Unless WORKERS=false
it also works the job queue (emails, reminders, upkeep). With
MIGRATE_ON_START=true it applies pending migrations first; otherwise it
refuses to start on a database that is behind, ahead or dirty.
`
	if worker {
		name, help = "worker", `Usage: belonging worker

Works the job queue (emails, reminders, the hourly upkeep) and serves no
pages, until SIGINT or SIGTERM; running jobs then get 25 seconds to finish
before they are handed back to be retried. Run it with the same settings
as serve (WORKERS is ignored), as many times as you like; set
WORKERS=false on the web servers so they only enqueue. With
WORKER_HEALTH_ADDR set it answers /healthz (while its workers run) and
/readyz (while the database answers too) there, for probes.
`
	}
	fs := newFlagSet(name, help, stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := config.Load(os.Getenv)
	if err != nil {
		return err
	}
	applyMemoryLimit(os.Getenv)
	if worker {
		cfg.Workers = true
	}
	logger := newLogger(cfg, stderr)
	slog.SetDefault(logger)

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	if err := prepareSchema(cfg); err != nil {
		return err
	}
	tracing, err := telemetry.Start(ctx, cfg)
	if err != nil {
		return fmt.Errorf("tracing: %w", err)
	}
	if tracing.Enabled() {
		telemetry.LogExportErrors(logger)
		logger.Info("tracing", "collector", cfg.OTLPEndpoint, "sample_ratio", cfg.TraceSampleRatio)
	}
	// Spans still buffered go out after the last request has finished.
	defer func() {
		flushCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := tracing.Shutdown(flushCtx); err != nil {
			logger.Warn("trace export at shutdown", "err", err)
		}
	}()
	pool, err := db.Open(ctx, cfg.DatabaseURL, db.PoolOptions{
		MaxConns:         cfg.DBMaxConns,
		ConnectTimeout:   cfg.DBConnectTimeout,
		StatementTimeout: cfg.StatementTimeout,
		Tracer:           tracing.PoolTracer(),
		LockTimeout:      cfg.LockTimeout,
		PgBouncer:        cfg.PgBouncer,
	})
	if err != nil {
		return err
	}
	defer pool.Close()
	if cfg.PgBouncer {
		warnWithoutTimeouts(ctx, logger, pool)
	}
	opts := []server.Option{server.WithTracing(tracing)}
	if cfg.ReplicaURL != "" {
		replica, err := db.OpenReplica(ctx, cfg.ReplicaURL, db.PoolOptions{
			MaxConns:         cfg.DBMaxConns,
			ConnectTimeout:   cfg.DBConnectTimeout,
			StatementTimeout: cfg.StatementTimeout,
			Tracer:           tracing.PoolTracer(),
			// The same way of talking as to the primary, so the replica may
			// have a PgBouncer of its own.
			PgBouncer: cfg.PgBouncer,
		})
		if err != nil {
			return err
		}
		defer replica.Close()
		opts = append(opts, server.WithReplica(replica))
	}

	srv, err := server.New(cfg, logger, pool, opts...)
	if err != nil {
		return err
	}
	if worker {
		return srv.RunWorkers(ctx)
	}
	return srv.Run(ctx)
}

// warnWithoutTimeouts logs a warning when, through PgBouncer, the database
// applies no statement or lock timeout: the app cannot set them on
// PgBouncer's shared connections, so the role or database must.
func warnWithoutTimeouts(ctx context.Context, logger *slog.Logger, pool *pgxpool.Pool) {
	statement, lock, err := db.ServerTimeouts(ctx, pool)
	if err != nil {
		logger.Warn("read the database's timeouts", "err", err)
		return
	}
	if statement == 0 || lock == 0 {
		logger.Warn("through PgBouncer the database's own timeouts apply, and one is off: set them on the role, "+
			"e.g. ALTER ROLE belonging SET statement_timeout = '10s'; ALTER ROLE belonging SET lock_timeout = '2s'",
			"statement_timeout", statement, "lock_timeout", lock)
	}
}

// prepareSchema migrates when asked to, then refuses to go on unless the
// database is exactly at this build's version. It connects past any
// pooler (DATABASE_DIRECT_URL): migrations hold a session lock.
func prepareSchema(cfg config.Config) error {
	m, err := db.NewMigrator(cfg.DirectDatabaseURL)
	if err != nil {
		return err
	}
	defer m.Close()
	if cfg.MigrateOnStart {
		if err := m.Up(); err != nil {
			return fmt.Errorf("migrate up: %w", err)
		}
	}
	return m.CheckCurrent()
}

func migrateCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("migrate", `Usage: belonging migrate up | down [N] | version | force V

Applies or reverts the database migrations built into this binary.
  up        apply every pending migration
  down [N]  revert the last N migrations, or all of them
  version   print the current version and whether it is dirty
  force V   record version V as applied and clean, after repairing a
            failed migration by hand
`, stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errors.New("migrate needs a subcommand: up, down, version or force")
	}
	cfg, err := config.Load(os.Getenv)
	if err != nil {
		return err
	}
	m, err := db.NewMigrator(cfg.DirectDatabaseURL)
	if err != nil {
		return err
	}
	defer m.Close()

	switch fs.Arg(0) {
	case "up":
		if err := m.Up(); err != nil {
			return err
		}
	case "down":
		if fs.NArg() > 1 {
			n, err := strconv.Atoi(fs.Arg(1))
			if err != nil || n < 1 {
				return fmt.Errorf("migrate down: N must be a positive number, not %q", fs.Arg(1))
			}
			if err := m.Steps(-n); err != nil {
				return err
			}
		} else if err := m.Down(); err != nil {
			return err
		}
	case "version":
	case "force":
		if fs.NArg() != 2 {
			return errors.New("migrate force needs a version")
		}
		v, err := strconv.Atoi(fs.Arg(1))
		if err != nil || v < -1 {
			return fmt.Errorf("migrate force: %q is not a version", fs.Arg(1))
		}
		if err := m.Force(v); err != nil {
			return err
		}
	default:
		fs.Usage()
		return fmt.Errorf("unknown migrate subcommand %q", fs.Arg(0))
	}
	v, dirty, err := m.Version()
	if err != nil {
		return err
	}
	state := "clean"
	if dirty {
		state = "dirty"
	}
	fmt.Fprintf(stdout, "database at migration %d (%s); this build has %d\n", v, state, db.LatestVersion())
	return nil
}

func seedCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("seed", `Usage: belonging seed [-scale N [-largest]]

Loads the demo data: two institutions with schools, programmes and modules,
one account in each role, plans, outcomes, evidence and case studies, then
prints their sign-ins. Running it again changes nothing.

With -scale N it instead fills an empty database with generated data for
benchmarks: at N=1 about 100 institutions, 3,000 programmes, 200,000
activities with sessions, 300,000 outcomes, 100,000 case studies and
a million pulse survey responses. With -largest as well it generates one
institution as large as that whole network (3,000 programmes in 25
departments, 200,000 activities), for measuring the largest institution's
reports.

Both are refused when APP_ENV=production.
`, stderr)
	scale := fs.Int("scale", 0, "generate benchmark data at this scale instead of the demo data")
	largest := fs.Bool("largest", false, "with -scale 1, generate one institution as large as the whole network")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *largest && *scale != 1 {
		return errors.New("-largest goes with -scale 1: it generates one institution as large as the network at N=1")
	}
	cfg, err := config.Load(os.Getenv)
	if err != nil {
		return err
	}
	if !cfg.Development() {
		return errors.New("seed loads demo accounts with a published password; it is refused when APP_ENV=production")
	}
	pool, err := db.Open(ctx, cfg.DatabaseURL, db.PoolOptions{MaxConns: 4, ConnectTimeout: cfg.DBConnectTimeout})
	if err != nil {
		return err
	}
	defer pool.Close()
	if *scale > 0 {
		// The survey tallies and the evidence the app draws from closed
		// before-and-after surveys, made by the app's own upkeep rather than
		// by a server's first hourly run in the middle of a benchmark.
		upkeep := func(ctx context.Context, pool *pgxpool.Pool) error {
			surveys := &survey.Handler{Pool: pool, Queries: store.New(pool), MinGroup: cfg.SurveyMinGroup, Retention: cfg.SurveyRetention,
				Concurrency: int(pool.Config().MaxConns)}
			return surveys.Upkeep(ctx)
		}
		if *largest {
			return seed.Largest(ctx, pool, upkeep, stdout)
		}
		return seed.Scale(ctx, pool, *scale, upkeep, stdout)
	}
	return seed.Run(ctx, pool, stdout)
}
