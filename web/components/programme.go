package components

// ProgrammeHeader is what the top of every page of a programme says about
// it: the plan, calendar, surveys, report and team tabs share it.
type ProgrammeHeader struct {
	ID         int64
	Code       string
	Title      string
	Department string
	Cohort     int
	// CanPlan and CanContrib offer "Add an activity": to the programme's
	// planners, and to module leaders for their modules.
	CanPlan    bool
	CanContrib bool
	CanAdmin   bool
	Year       int
	Years      []int
	YearStart  int
	Archived   bool
}
