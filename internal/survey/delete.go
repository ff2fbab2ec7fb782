package survey

import (
	"net/http"

	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	"belonging/web/paths"
)

// Delete removes a survey nobody has answered, with the other survey of
// its pair.
func (h *Handler) Delete(w http.ResponseWriter, r *http.Request) {
	s, ok := h.Access.Survey(w, r, auth.EditSurvey)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	first := s.ID
	if s.PreID != nil {
		first = *s.PreID
	}
	ids := []int64{first}
	if s.PostID != 0 {
		ids = append(ids, s.PostID)
	} else if s.PreID != nil {
		ids = append(ids, s.ID)
	}
	var answered bool
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		for _, id := range ids {
			n, err := q.CountResponses(ctx, id)
			if err != nil {
				return err
			}
			answered = answered || n > 0
		}
		if answered {
			return nil
		}
		if err := q.DeleteSurvey(ctx, store.DeleteSurveyParams{InstitutionID: u.InstitutionID, ID: first}); err != nil {
			return err
		}
		for _, id := range ids {
			if err := audit.By(u).Record(ctx, q, "delete", "survey", id, map[string]audit.Change{"title": {Before: s.Title}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if answered {
		httpx.Error(w, r, web.ErrorView{Status: http.StatusConflict, Title: i18n.T(ctx, "surveyadmin.delete.answered.title"),
			Message: i18n.T(ctx, "surveyadmin.delete.answered.body")})
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "surveyadmin.flash.deleted", "Title", s.Title))
	if s.ActivityID != nil {
		httpx.SeeOther(w, r, paths.ActivityAt(*s.ActivityID, "surveys"))
		return
	}
	httpx.SeeOther(w, r, paths.ProgrammeSurveys(s.ProgrammeID))
}
