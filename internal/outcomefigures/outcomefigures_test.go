package outcomefigures_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"belonging/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

const (
	admin    = "admin@northbridge.ac.uk"
	director = "director@northbridge.ac.uk"
	viewer   = "viewer@northbridge.ac.uk"
)

// A valid file is previewed, writes nothing until confirmed, and then
// writes every figure; importing it again changes nothing.
func TestImportCohortFigures(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	testkit.Exec(t, app, `DELETE FROM cohort_figures`) // the demo's own
	c := app.Client()
	c.SignIn(admin, testkit.DemoPassword)
	file := "programme,academic_year,measure,numerator,denominator\n" +
		"C100,2024/25,continuation,171,180\n" +
		"c100,2024,attainment,6,8\n"
	preview := c.UploadImport("/admin/cohort-figures", []byte(file))
	if preview.StatusCode != http.StatusOK || !strings.Contains(preview.Text(), "171 of 180") {
		t.Fatalf("preview = %d (%s), want 200 showing 171 of 180", preview.StatusCode, testkit.FormErrors(preview))
	}
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM cohort_figures`); n != 0 {
		t.Fatalf("cohort figures after the preview = %d, want 0", n)
	}
	done := c.ConfirmImport(preview)
	if done.StatusCode != http.StatusOK || done.Doc().Find("[data-testid=import-summary]").Length() != 1 {
		t.Fatalf("confirm = %d, want 200 with a summary", done.StatusCode)
	}
	got := testkit.Scalars[string](t, app, `SELECT format('%s %s %s of %s', academic_year, measure, numerator, denominator) FROM cohort_figures ORDER BY measure`)
	if diff := cmp.Diff([]string{"2024 attainment 6 of 8", "2024 continuation 171 of 180"}, got); diff != "" {
		t.Errorf("cohort figures (-want +got):\n%s", diff)
	}
	again := c.UploadImport("/admin/cohort-figures", []byte(file))
	if text := again.Doc().Find("main").Text(); !strings.Contains(text, "nothing to import (2 rows as in the file)") {
		t.Errorf("previewing the same file again says %q, want nothing to import", text)
	}
}

// Bad lines are each reported with their line number and nothing is
// imported; a file with a column about a student is refused whole.
func TestImportCohortFiguresBadLines(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	testkit.Exec(t, app, `DELETE FROM cohort_figures`) // the demo's own
	c := app.Client()
	c.SignIn(admin, testkit.DemoPassword)
	file := "programme,academic_year,measure,numerator,denominator\n" +
		"C100,2024/25,continuation,170,180\n" +
		"C100,2024/25,attainment,9,8\n" +
		"C100,2023/24,continuation,-1,180\n" +
		"ZZZ9,2024/25,continuation,1,2\n" +
		"C100,2024/26,retention,1,2\n"
	resp := c.UploadImport("/admin/cohort-figures", []byte(file))
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad file = %d, want 422", resp.StatusCode)
	}
	var lines []string
	resp.Doc().Find("[data-testid=import-problems] tbody tr").Each(func(_ int, s *goquery.Selection) {
		lines = append(lines, strings.TrimSpace(s.Find("td").First().Text()))
	})
	if diff := cmp.Diff([]string{"3", "4", "5", "6"}, lines); diff != "" {
		t.Errorf("lines reported (-want +got):\n%s\n%s", diff, resp.Doc().Find("[data-testid=import-problems]").Text())
	}
	for _, want := range []string{"The numerator (9) is more than the denominator (8).", "A count cannot be below 0.",
		`No programme has the code "ZZZ9".`, `The measure "retention" is not continuation or attainment.`} {
		if !strings.Contains(resp.Doc().Find("[data-testid=import-problems]").Text(), want) {
			t.Errorf("problems do not say %q", want)
		}
	}
	people := c.UploadImport("/admin/cohort-figures", []byte("programme,academic_year,measure,numerator,denominator,student_id\nC100,2024/25,continuation,1,1,S123\n"))
	if people.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(people.Doc().Find("#file-error").Text(), "columns this import does not know") {
		t.Errorf("a file with a student column = %d, want 422 refusing its columns", people.StatusCode)
	}
	empty := c.UploadImport("/admin/cohort-figures", nil)
	if empty.StatusCode != http.StatusUnprocessableEntity || empty.Doc().Find("[data-testid=error-summary] a[href='#file']").Length() != 1 {
		t.Errorf("no file = %d, want 422 with the summary linking to #file", empty.StatusCode)
	}
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM cohort_figures`); n != 0 {
		t.Errorf("cohort figures after bad files = %d, want 0", n)
	}
}

// The programme's report shows the figures beside the plan's reach; a
// cohort smaller than the survey threshold is shown to the programme's
// team and hidden from others.
func TestCohortFiguresOnReport(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	programme := testkit.Scalar[int64](t, app, `SELECT id FROM programmes WHERE code = 'C100'`)
	// In place of the demo's own figures for the programme.
	testkit.Exec(t, app, `DELETE FROM cohort_figures WHERE programme_id = $1`, programme)
	testkit.Exec(t, app, `INSERT INTO cohort_figures (institution_id, programme_id, academic_year, measure, numerator, denominator)
		SELECT institution_id, id, 2024, 'continuation', 171, 180 FROM programmes WHERE id = $1
		UNION ALL SELECT institution_id, id, 2024, 'attainment', 6, 8 FROM programmes WHERE id = $1`, programme)
	for _, tt := range []struct {
		who  string
		want [][]string
	}{
		{director, [][]string{{"2024/25", "Attainment", "6", "8", "75%"}, {"2024/25", "Continuation", "171", "180", "95%"}}},
		{viewer, [][]string{{"2024/25", "Attainment", "Fewer than 10", "—", "—"}, {"2024/25", "Continuation", "171", "180", "95%"}}},
	} {
		c := app.Client()
		c.SignIn(tt.who, testkit.DemoPassword)
		resp := c.Get(fmt.Sprintf("/programmes/%d/report?year=2024", programme))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("report for %s = %d", tt.who, resp.StatusCode)
		}
		var got [][]string
		resp.Doc().Find("[data-testid=table-cohort-outcomes] tbody tr").Each(func(_ int, s *goquery.Selection) {
			var cells []string
			s.Find("th, td").Each(func(i int, td *goquery.Selection) {
				if i < 5 {
					cells = append(cells, strings.TrimSpace(td.Text()))
				}
			})
			got = append(got, cells)
		})
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("cohort outcomes for %s (-want +got):\n%s", tt.who, diff)
		}
	}
}
