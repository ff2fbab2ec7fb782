package report

import (
	"bytes"
	"net/http"
	"strconv"

	"belonging/internal/csvx"
	"belonging/internal/httpx"
	page "belonging/web/pages/report"
)

// findTable returns the report's table with the given id.
func findTable(v page.Report, name string) (page.Table, bool) {
	for _, s := range v.Groups {
		for _, f := range s.Figures {
			if f.Table.ID == name {
				return f.Table, true
			}
		}
	}
	return page.Table{}, false
}

// writeTable sends the table named by ?table as a CSV file: the same
// headings and figures as on the page, numbers without separators, hidden
// figures as "hidden". An unknown table is 404.
func writeTable(w http.ResponseWriter, r *http.Request, v page.Report) {
	t, ok := findTable(v, r.URL.Query().Get("table"))
	if !ok {
		httpx.NotFound(w, r)
		return
	}
	var buf bytes.Buffer
	out := csvx.NewWriter(&buf)
	var head []string
	for _, c := range t.Columns {
		head = append(head, c.Label)
	}
	if err := out.Write(head...); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	for _, rows := range [][]page.Row{t.Rows, t.Foot} {
		for _, row := range rows {
			cells := make([]string, len(row.Cells))
			for i, c := range row.Cells {
				cells[i] = c.CSVText()
			}
			if err := out.Write(cells...); err != nil {
				httpx.ServerError(w, r, err)
				return
			}
		}
	}
	if err := out.Flush(); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	csvx.Attachment(w, v.CSV+"-"+t.ID+".csv")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, _ = w.Write(buf.Bytes())
}
