package report

import (
	"context"
	"io"

	"github.com/a-h/templ"
)

// tableRows draws rows of a table: each row's heading cell, then its
// values, numbers aligned as their column says. A report's tables hold
// hundreds of cells, and templ's handling of a class expression (a set of
// names gathered and deduplicated through a map, in a buffer of its own)
// was a tenth of the programme report's server time; here a cell is a few
// appends to one buffer for all the rows. Text, addresses and classes are
// escaped as templ escapes them.
func tableRows(rows []Row, cols []Column) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		b := make([]byte, 0, 64*len(rows)*(len(cols)+1))
		for _, r := range rows {
			b = append(b, "<tr>"...)
			for i, c := range r.Cells {
				if i == 0 {
					b = append(b, `<th scope="row" class="`...)
				} else {
					b = append(b, `<td class="`...)
				}
				b = append(b, templ.EscapeString(cellClass(c, i > 0 && i < len(cols) && cols[i].Num))...)
				b = append(b, `">`...)
				if c.URL != "" {
					b = append(b, `<a href="`...)
					b = append(b, templ.EscapeString(c.URL)...)
					b = append(b, `">`...)
					b = append(b, templ.EscapeString(c.Text)...)
					b = append(b, "</a>"...)
				} else {
					b = append(b, templ.EscapeString(c.Text)...)
				}
				if i == 0 {
					b = append(b, "</th>"...)
				} else {
					b = append(b, "</td>"...)
				}
			}
			b = append(b, "</tr>"...)
		}
		_, err := w.Write(b)
		return err
	})
}
