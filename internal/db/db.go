// Package db opens the PostgreSQL connection pool and runs the embedded
// migrations.
package db

import (
	"context"
	"errors"
	"fmt"
	"strconv"
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
	// Tracer, when set, sees every query (tests count them with it).
	Tracer pgx.QueryTracer
}

// Open connects to PostgreSQL and checks the connection works. Every
// connection carries a server-side statement_timeout, so a runaway query is
// cancelled by PostgreSQL even if the application forgets a deadline.
func Open(ctx context.Context, url string, opts PoolOptions) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	if opts.MaxConns > 0 {
		cfg.MaxConns = opts.MaxConns
	}
	if opts.ConnectTimeout > 0 {
		cfg.ConnConfig.ConnectTimeout = opts.ConnectTimeout
	}
	if opts.StatementTimeout > 0 {
		cfg.ConnConfig.RuntimeParams["statement_timeout"] = strconv.FormatInt(opts.StatementTimeout.Milliseconds(), 10)
	}
	cfg.ConnConfig.RuntimeParams["application_name"] = "belonging"
	if opts.Tracer != nil {
		cfg.ConnConfig.Tracer = opts.Tracer
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

// IsUniqueViolation reports whether err is PostgreSQL's unique_violation
// (23505), which forms turn into a field error.
func IsUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505"
}
