package activity_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// The plan and its import, read in Welsh after choosing Cymraeg from the
// header, pass axe-core with zero violations.
func TestBrowserPlanInWelshIsAccessible(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	prog := programmeID(t, app, "C100")
	b := testkit.NewBrowserFor(t, app, 6*time.Minute)
	b.SignIn(director, testkit.DemoPassword)
	plan := fmt.Sprintf("/programmes/%d?year=%d", prog, year)
	b.Open("/language?to=cy&back=" + url.QueryEscape(plan))
	if got := b.Text("#coverage-title"); !strings.Contains(got, "Map cwmpas") {
		t.Fatalf("the plan after choosing Cymraeg says %q, want Map cwmpas", got)
	}
	b.CheckAccessible()
	b.Open(paths.PlanImport(prog))
	b.CheckAccessible()
}
