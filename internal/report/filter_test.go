package report_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"belonging/internal/testkit"
)

// code gives an activity one of its institution's evaluation codes.
func code(t *testing.T, app *testkit.App, activity int64, value string) {
	t.Helper()
	testkit.Exec(t, app, `
		INSERT INTO activity_codes (institution_id, activity_id, code_id)
		SELECT a.institution_id, a.id, c.id FROM activities a
		JOIN evaluation_codes c ON c.institution_id = a.institution_id AND c.code = $2
		WHERE a.id = $1`, activity, value)
}

// codedFixture is the programme fixture with evaluation codes: of
// 2024/25, the coffee mornings carry a sub-type of social connection and
// the mental health risk, the quiz nights the type itself, the welcome
// fair another type and the mental health risk; of 2023/24, the mentors
// carry social connection. Nothing else in the institution is coded.
func codedFixture(t *testing.T, app *testkit.App) int64 {
	prog, titles := programmeFixture(t, app)
	testkit.Exec(t, app, `DELETE FROM activity_codes`)
	code(t, app, titles["Coffee and questions"], "social-events")
	code(t, app, titles["Coffee and questions"], "eorr-8")
	code(t, app, titles["Student-run quiz nights"], "social-connection")
	code(t, app, titles["Welcome fair"], "transition-into-he")
	code(t, app, titles["Welcome fair"], "eorr-8")
	code(t, app, titles["Mentors into year 2"], "social-connection")
	return prog
}

// A programme's report filtered by evaluation code counts only the coded
// activities: by hand from the fixture, for a type (with its sub-types),
// a risk, and both. Survey figures stay those of every survey; the CSV
// files and the workbook carry the filter.
func TestProgrammeReportByCode(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	prog := codedFixture(t, app)
	c := app.Client()
	c.SignIn(admin, testkit.DemoPassword)
	get := func(query string) string { return fmt.Sprintf("/programmes/%d/report?year=2024%s", prog, query) }

	for _, tc := range []struct {
		name, query string
		stats       map[string]string
		tables      map[string]map[string][]string
		missing     []string
	}{{
		name: "type with its sub-types", query: "&type=social-connection",
		stats: map[string]string{"activities": "2", "curricular": "50%", "reach": "42%", "evidence": "100%", "pulse": "75%"},
		tables: map[string]map[string][]string{
			"kinds":    {"Social gathering": {"0", "2"}, "Peer or transition mentoring": {"1", "0"}, "Induction event": {"0", "0"}, "Total": {"1", "2"}},
			"status":   {"Completed": {"1", "1"}, "Evaluated": {"0", "1"}, "Planned": {"0", "0"}, "Total": {"1", "2"}},
			"reach":    {"Coffee and questions": {"2", "30", "90", "33%"}, "Student-run quiz nights": {"1", "25", "40", "63%"}, "All": {"3", "55", "130", "42%"}},
			"evidence": {"No evidence yet": {"0", "0"}, "Type 1: narrative": {"1", "0"}, "Type 2: empirical": {"0", "1"}, "Type 3: causal": {"0", "1"}},
		},
		missing: []string{"Coffee and questions", "Student-run quiz nights"},
	}, {
		name: "risk", query: "&risk=eorr-8",
		stats: map[string]string{"activities": "2", "curricular": "50%", "reach": "33%", "evidence": "50%", "pulse": "75%"},
		tables: map[string]map[string][]string{
			"kinds":    {"Social gathering": {"0", "1"}, "Induction event": {"0", "1"}, "Peer or transition mentoring": {"0", "0"}, "Total": {"0", "2"}},
			"status":   {"Completed": {"0", "1"}, "Planned": {"0", "1"}, "Evaluated": {"0", "0"}, "Total": {"0", "2"}},
			"reach":    {"Coffee and questions": {"2", "30", "90", "33%"}, "All": {"2", "30", "90", "33%"}},
			"evidence": {"No evidence yet": {"0", "1"}, "Type 2: empirical": {"0", "1"}, "Type 3: causal": {"0", "0"}},
		},
		missing: []string{"Welcome fair", "Coffee and questions"},
	}, {
		name: "type and risk", query: "&type=social-connection&risk=eorr-8",
		stats: map[string]string{"activities": "1", "curricular": "100%", "reach": "33%", "evidence": "100%"},
		tables: map[string]map[string][]string{
			"kinds": {"Social gathering": {"0", "1"}, "Total": {"0", "1"}},
		},
		missing: []string{"Coffee and questions"},
	}} {
		resp := c.Get(get(tc.query))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: report = %d", tc.name, resp.StatusCode)
		}
		doc := resp.Doc()
		for id, want := range tc.stats {
			if got := stat(doc, id); got != want {
				t.Errorf("%s: headline %s = %q, want %q", tc.name, id, got, want)
			}
		}
		for table, want := range tc.tables {
			check(t, doc, table, want)
		}
		var missing []string
		doc.Find("[data-testid=table-missing] tbody th").Each(func(_ int, s *goquery.Selection) {
			missing = append(missing, strings.TrimSpace(s.Text()))
		})
		if strings.Join(missing, "|") != strings.Join(tc.missing, "|") {
			t.Errorf("%s: what is missing lists %q, want %q", tc.name, missing, tc.missing)
		}
		if got := doc.Find("[data-testid=report-filter-applied]").Text(); !strings.Contains(got, "Filtered:") {
			t.Errorf("%s: the page does not say which filter is applied: %q", tc.name, got)
		}
		if href, _ := doc.Find("[data-testid=report-filter-clear]").Attr("href"); href != fmt.Sprintf("/programmes/%d/report?year=2024", prog) {
			t.Errorf("%s: clear links to %q", tc.name, href)
		}
		// The same figures in the CSV files and the workbook.
		if href, _ := doc.Find("[data-testid=csv-kinds]").Attr("href"); !strings.Contains(href, strings.Split(tc.query, "&")[1]) {
			t.Errorf("%s: the CSV link %q does not carry the filter", tc.name, href)
		}
		compareWithPage(t, c, get(tc.query))
	}
	rows := getCSV(t, c, fmt.Sprintf("/programmes/%d/report.csv?table=kinds&year=2024&risk=eorr-8", prog))
	if got := rows[len(rows)-1]; strings.Join(got, ",") != "Total,0,2" {
		t.Errorf("filtered kinds CSV total = %q, want Total,0,2", got)
	}

	// Unfiltered, the report is as before, and offers the filter.
	doc := c.Get(get("")).Doc()
	if got := stat(doc, "activities"); got != "3" {
		t.Errorf("unfiltered activities = %q, want 3", got)
	}
	if doc.Find("[data-testid=report-filter]").Length() != 1 || doc.Find("[data-testid=report-filter-applied]").Length() != 0 {
		t.Error("the unfiltered report should offer the filter and apply none")
	}
}

// An unknown code is left out of the filter with a message saying so;
// the rest of the filter still applies.
func TestReportUnknownCodeIsIgnored(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	prog := codedFixture(t, app)
	c := app.Client()
	c.SignIn(admin, testkit.DemoPassword)
	for _, tc := range []struct {
		query, activities, message string
	}{
		{"&risk=no-such-risk", "3", `"no-such-risk" is not one of your institution's EORR risks, so the report is not filtered by it.`},
		{"&type=eorr-8", "3", `"eorr-8" is not one of your institution's activity types, so the report is not filtered by it.`},
		{"&type=nothing&risk=eorr-8", "2", `"nothing" is not one of your institution's activity types, so the report is not filtered by it.`},
	} {
		resp := c.Get(fmt.Sprintf("/programmes/%d/report?year=2024%s", prog, tc.query))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("report%s = %d, want 200", tc.query, resp.StatusCode)
		}
		doc := resp.Doc()
		if got := strings.TrimSpace(doc.Find("[data-testid=report-filter-ignored]").Text()); got != tc.message {
			t.Errorf("report%s says %q, want %q", tc.query, got, tc.message)
		}
		if got := stat(doc, "activities"); got != tc.activities {
			t.Errorf("report%s activities = %q, want %q", tc.query, got, tc.activities)
		}
	}
}

// The institution's and the department's reports filtered by a risk count
// only the coded activities (the fixture's, nothing else being coded),
// from the activities themselves; they leave out the programme table,
// whose figures are unfiltered.
func TestRollupReportByCode(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	prog := codedFixture(t, app)
	dept := testkit.Scalar[int64](t, app, `SELECT department_id FROM programmes WHERE id = $1`, prog)
	c := app.Client()
	c.SignIn(admin, testkit.DemoPassword)
	for _, path := range []string{"/reports/institution?year=2024&risk=eorr-8", fmt.Sprintf("/reports/departments/%d?year=2024&risk=eorr-8", dept)} {
		resp := c.Get(path)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s = %d", path, resp.StatusCode)
		}
		doc := resp.Doc()
		for id, want := range map[string]string{"activities": "2", "curricular": "50%", "reach": "33%", "evidence": "50%"} {
			if got := stat(doc, id); got != want {
				t.Errorf("%s headline %s = %q, want %q", path, id, got, want)
			}
		}
		if doc.Find("[data-testid=stat-quiet]").Length() != 0 || doc.Find("[data-testid=table-programmes]").Length() != 0 {
			t.Errorf("%s shows unfiltered programme figures under a filter", path)
		}
		check(t, doc, "kinds", map[string][]string{"Social gathering": {"0", "1"}, "Induction event": {"0", "1"}, "Total": {"0", "2"}})
		check(t, doc, "reach", map[string][]string{"Social gathering": {"2", "30", "90", "33%"}, "All": {"2", "30", "90", "33%"}})
		compareWithPage(t, c, path)
	}
}
