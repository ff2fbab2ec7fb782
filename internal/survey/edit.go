package survey

import (
	"context"
	"net/http"
	"strconv"

	"belonging/internal/access"
	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
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
		Locked: s.Responses > 0 || s.Phase != "single", Closed: !h.now().Before(s.ClosesAt), Staff: s.Audience == audienceStaff}
	typedWhen(s.OpensAt, s.ClosesAt).show(&v, false)
	if s.ActivityID != nil {
		v.Context = s.ActivityTitle + " · " + s.ProgrammeCode
	}
	if s.Invited != nil {
		v.Invited = strconv.Itoa(int(*s.Invited))
	}
	return v
}

func editCrumbs(ctx context.Context, s access.Survey) []web.Crumb {
	return []web.Crumb{{Label: i18n.T(ctx, "surveyadmin.crumb.programmes"), URL: paths.Programmes}, {Label: s.ProgrammeCode, URL: paths.Programme(s.ProgrammeID)},
		{Label: s.Title, URL: paths.Survey(s.ID)}}
}

// Edit shows a survey's form.
func (h *Handler) Edit(w http.ResponseWriter, r *http.Request) {
	s, ok := h.Access.Survey(w, r, auth.EditSurvey)
	if !ok {
		return
	}
	opts, err := h.instrumentOptions(r.Context(), reqctx.UserFrom(r.Context()), s.Audience)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.renderForm(w, r, http.StatusOK, h.editForm(s, opts), editCrumbs(r.Context(), s))
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
	opts, err := h.instrumentOptions(ctx, u, s.Audience)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v := h.editForm(s, opts)
	in := readCommon(ctx, vals, opts, v.Locked, &v)
	if v.Locked {
		in.instrumentID, in.askYear = s.InstrumentID, s.AskYear
	}
	if v.Staff {
		in.askYear = false
	}
	in.opens, in.closes = s.OpensAt, s.ClosesAt
	if !v.Closed {
		typed := readWhenValues(vals, singleWhen)
		typed.show(&v, false)
		var whenOK bool
		in.opens, in.closes, whenOK = readWhen(ctx, &v, singleWhen, typed, h.now())
		if whenOK && s.Responses > 0 && in.opens.After(h.now()) {
			v.Add(singleWhen.opens, i18n.T(ctx, "surveyadmin.form.error.answered_open"))
		}
		if whenOK && (s.PreID != nil || s.PostID != 0) {
			partnerID := s.PostID
			if s.PreID != nil {
				partnerID = *s.PreID
			}
			p, err := h.Queries.GetSurvey(ctx, store.GetSurveyParams{InstitutionID: u.InstitutionID, ID: partnerID})
			if err != nil {
				httpx.ServerError(w, r, err)
				return
			}
			// The pair may share a day but never overlap.
			if s.Phase == "pre" && in.closes.After(p.OpensAt) {
				field := singleWhen.closes
				if typed.closesTime != "" {
					field = singleWhen.closesTime
				}
				v.Add(field, i18n.T(ctx, "surveyadmin.form.error.pre_close", "When", page.OpensOn(ctx, p.OpensAt.In(london))))
			}
			if s.Phase == "post" && in.opens.Before(p.ClosesAt) {
				v.Add(opensField(singleWhen, typed, in.opens, p.ClosesAt),
					i18n.T(ctx, "surveyadmin.form.error.post_open", "When", page.ClosesOn(ctx, p.ClosesAt.In(london))))
			}
		}
	}
	if !v.Valid() {
		h.renderForm(w, r, http.StatusUnprocessableEntity, v, editCrumbs(ctx, s))
		return
	}
	before := map[string]any{"title": s.Title, "instrument_id": s.InstrumentID, "ask_year": s.AskYear, "invited": invitedOf(s.Invited),
		"opens": auditMoment(s.OpensAt), "closes": auditMoment(s.ClosesAt)}
	after := map[string]any{"title": in.title, "instrument_id": in.instrumentID, "ask_year": in.askYear, "invited": invitedOf(in.invited),
		"opens": auditMoment(in.opens), "closes": auditMoment(in.closes)}
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
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "surveyadmin.flash.saved"))
	httpx.SeeOther(w, r, paths.Survey(s.ID))
}

func invitedOf(n *int32) any {
	if n == nil {
		return nil
	}
	return int64(*n)
}
