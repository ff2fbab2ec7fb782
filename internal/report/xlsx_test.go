package report_test

import (
	"bytes"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"belonging/internal/testkit"
)

// readWorkbook downloads a report's workbook and opens it.
func readWorkbook(t *testing.T, c *testkit.Client, path string) *excelize.File {
	t.Helper()
	resp := c.Get(path)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("GET %s = %d %s, want 200 and an XLSX", path, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	f, err := excelize.OpenReader(bytes.NewReader(resp.Body))
	if err != nil {
		t.Fatalf("excelize.OpenReader(%s) = %v", path, err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f
}

// sameFigure says whether a workbook cell (its raw value and number
// format) holds what the CSV file holds: the same text or number, a
// percentage as its share, a date as the same day, and a hidden figure as
// words, never a number.
func sameFigure(csvText, raw string, numFmt int) bool {
	// The CSV file quotes a leading sign so that no spreadsheet reads it
	// as a formula; the workbook holds the number itself.
	if len(csvText) > 1 && csvText[0] == '\'' && strings.ContainsRune("-+=@", rune(csvText[1])) {
		csvText = csvText[1:]
	}
	switch {
	case csvText == raw:
		return true
	case csvText == "hidden":
		return raw == "Hidden"
	}
	x, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		return false
	}
	if n, err := strconv.ParseFloat(csvText, 64); err == nil {
		return numFmt == 9 && math.Abs(x*100-n) < 1e-9
	}
	if d, err := time.Parse(time.DateOnly, csvText); err == nil && numFmt == 14 {
		got, err := excelize.ExcelDateToTime(x, false)
		return err == nil && got.Equal(d)
	}
	return false
}

// compareWithPage checks a report's workbook against its page and CSV
// files for the same viewer: the page's headline figures on the summary
// sheet, then a sheet per table in the page's order, each holding what
// the table's CSV file holds, cell for cell, numbers as numbers. It
// returns how many cells it compared and how many were hidden figures.
func compareWithPage(t *testing.T, c *testkit.Client, pagePath string) (compared, hidden int) {
	t.Helper()
	resp := c.Get(pagePath)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d", pagePath, resp.StatusCode)
	}
	doc := resp.Doc()
	link, ok := doc.Find("[data-testid=report-xlsx]").Attr("href")
	if !ok {
		t.Fatalf("%s has no link to its workbook", pagePath)
	}
	f := readWorkbook(t, c, link)
	sheets := f.GetSheetList()
	if len(sheets) == 0 || sheets[0] != "Summary" {
		t.Fatalf("%s sheets = %q, want Summary first", link, sheets)
	}
	summary, err := f.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	stats := map[string]string{}
	for _, r := range summary {
		if len(r) > 1 {
			stats[r[0]] = r[1]
		}
	}
	doc.Find("[data-testid^=stat-]").Each(func(_ int, s *goquery.Selection) {
		label, value := strings.TrimSpace(s.Find(".stat__label").Text()), strings.TrimSpace(s.Find(".stat__value").Text())
		if value == "–" {
			value = ""
		}
		if got := stats[label]; got != value {
			t.Errorf("%s Summary %q = %q, want %q as on the page", link, label, got, value)
		}
	})

	var tables []*goquery.Selection
	doc.Find("[data-testid^=table-]").Each(func(_ int, s *goquery.Selection) { tables = append(tables, s) })
	if len(sheets) != len(tables)+1 {
		t.Fatalf("%s has %d sheets, want the summary and the page's %d tables: %q", link, len(sheets), len(tables), sheets)
	}
	for i, table := range tables {
		name := sheets[i+1]
		id, _ := table.Attr("data-testid")
		id = strings.TrimPrefix(id, "table-")
		got, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		href, ok := doc.Find("[data-testid=csv-" + id + "]").Attr("href")
		if !ok { // an empty table: its sheet has the header and says why
			if len(got) != 2 || len(got[1]) != 1 || got[1][0] != strings.TrimSpace(table.Text()) {
				t.Errorf("%s sheet %q (empty table %s) = %q, want its header and %q", link, name, id, got, strings.TrimSpace(table.Text()))
			}
			continue
		}
		want := getCSV(t, c, href)
		if len(got) != len(want) {
			t.Errorf("%s sheet %q has %d rows, CSV of %s %d", link, name, len(got), id, len(want))
			continue
		}
		for r := range want {
			for k, text := range want[r] {
				raw := ""
				if k < len(got[r]) {
					raw = got[r][k]
				}
				cell, err := excelize.CoordinatesToCellName(k+1, r+1)
				if err != nil {
					t.Fatal(err)
				}
				numFmt := 0
				if style, err := f.GetCellStyle(name, cell); err == nil && style != 0 {
					if s, err := f.GetStyle(style); err == nil {
						numFmt = s.NumFmt
					}
				}
				if !sameFigure(text, raw, numFmt) {
					t.Errorf("%s %s!%s (table %s) = %q (format %d), want %q as in the CSV file", link, name, cell, id, raw, numFmt, text)
				}
				if text == "hidden" {
					hidden++
					if kind, err := f.GetCellType(name, cell); err != nil || kind == excelize.CellTypeNumber {
						t.Errorf("%s %s!%s is hidden on the page but a number in the workbook", link, name, cell)
					}
				}
				compared++
			}
		}
		bold, err := f.GetCellStyle(name, "A1")
		if err != nil {
			t.Fatal(err)
		}
		if s, err := f.GetStyle(bold); err != nil || s.Font == nil || !s.Font.Bold {
			t.Errorf("%s %s!A1 is not bold", link, name)
		}
		panes, err := f.GetPanes(name)
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s sheet %q header row is not frozen: %+v %v", link, name, panes, err)
		}
	}
	return compared, hidden
}

// Each report downloads as one workbook holding, sheet by sheet, what its
// page and CSV files show to the same person: the programme's, its
// department's and the institution's to an admin. Percentages are numbers
// shown as percentages; a survey below the threshold stays hidden.
func TestReportWorkbooks(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	prog, _ := programmeFixture(t, app)
	dept := testkit.Scalar[int64](t, app, `SELECT department_id FROM programmes WHERE id = $1`, prog)
	c := app.Client()
	c.SignIn(admin, testkit.DemoPassword)

	n, hidden := compareWithPage(t, c, fmt.Sprintf("/programmes/%d/report?year=2024", prog))
	if n < 100 || hidden < 2 {
		t.Errorf("programme workbook: compared %d cells, %d hidden; want the fixture's tables and its small survey hidden", n, hidden)
	}
	if n, _ := compareWithPage(t, c, fmt.Sprintf("/reports/departments/%d?year=2024", dept)); n < 100 {
		t.Errorf("department workbook: compared %d cells", n)
	}
	if n, _ := compareWithPage(t, c, "/reports/institution?year=2024"); n < 100 {
		t.Errorf("institution workbook: compared %d cells", n)
	}

	// Typed cells: the reach table's last column is a share shown as a
	// percentage; its counts are numbers.
	f := readWorkbook(t, c, fmt.Sprintf("/programmes/%d/report.xlsx?year=2024", prog))
	var reach string
	for _, s := range f.GetSheetList() {
		if v, _ := f.GetCellValue(s, "A1"); v == "Activity" {
			if v, _ := f.GetCellValue(s, "E1"); v == "Reach" {
				reach = s
			}
		}
	}
	if reach == "" {
		t.Fatalf("no reach sheet in %q", f.GetSheetList())
	}
	if v, err := f.GetCellValue(reach, "E4"); err != nil || v != "42%" {
		t.Errorf("%s!E4 (reach of all) shows %q (%v), want 42%%", reach, v, err)
	}
	if v, err := f.GetCellValue(reach, "E4", excelize.Options{RawCellValue: true}); err != nil || v != "0.42" {
		t.Errorf("%s!E4 holds %q (%v), want 0.42", reach, v, err)
	}
	if kind, err := f.GetCellType(reach, "C4"); err != nil || (kind != excelize.CellTypeNumber && kind != excelize.CellTypeUnset) {
		t.Errorf("%s!C4 (attended) is of type %v (%v), want a number", reach, kind, err)
	}
	if got := c.Get(fmt.Sprintf("/programmes/%d/report.xlsx?year=2024", prog)).Header.Get("Content-Disposition"); got != `attachment; filename="z900-2024-25.xlsx"` {
		t.Errorf("workbook file name = %q", got)
	}
}
