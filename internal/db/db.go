// Package db opens the PostgreSQL connection pool and runs the embedded
// migrations.
package db

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// PoolOptions tune the connection pool.
type PoolOptions struct {
	MaxConns         int32
	ConnectTimeout   time.Duration
	StatementTimeout time.Duration
	// LockTimeout is the server's lock_timeout: a statement waiting longer
	// for another transaction's lock fails with SQLSTATE 55P03.
	LockTimeout time.Duration
	// Tracer, when set, sees every query (tests count them with it).
	Tracer pgx.QueryTracer
	// PgBouncer says the URL leads to PgBouncer in transaction mode, where
	// each transaction (or statement outside one) may run on another
	// server connection: see Open.
	PgBouncer bool
}

// Open connects to PostgreSQL and checks the connection works. Every
// connection carries a server-side statement_timeout, so a runaway query is
// cancelled by PostgreSQL even if the application forgets a deadline, and a
// short lock_timeout, so requests queued behind a locked table give up
// (and give their connections back) in seconds.
func Open(ctx context.Context, url string, opts PoolOptions) (*pgxpool.Pool, error) {
	cfg, err := poolConfig(url, opts)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open database pool: %w", err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, opts.ConnectTimeout+time.Second)
	defer cancel()
	if err := pool.Ping(pingCtx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	return pool, nil
}

// OpenReplica prepares a pool for a read replica with the same options,
// without connecting: a replica out of reach at start-up, like one that
// goes away later, only sends reads to the primary (see Reads).
func OpenReplica(ctx context.Context, url string, opts PoolOptions) (*pgxpool.Pool, error) {
	cfg, err := poolConfig(url, opts)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_REPLICA_URL: %w", err)
	}
	return pgxpool.NewWithConfig(ctx, cfg)
}

func poolConfig(url string, opts PoolOptions) (*pgxpool.Config, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	if opts.MaxConns > 0 {
		cfg.MaxConns = opts.MaxConns
	}
	if opts.ConnectTimeout > 0 {
		cfg.ConnConfig.ConnectTimeout = opts.ConnectTimeout
	}
	if opts.PgBouncer {
		// A named prepared statement lives on one server connection, which
		// the next transaction may not get (PgBouncer before 1.21 does not
		// carry them over): statements are described once and cached here,
		// and run unnamed. A mode the URL names (default_query_exec_mode)
		// is kept. PgBouncer refuses settings in the start-up packet other
		// than a few it tracks, so the timeouts are the role's or the
		// database's (ALTER ROLE … SET statement_timeout; see
		// ServerTimeouts), not the connection's.
		if cfg.ConnConfig.DefaultQueryExecMode == pgx.QueryExecModeCacheStatement {
			cfg.ConnConfig.DefaultQueryExecMode = pgx.QueryExecModeCacheDescribe
		}
	} else {
		if opts.StatementTimeout > 0 {
			cfg.ConnConfig.RuntimeParams["statement_timeout"] = strconv.FormatInt(opts.StatementTimeout.Milliseconds(), 10)
		}
		if opts.LockTimeout > 0 {
			cfg.ConnConfig.RuntimeParams["lock_timeout"] = strconv.FormatInt(opts.LockTimeout.Milliseconds(), 10)
		}
	}
	cfg.ConnConfig.RuntimeParams["application_name"] = "belonging"
	if opts.Tracer != nil {
		cfg.ConnConfig.Tracer = opts.Tracer
	}
	return cfg, nil
}

// ServerTimeouts returns the statement_timeout and lock_timeout the
// database applies to the pool's connections (zero when off). Through
// PgBouncer the app cannot set them per connection, so start-up reads
// them to warn when the role or database has none.
func ServerTimeouts(ctx context.Context, pool *pgxpool.Pool) (statement, lock time.Duration, err error) {
	var s, l int64
	err = pool.QueryRow(ctx, `SELECT (extract(epoch FROM current_setting('statement_timeout')::interval) * 1000)::bigint,
		(extract(epoch FROM current_setting('lock_timeout')::interval) * 1000)::bigint`).Scan(&s, &l)
	return time.Duration(s) * time.Millisecond, time.Duration(l) * time.Millisecond, err
}

// Beginner is what WithTx needs: a pool or a connection.
type Beginner interface {
	Begin(ctx context.Context) (pgx.Tx, error)
}

// WithTx runs fn in a transaction, committing when fn returns nil and
// rolling back otherwise (and on panic).
func WithTx(ctx context.Context, db Beginner, fn func(tx pgx.Tx) error) (err error) {
	tx, err := db.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback(context.WithoutCancel(ctx))
			panic(p)
		}
		if err != nil {
			_ = tx.Rollback(context.WithoutCancel(ctx))
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// WithGenericPlans runs fn's reads in a read-only transaction whose
// prepared statements use their generic plans. PostgreSQL plans some
// statements afresh on every call, judging each call's own plan cheaper
// than the generic one; for a query over many tables whose best plan does
// not change with its values (the home page's), planning then costs more
// than running it. Two short round trips replace that planning.
func WithGenericPlans(ctx context.Context, db Beginner, fn func(tx pgx.Tx) error) error {
	return WithTx(ctx, db, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SET TRANSACTION READ ONLY; SET LOCAL plan_cache_mode = force_generic_plan"); err != nil {
			return err
		}
		return fn(tx)
	})
}

// Unavailable reports whether err means the database could not serve the
// request just now (busy, locked, restarting or out of reach) rather than
// that the request or the code is wrong, so the same request may succeed
// if tried again shortly.
func Unavailable(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "57014", // query_canceled: statement_timeout, or a cancelled query
			"55P03",                   // lock_not_available: lock_timeout
			"57P01", "57P02", "57P03", // admin_shutdown, crash_shutdown, cannot_connect_now
			"53300",          // too_many_connections
			"40001", "40P01": // serialization_failure, deadlock_detected
			return true
		}
		return strings.HasPrefix(pgErr.Code, "08") // connection_exception
	}
	var connectErr *pgconn.ConnectError
	var netErr *net.OpError
	return errors.As(err, &connectErr) || // dial, TLS or start-up failed
		errors.As(err, &netErr) || errors.Is(err, net.ErrClosed) || // the connection broke
		errors.Is(err, io.ErrUnexpectedEOF) || // the server went away mid-reply
		errors.Is(err, pgconn.ErrConnClosed) ||
		errors.Is(err, context.DeadlineExceeded) || // waited too long, for a pool connection or a reply
		pgconn.Timeout(err)
}

// Health is the answer to "can this server reach its database?".
type Health struct {
	// Busy is set when every connection of the pool was in use, so the
	// database was asked over a connection of its own.
	Busy bool
	// InUse and Max are the pool's connections in use and its size.
	InUse, Max int32
}

// Check asks the database to answer within ctx. A pool whose connections
// are all in use is busy, not down: then a connection of its own asks, so
// a crowd of slow requests is not mistaken for a dead database.
func Check(ctx context.Context, pool *pgxpool.Pool) (Health, error) {
	full := func() (Health, bool) {
		st := pool.Stat()
		return Health{InUse: st.AcquiredConns(), Max: st.MaxConns()}, st.AcquiredConns() >= st.MaxConns()
	}
	if h, busy := full(); !busy {
		// Half the time for the pool, half for a connection of its own.
		pingCtx, cancel := context.WithCancel(ctx)
		if deadline, ok := ctx.Deadline(); ok {
			pingCtx, cancel = context.WithTimeout(ctx, time.Until(deadline)/2)
		}
		err := pool.Ping(pingCtx)
		cancel()
		if err == nil {
			return h, nil
		}
		if h, busy = full(); !busy || ctx.Err() != nil || !errors.Is(err, context.DeadlineExceeded) {
			return h, err
		}
	}
	h, _ := full()
	h.Busy = true
	conn, err := pgx.ConnectConfig(ctx, pool.Config().ConnConfig)
	if err != nil {
		return h, err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	return h, conn.Ping(ctx)
}

// IsUniqueViolation reports whether err is PostgreSQL's unique_violation
// (23505), which forms turn into a field error.
func IsUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505"
}
