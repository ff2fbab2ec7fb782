package report_test

import (
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

func programmeID(t testing.TB, app *testkit.App, code string) int64 {
	return testkit.Scalar[int64](t, app, `SELECT id FROM programmes WHERE code = $1`, code)
}

func departmentID(t testing.TB, app *testkit.App, name string) int64 {
	return testkit.Scalar[int64](t, app, `SELECT id FROM departments WHERE name = $1`, name)
}
