package testkit

import (
	"context"
	"testing"
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
