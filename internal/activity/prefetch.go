package activity

import (
	"context"
	"net/http"

	"belonging/internal/access"
	"belonging/internal/httpx"
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
	return h.prefetch(r, func(q *store.Queries) { h.allShowReads(q, r, a) })
}

// allShowReads makes on q every read of the activity's page: its own and
// its sections'.
func (h *Handler) allShowReads(q *store.Queries, r *http.Request, a access.Activity) {
	showReads(r.Context(), q, reqctx.UserFrom(r.Context()), a)
	if h.ShowReads != nil {
		h.ShowReads(q, r, a)
	}
}

// prefetchActivityAndShow sends the activity named by the address and
// every read of its page in one batch, before the activity is known: the
// reads need only its id and the reader's institution (which scopes the
// activity's own read too). Where the person may not view the activity,
// the page is never drawn and the reads' results are left unused. An
// address without a valid id sends nothing (the loader answers 404).
//
// The page's reads of the activity's own rows (store.ActivityPageKept)
// are kept by its page version, read first in the same batch: while it
// stands, the batch holds the version, the activity and the few reads
// not kept.
func (h *Handler) prefetchActivityAndShow(r *http.Request) (*http.Request, error) {
	id, ok := httpx.ParseID(r, "id")
	u := reqctx.UserFrom(r.Context())
	if !ok || u == nil {
		return r, nil
	}
	a := access.Activity{GetActivityRow: store.GetActivityRow{ID: id, InstitutionID: u.InstitutionID}}
	ctx, err := store.PrefetchKept(r.Context(), h.Pool, &h.shown, store.ActivityPageKept, id, func(q *store.Queries) {
		q.ActivityPageVersion(r.Context(), store.ActivityPageVersionParams{InstitutionID: u.InstitutionID, ID: id})
	}, func(q *store.Queries) {
		q.GetActivity(r.Context(), store.GetActivityParams{InstitutionID: u.InstitutionID, ID: id})
		h.allShowReads(q, r, a)
	})
	if err != nil {
		return r, err
	}
	return r.WithContext(ctx), nil
}

// prefetchPlan sends the plan page's reads after its programme in one
// batch: the institution's codes, the list of activities (unless the list
// is filtered by a code, which needs the codes first), and for the whole
// page (not the list alone, which htmx asks for) the coverage, the
// figures and PlanExtra's reads; the list, coverage and figures not when
// the page's parts drawn from them are kept. Each must be the query Plan
// runs, with the same arguments.
func (h *Handler) prefetchPlan(r *http.Request, p access.Programme, year int, filter store.PlanFilter, byCode, kept bool) (*http.Request, error) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	full := !httpx.IsHTMX(r)
	return h.prefetch(r, func(q *store.Queries) {
		q.ListEvaluationCodes(ctx, u.InstitutionID)
		if !byCode && !kept {
			q.ListPlan(ctx, filter)
		}
		if !full {
			return
		}
		if h.PlanReads != nil {
			h.PlanReads(q, r, p, year)
		}
		if kept {
			return
		}
		q.PlanCoverage(ctx, store.PlanCoverageParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID, AcademicYear: int32(year)})
		q.PlanFigures(ctx, store.PlanFiguresParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID, AcademicYear: int32(year)})
	})
}

// prefetch runs reads in one batch and returns the request carrying their
// results (see store.Prefetch).
func (h *Handler) prefetch(r *http.Request, reads func(q *store.Queries)) (*http.Request, error) {
	ctx, err := store.Prefetch(r.Context(), h.Pool, reads)
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
