package partner

import (
	"net/http"

	"belonging/internal/access"
	"belonging/internal/reqctx"
	"belonging/internal/store"
)

// SectionReads makes on q the reads Section will make, so that the
// activity's page sends them in one batch with its other sections'
// (activity.Handler.ShowReads). Keep it in step with Section: a read missing
// here still runs, in a round trip of its own
// (TestKeyPagesRunAFixedNumberOfQueries counts them).
func (h *Handler) SectionReads(q *store.Queries, r *http.Request, a access.Activity) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	q.ListActivityPartners(ctx, store.ListActivityPartnersParams{InstitutionID: u.InstitutionID, ActivityID: a.ID})
	q.ListActivitySessions(ctx, store.ListActivitySessionsParams{InstitutionID: u.InstitutionID, ActivityID: a.ID})
}
