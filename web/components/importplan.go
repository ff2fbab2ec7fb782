package components

import (
	"context"

	"belonging/internal/i18n"
)

// ImportPlan is what importing a file would do, shown before anything is
// written: the person reads it and confirms, or chooses another file.
type ImportPlan struct {
	// Moves are records that would leave where they are now: a programme
	// into another department, an activity into another module or year.
	// They come first on the page, so nobody confirms one unawares.
	Moves   []ImportMove
	Added   []ImportRecord
	Changed []ImportRecord
	// Same counts the rows that match what is already here.
	Same int
}

// Empty reports whether importing would change nothing.
func (p ImportPlan) Empty() bool {
	return len(p.Moves)+len(p.Added)+len(p.Changed) == 0
}

// ImportRecord is one record the file adds or changes. For an added record
// Fields hold its values (Before empty); for a changed one, each field that
// differs, old and new.
type ImportRecord struct {
	Line   int
	Name   string
	Fields []ImportField
}

// ImportField is one field of a record, before and after the import.
type ImportField struct {
	Label, Before, After string
}

// ImportMove is one record leaving its place. NewPlace says the import
// creates the place it moves into.
type ImportMove struct {
	Line     int
	Name     string
	From, To string
	NewPlace bool
}

// ImportConfirm is the form that applies a previewed file: the file itself
// travels back with the fingerprint of the plan the person saw.
type ImportConfirm struct {
	Action      string
	Content     string // the file, base64
	Fingerprint string
	Again       string // the import page, to choose another file
}

func orNone(ctx context.Context, s string) string {
	if s == "" {
		return i18n.T(ctx, "components.import.empty")
	}
	return s
}
