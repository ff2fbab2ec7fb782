package survey

import (
	"net/http"
	"time"

	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web/paths"
)

// Close ends a survey now. Its results then show, and it cannot reopen.
// Closing the second survey of an activity's pair adds the pair's
// evidence in the same transaction, so the evidence is there as soon as
// the comparison is.
func (h *Handler) Close(w http.ResponseWriter, r *http.Request) {
	s, ok := h.Access.Survey(w, r, auth.EditSurvey)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	now := h.now()
	if !now.Before(s.ClosesAt) {
		h.Sessions.Flash(ctx, "info", "The survey had already closed.")
		httpx.SeeOther(w, r, paths.Survey(s.ID))
		return
	}
	opens := s.OpensAt
	if !opens.Before(now) {
		opens = now.Add(-time.Second)
	}
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		n, err := q.CloseSurvey(ctx, store.CloseSurveyParams{InstitutionID: u.InstitutionID, ID: s.ID, ClosesAt: now, OpensAt: opens})
		if err != nil || n == 0 {
			return err
		}
		if err := audit.By(u).Record(ctx, q, "close", "survey", s.ID, map[string]audit.Change{
			"closes": {Before: lastDay(s.ClosesAt).Format("2006-01-02"), After: now.In(london).Format("2006-01-02")}}); err != nil {
			return err
		}
		if err := h.Notify.SurveyClosed(ctx, q, s.ID, u.ID, now); err != nil {
			return err
		}
		if s.ActivityID == nil {
			return nil
		}
		switch {
		case s.PostID != 0:
			return h.addEvidence(ctx, q, u.InstitutionID, s.PostID, now)
		case s.PreID != nil:
			return h.addEvidence(ctx, q, u.InstitutionID, s.ID, now)
		}
		return nil
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", "The survey is closed.")
	httpx.SeeOther(w, r, paths.SurveyAt(s.ID, "results"))
}
