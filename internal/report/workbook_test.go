package report_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"belonging/internal/seed"
	"belonging/internal/testkit"
)

// The evaluation record downloads as a workbook with a sheet per table;
// read back, its cells hold the activity, its outcomes and evidence as
// typed numbers, and its surveys' totals only where a survey had at least
// the threshold of responses.
func TestActivityWorkbook(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	coffee := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title LIKE 'Coffee mornings%' AND academic_year = $1`, seed.CurrentYear())
	testkit.Exec(t, app, `DELETE FROM outcomes WHERE activity_id = $1`, coffee)
	testkit.Exec(t, app, `INSERT INTO outcomes (institution_id, activity_id, outcome_date, attendance, invited, aims_met)
		SELECT institution_id, id, '2025-10-06', 31, 45, 4 FROM activities WHERE id = $1`, coffee)
	// One survey of the pair falls below the threshold of 10.
	small := testkit.Scalar[int64](t, app, `SELECT id FROM surveys WHERE activity_id = $1 AND phase = 'post'`, coffee)
	testkit.Exec(t, app, `DELETE FROM survey_responses WHERE id IN (SELECT id FROM survey_responses WHERE survey_id = $1 LIMIT 12)`, small)
	testkit.Exec(t, app, `INSERT INTO evidence (institution_id, activity_id, title, kind, strength, sample_size, link_url)
		SELECT institution_id, id, 'Before and after', 'survey', 2, 45, 'https://example.ac.uk/pulse' FROM activities WHERE id = $1`, coffee)

	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	resp := c.Get(fmt.Sprintf("/activities/%d/evaluation.xlsx", coffee))
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("GET evaluation.xlsx = %d %s, want 200 and an XLSX", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	f, err := excelize.OpenReader(bytes.NewReader(resp.Body))
	if err != nil {
		t.Fatalf("excelize.OpenReader(workbook) = %v", err)
	}
	defer f.Close()
	if diff := cmp.Diff([]string{"Activity", "Evaluation codes", "Theory of change", "Sessions", "Outcomes", "Evidence", "Surveys"}, f.GetSheetList()); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
	cell := func(sheet, at string) string {
		t.Helper()
		v, err := f.GetCellValue(sheet, at)
		if err != nil {
			t.Fatalf("GetCellValue(%s, %s) = %v", sheet, at, err)
		}
		return v
	}
	kind := func(sheet, at string) excelize.CellType {
		t.Helper()
		k, err := f.GetCellType(sheet, at)
		if err != nil {
			t.Fatalf("GetCellType(%s, %s) = %v", sheet, at, err)
		}
		return k
	}
	if got := cell("Activity", "B2"); got != "Coffee mornings before Monday's Cell Biology lecture" {
		t.Errorf("Activity!B2 (title) = %q", got)
	}
	rows, err := f.GetRows("Activity")
	if err != nil {
		t.Fatal(err)
	}
	fields := map[string]string{}
	for _, r := range rows {
		if len(r) == 2 {
			fields[r[0]] = r[1]
		}
	}
	if got := fields["Reach (attended of invited, where both recorded)"]; got != "31 of 45 (69%)" {
		t.Errorf("Activity reach = %q, want 31 of 45 (69%%)", got)
	}
	if got, want := []string{cell("Outcomes", "C2"), cell("Outcomes", "D2"), cell("Outcomes", "E2"), cell("Outcomes", "F2")}, []string{"31", "45", "69", "4"}; !cmp.Equal(got, want) {
		t.Errorf("Outcomes!C2:F2 = %q, want %q", got, want)
	}
	if k := kind("Outcomes", "C2"); k != excelize.CellTypeNumber && k != excelize.CellTypeUnset {
		t.Errorf("Outcomes!C2 (attendance) is of type %v, want a number", k)
	}
	if got := cell("Evidence", "A1"); got != "Title" {
		t.Errorf("Evidence!A1 = %q, want the header", got)
	}
	if got := []string{cell("Evidence", "A2"), cell("Evidence", "C2"), cell("Evidence", "F2")}; !cmp.Equal(got, []string{"Before and after", "2", "45"}) {
		t.Errorf("Evidence!A2,C2,F2 (title, strength, sample) = %q, want Before and after, 2, 45", got)
	}

	// The survey before is shown with its 24 responses; the survey after,
	// cut to 9, shows no figure.
	surveys, err := f.GetRows("Surveys")
	if err != nil {
		t.Fatal(err)
	}
	if len(surveys) != 3 {
		t.Fatalf("Surveys rows = %d, want a header and 2 surveys: %q", len(surveys), surveys)
	}
	before, after := surveys[1], surveys[2]
	if before[1] != "pre" || before[5] != "24" {
		t.Errorf("Surveys row of the survey before = %q, want phase pre and 24 responses", before)
	}
	if mean, err := strconv.ParseFloat(before[6], 64); err != nil || mean < 1 || mean > 5 {
		t.Errorf("mean of the survey before = %q, want a number from 1 to 5", before[6])
	}
	if after[1] != "post" || after[5] != "" || after[6] != "" || after[len(after)-1] != "Not shown: fewer than 10 responses." {
		t.Errorf("Surveys row of the survey after (9 responses) = %q, want no figures and the reason", after)
	}
}
