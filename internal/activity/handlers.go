package activity

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/jackc/pgx/v5"

	"belonging/internal/access"
	"belonging/internal/acyear"
	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/codes"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/internal/toc"
	"belonging/internal/vocab"
	"belonging/web"
	"belonging/web/components"
	page "belonging/web/pages/activity"
	"belonging/web/paths"
)

// addScope says which modules the person may add activities to once the
// policy has let them add to the programme (auth.AddActivity): any
// (planners: only is nil) or only the modules they lead.
func addScope(u *reqctx.User, p access.Programme) (only []int64) {
	if auth.Can(u, auth.PlanProgramme, p.Target) {
		return nil
	}
	return auth.ContributableModules(u, p.ID)
}

// renderForm shows the activity form of programme programmeID (code for
// the breadcrumbs) with the choices c.
func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, status int, programmeID int64, code string, c formChoices, v page.ActivityForm) {
	c.fill(r.Context(), &v)
	v.ProgrammeID = programmeID
	ctx := r.Context()
	title := i18n.T(ctx, "activity.form.add")
	crumbs := []web.Crumb{{Label: i18n.T(ctx, "activity.crumb.programmes"), URL: paths.Programmes}, {Label: code, URL: paths.Plan(programmeID, h.currentYear(reqctx.UserFrom(ctx)))}}
	if v.ID != 0 {
		title = i18n.T(ctx, "activity.form.edit_title", "Title", v.Title)
		crumbs = append(crumbs, web.Crumb{Label: i18n.T(ctx, "activity.crumb.activity"), URL: paths.Activity(v.ID)})
	}
	crumbs = append(crumbs, web.Crumb{Label: title})
	httpx.Render(w, r, status, web.Page{Title: title, Section: "programmes", Breadcrumbs: crumbs}, page.Form(v))
}

// New shows the form for a new activity.
func (h *Handler) New(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Programme(w, r, auth.AddActivity)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	only := addScope(u, p)
	c, err := h.choices(ctx, u.InstitutionID, p.ID, h.currentYear(u), only)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v := page.ActivityForm{AcademicYear: strconv.Itoa(h.yearParam(r, u)), Status: "idea", Partnership: "for", Level: "programme",
		AudienceLevel: audienceFor(p.Level), Kind: r.URL.Query().Get("kind"), Stage: r.URL.Query().Get("stage"), ModuleID: r.URL.Query().Get("module")}
	if d := r.URL.Query().Get("dimension"); d != "" {
		v.Dimensions = []string{d}
	}
	if len(only) == 1 {
		v.ModuleID, v.Level = strconv.FormatInt(only[0], 10), "module"
	}
	h.renderForm(w, r, http.StatusOK, p.ID, p.Code, c, v)
}

func audienceFor(level string) string {
	if vocab.AudienceLevels.Has(level) {
		return level
	}
	return "ug"
}

// Create adds an activity, with its first sessions when given.
func (h *Handler) Create(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Programme(w, r, auth.AddActivity)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	only := addScope(u, p)
	c, err := h.choices(ctx, u.InstitutionID, p.ID, h.currentYear(u), only)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	var v page.ActivityForm
	in := readActivity(ctx, vals, c, &v)
	var sessions sessionInput
	var hasSessions bool
	if v.Valid() {
		sessions, hasSessions = readSessions(ctx, vals, in.AcademicYear, u.YearStartMonth, true, false, &v.FirstSessions)
	} else {
		readSessions(ctx, vals, h.currentYear(u), u.YearStartMonth, true, false, &v.FirstSessions)
	}
	if !v.Valid() || !v.FirstSessions.Valid() {
		// The session errors join the summary so the person sees them all.
		for _, e := range v.FirstSessions.List() {
			v.Add(e.Field, e.Message)
		}
		h.renderForm(w, r, http.StatusUnprocessableEntity, p.ID, p.Code, c, v)
		return
	}
	var id int64
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		var err error
		id, err = q.CreateActivity(ctx, createParams(u, p.ID, in))
		if err != nil {
			return err
		}
		if err := q.AddActivityTeam(ctx, store.AddActivityTeamParams{ActivityID: id, UserIds: in.TeamIDs}); err != nil {
			return err
		}
		if err := codes.Save(ctx, q, u.InstitutionID, id, in.Codes); err != nil {
			return err
		}
		if hasSessions {
			if err := addSessions(ctx, q, u.InstitutionID, id, sessions); err != nil {
				return err
			}
		}
		fields := in.fields()
		fields["programme_id"] = p.ID
		fields["sessions"] = len(sessions.Dates)
		return audit.By(u).Record(ctx, q, "create", "activity", id, audit.Created(fields))
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	msg := i18n.T(ctx, "activity.flash.added", "Title", in.Title)
	if n := len(sessions.Dates); n > 0 {
		msg = i18n.N(ctx, "activity.flash.added_sessions", n, "Title", in.Title)
	}
	h.Sessions.Flash(ctx, "success", msg)
	httpx.SeeOther(w, r, paths.Activity(id))
}

func createParams(u *reqctx.User, programmeID int64, in activityInput) store.CreateActivityParams {
	return store.CreateActivityParams{
		InstitutionID: u.InstitutionID, ProgrammeID: programmeID, ModuleID: in.ModuleID, AcademicYear: int32(in.AcademicYear),
		Title: in.Title, Kind: in.Kind, Stage: in.Stage, Dimensions: in.Dimensions, Placement: in.Placement, Level: in.Level,
		InTimetabledHours: in.Checklist.InTimetabledHours, OnlineOption: in.Checklist.OnlineOption,
		FreeToStudents: in.Checklist.FreeToStudents, Accessible: in.Checklist.Accessible,
		SuitsCommutersCarers: in.Checklist.SuitsCommutersCarers, AlcoholFree: in.Checklist.AlcoholFree,
		DietaryNeedsMet: in.Checklist.DietaryNeedsMet, Partnership: in.Partnership, PartnershipHow: in.PartnershipHow,
		Aims: in.Aims, TocInputs: in.Toc[0], TocActivities: in.Toc[1], TocOutputs: in.Toc[2], TocOutcomes: in.Toc[3],
		TocImpact: in.Toc[4], TocAssumptions: in.Toc[5], LeadID: in.LeadID, OtherTeam: in.OtherTeam,
		FundingSource: in.FundingSource, BudgetPence: in.BudgetPence, AudienceLevel: in.AudienceLevel,
		AudienceYear: in.AudienceYear, CohortSize: in.CohortSize, Status: in.Status, CreatedBy: &u.ID,
	}
}

func addSessions(ctx context.Context, q *store.Queries, institutionID, activityID int64, s sessionInput) error {
	for i, d := range s.Dates {
		if _, err := q.CreateSession(ctx, store.CreateSessionParams{InstitutionID: institutionID, ActivityID: activityID, SessionDate: d,
			StartTime: s.Times[i][0], EndTime: s.Times[i][1], Location: s.Location, OnlineUrl: s.OnlineURL}); err != nil {
			return err
		}
	}
	return nil
}

// Show displays an activity with its sessions; other features add their
// sections (outcomes, evidence) through ShowExtra.
func (h *Handler) Show(w http.ResponseWriter, r *http.Request) {
	r, err := h.prefetchActivityAndShow(r)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	a, ok := h.Access.Activity(w, r, auth.ViewProgramme)
	if !ok {
		return
	}
	h.drawShow(w, r, http.StatusOK, a, page.SessionForm{})
}

// renderShow draws the activity's page, its reads sent in one batch first.
func (h *Handler) renderShow(w http.ResponseWriter, r *http.Request, status int, a access.Activity, newSession page.SessionForm) {
	r, err := h.prefetchShow(r, a)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.drawShow(w, r, status, a, newSession)
}

// drawShow draws the activity's page, answering its reads from a batch
// sent before where the request holds one.
func (h *Handler) drawShow(w http.ResponseWriter, r *http.Request, status int, a access.Activity, newSession page.SessionForm) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	sessions, err := h.Queries.ListActivitySessions(ctx, store.ListActivitySessionsParams{InstitutionID: u.InstitutionID, ActivityID: a.ID})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	team, err := h.Queries.ListActivityTeam(ctx, a.ID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v := showView(ctx, a, u)
	v.NewSession = newSession
	tocSummary, err := h.Queries.TocSummary(ctx, store.TocSummaryParams{InstitutionID: u.InstitutionID, ActivityID: a.ID})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v.TocSummary = toc.Summary(ctx, tocSummary)
	var dates []time.Time
	for _, s := range sessions {
		v.Sessions = append(v.Sessions, page.SessionRow{ID: s.ID, Date: s.SessionDate, Start: clock(s.StartTime), End: clock(s.EndTime),
			Location: s.Location, OnlineURL: s.OnlineUrl})
		dates = append(dates, s.SessionDate)
	}
	if len(dates) > 0 {
		v.CalendarURL = paths.CalendarMonth(a.ProgrammeID, calendarMonth(dates, acyear.DateOf(h.now())))
	}
	for _, t := range team {
		v.Team = append(v.Team, t.Name)
	}
	for _, add := range []struct {
		show func(*http.Request, access.Activity) ([]templ.Component, error)
		to   *[]templ.Component
	}{{h.ShowExtra, &v.Extra}, {h.ShowAside, &v.Aside}} {
		if add.show == nil {
			continue
		}
		sections, err := add.show(r, a)
		if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		*add.to = sections
	}
	httpx.Render(w, r, status, web.Page{Title: a.Title, Section: "programmes", Breadcrumbs: []web.Crumb{
		{Label: i18n.T(ctx, "activity.crumb.programmes"), URL: paths.Programmes}, {Label: a.ProgrammeCode, URL: paths.Plan(a.ProgrammeID, int(a.AcademicYear))}, {Label: a.Title}}}, page.Show(v))
}

func showView(ctx context.Context, a access.Activity, u *reqctx.User) page.ActivityPage {
	v := page.ActivityPage{
		ID: a.ID, Title: a.Title, Year: int(a.AcademicYear), Kind: a.Kind, Stage: a.Stage, Dimensions: a.Dimensions,
		Placement: a.Placement, Level: a.Level, Partnership: a.Partnership, PartnershipHow: a.PartnershipHow, Aims: a.Aims,
		Lead: a.LeadName, OtherTeam: a.OtherTeam, Funding: a.FundingSource, Status: a.Status, Archived: a.ArchivedAt != nil,
		Checklist: a.Inclusivity().Met(), CanEdit: auth.Can(u, auth.EditActivity, a.Target), UpdatedAt: a.UpdatedAt,
	}
	if a.ModuleID != nil {
		v.Module, v.ModuleID = a.ModuleCode+" "+a.ModuleTitle, *a.ModuleID
	}
	for i, text := range []string{a.TocInputs, a.TocActivities, a.TocOutputs, a.TocOutcomes, a.TocImpact, a.TocAssumptions} {
		if text != "" {
			v.Toc = append(v.Toc, page.TocPart{Label: tocLabel(ctx, i), Text: text})
		}
	}
	if a.BudgetPence != nil {
		v.Budget = formatPounds(*a.BudgetPence)
	}
	audience := vocab.AudienceLevels.LabelIn(ctx, a.AudienceLevel)
	if a.AudienceYear != nil {
		audience += ", " + i18n.T(ctx, "activity.audience.year", "Year", *a.AudienceYear)
	}
	if a.CohortSize != nil {
		audience += ", " + i18n.N(ctx, "activity.audience.invited", int(*a.CohortSize))
	}
	v.Audience = audience
	return v
}

// editScope limits the module a non-planner may choose: the one the
// activity already has.
func editScope(u *reqctx.User, a access.Activity) []int64 {
	if auth.Can(u, auth.PlanProgramme, a.Target) {
		return nil
	}
	if a.ModuleID != nil {
		return []int64{*a.ModuleID}
	}
	return []int64{}
}

func formFromActivity(a store.GetActivityRow) page.ActivityForm {
	v := page.ActivityForm{
		ID: a.ID, Version: strconv.Itoa(int(a.Version)), Title: a.Title, AcademicYear: strconv.Itoa(int(a.AcademicYear)),
		Kind: a.Kind, Stage: a.Stage, Dimensions: a.Dimensions, Placement: a.Placement, Level: a.Level,
		Partnership: a.Partnership, PartnershipHow: a.PartnershipHow, Aims: a.Aims, TocInputs: a.TocInputs,
		TocActivities: a.TocActivities, TocOutputs: a.TocOutputs, TocOutcomes: a.TocOutcomes, TocImpact: a.TocImpact,
		TocAssumptions: a.TocAssumptions, OtherTeam: a.OtherTeam, FundingSource: a.FundingSource,
		AudienceLevel: a.AudienceLevel, Status: a.Status, Checklist: a.Inclusivity().Met(),
	}
	if a.ModuleID != nil {
		v.ModuleID = strconv.FormatInt(*a.ModuleID, 10)
	}
	if a.LeadID != nil {
		v.LeadID = strconv.FormatInt(*a.LeadID, 10)
	}
	for _, id := range a.TeamIds {
		v.TeamIDs = append(v.TeamIDs, strconv.FormatInt(id, 10))
	}
	if a.BudgetPence != nil {
		v.Budget = strings.TrimPrefix(strings.ReplaceAll(formatPounds(*a.BudgetPence), ",", ""), "£")
	}
	if a.AudienceYear != nil {
		v.AudienceYear = strconv.Itoa(int(*a.AudienceYear))
	}
	if a.CohortSize != nil {
		v.CohortSize = strconv.Itoa(int(*a.CohortSize))
	}
	return v
}

// inclusivity is an activity's checklist.
// Edit shows an activity's form.
func (h *Handler) Edit(w http.ResponseWriter, r *http.Request) {
	a, ok := h.Access.Activity(w, r, auth.EditActivity)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	c, err := h.choices(ctx, u.InstitutionID, a.ProgrammeID, int(a.AcademicYear), editScope(u, a))
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v := formFromActivity(a.GetActivityRow)
	carried, err := codes.ActivityCodes(ctx, h.Queries, u.InstitutionID, a.ID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v.Codes.Chosen = c.codes.Chosen(carried)
	h.renderForm(w, r, http.StatusOK, a.ProgrammeID, a.ProgrammeCode, c, v)
}

// Update saves an edit. If someone saved the activity after this editor
// loaded it, nothing is overwritten: 409, the form as typed, and a link to
// the saved version.
func (h *Handler) Update(w http.ResponseWriter, r *http.Request) {
	a, ok := h.Access.Activity(w, r, auth.EditActivity)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	c, err := h.choices(ctx, u.InstitutionID, a.ProgrammeID, int(a.AcademicYear), editScope(u, a))
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v := page.ActivityForm{ID: a.ID}
	in := readActivity(ctx, vals, c, &v)
	version, err := strconv.Atoi(v.Version)
	if err != nil {
		httpx.BadRequest(w, r, i18n.T(ctx, "activity.error.version"))
		return
	}
	if !v.Valid() {
		h.renderForm(w, r, http.StatusUnprocessableEntity, a.ProgrammeID, a.ProgrammeCode, c, v)
		return
	}
	// Sessions must stay inside the academic year if it changes.
	if in.AcademicYear != int(a.AcademicYear) {
		sessions, err := h.Queries.ListActivitySessions(ctx, store.ListActivitySessionsParams{InstitutionID: u.InstitutionID, ActivityID: a.ID})
		if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		for _, s := range sessions {
			if !acyear.Contains(in.AcademicYear, u.YearStartMonth, s.SessionDate) {
				v.Add("academic_year", i18n.T(ctx, "activity.error.year.sessions", "Day", i18n.LongDate(ctx, s.SessionDate), "Year", acyear.Label(in.AcademicYear)))
				h.renderForm(w, r, http.StatusUnprocessableEntity, a.ProgrammeID, a.ProgrammeCode, c, v)
				return
			}
		}
	}
	before := inputFromRow(a.GetActivityRow)
	if before.Codes, err = codes.ActivityCodes(ctx, h.Queries, u.InstitutionID, a.ID); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if in.TeamIDs == nil {
		in.TeamIDs = []int64{}
	}
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		cp := createParams(u, a.ProgrammeID, in)
		_, err := q.UpdateActivity(ctx, updateParams(u.InstitutionID, a.ID, int32(version), cp))
		if err != nil {
			return err
		}
		if err := q.DeleteActivityTeam(ctx, a.ID); err != nil {
			return err
		}
		if err := q.AddActivityTeam(ctx, store.AddActivityTeamParams{ActivityID: a.ID, UserIds: in.TeamIDs}); err != nil {
			return err
		}
		if err := codes.Save(ctx, q, u.InstitutionID, a.ID, in.Codes); err != nil {
			return err
		}
		changes := audit.Diff(before.fields(), in.fields())
		if len(changes) == 0 {
			return nil
		}
		return audit.By(u).Record(ctx, q, "update", "activity", a.ID, changes)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		// Someone saved meanwhile. The form keeps what this person typed
		// and now carries the saved version, so saving it again is a
		// deliberate choice to replace the other edit.
		current, err := h.Queries.GetActivity(ctx, store.GetActivityParams{InstitutionID: u.InstitutionID, ID: a.ID})
		if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		v.Conflict, v.Version = true, strconv.Itoa(int(current.Version))
		h.renderForm(w, r, http.StatusConflict, a.ProgrammeID, a.ProgrammeCode, c, v)
		return
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "activity.flash.saved"))
	httpx.SeeOther(w, r, paths.Activity(a.ID))
}

// Archive takes an activity out of the plan, keeping its record.
func (h *Handler) Archive(w http.ResponseWriter, r *http.Request) { h.setArchived(w, r, true) }

// Restore puts an archived activity back in the plan.
func (h *Handler) Restore(w http.ResponseWriter, r *http.Request) { h.setArchived(w, r, false) }

func (h *Handler) setArchived(w http.ResponseWriter, r *http.Request, archived bool) {
	a, ok := h.Access.Activity(w, r, auth.EditActivity)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	action := "restore"
	if archived {
		action = "archive"
	}
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		if err := q.SetActivityArchived(ctx, store.SetActivityArchivedParams{InstitutionID: u.InstitutionID, ID: a.ID, Archived: archived}); err != nil {
			return err
		}
		return audit.By(u).Record(ctx, q, action, "activity", a.ID, nil)
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	flash := i18n.T(ctx, "activity.flash.restored", "Title", a.Title)
	if archived {
		flash = i18n.T(ctx, "activity.flash.archived", "Title", a.Title)
	}
	h.Sessions.Flash(ctx, "success", flash)
	if archived {
		httpx.SeeOther(w, r, paths.Plan(a.ProgrammeID, int(a.AcademicYear)))
		return
	}
	httpx.SeeOther(w, r, paths.Activity(a.ID))
}

// Copy copies an activity with its sessions and team to the next academic
// year, as an idea.
func (h *Handler) Copy(w http.ResponseWriter, r *http.Request) {
	a, ok := h.Access.Activity(w, r, auth.EditActivity)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	var newID int64
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		var err error
		newID, err = copyActivity(ctx, q, u, a.ID, int(a.AcademicYear))
		return err
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "activity.flash.copied", "Year", acyear.Label(int(a.AcademicYear)+1), "Rule", i18n.T(ctx, "activity.copy_rule")))
	httpx.SeeOther(w, r, paths.Activity(newID))
}

// copyActivity copies activity id of academic year `year` into the next
// year. Its sessions keep their weekday and their week of the teaching
// year (acyear.NextYearDay), as the copy buttons say.
func copyActivity(ctx context.Context, q *store.Queries, u *reqctx.User, id int64, year int) (int64, error) {
	newID, err := q.CopyActivity(ctx, store.CopyActivityParams{InstitutionID: u.InstitutionID, ID: id, CreatedBy: u.ID})
	if err != nil {
		return 0, err
	}
	from, err := q.ListSessionDates(ctx, store.ListSessionDatesParams{InstitutionID: u.InstitutionID, ActivityID: id})
	if err != nil {
		return 0, err
	}
	to := make([]time.Time, len(from))
	for i, d := range from {
		to[i] = acyear.NextYearDay(d, year, u.YearStartMonth)
	}
	if err := q.CopyActivitySessions(ctx, store.CopyActivitySessionsParams{InstitutionID: u.InstitutionID, FromActivityID: id, ToActivityID: newID,
		FromDates: from, ToDates: to}); err != nil {
		return 0, err
	}
	if err := q.CopyActivityTeam(ctx, store.CopyActivityTeamParams{FromActivityID: id, ToActivityID: newID}); err != nil {
		return 0, err
	}
	if err := q.CopyActivityCodes(ctx, store.CopyActivityCodesParams{InstitutionID: u.InstitutionID, FromActivityID: id, ToActivityID: newID}); err != nil {
		return 0, err
	}
	return newID, audit.By(u).Record(ctx, q, "copy", "activity", newID, map[string]audit.Change{"copied_from": {After: id}})
}

// CopyPlan copies a programme's whole plan for a year to the next year.
func (h *Handler) CopyPlan(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Programme(w, r, auth.PlanProgramme)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	year, err := strconv.Atoi(vals.Text("year"))
	if err != nil || year < 2000 || year > 2100 {
		httpx.BadRequest(w, r, "Choose the academic year to copy from the plan page.")
		return
	}
	var copied int
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		ids, err := q.ListPlanActivityIDs(ctx, store.ListPlanActivityIDsParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID, AcademicYear: int32(year)})
		if err != nil {
			return err
		}
		for _, id := range ids {
			if _, err := copyActivity(ctx, q, u, id, year); err != nil {
				return err
			}
		}
		copied = len(ids)
		return nil
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", fmt.Sprintf("%d %s copied to %s as ideas, %s.", copied, components.Plural(copied, "activity", "activities"), acyear.Label(year+1), page.CopyRule))
	httpx.SeeOther(w, r, paths.Plan(p.ID, year+1))
}
