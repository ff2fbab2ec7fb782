package activity

import (
	"context"
	"net/http"

	"belonging/internal/access"
	"belonging/internal/reqctx"
	"belonging/internal/store"
)

// prefetchShow sends every read of the activity's page, its own and its
// sections' (ShowReads), to the database in one batch, and returns the
// request with their results (see store.Prefetch). Each read below must be
// the query renderShow runs, with the same arguments: one that is not
// still runs, in a round trip of its own
// (TestKeyPagesRunAFixedNumberOfQueries counts them).
func (h *Handler) prefetchShow(r *http.Request, a access.Activity) (*http.Request, error) {
	u := reqctx.UserFrom(r.Context())
	ctx, err := store.Prefetch(r.Context(), h.Pool, func(q *store.Queries) {
		showReads(r.Context(), q, u, a)
		if h.ShowReads != nil {
			h.ShowReads(q, r, a)
		}
	})
	if err != nil {
		return r, err
	}
	return r.WithContext(ctx), nil
}

// showReads are renderShow's own reads.
func showReads(ctx context.Context, q *store.Queries, u *reqctx.User, a access.Activity) {
	q.ListActivitySessions(ctx, store.ListActivitySessionsParams{InstitutionID: u.InstitutionID, ActivityID: a.ID})
	q.ListActivityTeam(ctx, a.ID)
	q.TocSummary(ctx, store.TocSummaryParams{InstitutionID: u.InstitutionID, ActivityID: a.ID})
}
