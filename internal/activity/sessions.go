package activity

import (
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
	page "belonging/web/pages/activity"
	"belonging/web/paths"
)

// AddSessions adds one session or a weekly series to an activity.
func (h *Handler) AddSessions(w http.ResponseWriter, r *http.Request) {
	a, ok := h.Access.Activity(w, r, auth.EditActivity)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	var s page.SessionForm
	in, ok := readSessions(ctx, vals, int(a.AcademicYear), u.YearStartMonth, true, true, &s)
	if !ok {
		h.renderShow(w, r, http.StatusUnprocessableEntity, a, s)
		return
	}
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		if err := addSessions(ctx, q, u.InstitutionID, a.ID, in); err != nil {
			return err
		}
		return audit.By(u).Record(ctx, q, "add_sessions", "activity", a.ID, audit.Created(map[string]any{
			"sessions": len(in.Dates), "first": in.Dates[0].Format("2006-01-02"), "last": in.Dates[len(in.Dates)-1].Format("2006-01-02")}))
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.N(ctx, "activity.flash.sessions_added", len(in.Dates)))
	httpx.SeeOther(w, r, paths.ActivityAt(a.ID, "sessions"))
}

func (h *Handler) renderSession(w http.ResponseWriter, r *http.Request, status int, a access.Activity, f page.SessionForm) {
	ctx := r.Context()
	httpx.Render(w, r, status, web.Page{Title: i18n.T(ctx, "activity.session.change"), Section: "programmes", Breadcrumbs: []web.Crumb{
		{Label: a.ProgrammeCode, URL: paths.Plan(a.ProgrammeID, int(a.AcademicYear))}, {Label: a.Title, URL: paths.Activity(a.ID)}, {Label: i18n.T(ctx, "activity.session.change")}}},
		page.EditSession(a.ID, a.Title, f))
}

// EditSession shows one session's form.
func (h *Handler) EditSession(w http.ResponseWriter, r *http.Request) {
	s, ok := h.Access.Session(w, r, auth.EditActivity)
	if !ok {
		return
	}
	h.renderSession(w, r, http.StatusOK, s.Activity, page.SessionForm{ID: s.ID, Date: s.SessionDate.Format("2006-01-02"),
		Start: clock(s.StartTime), End: clock(s.EndTime), Location: s.Location, OnlineURL: s.OnlineUrl})
}

// UpdateSession saves one session.
func (h *Handler) UpdateSession(w http.ResponseWriter, r *http.Request) {
	s, ok := h.Access.Session(w, r, auth.EditActivity)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u, a := r.Context(), reqctx.UserFrom(r.Context()), s.Activity
	f := page.SessionForm{ID: s.ID}
	in, ok := readSessions(ctx, vals, int(a.AcademicYear), u.YearStartMonth, false, true, &f)
	if !ok {
		h.renderSession(w, r, http.StatusUnprocessableEntity, a, f)
		return
	}
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		if err := q.UpdateSession(ctx, store.UpdateSessionParams{InstitutionID: u.InstitutionID, ID: s.ID, SessionDate: in.Dates[0],
			StartTime: in.Start, EndTime: in.End, Location: in.Location, OnlineUrl: in.OnlineURL}); err != nil {
			return err
		}
		return audit.By(u).Record(ctx, q, "update", "session", s.ID, audit.Diff(
			map[string]any{"date": s.SessionDate.Format("2006-01-02"), "start": clock(s.StartTime), "end": clock(s.EndTime), "location": s.Location, "online_url": s.OnlineUrl},
			map[string]any{"date": in.Dates[0].Format("2006-01-02"), "start": clock(in.Start), "end": clock(in.End), "location": in.Location, "online_url": in.OnlineURL}))
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "activity.flash.session_saved"))
	httpx.SeeOther(w, r, paths.ActivityAt(a.ID, "sessions"))
}

// DeleteSession removes a cancelled session.
func (h *Handler) DeleteSession(w http.ResponseWriter, r *http.Request) {
	s, ok := h.Access.Session(w, r, auth.EditActivity)
	if !ok {
		return
	}
	ctx, u, a := r.Context(), reqctx.UserFrom(r.Context()), s.Activity
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		if _, err := q.DeleteSession(ctx, store.DeleteSessionParams{InstitutionID: u.InstitutionID, ID: s.ID}); err != nil {
			return err
		}
		return audit.By(u).Record(ctx, q, "delete", "session", s.ID, map[string]audit.Change{
			"date": {Before: s.SessionDate.Format("2006-01-02")}, "activity_id": {Before: strconv.FormatInt(a.ID, 10)}})
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "activity.flash.session_removed", "Day", i18n.DayMonth(ctx, s.SessionDate)))
	httpx.SeeOther(w, r, paths.ActivityAt(a.ID, "sessions"))
}
