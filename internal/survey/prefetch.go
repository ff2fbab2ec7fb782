package survey

import (
	"net/http"

	"belonging/internal/access"
	"belonging/internal/store"
)

// ActivitySectionReads makes on q the reads ActivitySection will make, so
// that the activity's page sends them in one batch with its other sections'
// (activity.Handler.ShowReads). Keep it in step with ActivitySection: a read
// missing here still runs, in a round trip of its own
// (TestKeyPagesRunAFixedNumberOfQueries counts them).
func (h *Handler) ActivitySectionReads(q *store.Queries, r *http.Request, a access.Activity) {
	q.ListActivitySurveys(r.Context(), store.ListActivitySurveysParams{InstitutionID: a.InstitutionID, ActivityID: a.ID})
}
