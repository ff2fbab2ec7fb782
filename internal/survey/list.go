package survey

import (
	"context"
	"net/http"

	"github.com/a-h/templ"

	"belonging/internal/access"
	"belonging/internal/acyear"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	page "belonging/web/pages/survey"
	"belonging/web/paths"
)

func (h *Handler) rows(ctx context.Context, list []store.ListSurveysRow) []page.Row {
	now := h.now()
	out := make([]page.Row, 0, len(list))
	for _, s := range list {
		row := page.Row{ID: s.ID, Title: s.Title, Phase: s.Phase, Opens: s.OpensAt.In(london), Closes: s.ClosesAt.In(london),
			State: stateAt(now, s.OpensAt, s.ClosesAt), Responses: int(s.Responses), About: i18n.T(ctx, "surveyadmin.list.whole_programme")}
		if s.Invited != nil {
			row.Invited = int(*s.Invited)
		}
		if s.BaselineYear != nil {
			row.Baseline = acyear.Label(int(*s.BaselineYear))
		}
		if s.ActivityID != nil {
			row.About, row.AboutURL = s.ActivityTitle, paths.Activity(*s.ActivityID)
		}
		out = append(out, row)
	}
	return out
}

// List shows a programme's surveys.
func (h *Handler) List(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Programme(w, r, auth.ViewProgramme)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	list, err := h.Queries.ListSurveys(ctx, store.ListSurveysParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	staff, err := h.staffRows(ctx, u.InstitutionID, p.ID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v := page.ProgrammeSurveys{Programme: access.ProgrammeHeader(u, p, acyear.Of(h.now(), u.YearStartMonth)), Rows: h.rows(ctx, list),
		CanCreate: access.Can(r, auth.PlanProgramme, p.Target), MinGroup: h.minGroup(), StaffRows: staff}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(ctx, "surveyadmin.list.title", "Code", p.Code), Section: "programmes", Breadcrumbs: []web.Crumb{
		{Label: i18n.T(ctx, "surveyadmin.crumb.programmes"), URL: paths.Programmes}, {Label: p.Code, URL: paths.Programme(p.ID)},
		{Label: i18n.T(ctx, "surveyadmin.crumb.surveys")}}}, page.List(v))
}

// ActivitySection is the Surveys section of an activity's page: its
// surveys, the result of a closed pair, and a link to add one. It only
// reads: a pair's evidence is added when it closes (see Close and
// Upkeep).
func (h *Handler) ActivitySection(r *http.Request, a access.Activity) (templ.Component, error) {
	ctx := r.Context()
	own, err := h.Queries.ListActivitySurveys(ctx, store.ListActivitySurveysParams{InstitutionID: a.InstitutionID, ActivityID: a.ID})
	if err != nil {
		return nil, err
	}
	list := make([]store.ListSurveysRow, len(own))
	for i, s := range own {
		list[i] = store.ListSurveysRow(s)
	}
	v := page.ActivitySurveys{ActivityID: a.ID, Rows: h.rows(ctx, list), CanCreate: access.Can(r, auth.EditActivity, a.Target), MinGroup: h.minGroup()}
	for _, s := range list {
		if s.Phase != "post" || !h.now().After(s.ClosesAt) {
			continue
		}
		res, err := h.pairResult(ctx, h.Queries, a.InstitutionID, s.ID)
		if err != nil {
			return nil, err
		}
		if res.sentence != "" {
			v.Result = res.sentence
			break
		}
	}
	return page.Section(v), nil
}
