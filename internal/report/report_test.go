package report_test

import (
	"context"
	"testing"

	"belonging/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

const (
	director    = "director@northbridge.ac.uk"
	admin       = "admin@northbridge.ac.uk"
	viewer      = "viewer@northbridge.ac.uk"
	leader      = "leader@northbridge.ac.uk"
	coordinator = "coordinator@belonging.network"
)

func scalar[T any](t testing.TB, app *testkit.App, sql string, args ...any) T {
	t.Helper()
	var v T
	if err := app.Pool.QueryRow(context.Background(), sql, args...).Scan(&v); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return v
}

func exec(t testing.TB, app *testkit.App, sql string, args ...any) {
	t.Helper()
	if _, err := app.Pool.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func programmeID(t testing.TB, app *testkit.App, code string) int64 {
	return scalar[int64](t, app, `SELECT id FROM programmes WHERE code = $1`, code)
}

func departmentID(t testing.TB, app *testkit.App, name string) int64 {
	return scalar[int64](t, app, `SELECT id FROM departments WHERE name = $1`, name)
}
