package access

import (
	"belonging/internal/auth"
	"belonging/internal/reqctx"
	"belonging/web/components"
)

// ProgrammeHeader describes programme p at academic year for the top of
// its pages, with what u may do there.
func ProgrammeHeader(u *reqctx.User, p Programme, year int) components.ProgrammeHeader {
	return components.ProgrammeHeader{
		ID: p.ID, Code: p.Code, Title: p.Title, Department: p.DepartmentName, Cohort: int(p.CohortSize),
		CanPlan:    auth.Can(u, auth.PlanProgramme, p.Target),
		CanContrib: len(auth.ContributableModules(u, p.ID)) > 0,
		CanAdmin:   auth.Can(u, auth.Administer, p.Target),
		Year:       year, YearStart: u.YearStartMonth, Archived: p.ArchivedAt != nil,
	}
}
