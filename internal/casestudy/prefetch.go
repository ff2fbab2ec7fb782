package casestudy

import (
	"net/http"

	"belonging/internal/access"
	"belonging/internal/auth"
	"belonging/internal/reqctx"
	"belonging/internal/store"
)

// ActivitySectionReads makes on q the reads ActivitySection will make, so
// that the activity's page sends them in one batch with its other sections'
// (activity.Handler.ShowReads). Keep it in step with ActivitySection: a read
// missing here still runs, in a round trip of its own
// (TestKeyPagesRunAFixedNumberOfQueries counts them).
func (h *Handler) ActivitySectionReads(q *store.Queries, r *http.Request, a access.Activity) {
	q.ListActivityCaseStudies(r.Context(), store.ListActivityCaseStudiesParams{InstitutionID: a.InstitutionID, ActivityID: &a.ID})
}

// prefetchShow sends the case study page's reads that need nothing read
// before them to the database in one batch, and returns the request with
// their results (see store.Prefetch): the draft for staff of an
// institution, the publication, and for a signed-in reader the bookmark
// and the collections to add to. Each must be the query show runs, with
// the same arguments; one that is not still runs in a round trip of its
// own (TestKeyPagesRunAFixedNumberOfQueries counts them). Similar case
// studies need the publication first, so they follow in a trip of their
// own.
func (h *Handler) prefetchShow(r *http.Request, id int64) (*http.Request, error) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	ctx, err := store.Prefetch(ctx, h.Pool, func(q *store.Queries) {
		if u != nil && u.InstitutionID != 0 {
			q.GetCaseStudy(ctx, store.GetCaseStudyParams{InstitutionID: u.InstitutionID, ID: id})
		}
		q.GetPublication(ctx, id)
		q.LibraryVersion(ctx)
		if u != nil {
			q.IsBookmarked(ctx, store.IsBookmarkedParams{UserID: u.ID, CaseStudyID: id})
			if auth.CanCurate(u) {
				q.ListOwnCollections(ctx, ownCollections(u))
			}
		}
	})
	if err != nil {
		return r, err
	}
	return r.WithContext(ctx), nil
}

// ownCollections asks for the collections u may add a case study to.
func ownCollections(u *reqctx.User) store.ListOwnCollectionsParams {
	return store.ListOwnCollectionsParams{OwnerID: u.ID, InstitutionID: &u.InstitutionID, TeamProgrammes: auth.TeamProgrammes(u)}
}
