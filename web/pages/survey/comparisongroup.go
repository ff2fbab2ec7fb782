package survey

import (
	"belonging/internal/httpx/form"
	"belonging/web/components"
)

// ComparisonGroup is what a survey page shows of its pair's comparison
// group: the pair named, and once the four surveys have closed, the
// difference in differences.
type ComparisonGroup struct {
	// PostID names the pair (its survey after) for the form's address.
	PostID int64
	// CanChoose: the reader may name or change the comparison group (it
	// is fixed once it has made the evidence Type 3).
	CanChoose bool
	Named     bool
	Name, URL string
	// Waiting says why there is no result yet.
	Waiting string
	Shown   bool
	// Sentence is the result in plain words.
	Sentence          string
	Change, Low, High string
	// Groups are the four groups' figures: took part before and after,
	// comparison before and after.
	Groups [4]GroupFigure
	// Holds: every group reached MinGroup; Missing says which did not.
	Holds     bool
	Missing   []string
	TypeThree bool
	MinGroup  int
	Caveats   []string
}

// GroupFigure is one group's size, mean and standard deviation.
type GroupFigure struct {
	N        int
	Mean, SD string
}

// ComparisonForm is the page that names a pair's comparison group.
type ComparisonForm struct {
	PostID        int64
	Title         string
	Before, After string
	Errors        []form.FieldError
	Choice        components.Choice
	// Candidates counts the pairs surveyed at the same times.
	Candidates int
	MinGroup   int
	Caveats    []string
}
