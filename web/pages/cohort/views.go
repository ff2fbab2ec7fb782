// Package cohort holds the pages of a programme's cohort profile and its
// "what belonging means here" note, and the plan's section about them.
package cohort

import (
	"belonging/internal/httpx/form"
	"belonging/web/components"
)

// ProfileForm is the cohort profile form for one academic year, as typed.
type ProfileForm struct {
	Programme components.ProgrammeHeader
	Size      string
	Groups    []GroupField
	// Updated says when the profile was last saved; empty for a new one.
	Updated string
	form.Errors
}

// GroupField is one group's count on the form.
type GroupField struct {
	Field, Label, Value string
}

// NoteForm is the "what belonging means here" form, as typed.
type NoteForm struct {
	Programme   components.ProgrammeHeader
	Body        string
	WrittenBy   string
	WrittenWith string
	WrittenOn   string
	form.Errors
}

// PlanSection is what the plan shows about the cohort and the note.
type PlanSection struct {
	ProgrammeID int64
	Year        int
	YearLabel   string
	CanEdit     bool
	// Suppressed is true when counts below MinGroup are hidden from this
	// reader.
	Suppressed bool
	MinGroup   int
	HasProfile bool
	Size       int
	Groups     []GroupFigure
	Sentences  []string
	Note       *Note
}

// GroupFigure is one group's line in the profile table.
type GroupFigure struct {
	Label string
	// Known is false when the team has not entered the count.
	Known bool
	// Hidden is true when the count is known but below the threshold for
	// this reader.
	Hidden  bool
	Count   int
	Percent int
}

// Note is a programme's "what belonging means here".
type Note struct {
	Body, WrittenBy, WrittenWith, WrittenOn string
}

// ImportProfiles is the page that imports a programme's cohort profiles,
// a year a line: the form, a file's problems, its preview, or what a
// confirmed import did.
type ImportProfiles struct {
	Programme components.ProgrammeHeader
	Columns   []ImportColumn
	MaxRows   int
	MaxBytes  string
	Problems  []components.ImportProblem
	Summary   string
	Preview   *components.ImportPlan
	Confirm   components.ImportConfirm
	Conflict  string
	form.Errors
}

// ImportColumn is one column of the file and what it holds.
type ImportColumn struct {
	Name, Meaning string
}
