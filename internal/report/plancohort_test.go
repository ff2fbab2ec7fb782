package report_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"belonging/internal/acyear"
	"belonging/internal/seed"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

// The plan page shows the latest three years of cohort outcome figures up
// to the plan's year, each beside that year's reach; a cohort under the
// threshold is shown to the programme's team and hidden from others, as
// on the report. A plan with no figures has no such section.
func TestPlanShowsCohortFiguresBesideReach(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	programme := programmeID(t, app, "C100")
	year := seed.CurrentYear()
	// The demo's own figures make way for the test's.
	testkit.Exec(t, app, `DELETE FROM cohort_figures WHERE programme_id = $1`, programme)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	if n := c.Get(paths.Plan(programme, year)).Doc().Find("[data-testid=plan-cohort]").Length(); n != 0 {
		t.Errorf("plan sections of cohort figures before any were imported = %d, want 0", n)
	}

	last := year - 1
	testkit.Exec(t, app, `INSERT INTO cohort_figures (institution_id, programme_id, academic_year, measure, numerator, denominator)
		SELECT institution_id, id, y, m, n, d FROM programmes,
		(VALUES ($2::int, 'continuation', 171, 180), ($2, 'attainment', 6, 8), ($2 - 1, 'continuation', 150, 170),
		        ($2 - 2, 'attainment', 40, 60), ($2 - 3, 'continuation', 1, 2), ($2 + 1, 'continuation', 9, 10)) AS f(y, m, n, d)
		WHERE id = $1`, programme, last)
	reach := "—"
	attended, invited := testkit.Scalar[int64](t, app, `SELECT coalesce(sum(attended), 0)::bigint FROM programme_figures WHERE programme_id = $1 AND year = $2 AND facet = 'all'`, programme, last),
		testkit.Scalar[int64](t, app, `SELECT coalesce(sum(invited), 0)::bigint FROM programme_figures WHERE programme_id = $1 AND year = $2 AND facet = 'all'`, programme, last)
	if invited > 0 {
		reach = fmt.Sprintf("%d%%%d of %d", (attended*100+invited/2)/invited, attended, invited)
	}
	for _, tt := range []struct {
		who        string
		attainment string
	}{
		{director, "75%6 of 8"},
		{viewer, "Fewer than 10"},
	} {
		c := app.Client()
		c.SignIn(tt.who, testkit.DemoPassword)
		resp := c.Get(paths.Plan(programme, last))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("plan for %s = %d", tt.who, resp.StatusCode)
		}
		var got [][]string
		resp.Doc().Find("[data-testid=plan-cohort-table] tbody tr").Each(func(_ int, s *goquery.Selection) {
			var cells []string
			s.Find("th, td").Each(func(i int, td *goquery.Selection) { cells = append(cells, strings.TrimSpace(td.Text())) })
			got = append(got, cells)
		})
		want := [][]string{
			{acyear.Label(last), "95%171 of 180", tt.attainment, reach},
			{acyear.Label(last - 1), "88%150 of 170", "—", got4(got, 1)},
			{acyear.Label(last - 2), "—", "67%40 of 60", got4(got, 2)},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("cohort figures on the plan for %s (-want +got):\n%s", tt.who, diff)
		}
	}
}

// got4 is the reach cell of row i, when there is one: the earlier years'
// reach is the report summaries' and not what this test checks.
func got4(rows [][]string, i int) string {
	if i < len(rows) && len(rows[i]) == 4 {
		return rows[i][3]
	}
	return ""
}
