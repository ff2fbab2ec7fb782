// Package outcomefigures is the page that imports programmes' cohort
// outcome figures.
package outcomefigures

import (
	"belonging/internal/httpx/form"
	"belonging/web/components"
)

// ImportPage is the import form, the problems of a file, its preview, or
// what a confirmed import did.
type ImportPage struct {
	MaxRows  int
	MaxBytes string
	Measures []Measure
	Problems []ImportProblem
	Summary  string
	Preview  *components.ImportPlan
	Confirm  components.ImportConfirm
	Conflict string
	form.Errors
}

// Measure is an outcome a file may count.
type Measure struct {
	Code, Label            string
	Numerator, Denominator string
}

// ImportProblem is one thing wrong with one line.
type ImportProblem = components.ImportProblem
