package testkit

import (
	"context"
	"net/url"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
)

// Scalar runs a query on the app's database that returns one value, and
// fails the test if it does not.
func Scalar[T any](t testing.TB, app *App, sql string, args ...any) T {
	t.Helper()
	var v T
	if err := app.Pool.QueryRow(context.Background(), sql, args...).Scan(&v); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return v
}

// Exec runs a statement on the app's database, failing the test on error.
func Exec(t testing.TB, app *App, sql string, args ...any) {
	t.Helper()
	if _, err := app.Pool.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// Superuser connects to the app's database as the test server's
// superuser (DATABASE_URL's role), for what the app's own role may not do:
// reading raw pages with pageinspect, as a database administrator could.
// The connection is closed when the test ends.
func Superuser(t testing.TB, app *App) *pgx.Conn {
	t.Helper()
	admin, err := url.Parse(os.Getenv("DATABASE_URL"))
	if err != nil {
		t.Fatalf("DATABASE_URL: %v", err)
	}
	own, err := url.Parse(app.DBURL)
	if err != nil {
		t.Fatalf("app database URL: %v", err)
	}
	admin.Path = own.Path
	conn, err := pgx.Connect(context.Background(), admin.String())
	if err != nil {
		t.Fatalf("connect as superuser: %v", err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// Scalars runs a query of one column on the app's database and returns
// its values, failing the test on error.
func Scalars[T any](t testing.TB, app *App, sql string, args ...any) []T {
	t.Helper()
	rows, err := app.Pool.Query(context.Background(), sql, args...)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[T])
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return out
}
