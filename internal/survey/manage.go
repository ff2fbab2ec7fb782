package survey

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/a-h/templ"
	"github.com/jackc/pgx/v5"

	"belonging/internal/access"
	"belonging/internal/activity"
	"belonging/internal/acyear"
	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/db"
	"belonging/internal/httpx"
	"belonging/internal/httpx/form"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	"belonging/web/components"
	page "belonging/web/pages/survey"
)

func record(ctx context.Context, q *store.Queries, u *reqctx.User, action, entity string, id int64, changes map[string]audit.Change) error {
	e := audit.Entry{Action: action, Entity: entity, EntityID: id, Changes: changes}
	if u != nil {
		e.InstitutionID, e.ActorID = u.InstitutionID, u.ID
	}
	return audit.Record(ctx, q, e)
}

// header describes the programme for the top of its surveys page.
func (h *Handler) header(u *reqctx.User, p store.GetProgrammeRow) components.ProgrammeHeader {
	t := programmeTarget(p)
	contrib := false
	for _, m := range u.Memberships {
		contrib = contrib || (m.Role == reqctx.RoleModuleLeader && slices.Contains(m.ModuleProgrammes, p.ID))
	}
	return components.ProgrammeHeader{ID: p.ID, Code: p.Code, Title: p.Title, Department: p.DepartmentName, Cohort: int(p.CohortSize),
		CanPlan: auth.Can(u, auth.PlanProgramme, t), CanContrib: contrib, CanAdmin: auth.Can(u, auth.Administer, t),
		Year: acyear.Of(h.now(), u.YearStartMonth), YearStart: u.YearStartMonth, Archived: p.ArchivedAt != nil}
}

func (h *Handler) rows(list []store.ListSurveysRow) []page.Row {
	now := h.now()
	out := make([]page.Row, 0, len(list))
	for _, s := range list {
		row := page.Row{ID: s.ID, Title: s.Title, Phase: s.Phase, Opens: s.OpensAt.In(london), Closes: lastDay(s.ClosesAt),
			State: stateAt(now, s.OpensAt, s.ClosesAt), Responses: int(s.Responses), About: "Whole programme"}
		if s.Invited != nil {
			row.Invited = int(*s.Invited)
		}
		if s.ActivityID != nil {
			row.About, row.AboutURL = s.ActivityTitle, activityURL(*s.ActivityID)
		}
		out = append(out, row)
	}
	return out
}

// lastDay is the day a survey closing at t is last open.
func lastDay(t time.Time) time.Time { return t.In(london).Add(-time.Second) }

// List shows a programme's surveys.
func (h *Handler) List(w http.ResponseWriter, r *http.Request) {
	p, ok := h.programme(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	list, err := h.Queries.ListSurveys(ctx, store.ListSurveysParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v := page.ProgrammeSurveys{Programme: h.header(u, p), Rows: h.rows(list), CanCreate: auth.Can(u, auth.PlanProgramme, programmeTarget(p)), MinGroup: h.minGroup()}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: p.Code + " surveys", Section: "programmes", Breadcrumbs: []web.Crumb{
		{Label: "Programmes", URL: "/programmes"}, {Label: p.Code, URL: "/programmes/" + strconv.FormatInt(p.ID, 10)}, {Label: "Surveys"}}}, page.List(v))
}

// ActivitySection is the Surveys section of an activity's page: its
// surveys, the result of a closed pair, and a link to add one.
func (h *Handler) ActivitySection(r *http.Request, a access.Activity) (templ.Component, error) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	list, err := h.Queries.ListSurveys(ctx, store.ListSurveysParams{InstitutionID: a.InstitutionID, ProgrammeID: a.ProgrammeID, ActivityID: &a.ID})
	if err != nil {
		return nil, err
	}
	v := page.ActivitySurveys{ActivityID: a.ID, Rows: h.rows(list), CanCreate: auth.Can(u, auth.EditActivity, a.Target), MinGroup: h.minGroup()}
	for _, s := range list {
		if s.Phase != "post" || !h.now().After(s.ClosesAt) {
			continue
		}
		ev, err := h.ensureEvidence(ctx, a.InstitutionID, s.ID)
		if err != nil {
			return nil, err
		}
		if ev.sentence != "" {
			v.Result = ev.sentence
			break
		}
	}
	return page.Section(v), nil
}

func (h *Handler) instrumentOptions(ctx context.Context, u *reqctx.User) ([]components.Option, error) {
	list, err := h.Queries.ListInstruments(ctx, &u.InstitutionID)
	if err != nil {
		return nil, err
	}
	out := make([]components.Option, len(list))
	for i, in := range list {
		label := in.Name
		if in.Version > 1 {
			label += fmt.Sprintf(" (version %d)", in.Version)
		}
		out[i] = components.Option{Value: strconv.FormatInt(in.ID, 10), Label: label}
	}
	return out, nil
}

// newContext is what a new survey is about: a programme, or one of its
// activities.
type newContext struct {
	programme store.GetProgrammeRow
	activity  *store.GetActivityRow
}

func (c newContext) action() string {
	if c.activity != nil {
		return activityURL(c.activity.ID) + "/surveys"
	}
	return programmeSurveysURL(c.programme.ID)
}

func (c newContext) cancel() string {
	if c.activity != nil {
		return activityURL(c.activity.ID) + "#surveys"
	}
	return programmeSurveysURL(c.programme.ID)
}

func (c newContext) label() string {
	if c.activity != nil {
		return c.activity.Title + " · " + c.programme.Code
	}
	return c.programme.Code + " " + c.programme.Title + " · whole programme"
}

func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, status int, v page.SurveyForm, crumbs []web.Crumb) {
	title := "New pulse survey"
	if v.ID != 0 {
		title = "Edit " + v.Title
	}
	httpx.Render(w, r, status, web.Page{Title: title, Section: "programmes", Breadcrumbs: append(crumbs, web.Crumb{Label: title})}, page.Form(v))
}

func newCrumbs(c newContext) []web.Crumb {
	crumbs := []web.Crumb{{Label: "Programmes", URL: "/programmes"}, {Label: c.programme.Code, URL: "/programmes/" + strconv.FormatInt(c.programme.ID, 10)}}
	if c.activity != nil {
		return append(crumbs, web.Crumb{Label: c.activity.Title, URL: activityURL(c.activity.ID)})
	}
	return append(crumbs, web.Crumb{Label: "Surveys", URL: programmeSurveysURL(c.programme.ID)})
}

// programmeContext loads the programme for a new programme survey and
// checks the person plans it.
func (h *Handler) programmeContext(w http.ResponseWriter, r *http.Request) (newContext, bool) {
	p, ok := h.programme(w, r)
	if !ok {
		return newContext{}, false
	}
	if !auth.Can(reqctx.UserFrom(r.Context()), auth.PlanProgramme, programmeTarget(p)) {
		httpx.Forbidden(w, r, "Only the programme's director can survey the whole programme. Module leaders and activity teams can survey their activities from the activity's page.")
		return newContext{}, false
	}
	return newContext{programme: p}, true
}

// activityContext loads the activity for a new activity survey and checks
// the person may edit it.
func (h *Handler) activityContext(w http.ResponseWriter, r *http.Request) (newContext, bool) {
	a, ok := h.activity(w, r)
	if !ok {
		return newContext{}, false
	}
	u := reqctx.UserFrom(r.Context())
	if !auth.Can(u, auth.EditActivity, activity.ActivityTarget(a)) {
		httpx.Forbidden(w, r, "You can see this activity but not survey it. Its programme director, module leader or team can.")
		return newContext{}, false
	}
	p, err := h.Queries.GetProgramme(r.Context(), store.GetProgrammeParams{InstitutionID: u.InstitutionID, ID: a.ProgrammeID})
	if err != nil {
		httpx.ServerError(w, r, err)
		return newContext{}, false
	}
	return newContext{programme: p, activity: &a}, true
}

// NewProgrammeSurvey shows the form for a survey of a whole programme.
func (h *Handler) NewProgrammeSurvey(w http.ResponseWriter, r *http.Request) {
	if c, ok := h.programmeContext(w, r); ok {
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
	opts, err := h.instrumentOptions(ctx, u)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	today := h.now().In(london)
	v := page.SurveyForm{Action: c.action(), Cancel: c.cancel(), Context: c.label(), Title: "How do you feel about your course?",
		Kind: "single", Instruments: opts, Opens: today.Format("2006-01-02"), Closes: today.AddDate(0, 0, 13).Format("2006-01-02")}
	if len(opts) > 0 {
		v.Instrument = opts[0].Value
	}
	if c.activity != nil {
		v.Kind = "pair"
		if c.activity.CohortSize != nil && *c.activity.CohortSize > 0 {
			v.Invited = strconv.Itoa(int(*c.activity.CohortSize))
		}
	} else if c.programme.CohortSize > 0 {
		v.Invited = strconv.Itoa(int(c.programme.CohortSize))
	}
	h.renderForm(w, r, http.StatusOK, v, newCrumbs(c))
}

// surveyInput is a validated survey form.
type surveyInput struct {
	title                 string
	instrumentID          int64
	pair                  bool
	opens, closes         time.Time
	postOpens, postCloses time.Time
	invited               *int32
	askYear               bool
}

// parseDay reads a date as the start of that day in London.
func parseDay(s string) (time.Time, bool) {
	d, err := time.ParseInLocation("2006-01-02", s, london)
	if err != nil || d.Year() < 2000 || d.Year() > 2100 {
		return time.Time{}, false
	}
	return d, true
}

// readDates validates an opening and closing date pair; the survey closes
// at the end of the closing day.
func readDates(v *page.SurveyForm, openField, closeField, opens, closes string, now time.Time) (time.Time, time.Time, bool) {
	o, okO := parseDay(opens)
	c, okC := parseDay(closes)
	if !okO {
		v.Add(openField, "Enter the opening date as year-month-day, for example 2026-10-05")
	}
	if !okC {
		v.Add(closeField, "Enter the closing date as year-month-day, for example 2026-10-19")
	}
	if !okO || !okC {
		return o, c, false
	}
	end := c.AddDate(0, 0, 1)
	switch {
	case c.Before(o):
		v.Add(closeField, "The closing date must be on or after the opening date")
		return o, end, false
	case !end.After(now):
		v.Add(closeField, "The closing date has passed: choose today or a later day")
		return o, end, false
	case end.Sub(o) > 366*24*time.Hour:
		v.Add(closeField, "A survey can be open for a year at most")
		return o, end, false
	}
	return o, end, true
}

func readCommon(vals form.Values, opts []components.Option, locked bool, v *page.SurveyForm) surveyInput {
	v.Title, v.Invited = vals.Text("title"), vals.Text("invited")
	in := surveyInput{title: v.Title}
	v.Check(v.Title != "", "title", "Enter a title: students see it at the top of the survey")
	v.Check(form.MaxLength(v.Title, 200), "title", "The title must be 200 characters or fewer")
	if !locked {
		v.Instrument, v.AskYear = vals.Text("instrument"), vals.Bool("ask_year")
		in.askYear = v.AskYear
		if slices.ContainsFunc(opts, func(o components.Option) bool { return o.Value == v.Instrument }) {
			in.instrumentID, _ = strconv.ParseInt(v.Instrument, 10, 64)
		} else {
			v.Add("instrument", "Choose a questionnaire from the list")
		}
	}
	if v.Invited != "" {
		if n, ok := form.Int(v.Invited); ok && n >= 1 && n <= 100000 {
			n32 := int32(n)
			in.invited = &n32
		} else {
			v.Add("invited", "Students invited must be a whole number from 1 to 100,000, or left empty")
		}
	}
	return in
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

func newToken() (string, []byte, error) {
	raw := make([]byte, 16)
	if _, err := rand.Read(raw); err != nil {
		return "", nil, err
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", nil, err
	}
	return base64.RawURLEncoding.EncodeToString(raw), salt, nil
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request, c newContext) {
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
	v := page.SurveyForm{Action: c.action(), Cancel: c.cancel(), Context: c.label(), Instruments: opts}
	in := readCommon(vals, opts, false, &v)
	v.Kind, v.Opens, v.Closes = vals.Text("kind"), vals.Text("opens"), vals.Text("closes")
	v.PostOpens, v.PostCloses = vals.Text("post_opens"), vals.Text("post_closes")
	v.Check(form.OneOf(v.Kind, "single", "pair"), "kind", "Choose one survey or a pair before and after")
	in.pair = v.Kind == "pair"
	now := h.now()
	var datesOK bool
	in.opens, in.closes, datesOK = readDates(&v, "opens", "closes", v.Opens, v.Closes, now)
	if in.pair {
		var postOK bool
		in.postOpens, in.postCloses, postOK = readDates(&v, "post_opens", "post_closes", v.PostOpens, v.PostCloses, now)
		if datesOK && postOK && in.postOpens.Before(in.closes) {
			v.Add("post_opens", "The survey after the activity must open after the one before it closes")
		}
	}
	if !v.Valid() {
		h.renderForm(w, r, http.StatusUnprocessableEntity, v, newCrumbs(c))
		return
	}
	var activityID *int64
	if c.activity != nil {
		activityID = &c.activity.ID
	}
	var firstID int64
	err = db.WithTx(ctx, h.Pool, func(tx pgx.Tx) error {
		q := h.Queries.WithTx(tx)
		phases := []string{"single"}
		if in.pair {
			phases = []string{"pre", "post"}
		}
		var preID *int64
		for _, phase := range phases {
			token, salt, err := newToken()
			if err != nil {
				return err
			}
			opens, closes := in.opens, in.closes
			if phase == "post" {
				opens, closes = in.postOpens, in.postCloses
			}
			id, err := q.CreateSurvey(ctx, store.CreateSurveyParams{InstitutionID: u.InstitutionID, ProgrammeID: c.programme.ID,
				ActivityID: activityID, InstrumentID: in.instrumentID, Title: in.title, Phase: phase, PreID: preID, Token: token,
				BrowserSalt: salt, OpensAt: opens, ClosesAt: closes, Invited: in.invited, AskYear: in.askYear, CreatedBy: &u.ID})
			if err != nil {
				return err
			}
			fields := map[string]any{"title": in.title, "phase": phase, "programme_id": c.programme.ID, "instrument_id": in.instrumentID,
				"opens": opens.Format("2006-01-02"), "closes": lastDay(closes).Format("2006-01-02"), "ask_year": in.askYear}
			if activityID != nil {
				fields["activity_id"] = *activityID
			}
			if in.invited != nil {
				fields["invited"] = int64(*in.invited)
			}
			if err := record(ctx, q, u, "create", "survey", id, audit.Created(fields)); err != nil {
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
	msg := "Survey added. Share its link or QR code with students."
	if in.pair {
		msg = "The surveys before and after are added. Share the first one's link or QR code with students before the activity."
	}
	h.Sessions.Flash(ctx, "success", msg)
	httpx.SeeOther(w, r, surveyURL(firstID)+"#share")
}

// Show displays a survey: its link and QR code, its state, and once it
// has closed its results, with the before-and-after comparison of a pair.
func (h *Handler) Show(w http.ResponseWriter, r *http.Request) {
	s, ok := h.survey(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	now := h.now()
	v := page.SurveyPage{ID: s.ID, Title: s.Title, Phase: s.Phase, ProgrammeID: s.ProgrammeID, ProgrammeCode: s.ProgrammeCode,
		State: stateAt(now, s.OpensAt, s.ClosesAt), Opens: s.OpensAt.In(london), Closes: lastDay(s.ClosesAt), Responses: int(s.Responses),
		Link: h.publicURL(s.Token), Instrument: fmt.Sprintf("%s, version %d", s.InstrumentName, s.InstrumentVersion), InstrumentID: s.InstrumentID,
		CanEdit: s.canEdit(u), MinGroup: h.minGroup(), ResponsesDeletedOn: s.ResponsesDeletedOn}
	if s.ActivityID != nil {
		v.About, v.AboutURL = s.ActivityTitle, activityURL(*s.ActivityID)
	}
	if s.Invited != nil && *s.Invited > 0 {
		v.Invited = int(*s.Invited)
		v.ResponseRate = min(100, int(s.Responses)*100/v.Invited)
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

	if v.State == stateClosed && s.ResponsesDeletedOn == nil {
		statements, err := h.Queries.ListStatements(ctx, s.InstrumentID)
		if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		t, err := h.tally(ctx, s.ID)
		if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		year, _ := strconv.Atoi(r.URL.Query().Get("year"))
		if year < 1 || year > 8 {
			year = 0
		}
		in := resultsInput{id: s.ID, statements: statements, tally: t, year: year, askYear: s.AskYear,
			showComments: s.canReadComments(u), hasPrompt: s.FreeTextPrompt != ""}
		if in.showComments && in.hasPrompt && t.responses >= h.minGroup() && year == 0 {
			if in.comments, err = h.Queries.ListComments(ctx, s.ID); err != nil {
				httpx.ServerError(w, r, err)
				return
			}
		}
		if !s.AskYear {
			in.year = 0
		}
		v.Results = buildResults(in, h.minGroup())
	}
	if partner != nil {
		pre, post := partner, &s.GetSurveyRow
		if s.Phase == "pre" {
			pre, post = &s.GetSurveyRow, partner
		}
		switch {
		case !now.After(post.ClosesAt) || !now.After(pre.ClosesAt):
			v.Comparison = &page.Comparison{Reason: "The comparison appears when both surveys have closed."}
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
			ev, err := h.ensureEvidence(ctx, u.InstitutionID, post.ID)
			if err != nil {
				httpx.ServerError(w, r, err)
				return
			}
			v.Evidence = ev.title
		}
	}
	crumbs := []web.Crumb{{Label: "Programmes", URL: "/programmes"}, {Label: s.ProgrammeCode, URL: "/programmes/" + strconv.FormatInt(s.ProgrammeID, 10)}}
	if s.ActivityID != nil {
		crumbs = append(crumbs, web.Crumb{Label: s.ActivityTitle, URL: activityURL(*s.ActivityID)})
	} else {
		crumbs = append(crumbs, web.Crumb{Label: "Surveys", URL: programmeSurveysURL(s.ProgrammeID)})
	}
	crumbs = append(crumbs, web.Crumb{Label: s.Title})
	httpx.Render(w, r, http.StatusOK, web.Page{Title: s.Title, Section: "programmes", Breadcrumbs: crumbs}, page.Show(v))
}

// compare builds a closed pair's comparison.
func (h *Handler) compare(ctx context.Context, pre, post store.GetSurveyRow) (page.Comparison, error) {
	preScores, err := h.Queries.ResponseScores(ctx, pre.ID)
	if err != nil {
		return page.Comparison{}, err
	}
	postScores, err := h.Queries.ResponseScores(ctx, post.ID)
	if err != nil {
		return page.Comparison{}, err
	}
	statements, err := h.Queries.ListStatements(ctx, post.InstrumentID)
	if err != nil {
		return page.Comparison{}, err
	}
	preT, err := h.tally(ctx, pre.ID)
	if err != nil {
		return page.Comparison{}, err
	}
	postT, err := h.tally(ctx, post.ID)
	if err != nil {
		return page.Comparison{}, err
	}
	return comparison(preScores, postScores, statements, preT, postT, h.minGroup(), post.ID), nil
}

func (h *Handler) editForm(s loaded, opts []components.Option) page.SurveyForm {
	v := page.SurveyForm{ID: s.ID, Action: surveyURL(s.ID), Cancel: surveyURL(s.ID), Title: s.Title, Context: s.ProgrammeCode,
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

func editCrumbs(s loaded) []web.Crumb {
	return []web.Crumb{{Label: "Programmes", URL: "/programmes"}, {Label: s.ProgrammeCode, URL: "/programmes/" + strconv.FormatInt(s.ProgrammeID, 10)},
		{Label: s.Title, URL: surveyURL(s.ID)}}
}

// Edit shows a survey's form.
func (h *Handler) Edit(w http.ResponseWriter, r *http.Request) {
	s, ok := h.survey(w, r)
	if !ok || !editable(w, r, s) {
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
	s, ok := h.survey(w, r)
	if !ok || !editable(w, r, s) {
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
	err = db.WithTx(ctx, h.Pool, func(tx pgx.Tx) error {
		q := h.Queries.WithTx(tx)
		if err := q.UpdateSurvey(ctx, store.UpdateSurveyParams{InstitutionID: u.InstitutionID, ID: s.ID, Title: in.title, OpensAt: in.opens,
			ClosesAt: in.closes, Invited: in.invited, AskYear: in.askYear, InstrumentID: in.instrumentID}); err != nil {
			return err
		}
		changes := audit.Diff(before, after)
		if len(changes) == 0 {
			return nil
		}
		return record(ctx, q, u, "update", "survey", s.ID, changes)
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", "Survey saved.")
	httpx.SeeOther(w, r, surveyURL(s.ID))
}

func invitedOf(n *int32) any {
	if n == nil {
		return nil
	}
	return int64(*n)
}

// Close ends a survey now. Its results then show, and it cannot reopen.
func (h *Handler) Close(w http.ResponseWriter, r *http.Request) {
	s, ok := h.survey(w, r)
	if !ok || !editable(w, r, s) {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	now := h.now()
	if !now.Before(s.ClosesAt) {
		h.Sessions.Flash(ctx, "info", "The survey had already closed.")
		httpx.SeeOther(w, r, surveyURL(s.ID))
		return
	}
	opens := s.OpensAt
	if !opens.Before(now) {
		opens = now.Add(-time.Second)
	}
	err := db.WithTx(ctx, h.Pool, func(tx pgx.Tx) error {
		q := h.Queries.WithTx(tx)
		n, err := q.CloseSurvey(ctx, store.CloseSurveyParams{InstitutionID: u.InstitutionID, ID: s.ID, ClosesAt: now, OpensAt: opens})
		if err != nil || n == 0 {
			return err
		}
		return record(ctx, q, u, "close", "survey", s.ID, map[string]audit.Change{"closes": {Before: lastDay(s.ClosesAt).Format("2006-01-02"), After: now.In(london).Format("2006-01-02")}})
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", "The survey is closed.")
	httpx.SeeOther(w, r, surveyURL(s.ID)+"#results")
}

// Delete removes a survey nobody has answered, with the other survey of
// its pair.
func (h *Handler) Delete(w http.ResponseWriter, r *http.Request) {
	s, ok := h.survey(w, r)
	if !ok || !editable(w, r, s) {
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
	err := db.WithTx(ctx, h.Pool, func(tx pgx.Tx) error {
		q := h.Queries.WithTx(tx)
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
			if err := record(ctx, q, u, "delete", "survey", id, map[string]audit.Change{"title": {Before: s.Title}}); err != nil {
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
		httpx.Error(w, r, web.ErrorView{Status: http.StatusConflict, Title: "Students have answered this survey",
			Message: "A survey with responses cannot be deleted; its responses are deleted at the end of the retention period. Close it instead to stop answers."})
		return
	}
	h.Sessions.Flash(ctx, "success", fmt.Sprintf("Survey %q deleted.", s.Title))
	if s.ActivityID != nil {
		httpx.SeeOther(w, r, activityURL(*s.ActivityID)+"#surveys")
		return
	}
	httpx.SeeOther(w, r, programmeSurveysURL(s.ProgrammeID))
}

// Poster is a printable page with the survey's link and QR code.
func (h *Handler) Poster(w http.ResponseWriter, r *http.Request) {
	s, ok := h.survey(w, r)
	if !ok {
		return
	}
	about := s.ProgrammeTitle
	if s.ActivityID != nil {
		about = s.ActivityTitle + " · " + s.ProgrammeTitle
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: s.Title + ": poster", Bare: true},
		page.PosterPage(page.Poster{ID: s.ID, Title: s.Title, About: about, Link: h.publicURL(s.Token), Closes: lastDay(s.ClosesAt), MinGroup: h.minGroup()}))
}

// Privacy tells staff what surveys collect and why.
func (h *Handler) Privacy(w http.ResponseWriter, r *http.Request) {
	days := int(h.retention().Hours() / 24)
	words := fmt.Sprintf("%d days", days)
	if days > 0 && days%365 == 0 {
		words = fmt.Sprintf("%d %s", days/365, plural(days/365, "year", "years"))
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: "What pulse surveys collect", Section: "programmes"},
		page.PrivacyPage(page.Privacy{MinGroup: h.minGroup(), RetentionDays: days, RetentionWords: words}))
}
