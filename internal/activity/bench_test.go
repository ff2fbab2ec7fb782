package activity_test

import (
	"fmt"
	"testing"

	"belonging/internal/testkit"
)

// BenchmarkPlanPage500 renders the plan of a programme with 500 more
// activities (1,000 more sessions) through the whole stack, and reports
// the queries each page takes, which must not grow with the activities.
func BenchmarkPlanPage500(b *testing.B) {
	app := testkit.NewApp(b)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	prog := programmeID(b, app, "C100")
	addActivities(b, app, prog, 500)
	path := fmt.Sprintf("/programmes/%d?year=%d", prog, year)
	b.ResetTimer()
	before := app.Queries.Count()
	for b.Loop() {
		if resp := c.Get(path); resp.StatusCode != 200 {
			b.Fatalf("plan = %d", resp.StatusCode)
		}
	}
	b.ReportMetric(float64(app.Queries.Count()-before)/float64(b.N), "queries/op")
}
