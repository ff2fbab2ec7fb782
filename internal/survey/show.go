package survey

import (
	"context"
	"net/http"
	"strconv"

	"belonging/internal/access"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	page "belonging/web/pages/survey"
	"belonging/web/paths"
)

// Show displays a survey: its link and QR code, its state, and once it
// has closed its results, with the before-and-after comparison of a pair.
// It only reads: a pair's evidence is added when the pair closes (Close,
// Upkeep), never by looking at it.
func (h *Handler) Show(w http.ResponseWriter, r *http.Request) {
	s, ok := h.Access.Survey(w, r, auth.ViewProgramme)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	now := h.now()
	// Those who may change a survey are its team: they alone read its
	// free-text answers too.
	team := access.Can(r, auth.EditSurvey, s.Target)
	v := page.SurveyPage{ID: s.ID, Title: s.Title, Phase: s.Phase, ProgrammeID: s.ProgrammeID, ProgrammeCode: s.ProgrammeCode,
		State: stateAt(now, s.OpensAt, s.ClosesAt), Opens: s.OpensAt.In(london), Closes: s.ClosesAt.In(london), Responses: int(s.Responses),
		Link: h.publicURL(s.Token), InstrumentID: s.InstrumentID, Staff: s.Audience == audienceStaff,
		Instrument: i18n.T(ctx, "surveyadmin.show.instrument", "Name", s.InstrumentName, "Version", s.InstrumentVersion),
		CanEdit:    team, MinGroup: h.minGroup(), ResponsesDeletedOn: s.ResponsesDeletedOn, Sealed: s.Sealed}
	if s.ActivityID != nil {
		v.About, v.AboutURL = s.ActivityTitle, paths.Activity(*s.ActivityID)
	}
	if s.Invited != nil {
		v.Invited = int(*s.Invited)
		v.ResponseRate, _ = responseRate(int(s.Responses), v.Invited)
	}
	var partner *store.GetSurveyRow
	switch {
	case s.PreID != nil:
		v.PartnerID, v.PartnerPhase = *s.PreID, "pre"
	case s.PostID != 0:
		v.PartnerID, v.PartnerPhase = s.PostID, "post"
	}
	if v.PartnerID != 0 {
		p, err := h.Queries.GetSurvey(ctx, store.GetSurveyParams{InstitutionID: u.InstitutionID, ID: v.PartnerID})
		if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		partner = &p
	}
	v.CanDelete = v.CanEdit && s.Responses == 0 && (partner == nil || partner.Responses == 0)

	if v.State == stateClosed && s.Sealed && s.ResponsesDeletedOn == nil {
		year, _ := strconv.Atoi(r.URL.Query().Get("year"))
		res, err := h.results(ctx, s.GetSurveyRow, year, team)
		if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		v.Results = res
	}
	if s.ActivityID == nil && s.Audience != audienceStaff {
		b, err := h.baselineView(ctx, u, s, v.Results)
		if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		v.Baseline = b
	}
	if partner != nil {
		pre, post := partner, &s.GetSurveyRow
		if s.Phase == "pre" {
			pre, post = &s.GetSurveyRow, partner
		}
		switch {
		case !now.After(post.ClosesAt) || !now.After(pre.ClosesAt) || !pre.Sealed || !post.Sealed:
			v.Comparison = &page.Comparison{Reason: i18n.T(ctx, "surveyadmin.compare.reason_closed")}
		case pre.ResponsesDeletedOn != nil || post.ResponsesDeletedOn != nil:
		default:
			cmp, err := h.compare(ctx, *pre, *post)
			if err != nil {
				httpx.ServerError(w, r, err)
				return
			}
			v.Comparison = &cmp
		}
		if post.ActivityID != nil {
			ev, _, err := storedEvidence(ctx, h.Queries, u.InstitutionID, post.ID)
			if err != nil {
				httpx.ServerError(w, r, err)
				return
			}
			v.Evidence = ev.title
		}
	}
	group, err := h.groupView(ctx, h.Queries, s.GetSurveyRow, team)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v.Group = group
	httpx.Render(w, r, http.StatusOK, web.Page{Title: s.Title, Section: "programmes", Breadcrumbs: append(surveyCrumbs(ctx, s), web.Crumb{Label: s.Title})}, page.Show(v))
}

// surveyCrumbs lead to a survey: its programme, then its activity or the
// programme's surveys.
func surveyCrumbs(ctx context.Context, s access.Survey) []web.Crumb {
	crumbs := []web.Crumb{{Label: i18n.T(ctx, "surveyadmin.crumb.programmes"), URL: paths.Programmes}, {Label: s.ProgrammeCode, URL: paths.Programme(s.ProgrammeID)}}
	if s.ActivityID != nil {
		return append(crumbs, web.Crumb{Label: s.ActivityTitle, URL: paths.Activity(*s.ActivityID)})
	}
	return append(crumbs, web.Crumb{Label: i18n.T(ctx, "surveyadmin.crumb.surveys"), URL: paths.ProgrammeSurveys(s.ProgrammeID)})
}
