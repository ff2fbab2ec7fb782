package activity

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/jackc/pgx/v5"

	"belonging/internal/audit"
	"belonging/internal/db"
	"belonging/internal/httpx"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	page "belonging/web/pages/activity"
)

// AddSessions adds one session or a weekly series to an activity.
func (h *Handler) AddSessions(w http.ResponseWriter, r *http.Request) {
	a, ok := h.activity(w, r, "id")
	if !ok || !canEdit(w, r, a) {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	var s page.SessionForm
	in, ok := readSessions(vals, int(a.AcademicYear), u.YearStartMonth, true, true, &s)
	if !ok {
		h.renderShow(w, r, http.StatusUnprocessableEntity, a, s)
		return
	}
	err := db.WithTx(ctx, h.Pool, func(tx pgx.Tx) error {
		q := h.Queries.WithTx(tx)
		if err := addSessions(ctx, q, u.InstitutionID, a.ID, in); err != nil {
			return err
		}
		return record(ctx, q, u, "add_sessions", "activity", a.ID, audit.Created(map[string]any{
			"sessions": len(in.Dates), "first": in.Dates[0].Format("2006-01-02"), "last": in.Dates[len(in.Dates)-1].Format("2006-01-02")}))
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", fmt.Sprintf("%d %s added.", len(in.Dates), plural(len(in.Dates), "session", "sessions")))
	httpx.SeeOther(w, r, activityURL(a.ID)+"#sessions")
}

// session loads a session and its activity, and checks the person may
// edit the activity.
func (h *Handler) session(w http.ResponseWriter, r *http.Request) (store.GetSessionRow, store.GetActivityRow, bool) {
	id, ok := httpx.IDParam(w, r, "id")
	if !ok {
		return store.GetSessionRow{}, store.GetActivityRow{}, false
	}
	u := reqctx.UserFrom(r.Context())
	s, err := h.Queries.GetSession(r.Context(), store.GetSessionParams{InstitutionID: u.InstitutionID, ID: id})
	if errors.Is(err, pgx.ErrNoRows) {
		httpx.NotFound(w, r)
		return s, store.GetActivityRow{}, false
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return s, store.GetActivityRow{}, false
	}
	a, ok := h.activityByID(w, r, s.ActivityID)
	if !ok || !canEdit(w, r, a) {
		return s, a, false
	}
	return s, a, true
}

func (h *Handler) renderSession(w http.ResponseWriter, r *http.Request, status int, a store.GetActivityRow, f page.SessionForm) {
	httpx.Render(w, r, status, web.Page{Title: "Change a session", Section: "programmes", Breadcrumbs: []web.Crumb{
		{Label: a.ProgrammeCode, URL: programmeURL(a.ProgrammeID, int(a.AcademicYear))}, {Label: a.Title, URL: activityURL(a.ID)}, {Label: "Change a session"}}},
		page.EditSession(a.ID, a.Title, f))
}

// EditSession shows one session's form.
func (h *Handler) EditSession(w http.ResponseWriter, r *http.Request) {
	s, a, ok := h.session(w, r)
	if !ok {
		return
	}
	h.renderSession(w, r, http.StatusOK, a, page.SessionForm{ID: s.ID, Date: s.SessionDate.Format("2006-01-02"),
		Start: clock(s.StartTime), End: clock(s.EndTime), Location: s.Location, OnlineURL: s.OnlineUrl})
}

// UpdateSession saves one session.
func (h *Handler) UpdateSession(w http.ResponseWriter, r *http.Request) {
	s, a, ok := h.session(w, r)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	f := page.SessionForm{ID: s.ID}
	in, ok := readSessions(vals, int(a.AcademicYear), u.YearStartMonth, false, true, &f)
	if !ok {
		h.renderSession(w, r, http.StatusUnprocessableEntity, a, f)
		return
	}
	err := db.WithTx(ctx, h.Pool, func(tx pgx.Tx) error {
		q := h.Queries.WithTx(tx)
		if err := q.UpdateSession(ctx, store.UpdateSessionParams{InstitutionID: u.InstitutionID, ID: s.ID, SessionDate: in.Dates[0],
			StartTime: in.Start, EndTime: in.End, Location: in.Location, OnlineUrl: in.OnlineURL}); err != nil {
			return err
		}
		return record(ctx, q, u, "update", "session", s.ID, audit.Diff(
			map[string]any{"date": s.SessionDate.Format("2006-01-02"), "start": clock(s.StartTime), "end": clock(s.EndTime), "location": s.Location, "online_url": s.OnlineUrl},
			map[string]any{"date": in.Dates[0].Format("2006-01-02"), "start": clock(in.Start), "end": clock(in.End), "location": in.Location, "online_url": in.OnlineURL}))
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", "Session saved.")
	httpx.SeeOther(w, r, activityURL(a.ID)+"#sessions")
}

// DeleteSession removes a cancelled session.
func (h *Handler) DeleteSession(w http.ResponseWriter, r *http.Request) {
	s, a, ok := h.session(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	err := db.WithTx(ctx, h.Pool, func(tx pgx.Tx) error {
		q := h.Queries.WithTx(tx)
		if _, err := q.DeleteSession(ctx, store.DeleteSessionParams{InstitutionID: u.InstitutionID, ID: s.ID}); err != nil {
			return err
		}
		return record(ctx, q, u, "delete", "session", s.ID, map[string]audit.Change{
			"date": {Before: s.SessionDate.Format("2006-01-02")}, "activity_id": {Before: strconv.FormatInt(a.ID, 10)}})
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", fmt.Sprintf("The session on %s was removed.", s.SessionDate.Format("2 January")))
	httpx.SeeOther(w, r, activityURL(a.ID)+"#sessions")
}
