package evidence

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"belonging/internal/access"
	"belonging/internal/acyear"
	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/httpx/form"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	"belonging/web/components"
	page "belonging/web/pages/evidence"
	"belonging/web/paths"
)

// outcomeInput is a validated outcome form.
type outcomeInput struct {
	SessionID    *int64
	Date         time.Time
	Attendance   *int32
	Invited      *int32
	StaffPresent string
	WhatWorked   string
	WhatToChange string
	AimsMet      *int32
	Quotes       string
	NextSteps    string
}

func (in outcomeInput) fields() map[string]any {
	opt := func(p *int32) any {
		if p == nil {
			return nil
		}
		return int64(*p)
	}
	session := any(nil)
	if in.SessionID != nil {
		session = *in.SessionID
	}
	return map[string]any{"session_id": session, "date": in.Date.Format("2006-01-02"), "attendance": opt(in.Attendance),
		"invited": opt(in.Invited), "staff_present": in.StaffPresent, "what_worked": in.WhatWorked,
		"what_to_change": in.WhatToChange, "aims_met": opt(in.AimsMet), "student_quotes": in.Quotes, "next_steps": in.NextSteps}
}

// readOutcome validates the outcome form; the session must be one of the
// activity's.
func readOutcome(ctx context.Context, vals form.Values, sessions []store.ListActivitySessionsRow, v *page.OutcomeForm) outcomeInput {
	v.SessionID, v.Date, v.Attendance, v.Invited = vals.Text("session"), vals.Text("outcome_date"), vals.Text("attendance"), vals.Text("invited")
	v.StaffPresent, v.WhatWorked, v.WhatToChange = vals.Text("staff_present"), vals.Text("what_worked"), vals.Text("what_to_change")
	v.AimsMet, v.Quotes, v.NextSteps = vals.Text("aims_met"), vals.Text("student_quotes"), vals.Text("next_steps")
	in := outcomeInput{StaffPresent: v.StaffPresent, WhatWorked: v.WhatWorked, WhatToChange: v.WhatToChange, Quotes: v.Quotes, NextSteps: v.NextSteps}
	if v.SessionID != "" {
		id, _ := strconv.ParseInt(v.SessionID, 10, 64)
		found := false
		for _, s := range sessions {
			if s.ID == id {
				found = true
			}
		}
		if found {
			in.SessionID = &id
		} else {
			v.Add("session", i18n.T(ctx, "evidence.outcome.error.session"))
		}
	}
	if d, ok := acyear.ParseDate(v.Date); !ok {
		v.Add("outcome_date", i18n.T(ctx, "evidence.outcome.error.date"))
	} else {
		in.Date = d
		v.Date = d.Format("2006-01-02")
	}
	number := func(field, value, msg string, lo, hi int) *int32 {
		if value == "" {
			return nil
		}
		n, ok := form.Int(value)
		if !ok || n < lo || n > hi {
			v.Add(field, msg)
			return nil
		}
		n32 := int32(n)
		return &n32
	}
	in.Attendance = number("attendance", v.Attendance, i18n.T(ctx, "evidence.outcome.error.attendance"), 0, 100000)
	in.Invited = number("invited", v.Invited, i18n.T(ctx, "evidence.outcome.error.invited"), 1, 100000)
	if in.Attendance != nil && in.Invited != nil && *in.Attendance > *in.Invited {
		v.Add("attendance", i18n.T(ctx, "evidence.outcome.error.more_than_invited"))
	}
	v.Check(form.MaxLength(v.StaffPresent, 500), "staff_present", i18n.T(ctx, "evidence.outcome.error.staff"))
	in.AimsMet = number("aims_met", v.AimsMet, i18n.T(ctx, "evidence.outcome.error.aims"), 1, 5)
	// In the order of the page, so the error summary follows it.
	for _, f := range []struct{ field, text string }{
		{"what_worked", v.WhatWorked}, {"what_to_change", v.WhatToChange}, {"student_quotes", v.Quotes}, {"next_steps", v.NextSteps},
	} {
		v.Check(form.MaxLength(f.text, 4000), f.field, i18n.T(ctx, "evidence.outcome.error.long"))
	}
	return in
}

func outcomeFromRow(o store.GetOutcomeRow) outcomeInput {
	return outcomeInput{SessionID: o.SessionID, Date: o.OutcomeDate, Attendance: o.Attendance, Invited: o.Invited, StaffPresent: o.StaffPresent,
		WhatWorked: o.WhatWorked, WhatToChange: o.WhatToChange, AimsMet: o.AimsMet, Quotes: o.StudentQuotes, NextSteps: o.NextSteps}
}

// optText shows an optional number in a form field.
func optText(n *int32) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(int(*n))
}

func sessionOptions(ctx context.Context, sessions []store.ListActivitySessionsRow) []components.Option {
	var out []components.Option
	for _, s := range sessions {
		out = append(out, components.Option{Value: strconv.FormatInt(s.ID, 10), Label: i18n.DayDate(ctx, s.SessionDate)})
	}
	return out
}

func (h *Handler) renderOutcome(w http.ResponseWriter, r *http.Request, status int, a access.Activity, sessions []store.ListActivitySessionsRow, v page.OutcomeForm) {
	ctx := r.Context()
	v.ActivityID, v.ActivityTitle, v.Sessions = a.ID, a.Title, sessionOptions(ctx, sessions)
	title := i18n.T(ctx, "evidence.outcome.new.title")
	if v.ID != 0 {
		title = i18n.T(ctx, "evidence.outcome.edit.title")
	}
	httpx.Render(w, r, status, web.Page{Title: title, Section: "programmes", Breadcrumbs: []web.Crumb{
		{Label: a.ProgrammeCode, URL: paths.Plan(a.ProgrammeID, int(a.AcademicYear))},
		{Label: a.Title, URL: paths.Activity(a.ID)}, {Label: title}}}, page.OutcomeEdit(v))
}

func (h *Handler) sessions(r *http.Request, a access.Activity) ([]store.ListActivitySessionsRow, error) {
	return h.Queries.ListActivitySessions(r.Context(), store.ListActivitySessionsParams{InstitutionID: a.InstitutionID, ActivityID: a.ID})
}

// NewOutcome shows the outcome form, for a session when one is named.
func (h *Handler) NewOutcome(w http.ResponseWriter, r *http.Request) {
	a, ok := h.Access.Activity(w, r, auth.EditActivity)
	if !ok {
		return
	}
	sessions, err := h.sessions(r, a)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v := page.OutcomeForm{Date: h.now().Format("2006-01-02"), SessionID: r.URL.Query().Get("session")}
	if a.CohortSize != nil {
		v.Invited = strconv.Itoa(int(*a.CohortSize))
	}
	if v.SessionID == "" {
		// The latest past session with nothing recorded is the likeliest.
		outcomes, err := h.Queries.ListActivityOutcomes(r.Context(), store.ListActivityOutcomesParams{InstitutionID: a.InstitutionID, ActivityID: a.ID})
		if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		recorded := map[int64]bool{}
		for _, o := range outcomes {
			if o.SessionID != nil {
				recorded[*o.SessionID] = true
			}
		}
		for _, s := range sessions {
			if !s.SessionDate.After(h.now()) && !recorded[s.ID] {
				v.SessionID, v.Date = strconv.FormatInt(s.ID, 10), s.SessionDate.Format("2006-01-02")
			}
		}
	}
	if err := h.fillFromCheckIn(r.Context(), a.InstitutionID, sessions, &v); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.renderOutcome(w, r, http.StatusOK, a, sessions, v)
}

// CreateOutcome records an outcome.
func (h *Handler) CreateOutcome(w http.ResponseWriter, r *http.Request) {
	a, ok := h.Access.Activity(w, r, auth.EditActivity)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	sessions, err := h.sessions(r, a)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	var v page.OutcomeForm
	in := readOutcome(ctx, vals, sessions, &v)
	if !v.Valid() {
		h.renderOutcome(w, r, http.StatusUnprocessableEntity, a, sessions, v)
		return
	}
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		id, err := q.CreateOutcome(ctx, store.CreateOutcomeParams{InstitutionID: u.InstitutionID, ActivityID: a.ID, SessionID: in.SessionID,
			OutcomeDate: in.Date, Attendance: in.Attendance, Invited: in.Invited, StaffPresent: in.StaffPresent, WhatWorked: in.WhatWorked,
			WhatToChange: in.WhatToChange, AimsMet: in.AimsMet, StudentQuotes: in.Quotes, NextSteps: in.NextSteps, RecordedBy: &u.ID})
		if err != nil {
			return err
		}
		fields := in.fields()
		fields["activity_id"] = a.ID
		return audit.By(u).Record(ctx, q, "create", "outcome", id, audit.Created(fields))
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "evidence.outcome.flash.recorded"))
	httpx.SeeOther(w, r, paths.ActivityAt(a.ID, "outcomes"))
}

// EditOutcome shows an outcome's form.
func (h *Handler) EditOutcome(w http.ResponseWriter, r *http.Request) {
	o, ok := h.Access.Outcome(w, r, auth.EditActivity)
	if !ok {
		return
	}
	a := o.Activity
	sessions, err := h.sessions(r, a)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v := page.OutcomeForm{ID: o.ID, Date: o.OutcomeDate.Format("2006-01-02"), StaffPresent: o.StaffPresent, WhatWorked: o.WhatWorked,
		WhatToChange: o.WhatToChange, Quotes: o.StudentQuotes, NextSteps: o.NextSteps}
	if o.SessionID != nil {
		v.SessionID = strconv.FormatInt(*o.SessionID, 10)
	}
	v.Attendance, v.Invited, v.AimsMet = optText(o.Attendance), optText(o.Invited), optText(o.AimsMet)
	if err := h.fillFromCheckIn(r.Context(), a.InstitutionID, sessions, &v); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.renderOutcome(w, r, http.StatusOK, a, sessions, v)
}

// UpdateOutcome saves an outcome; the audit log keeps every version.
func (h *Handler) UpdateOutcome(w http.ResponseWriter, r *http.Request) {
	o, ok := h.Access.Outcome(w, r, auth.EditActivity)
	if !ok {
		return
	}
	a := o.Activity
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	sessions, err := h.sessions(r, a)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v := page.OutcomeForm{ID: o.ID}
	in := readOutcome(ctx, vals, sessions, &v)
	if !v.Valid() {
		h.renderOutcome(w, r, http.StatusUnprocessableEntity, a, sessions, v)
		return
	}
	before := outcomeFromRow(o.GetOutcomeRow)
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		if err := q.UpdateOutcome(ctx, store.UpdateOutcomeParams{InstitutionID: u.InstitutionID, ID: o.ID, SessionID: in.SessionID,
			OutcomeDate: in.Date, Attendance: in.Attendance, Invited: in.Invited, StaffPresent: in.StaffPresent, WhatWorked: in.WhatWorked,
			WhatToChange: in.WhatToChange, AimsMet: in.AimsMet, StudentQuotes: in.Quotes, NextSteps: in.NextSteps}); err != nil {
			return err
		}
		changes := audit.Diff(before.fields(), in.fields())
		if len(changes) == 0 {
			return nil
		}
		return audit.By(u).Record(ctx, q, "update", "outcome", o.ID, changes)
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "evidence.outcome.flash.saved"))
	httpx.SeeOther(w, r, paths.ActivityAt(a.ID, "outcomes"))
}

// DeleteOutcome removes an outcome; its evidence stays with the activity.
func (h *Handler) DeleteOutcome(w http.ResponseWriter, r *http.Request) {
	o, ok := h.Access.Outcome(w, r, auth.EditActivity)
	if !ok {
		return
	}
	a := o.Activity
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	before := outcomeFromRow(o.GetOutcomeRow)
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		if err := q.DeleteOutcome(ctx, store.DeleteOutcomeParams{InstitutionID: u.InstitutionID, ID: o.ID}); err != nil {
			return err
		}
		return audit.By(u).Record(ctx, q, "delete", "outcome", o.ID, audit.Diff(before.fields(), nil))
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "evidence.outcome.flash.deleted"))
	httpx.SeeOther(w, r, paths.ActivityAt(a.ID, "outcomes"))
}
