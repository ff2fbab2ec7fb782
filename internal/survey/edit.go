package survey

import (
	"fmt"
	"net/http"
	"strconv"

	"belonging/internal/access"
	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	"belonging/web/components"
	page "belonging/web/pages/survey"
	"belonging/web/paths"
)

func (h *Handler) editForm(s access.Survey, opts []components.Option) page.SurveyForm {
	v := page.SurveyForm{ID: s.ID, Action: paths.Survey(s.ID), Cancel: paths.Survey(s.ID), Title: s.Title, Context: s.ProgrammeCode,
		Instrument: strconv.FormatInt(s.InstrumentID, 10), AskYear: s.AskYear, Instruments: opts,
		Opens: s.OpensAt.In(london).Format("2006-01-02"), Closes: lastDay(s.ClosesAt).Format("2006-01-02"),
		Locked: s.Responses > 0 || s.Phase != "single", Closed: !h.now().Before(s.ClosesAt)}
	if s.ActivityID != nil {
		v.Context = s.ActivityTitle + " · " + s.ProgrammeCode
	}
	if s.Invited != nil {
		v.Invited = strconv.Itoa(int(*s.Invited))
	}
	return v
}

func editCrumbs(s access.Survey) []web.Crumb {
	return []web.Crumb{{Label: "Programmes", URL: paths.Programmes}, {Label: s.ProgrammeCode, URL: paths.Programme(s.ProgrammeID)},
		{Label: s.Title, URL: paths.Survey(s.ID)}}
}

// Edit shows a survey's form.
func (h *Handler) Edit(w http.ResponseWriter, r *http.Request) {
	s, ok := h.Access.Survey(w, r, auth.EditSurvey)
	if !ok {
		return
	}
	opts, err := h.instrumentOptions(r.Context(), reqctx.UserFrom(r.Context()))
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.renderForm(w, r, http.StatusOK, h.editForm(s, opts), editCrumbs(s))
}

// Update saves a survey's title, invited count and, while they may still
// change, its questionnaire and dates. The questionnaire of a pair is
// fixed, so that before and after ask the same questions.
func (h *Handler) Update(w http.ResponseWriter, r *http.Request) {
	s, ok := h.Access.Survey(w, r, auth.EditSurvey)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	opts, err := h.instrumentOptions(ctx, u)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v := h.editForm(s, opts)
	in := readCommon(vals, opts, v.Locked, &v)
	if v.Locked {
		in.instrumentID, in.askYear = s.InstrumentID, s.AskYear
	}
	in.opens, in.closes = s.OpensAt, s.ClosesAt
	if !v.Closed {
		v.Opens, v.Closes = vals.Text("opens"), vals.Text("closes")
		var datesOK bool
		in.opens, in.closes, datesOK = readDates(&v, "opens", "closes", v.Opens, v.Closes, h.now())
		if datesOK && s.Responses > 0 && in.opens.After(h.now()) {
			v.Add("opens", "Students have already answered, so the survey must stay open: choose today or an earlier opening date")
		}
		if datesOK && (s.PreID != nil || s.PostID != 0) {
			partnerID := s.PostID
			if s.PreID != nil {
				partnerID = *s.PreID
			}
			p, err := h.Queries.GetSurvey(ctx, store.GetSurveyParams{InstitutionID: u.InstitutionID, ID: partnerID})
			if err != nil {
				httpx.ServerError(w, r, err)
				return
			}
			if s.Phase == "pre" && in.closes.After(p.OpensAt) {
				v.Add("closes", fmt.Sprintf("The survey before must close before the survey after opens on %s", p.OpensAt.In(london).Format("2 January 2006")))
			}
			if s.Phase == "post" && in.opens.Before(p.ClosesAt) {
				v.Add("opens", fmt.Sprintf("The survey after must open after the survey before closes at the end of %s", lastDay(p.ClosesAt).Format("2 January 2006")))
			}
		}
	}
	if !v.Valid() {
		h.renderForm(w, r, http.StatusUnprocessableEntity, v, editCrumbs(s))
		return
	}
	before := map[string]any{"title": s.Title, "instrument_id": s.InstrumentID, "ask_year": s.AskYear, "invited": invitedOf(s.Invited),
		"opens": s.OpensAt.In(london).Format("2006-01-02"), "closes": lastDay(s.ClosesAt).Format("2006-01-02")}
	after := map[string]any{"title": in.title, "instrument_id": in.instrumentID, "ask_year": in.askYear, "invited": invitedOf(in.invited),
		"opens": in.opens.In(london).Format("2006-01-02"), "closes": lastDay(in.closes).Format("2006-01-02")}
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		if err := q.UpdateSurvey(ctx, store.UpdateSurveyParams{InstitutionID: u.InstitutionID, ID: s.ID, Title: in.title, OpensAt: in.opens,
			ClosesAt: in.closes, Invited: in.invited, AskYear: in.askYear, InstrumentID: in.instrumentID}); err != nil {
			return err
		}
		changes := audit.Diff(before, after)
		if len(changes) == 0 {
			return nil
		}
		return audit.By(u).Record(ctx, q, "update", "survey", s.ID, changes)
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", "Survey saved.")
	httpx.SeeOther(w, r, paths.Survey(s.ID))
}

func invitedOf(n *int32) any {
	if n == nil {
		return nil
	}
	return int64(*n)
}
