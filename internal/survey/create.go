package survey

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"strconv"

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
	page "belonging/web/pages/survey"
	"belonging/web/paths"
)

// newContext is what a new survey is about: a programme, or one of its
// activities.
type newContext struct {
	programme access.Programme
	activity  *access.Activity
	// staff is set for a staff belonging survey of the programme's team.
	staff bool
}

func (c newContext) action() string {
	if c.activity != nil {
		return paths.ActivitySurveys(c.activity.ID)
	}
	return paths.ProgrammeSurveys(c.programme.ID)
}

func (c newContext) cancel() string {
	if c.activity != nil {
		return paths.ActivityAt(c.activity.ID, "surveys")
	}
	return paths.ProgrammeSurveys(c.programme.ID)
}

func (c newContext) label(ctx context.Context) string {
	if c.activity != nil {
		return c.activity.Title + " · " + c.programme.Code
	}
	return c.programme.Code + " " + c.programme.Title + " · " + i18n.T(ctx, "surveyadmin.show.whole_programme")
}

func (c newContext) crumbs(ctx context.Context) []web.Crumb {
	crumbs := []web.Crumb{{Label: i18n.T(ctx, "surveyadmin.crumb.programmes"), URL: paths.Programmes}, {Label: c.programme.Code, URL: paths.Programme(c.programme.ID)}}
	if c.activity != nil {
		return append(crumbs, web.Crumb{Label: c.activity.Title, URL: paths.Activity(c.activity.ID)})
	}
	return append(crumbs, web.Crumb{Label: i18n.T(ctx, "surveyadmin.crumb.surveys"), URL: paths.ProgrammeSurveys(c.programme.ID)})
}

// programmeContext loads the programme for a new survey of it: only its
// planners survey a whole programme.
func (h *Handler) programmeContext(w http.ResponseWriter, r *http.Request) (newContext, bool) {
	p, ok := h.Access.Programme(w, r, auth.PlanProgramme)
	return newContext{programme: p}, ok
}

// activityContext loads the activity, and its programme, for a new survey
// of it: whoever may edit the activity may survey it.
func (h *Handler) activityContext(w http.ResponseWriter, r *http.Request) (newContext, bool) {
	a, ok := h.Access.Activity(w, r, auth.EditActivity)
	if !ok {
		return newContext{}, false
	}
	p, ok := h.Access.ProgrammeByID(w, r, a.ProgrammeID, auth.ViewProgramme)
	return newContext{programme: p, activity: &a}, ok
}

// NewProgrammeSurvey shows the form for a survey of a whole programme.
func (h *Handler) NewProgrammeSurvey(w http.ResponseWriter, r *http.Request) {
	if c, ok := h.programmeContext(w, r); ok {
		c.staff = r.URL.Query().Get("for") == audienceStaff
		h.newForm(w, r, c)
	}
}

// NewActivitySurvey shows the form for a survey of one activity.
func (h *Handler) NewActivitySurvey(w http.ResponseWriter, r *http.Request) {
	if c, ok := h.activityContext(w, r); ok {
		h.newForm(w, r, c)
	}
}

func (h *Handler) newForm(w http.ResponseWriter, r *http.Request, c newContext) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	opts, err := h.instrumentOptions(ctx, u, c.audience())
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	today := acyear.DateOf(h.now())
	v := page.SurveyForm{Action: c.action(), Cancel: c.cancel(), Context: c.label(ctx), Title: i18n.T(ctx, "surveyadmin.form.title.default"),
		Kind: "single", Instruments: opts}
	when{opens: today.Format("2006-01-02"), closes: today.AddDate(0, 0, 13).Format("2006-01-02")}.show(&v, false)
	if len(opts) > 0 {
		v.Instrument = opts[0].Value
	}
	if c.staff {
		v.Staff, v.Title = true, i18n.T(ctx, "surveyadmin.form.staff.title.default")
	} else if c.activity != nil {
		v.Kind = "pair"
		if c.activity.CohortSize != nil && *c.activity.CohortSize > 0 {
			v.Invited = strconv.Itoa(int(*c.activity.CohortSize))
		}
	} else if c.programme.CohortSize > 0 {
		v.Invited = strconv.Itoa(int(c.programme.CohortSize))
	}
	h.renderForm(w, r, http.StatusOK, v, c.crumbs(ctx))
}

// CreateProgrammeSurvey adds a survey (or pair) of a whole programme.
func (h *Handler) CreateProgrammeSurvey(w http.ResponseWriter, r *http.Request) {
	if c, ok := h.programmeContext(w, r); ok {
		h.create(w, r, c)
	}
}

// CreateActivitySurvey adds a survey (or pair) of an activity.
func (h *Handler) CreateActivitySurvey(w http.ResponseWriter, r *http.Request) {
	if c, ok := h.activityContext(w, r); ok {
		h.create(w, r, c)
	}
}

// newToken makes a survey's public token, short enough for a QR code, and
// the key its answered cookie is signed with.
func newToken() (string, []byte, error) {
	raw := make([]byte, 16)
	if _, err := rand.Read(raw); err != nil {
		return "", nil, err
	}
	key := make([]byte, 16)
	if _, err := rand.Read(key); err != nil {
		return "", nil, err
	}
	return base64.RawURLEncoding.EncodeToString(raw), key, nil
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request, c newContext) {
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	c.staff = c.activity == nil && vals.Text("audience") == audienceStaff
	opts, err := h.instrumentOptions(ctx, u, c.audience())
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v := page.SurveyForm{Action: c.action(), Cancel: c.cancel(), Context: c.label(ctx), Instruments: opts, Staff: c.staff}
	in := readCommon(ctx, vals, opts, false, &v)
	v.Kind = vals.Text("kind")
	first, after := readWhenValues(vals, singleWhen), readWhenValues(vals, pairWhen)
	first.show(&v, false)
	after.show(&v, true)
	if c.staff {
		// A staff survey runs once, and asks no year of study.
		v.Kind, in.askYear, v.AskYear = "single", false, false
	}
	v.Check(form.OneOf(v.Kind, "single", "pair"), "kind", i18n.T(ctx, "surveyadmin.form.error.kind"))
	in.pair = v.Kind == "pair"
	now := h.now()
	var whenOK bool
	in.opens, in.closes, whenOK = readWhen(ctx, &v, singleWhen, first, now)
	if in.pair {
		var postOK bool
		in.postOpens, in.postCloses, postOK = readWhen(ctx, &v, pairWhen, after, now)
		// The two may run on one day (before 09:00–10:00, after
		// 16:00–17:00), but never overlap: no student's answer could then
		// count as both before and after.
		if whenOK && postOK && in.postOpens.Before(in.closes) {
			v.Add(opensField(pairWhen, after, in.postOpens, in.closes),
				i18n.T(ctx, "surveyadmin.form.error.post_overlap", "When", page.ClosesOn(ctx, in.closes.In(london))))
		}
	}
	if !v.Valid() {
		h.renderForm(w, r, http.StatusUnprocessableEntity, v, c.crumbs(ctx))
		return
	}
	var activityID *int64
	if c.activity != nil {
		activityID = &c.activity.ID
	}
	var firstID int64
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		phases := []string{"single"}
		if in.pair {
			phases = []string{"pre", "post"}
		}
		var preID *int64
		for _, phase := range phases {
			token, key, err := newToken()
			if err != nil {
				return err
			}
			opens, closes := in.opens, in.closes
			if phase == "post" {
				opens, closes = in.postOpens, in.postCloses
			}
			id, err := q.CreateSurvey(ctx, store.CreateSurveyParams{InstitutionID: u.InstitutionID, ProgrammeID: c.programme.ID,
				ActivityID: activityID, InstrumentID: in.instrumentID, Title: in.title, Phase: phase, PreID: preID, Token: token,
				AnsweredKey: key, OpensAt: opens, ClosesAt: closes, Invited: in.invited, AskYear: in.askYear, CreatedBy: &u.ID,
				Audience: ptr(c.audience())})
			if err != nil {
				return err
			}
			fields := map[string]any{"title": in.title, "phase": phase, "programme_id": c.programme.ID, "instrument_id": in.instrumentID,
				"opens": auditMoment(opens), "closes": auditMoment(closes), "ask_year": in.askYear, "audience": c.audience()}
			if activityID != nil {
				fields["activity_id"] = *activityID
			}
			if in.invited != nil {
				fields["invited"] = int64(*in.invited)
			}
			if err := audit.By(u).Record(ctx, q, "create", "survey", id, audit.Created(fields)); err != nil {
				return err
			}
			if firstID == 0 {
				firstID = id
			}
			preID = &id
		}
		return nil
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	msg := i18n.T(ctx, "surveyadmin.flash.added")
	if c.staff {
		msg = i18n.T(ctx, "surveyadmin.flash.staff_added")
	}
	if in.pair {
		msg = i18n.T(ctx, "surveyadmin.flash.pair_added")
	}
	h.Sessions.Flash(ctx, "success", msg)
	httpx.SeeOther(w, r, paths.SurveyAt(firstID, "share"))
}
