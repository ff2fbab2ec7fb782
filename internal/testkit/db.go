// Package testkit gives tests the real parts: a PostgreSQL database cloned
// from a migrated template, the application's real router behind an
// httptest server with a cookie jar, and a headless Chromium that runs
// axe-core.
//
// Tests need DATABASE_URL pointing at a PostgreSQL server where they may
// create databases (`make test` starts a throwaway cluster and sets it).
// Without it a test is skipped with a hint, except under CI=true, where a
// missing database or browser fails the test.
package testkit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"sort"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/multitracer"
	"github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver pgtestdb uses
	"github.com/peterldowns/pgtestdb"
	"golang.org/x/crypto/argon2"

	"belonging/internal/db"
	"belonging/internal/seed"
	"belonging/migrations"
)

// InCI reports whether the tests run under CI, where nothing may be skipped.
func InCI() bool { return os.Getenv("CI") != "" && os.Getenv("CI") != "false" }

// Missing skips the test with a hint, or fails it under CI.
func Missing(t testing.TB, what string) {
	t.Helper()
	if InCI() {
		t.Fatalf("%s is missing, and CI=true: the test cannot run", what)
	}
	t.Skipf("%s is missing; run the tests with `make test`", what)
}

func serverConfig(t testing.TB) pgtestdb.Config {
	t.Helper()
	raw := os.Getenv("DATABASE_URL")
	if raw == "" {
		Missing(t, "DATABASE_URL (a PostgreSQL server for tests)")
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("DATABASE_URL: %v", err)
	}
	pw, _ := u.User.Password()
	port := u.Port()
	if port == "" {
		port = "5432"
	}
	return pgtestdb.Config{
		DriverName: "pgx",
		Host:       u.Hostname(),
		Port:       port,
		User:       u.User.Username(),
		Password:   pw,
		Database:   trimSlash(u.Path),
		Options:    "sslmode=disable",
	}
}

func trimSlash(p string) string {
	if len(p) > 0 && p[0] == '/' {
		return p[1:]
	}
	return p
}

// migrator builds pgtestdb's template database with the app's own
// migrations, and, when seeded, the demo data on top.
type migrator struct{ seeded bool }

func (m migrator) Hash() (string, error) {
	h := sha256.New()
	names, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil {
		return "", err
	}
	sort.Strings(names)
	for _, n := range names {
		b, err := migrations.FS.ReadFile(n)
		if err != nil {
			return "", err
		}
		h.Write([]byte(n))
		h.Write(b)
	}
	if m.seeded {
		h.Write([]byte(seed.Fingerprint()))
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func (m migrator) Migrate(ctx context.Context, _ *sql.DB, cfg pgtestdb.Config) error {
	mg, err := db.NewMigrator(cfg.URL())
	if err != nil {
		return err
	}
	defer mg.Close()
	if err := mg.Up(); err != nil {
		return err
	}
	if !m.seeded {
		return nil
	}
	pool, err := pgxpool.New(ctx, cfg.URL())
	if err != nil {
		return err
	}
	defer pool.Close()
	return seed.Load(ctx, pool, discard{}, cheapHash(seed.DemoPassword))
}

// cheapHash is an argon2id hash of password with minimal cost, in the same
// PHC form the app stores: signing in checks it with the real code, only
// faster, which keeps hundreds of test sign-ins quick.
func cheapHash(password string) string {
	salt := []byte("belonging-tests!")
	key := argon2.IDKey([]byte(password), salt, 1, 64, 1, 32)
	return fmt.Sprintf("$argon2id$v=%d$m=64,t=1,p=1$%s$%s", argon2.Version,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// EmptyDB returns a connection string for a new database with every
// migration applied and no data. It is dropped when the test passes and
// kept (its URL logged) when it fails.
func EmptyDB(t testing.TB) string {
	t.Helper()
	return pgtestdb.Custom(t, serverConfig(t), migrator{}).URL()
}

// SeededDB returns a connection string for a new database holding the demo
// data (two institutions, one person per role).
func SeededDB(t testing.TB) string {
	t.Helper()
	return pgtestdb.Custom(t, serverConfig(t), migrator{seeded: true}).URL()
}

// BareDB returns a connection string for a new, completely empty database,
// for tests of the migrations themselves.
func BareDB(t testing.TB) string {
	t.Helper()
	return pgtestdb.Custom(t, serverConfig(t), pgtestdb.NoopMigrator{}).URL()
}

// Pool opens a pool to url, closed when the test ends. Every query it runs
// is counted in the returned counter.
func Pool(t testing.TB, url string) (*pgxpool.Pool, *QueryCounter) {
	t.Helper()
	return openPool(t, url, db.PoolOptions{MaxConns: 6})
}

// openPool opens a pool with opts; every query is counted in the returned
// counter, beside opts.Tracer when it is set.
func openPool(t testing.TB, url string, opts db.PoolOptions) (*pgxpool.Pool, *QueryCounter) {
	t.Helper()
	counter := &QueryCounter{}
	var all pgx.QueryTracer = counter
	if opts.Tracer != nil {
		all = multitracer.New(counter, opts.Tracer)
	}
	opts.Tracer = all
	pool, err := db.Open(context.Background(), url, opts)
	if err != nil {
		t.Fatalf("open pool: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool, counter
}

// QueryCounter counts the queries a pool runs, so tests can show a page
// runs a fixed number of queries whatever the number of rows, and the
// round trips they take: a query alone is one, a batch of queries one.
type QueryCounter struct{ n, trips atomic.Int64 }

// TraceQueryStart counts one query and its round trip.
func (c *QueryCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	c.trips.Add(1)
	return ctx
}

// TraceBatchStart counts a batch's round trip.
func (c *QueryCounter) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	c.trips.Add(1)
	return ctx
}

// TraceBatchQuery counts one query of a batch.
func (c *QueryCounter) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {
	c.n.Add(1)
}

// TraceBatchEnd does nothing.
func (c *QueryCounter) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

// RoundTrips returns the round trips to the database so far.
func (c *QueryCounter) RoundTrips() int64 { return c.trips.Load() }

// TraceQueryEnd does nothing.
func (c *QueryCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// Count returns the queries run so far.
func (c *QueryCounter) Count() int64 { return c.n.Load() }
