package survey

import (
	"net/http"
	"time"

	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web/paths"
)

// Close ends a survey now and seals it (seal.go): its responses are
// shuffled in the same transaction, so its results show at once, and it
// cannot reopen. Closing the second survey of an activity's pair seals
// the first too if it has closed, and adds the pair's evidence in the same
// transaction, so the evidence is there as soon as the comparison is.
// Once committed, the row versions the shuffle replaced are vacuumed.
func (h *Handler) Close(w http.ResponseWriter, r *http.Request) {
	s, ok := h.Access.Survey(w, r, auth.EditSurvey)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	now := h.now()
	if !now.Before(s.ClosesAt) {
		h.Sessions.Flash(ctx, "info", i18n.T(ctx, "surveyadmin.flash.already_closed"))
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
			"closes": {Before: auditMoment(s.ClosesAt), After: auditMoment(now)}}); err != nil {
			return err
		}
		if _, err := seal(ctx, q, audit.By(u), s.ID, now); err != nil {
			return err
		}
		if s.PreID != nil {
			if _, err := seal(ctx, q, audit.By(u), *s.PreID, now); err != nil {
				return err
			}
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
	// The survey is sealed whatever happens here; should vacuuming fail,
	// the next upkeep vacuums again (as does PostgreSQL's autovacuum).
	if err := store.VacuumResponses(ctx, h.Pool); err != nil {
		httpx.Logger(ctx).Warn("vacuum after closing a survey", "survey_id", s.ID, "err", err)
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "surveyadmin.flash.closed"))
	httpx.SeeOther(w, r, paths.SurveyAt(s.ID, "results"))
}
