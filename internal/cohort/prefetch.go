package cohort

import (
	"net/http"

	"belonging/internal/access"
	"belonging/internal/reqctx"
	"belonging/internal/store"
)

// PlanSectionReads makes on q the reads PlanSection will make, so that the
// plan page sends them in one batch with its own (activity.Handler's
// PlanReads). Keep it in step with PlanSection: a read missing here still
// runs, in a round trip of its own (TestKeyPagesRunAFixedNumberOfQueries
// counts them). The reach is read whether or not the programme has a
// profile for the year: one small count in the batch costs less than a
// round trip after it.
func (h *Handler) PlanSectionReads(q *store.Queries, r *http.Request, p access.Programme, year int) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	q.GetBelongingNote(ctx, store.GetBelongingNoteParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID})
	q.GetCohortProfile(ctx, store.GetCohortProfileParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID, AcademicYear: int32(year)})
	q.CohortReach(ctx, store.CohortReachParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID, AcademicYear: int32(year)})
}
