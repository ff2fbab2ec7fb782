// Package report holds the report pages: a programme's, a department's,
// the institution's and the network's. Every report is the same shape:
// headline figures, then sections of figures, each a chart with a text
// summary and a table of the same numbers that can be downloaded as CSV.
package report

import (
	"belonging/web/components"
)

// Report is one report page.
type Report struct {
	// Kind is "programme", "department", "institution" or "network".
	Kind    string
	Caption string
	Title   string
	Lede    string
	// Programme is the programme's header, for its tabs (programme
	// reports only).
	Programme *components.ProgrammeHeader
	Year      int
	Years     []int
	// Period says which dates the year covers, in words; Printed, on
	// paper only, where and when the report was made.
	Period  string
	Printed string
	// AsOf, when the figures were read from a replica, says how old they
	// may be ("Figures as of 12 seconds ago.").
	AsOf string
	// Path is the report's address without a query; Query keeps the
	// year and the programme table's sort for links.
	Path string
	CSV  string
	// XLSX is the address of the whole report as one workbook.
	XLSX  string
	Stats []Stat
	// Filter, when set, offers to filter the report by evaluation code.
	Filter *Filter
	Notes  []string
	Links  []Link
	Groups []Section
}

// Filter narrows a report's activity figures to activities carrying an
// evaluation code: a type (with its sub-types) and an EORR risk.
type Filter struct {
	Types, Risks       []components.Option
	CodeType, CodeRisk string
	// Applied says in words which filter is in force ("" for none), and
	// Scope which figures it narrows.
	Applied, Scope string
	// Ignored says which values asked for are not codes of the
	// institution and so were left out of the filter.
	Ignored string
	// Clear is the report without the filter.
	Clear string
}

// Stat is one headline figure.
type Stat struct {
	ID    string
	Value string
	Label string
	Note  string
}

// Link is a related page.
type Link struct {
	Label string
	URL   string
}

// Section is a titled part of a report.
type Section struct {
	ID      string
	Title   string
	Intro   string
	Figures []Figure
}

// Figure is a chart (bars or small multiples, or none) with its summary
// and the table of its numbers.
type Figure struct {
	ID       string
	Title    string
	Summary  string
	Chart    *components.BarChart
	Timeline *components.Timeline
	Table    Table
	Pager    *components.Pager
}

// Table is a table of figures, also served as CSV.
type Table struct {
	ID      string
	Caption string
	Columns []Column
	Rows    []Row
	Foot    []Row
	Note    string
	// CSV is the address of the table as a CSV file.
	CSV string
	// Empty is said instead of an empty table.
	Empty string
}

// Column is a heading of a table. A sortable column links to the table
// sorted by it.
type Column struct {
	Label   string
	Num     bool
	SortURL string
	// Sorted is "ascending" or "descending" when the table is sorted by
	// this column.
	Sorted string
}

// Row is a row of cells; the first is its heading.
type Row struct {
	Cells []Cell
}

// Cell is one value: its text for people, and Raw for the CSV file when
// it differs (numbers without separators).
type Cell struct {
	Text string
	Raw  string
	URL  string
	// Kind styles the cell: "gap" (an empty coverage cell), "hidden" (a
	// suppressed figure), "up", "down".
	Kind string
}

// CSVText is what the CSV file holds for the cell: Raw, or the text,
// except that a dash (nothing to show) is an empty cell.
func (c Cell) CSVText() string {
	switch {
	case c.Raw != "":
		return c.Raw
	case c.Text == "–":
		return ""
	}
	return c.Text
}

// Index lists the reports a person may read, in groups.
type Index struct {
	Institution string
	Groups      []IndexGroup
}

// IndexGroup is a heading with its reports.
type IndexGroup struct {
	Title string
	Links []IndexLink
}

// IndexLink is one report on the index, with a line about it.
type IndexLink struct {
	Label string
	URL   string
	About string
}
