// Package toc renders an activity's Enhanced Theory of Change: the diagram,
// the same content as a table, and the forms that change it.
package toc

import (
	"belonging/internal/httpx/form"
	"belonging/web/components"
)

// Page is the theory-of-change page of one activity.
type Page struct {
	ActivityID int64
	Title      string
	CanEdit    bool
	// Rows is the whole theory of change as text, in the diagram's order.
	Rows    []Row
	Diagram Diagram
	Add     EntryForm
	// Parts are the choices of the add form.
	Parts []components.Option
	Terms []components.Option
}

// Row is one entry as a row of the table beside the diagram.
type Row struct {
	EntryID int64
	// Heading names the entry's part (and term): the diagram's heading for
	// its column or list.
	Heading string
	Body    string
	// Detail is what leads to an outcome, or the evidence for an
	// assumption ("" when none).
	Detail      string
	EvidenceURL string
}

// EntryForm is the form that adds an entry, or changes one.
type EntryForm struct {
	form.Errors
	ID           int64
	Part         string
	PartLabel    string
	Term         string
	Body         string
	EvidenceNote string
	EvidenceID   string
	Elements     []string
	// Choices on the change form: the activity's elements (for an
	// outcome) and its evidence (for an assumption).
	ElementChoices  []components.Option
	EvidenceChoices []components.Option
	Terms           []components.Option
}

// Diagram is the theory of change laid out for SVG, in pixels.
type Diagram struct {
	Width, Height int
	// HeadY is the baseline of the column headings' first line.
	HeadY   int
	Summary string
	Columns []DiagramColumn
	Boxes   []Box
	Links   []Link
	// Lists are the parts shown as text below (or above) the columns:
	// context, mechanisms and assumptions.
	Lists []DiagramList
}

// DiagramColumn is one column's heading.
type DiagramColumn struct {
	X, Width int
	// Lines are the heading, wrapped.
	Lines []string
	Class string
}

// Box is one entry drawn in a column.
type Box struct {
	EntryID             int64
	X, Y, Width, Height int
	Lines               []string
	Class               string
}

// Link is a line from an activity element to an outcome it leads to.
type Link struct {
	From, To       int64
	X1, Y1, X2, Y2 int
}

// DiagramList is a heading and its entries as wrapped lines of text.
type DiagramList struct {
	Y int
	// Part is the stored value of the part listed ("context", …).
	Part    string
	Heading string
	Items   []ListItem
}

// ListItem is one entry of a list: its text, and for an assumption its
// evidence, each as wrapped lines starting at Y.
type ListItem struct {
	EntryID     int64
	Y           int
	Lines       []string
	DetailY     int
	DetailLines []string
}
