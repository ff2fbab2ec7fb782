package report

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"belonging/internal/acyear"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	page "belonging/web/pages/report"
)

// A whole report as one workbook: a sheet of its headline figures, then a
// sheet per table, in the page's order. Every figure comes from the same
// view the page and the CSV files are made from, so what the viewer may
// not see (a figure resting on too few responses or institutions) is the
// same words in the cell and never a number.

// ProgrammeXLSX sends a programme's report as a workbook.
func (h *Handler) ProgrammeXLSX(w http.ResponseWriter, r *http.Request) {
	if v, ok := h.programmeReport(w, r); ok {
		h.writeReport(w, r, v)
	}
}

// InstitutionXLSX sends the institution's report as a workbook.
func (h *Handler) InstitutionXLSX(w http.ResponseWriter, r *http.Request) {
	if v, ok := h.institutionReport(w, r); ok {
		h.writeReport(w, r, v)
	}
}

// DepartmentXLSX sends a department's report as a workbook.
func (h *Handler) DepartmentXLSX(w http.ResponseWriter, r *http.Request) {
	if v, ok := h.departmentReport(w, r); ok {
		h.writeReport(w, r, v)
	}
}

// NetworkXLSX sends the network report as a workbook.
func (h *Handler) NetworkXLSX(w http.ResponseWriter, r *http.Request) {
	if v, ok := h.networkReport(w, r); ok {
		h.writeReport(w, r, v)
	}
}

func (h *Handler) writeReport(w http.ResponseWriter, r *http.Request, v page.Report) {
	f, err := writeWorkbook(reportSheets(r.Context(), v, h.now()))
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	sendWorkbook(w, r, f, v.CSV)
}

// reportSheets lays a report out a sheet per table, after a summary
// sheet.
func reportSheets(ctx context.Context, v page.Report, now time.Time) []sheet {
	summary := [][]any{{i18n.T(ctx, "report.col.figure"), i18n.T(ctx, "report.xlsx.value"), i18n.T(ctx, "report.xlsx.about")},
		{i18n.T(ctx, "report.crumb.report"), v.Title, ""},
		{i18n.T(ctx, "report.col.year"), acyear.Label(v.Year), v.Period}}
	if v.Filter != nil && v.Filter.Applied != "" {
		summary = append(summary, []any{i18n.T(ctx, "report.filter.submit"), v.Filter.Applied, v.Filter.Scope})
	}
	made := time.Date(now.In(london).Year(), now.In(london).Month(), now.In(london).Day(), 0, 0, 0, 0, time.UTC)
	summary = append(summary, []any{i18n.T(ctx, "report.xlsx.made"), made, v.AsOf})
	for _, s := range v.Stats {
		summary = append(summary, []any{s.Label, statValue(s.Value), s.Note})
	}
	sheets := []sheet{{name: "Summary", rows: summary}}
	used := map[string]bool{"summary": true}
	for _, g := range v.Groups {
		for _, f := range g.Figures {
			t := f.Table
			if len(t.Columns) == 0 {
				continue
			}
			head := make([]any, len(t.Columns))
			for i, c := range t.Columns {
				head[i] = c.Label
			}
			rows := [][]any{head}
			if len(t.Rows) == 0 && t.Empty != "" {
				rows = append(rows, []any{t.Empty})
			}
			for _, part := range [][]page.Row{t.Rows, t.Foot} {
				for _, row := range part {
					cells := make([]any, len(row.Cells))
					for i, c := range row.Cells {
						cells[i] = cellValue(c)
					}
					rows = append(rows, cells)
				}
			}
			sheets = append(sheets, sheet{name: sheetName(f.Title, used), rows: rows})
		}
	}
	return sheets
}

// cellValue is a table cell as a workbook holds it: the number the CSV
// file holds, as a number (a percentage as a share shown as one); a date
// as a date; nothing for a dash; and a figure not shown as the words the
// page says instead, never a number.
func cellValue(c page.Cell) any {
	if c.Kind == "hidden" {
		return c.Text
	}
	raw := c.CSVText()
	if raw == "" {
		return nil
	}
	if n, err := strconv.Atoi(raw); err == nil {
		if strings.HasSuffix(c.Text, "%") {
			return percentage(float64(n) / 100)
		}
		return n
	}
	if x, err := strconv.ParseFloat(raw, 64); err == nil {
		return x
	}
	if d, err := time.Parse(time.DateOnly, raw); err == nil {
		return d
	}
	return raw
}

// statValue is a headline figure ("42%", "1,204", "–") as a cell.
func statValue(s string) any {
	if s == "–" {
		return nil
	}
	return cellValue(page.Cell{Text: s, Raw: strings.ReplaceAll(strings.TrimSuffix(s, "%"), ",", "")})
}

// sheetName makes a figure's title a sheet name a spreadsheet accepts (at
// most 31 characters, none of : \ / ? * [ ]) and not yet used in the
// workbook.
func sheetName(title string, used map[string]bool) string {
	clean := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '-'
		}
		return r
	}, strings.TrimSpace(title))
	if clean == "" {
		clean = "Table"
	}
	name := truncate(clean, 31)
	for i := 2; used[strings.ToLower(name)]; i++ {
		suffix := " " + strconv.Itoa(i)
		name = truncate(clean, 31-len(suffix)) + suffix
	}
	used[strings.ToLower(name)] = true
	return name
}

// truncate keeps at most n characters of s.
func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return strings.TrimSpace(string(r[:n]))
	}
	return s
}
