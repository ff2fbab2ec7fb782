package report

import (
	"bytes"
	"context"
	"strconv"
	"testing"
)

// tableRows writes cells by hand, so it must escape and class them as
// templ would: a heading cell per row, a number column's class, a cell's
// kind, an address and text with every character HTML gives meaning to.
func TestTableRowsEscapedAndClassed(t *testing.T) {
	cols := []Column{{Label: "a"}, {Label: "b", Num: true}, {Label: "c"}}
	rows := []Row{
		{Cells: []Cell{{Text: `<x>&"'`, URL: `/a?b=1&c="2"`, Kind: "gap"}, {Text: "1,200", Kind: "hidden"}, {Text: "z"}, {Text: "beyond the columns"}}},
		{Cells: []Cell{{Text: "plain"}, {Text: "3", URL: "/x"}, {Text: "q", Kind: "up"}}},
	}
	var buf bytes.Buffer
	if err := tableRows(rows, cols).Render(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	want := `<tr><th scope="row" class="cell--gap"><a href="/a?b=1&amp;c=&#34;2&#34;">&lt;x&gt;&amp;&#34;&#39;</a></th>` +
		`<td class="num cell--hidden">1,200</td><td class="">z</td><td class="">beyond the columns</td></tr>` +
		`<tr><th scope="row" class="">plain</th><td class="num"><a href="/x">3</a></td><td class="cell--up">q</td></tr>`
	if got := buf.String(); got != want {
		t.Errorf("tableRows =\n%s\nwant\n%s", got, want)
	}
}

// BenchmarkTable draws a table of 40 rows of 8 cells, as the programme
// report's list of activities.
func BenchmarkTable(b *testing.B) {
	t := Table{ID: "t", Caption: "c"}
	for i := range 8 {
		t.Columns = append(t.Columns, Column{Label: "col", Num: i > 0})
	}
	for r := range 40 {
		var row Row
		for i := range 8 {
			c := Cell{Text: strconv.Itoa(r * i)}
			if i == 0 {
				c.URL = "/activities/" + strconv.Itoa(r)
			}
			if i == 3 && r%3 == 0 {
				c.Kind = "gap"
			}
			row.Cells = append(row.Cells, c)
		}
		t.Rows = append(t.Rows, row)
	}
	ctx := context.Background()
	b.ReportAllocs()
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := table(t).Render(ctx, &buf); err != nil {
			b.Fatal(err)
		}
	}
}
