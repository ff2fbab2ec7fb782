// Package access is the one way a handler reaches a record: load it with a
// query scoped to the person's institution, describe it to the policy
// (auth.Can), and answer for the handler when the person may not have it.
//
// Every loader answers the same way: 404 when the record does not exist,
// belongs to another institution, or is hidden from the person (they may
// not even see it), and 403 with fixed wording when they may see it but
// not do what they asked. A handler reads
//
//	a, ok := h.Access.Activity(w, r, auth.EditActivity)
//	if !ok {
//		return
//	}
//
// and decides nothing about access itself.
package access

import (
	"context"
	"errors"
	"net/http"
	"slices"

	"github.com/jackc/pgx/v5"

	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/reqctx"
	"belonging/internal/store"
)

// Loader loads records for handlers. It holds the queries it loads with.
type Loader struct {
	Queries *store.Queries
}

// New returns a loader reading with q.
func New(q *store.Queries) *Loader { return &Loader{Queries: q} }

// Programme is a programme and how the policy sees it.
type Programme struct {
	store.GetProgrammeRow
	Target auth.Target
}

// Module is a module and how the policy sees it.
type Module struct {
	store.GetModuleRow
	Target auth.Target
}

// Department is a department, for its admin pages and report.
type Department struct {
	store.GetDepartmentRow
	Target auth.Target
}

// Person is a member of staff, for the admin pages about them.
type Person struct {
	store.GetPersonRow
}

// Activity is an activity and how the policy sees it: its programme,
// module, lead and team.
type Activity struct {
	store.GetActivityRow
	Target auth.Target
}

// Session is one dated session and the activity it belongs to.
type Session struct {
	store.GetSessionRow
	Activity Activity
}

// Outcome is a recorded outcome and its activity.
type Outcome struct {
	store.GetOutcomeRow
	Activity Activity
}

// Evidence is one piece of evidence and its activity.
type Evidence struct {
	store.GetEvidenceRow
	Activity Activity
}

// CaseStudy is a case study's draft and how the policy sees it.
type CaseStudy struct {
	store.GetCaseStudyRow
	Target auth.Target
}

// Survey is a pulse survey and how the policy sees it; Activity is set for
// a survey of one activity.
type Survey struct {
	store.GetSurveyRow
	Activity *Activity
	Target   auth.Target
}

// Instrument is a questionnaire: built in, or one of the institution's.
type Instrument struct {
	store.GetInstrumentRow
}

// Collection is a collection of case studies.
type Collection struct {
	store.GetCollectionRow
}

// Rule is the collection as the policy sees it.
func (c Collection) Rule() auth.Collection {
	return auth.Collection{OwnerID: c.OwnerID, InstitutionID: c.InstitutionID, ProgrammeID: c.ProgrammeID, Shared: c.Shared}
}

// FailedJob is a background job that failed, of the person's institution
// or of the whole installation (the upkeep).
type FailedJob struct {
	store.GetFailedJobRow
}

// ProgrammeTarget describes a programme to the policy.
func ProgrammeTarget(p store.GetProgrammeRow) auth.Target {
	return auth.Target{InstitutionID: p.InstitutionID, DepartmentID: p.DepartmentID, ProgrammeID: p.ID}
}

// ModuleTarget describes a module to the policy.
func ModuleTarget(m store.GetModuleRow) auth.Target {
	return auth.Target{InstitutionID: m.InstitutionID, DepartmentID: m.DepartmentID, ModuleID: m.ID, ModuleProgrammes: m.ProgrammeIds}
}

// ActivityTarget describes an activity to the policy.
func ActivityTarget(a store.GetActivityRow) auth.Target {
	t := auth.Target{InstitutionID: a.InstitutionID, DepartmentID: a.DepartmentID, ProgrammeID: a.ProgrammeID,
		ModuleProgrammes: a.ModuleProgrammes, People: slices.Clone(a.TeamIds), ActivityID: a.ID}
	if a.ModuleID != nil {
		t.ModuleID = *a.ModuleID
	}
	if a.LeadID != nil {
		t.People = append(t.People, *a.LeadID)
	}
	return t
}

// CaseStudyTarget describes a case study to the policy: its author, and
// its activity's programme, module, lead and team.
func CaseStudyTarget(c store.GetCaseStudyRow) auth.Target {
	t := auth.Target{InstitutionID: c.InstitutionID, DepartmentID: c.DepartmentID, ProgrammeID: c.ProgrammeID,
		ModuleProgrammes: c.ModuleProgrammes, People: slices.Clone(c.ActivityTeam)}
	if c.AuthorID != nil {
		t.Author = *c.AuthorID
	}
	if c.ActivityLead != nil {
		t.People = append(t.People, *c.ActivityLead)
	}
	if c.ActivityModule != nil {
		t.ModuleID = *c.ActivityModule
	}
	return t
}

// surveyTarget describes a survey: its activity's target when it surveys
// one activity, otherwise its programme's.
func surveyTarget(s store.GetSurveyRow, a *Activity) auth.Target {
	if a != nil {
		t := a.Target
		t.ActivityID = a.ID
		return t
	}
	return auth.Target{InstitutionID: s.InstitutionID, DepartmentID: s.DepartmentID, ProgrammeID: s.ProgrammeID}
}

// Can asks the policy on behalf of the request's person.
func Can(r *http.Request, a auth.Action, t auth.Target) bool {
	return auth.Can(reqctx.UserFrom(r.Context()), a, t)
}

// Programme loads the programme named by the route's "id" for action.
func (l *Loader) Programme(w http.ResponseWriter, r *http.Request, action auth.Action) (Programme, bool) {
	return withID(w, r, "id", action, l.ProgrammeByID)
}

// ProgrammeByID loads programme id for action. People who may not view it
// are answered 404; admin pages (Administer) are for admins only.
func (l *Loader) ProgrammeByID(w http.ResponseWriter, r *http.Request, id int64, action auth.Action) (Programme, bool) {
	u := reqctx.UserFrom(r.Context())
	row, err := l.Queries.GetProgramme(r.Context(), store.GetProgrammeParams{InstitutionID: u.InstitutionID, ID: id})
	p := Programme{GetProgrammeRow: row, Target: ProgrammeTarget(row)}
	return p, decide(w, r, err, p.Target, auth.ViewProgramme, action, kindProgramme)
}

// Module loads the module named by the route's "id" for action.
func (l *Loader) Module(w http.ResponseWriter, r *http.Request, action auth.Action) (Module, bool) {
	return withID(w, r, "id", action, l.ModuleByID)
}

// ModuleByID loads module id for action.
func (l *Loader) ModuleByID(w http.ResponseWriter, r *http.Request, id int64, action auth.Action) (Module, bool) {
	u := reqctx.UserFrom(r.Context())
	row, err := l.Queries.GetModule(r.Context(), store.GetModuleParams{InstitutionID: u.InstitutionID, ID: id})
	m := Module{GetModuleRow: row, Target: ModuleTarget(row)}
	return m, decide(w, r, err, m.Target, auth.ViewModule, action, kindModule)
}

// Department loads the department named by the route's "id" for action:
// Administer for its admin pages, ViewDepartment for its report.
func (l *Loader) Department(w http.ResponseWriter, r *http.Request, action auth.Action) (Department, bool) {
	return withID(w, r, "id", action, func(w http.ResponseWriter, r *http.Request, id int64, action auth.Action) (Department, bool) {
		u := reqctx.UserFrom(r.Context())
		row, err := l.Queries.GetDepartment(r.Context(), store.GetDepartmentParams{InstitutionID: u.InstitutionID, ID: id})
		d := Department{GetDepartmentRow: row, Target: auth.Target{InstitutionID: row.InstitutionID, DepartmentID: row.ID}}
		return d, decide(w, r, err, d.Target, action, action, kindDepartment)
	})
}

// Person loads the member of staff named by the route's "id" for an
// admin of their institution.
func (l *Loader) Person(w http.ResponseWriter, r *http.Request) (Person, bool) {
	return withID(w, r, "id", auth.Administer, func(w http.ResponseWriter, r *http.Request, id int64, action auth.Action) (Person, bool) {
		u := reqctx.UserFrom(r.Context())
		row, err := l.Queries.GetPerson(r.Context(), store.GetPersonParams{InstitutionID: &u.InstitutionID, ID: id})
		t := auth.Target{}
		if row.InstitutionID != nil {
			t.InstitutionID = *row.InstitutionID
		}
		return Person{GetPersonRow: row}, decide(w, r, err, t, action, action, kindPerson)
	})
}

// FailedJob loads the failed job named by the route's "id" for an admin
// to retry: another institution's job, or one that has not failed, is
// answered 404.
func (l *Loader) FailedJob(w http.ResponseWriter, r *http.Request) (FailedJob, bool) {
	return withID(w, r, "id", auth.Administer, func(w http.ResponseWriter, r *http.Request, id int64, action auth.Action) (FailedJob, bool) {
		u := reqctx.UserFrom(r.Context())
		row, err := l.Queries.GetFailedJob(r.Context(), store.GetFailedJobParams{InstitutionID: u.InstitutionID, ID: id})
		// Installation jobs concern every institution: each one's admins
		// see them as their own.
		return FailedJob{GetFailedJobRow: row}, decide(w, r, err, auth.Target{InstitutionID: u.InstitutionID}, action, action, kindJob)
	})
}

// Activity loads the activity named by the route's "id" for action.
func (l *Loader) Activity(w http.ResponseWriter, r *http.Request, action auth.Action) (Activity, bool) {
	return withID(w, r, "id", action, l.ActivityByID)
}

// ActivityByID loads activity id for action. People who may not view its
// programme are answered 404.
func (l *Loader) ActivityByID(w http.ResponseWriter, r *http.Request, id int64, action auth.Action) (Activity, bool) {
	a, err := l.activity(r.Context(), reqctx.UserFrom(r.Context()), id)
	return a, decide(w, r, err, a.Target, auth.ViewProgramme, action, kindActivity)
}

func (l *Loader) activity(ctx context.Context, u *reqctx.User, id int64) (Activity, error) {
	row, err := l.Queries.GetActivity(ctx, store.GetActivityParams{InstitutionID: u.InstitutionID, ID: id})
	return Activity{GetActivityRow: row, Target: ActivityTarget(row)}, err
}

// Session loads the session named by the route's "id" and its activity,
// for action on the activity.
func (l *Loader) Session(w http.ResponseWriter, r *http.Request, action auth.Action) (Session, bool) {
	return withID(w, r, "id", action, func(w http.ResponseWriter, r *http.Request, id int64, action auth.Action) (Session, bool) {
		u := reqctx.UserFrom(r.Context())
		row, err := l.Queries.GetSession(r.Context(), store.GetSessionParams{InstitutionID: u.InstitutionID, ID: id})
		if err != nil {
			return Session{}, decide(w, r, err, auth.Target{}, action, action, kindActivity)
		}
		a, ok := l.ActivityByID(w, r, row.ActivityID, action)
		return Session{GetSessionRow: row, Activity: a}, ok
	})
}

// Outcome loads the outcome named by the route's "id" and its activity,
// for action on the activity.
func (l *Loader) Outcome(w http.ResponseWriter, r *http.Request, action auth.Action) (Outcome, bool) {
	return withID(w, r, "id", action, func(w http.ResponseWriter, r *http.Request, id int64, action auth.Action) (Outcome, bool) {
		u := reqctx.UserFrom(r.Context())
		row, err := l.Queries.GetOutcome(r.Context(), store.GetOutcomeParams{InstitutionID: u.InstitutionID, ID: id})
		if err != nil {
			return Outcome{}, decide(w, r, err, auth.Target{}, action, action, kindActivity)
		}
		a, ok := l.ActivityByID(w, r, row.ActivityID, action)
		return Outcome{GetOutcomeRow: row, Activity: a}, ok
	})
}

// Evidence loads the evidence named by the route's "id" and its activity,
// for action on the activity.
func (l *Loader) Evidence(w http.ResponseWriter, r *http.Request, action auth.Action) (Evidence, bool) {
	return withID(w, r, "id", action, func(w http.ResponseWriter, r *http.Request, id int64, action auth.Action) (Evidence, bool) {
		u := reqctx.UserFrom(r.Context())
		row, err := l.Queries.GetEvidence(r.Context(), store.GetEvidenceParams{InstitutionID: u.InstitutionID, ID: id})
		if err != nil {
			return Evidence{}, decide(w, r, err, auth.Target{}, action, action, kindActivity)
		}
		a, ok := l.ActivityByID(w, r, row.ActivityID, action)
		return Evidence{GetEvidenceRow: row, Activity: a}, ok
	})
}

// CaseStudy loads the case study named by the route's "id" for action.
// Only those who may edit or review its draft learn that it exists.
func (l *Loader) CaseStudy(w http.ResponseWriter, r *http.Request, action auth.Action) (CaseStudy, bool) {
	return withID(w, r, "id", action, func(w http.ResponseWriter, r *http.Request, id int64, action auth.Action) (CaseStudy, bool) {
		u := reqctx.UserFrom(r.Context())
		row, err := l.Queries.GetCaseStudy(r.Context(), store.GetCaseStudyParams{InstitutionID: u.InstitutionID, ID: id})
		c := CaseStudy{GetCaseStudyRow: row, Target: CaseStudyTarget(row)}
		return c, decide(w, r, err, c.Target, auth.ReadCaseStudyDraft, action, kindCaseStudy)
	})
}

// Survey loads the survey named by the route's "id" for action: viewing
// (ViewProgramme) or changing it (EditSurvey).
func (l *Loader) Survey(w http.ResponseWriter, r *http.Request, action auth.Action) (Survey, bool) {
	return withID(w, r, "id", action, func(w http.ResponseWriter, r *http.Request, id int64, action auth.Action) (Survey, bool) {
		ctx, u := r.Context(), reqctx.UserFrom(r.Context())
		row, err := l.Queries.GetSurvey(ctx, store.GetSurveyParams{InstitutionID: u.InstitutionID, ID: id})
		s := Survey{GetSurveyRow: row}
		if err == nil && row.ActivityID != nil {
			var a Activity
			if a, err = l.activity(ctx, u, *row.ActivityID); err == nil {
				s.Activity = &a
			}
		}
		s.Target = surveyTarget(row, s.Activity)
		return s, decide(w, r, err, s.Target, auth.ViewProgramme, action, kindSurvey)
	})
}

// Instrument loads the questionnaire named by the route's "id": a built-in
// one, or one of the person's institution (anything else is 404). Its
// institution's staff may read it; change (true) is for the institution's
// admins (403).
func (l *Loader) Instrument(w http.ResponseWriter, r *http.Request, change bool) (Instrument, bool) {
	id, ok := httpx.IDParam(w, r, "id")
	if !ok {
		return Instrument{}, false
	}
	u := reqctx.UserFrom(r.Context())
	row, err := l.Queries.GetInstrument(r.Context(), store.GetInstrumentParams{ID: id, InstitutionID: &u.InstitutionID})
	in := Instrument{GetInstrumentRow: row}
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		httpx.NotFound(w, r)
		return in, false
	case err != nil:
		httpx.ServerError(w, r, err)
		return in, false
	case change && !auth.Can(u, auth.Administer, auth.Target{InstitutionID: u.InstitutionID}):
		httpx.Forbidden(w, r, refusal(kindInstrument, auth.Administer))
		return in, false
	}
	return in, true
}

// AddInstrument answers whether the person may add a questionnaire to
// their institution: its admins, as Instrument's change (403 in the same
// words otherwise).
func AddInstrument(w http.ResponseWriter, r *http.Request) bool {
	u := reqctx.UserFrom(r.Context())
	if !auth.Can(u, auth.Administer, auth.Target{InstitutionID: u.InstitutionID}) {
		httpx.Forbidden(w, r, refusal(kindInstrument, auth.Administer))
		return false
	}
	return true
}

// Collection loads the collection named by the route's "id": whoever
// auth.CanReadCollection allows may read it (404 otherwise); change (true)
// is for whoever auth.CanChangeCollection allows (403).
func (l *Loader) Collection(w http.ResponseWriter, r *http.Request, change bool) (Collection, bool) {
	id, ok := httpx.IDParam(w, r, "id")
	if !ok {
		return Collection{}, false
	}
	return l.CollectionByID(w, r, id, change)
}

// CollectionByID loads collection id, as Collection does.
func (l *Loader) CollectionByID(w http.ResponseWriter, r *http.Request, id int64, change bool) (Collection, bool) {
	u := reqctx.UserFrom(r.Context())
	row, err := l.Queries.GetCollection(r.Context(), id)
	c := Collection{GetCollectionRow: row}
	switch {
	case errors.Is(err, pgx.ErrNoRows) || (err == nil && !auth.CanReadCollection(u, c.Rule())):
		httpx.NotFound(w, r)
		return c, false
	case err != nil:
		httpx.ServerError(w, r, err)
		return c, false
	case change && !auth.CanChangeCollection(u, c.Rule()):
		httpx.Forbidden(w, r, refusal(kindCollection, 0))
		return c, false
	}
	return c, true
}

// withID reads the route parameter param as an id (404 when it is not
// one) and loads with it.
func withID[T any](w http.ResponseWriter, r *http.Request, param string, action auth.Action,
	load func(http.ResponseWriter, *http.Request, int64, auth.Action) (T, bool)) (T, bool) {
	id, ok := httpx.IDParam(w, r, param)
	if !ok {
		var zero T
		return zero, false
	}
	return load(w, r, id, action)
}

// decide answers for a loaded record: 404 when it was not found or the
// person may not see it (the see action), 403 when they may see it but
// not do action, 500 when loading failed. It reports whether the handler
// may go on.
func decide(w http.ResponseWriter, r *http.Request, err error, t auth.Target, see, action auth.Action, k kind) bool {
	u := reqctx.UserFrom(r.Context())
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		httpx.NotFound(w, r)
		return false
	case err != nil:
		httpx.ServerError(w, r, err)
		return false
	case !auth.Can(u, see, t):
		httpx.NotFound(w, r)
		return false
	case action != see && !auth.Can(u, action, t):
		httpx.Forbidden(w, r, refusal(k, action))
		return false
	}
	return true
}

// IdentityProvider is one of the institution's identity providers, for
// its admin pages.
type IdentityProvider struct {
	store.IdentityProvider
}

// IdentityProvider loads the provider named by the route's "id" for an
// admin of its institution.
func (l *Loader) IdentityProvider(w http.ResponseWriter, r *http.Request) (IdentityProvider, bool) {
	return withID(w, r, "id", auth.Administer, func(w http.ResponseWriter, r *http.Request, id int64, action auth.Action) (IdentityProvider, bool) {
		u := reqctx.UserFrom(r.Context())
		row, err := l.Queries.GetInstitutionProvider(r.Context(), store.GetInstitutionProviderParams{InstitutionID: &u.InstitutionID, ID: id})
		t := auth.Target{}
		if row.InstitutionID != nil {
			t.InstitutionID = *row.InstitutionID
		}
		return IdentityProvider{IdentityProvider: row}, decide(w, r, err, t, action, action, kindIdentityProvider)
	})
}

// SCIMToken is one of the institution's provisioning tokens.
type SCIMToken struct {
	store.GetInstitutionSCIMTokenRow
}

// SCIMToken loads the provisioning token named by the route's "id" for an
// admin of its institution.
func (l *Loader) SCIMToken(w http.ResponseWriter, r *http.Request) (SCIMToken, bool) {
	return withID(w, r, "id", auth.Administer, func(w http.ResponseWriter, r *http.Request, id int64, action auth.Action) (SCIMToken, bool) {
		u := reqctx.UserFrom(r.Context())
		row, err := l.Queries.GetInstitutionSCIMToken(r.Context(), store.GetInstitutionSCIMTokenParams{InstitutionID: u.InstitutionID, ID: id})
		return SCIMToken{GetInstitutionSCIMTokenRow: row}, decide(w, r, err, auth.Target{InstitutionID: row.InstitutionID}, action, action, kindIdentityProvider)
	})
}

// Publication is a case study as published, for its readers.
type Publication struct {
	store.GetPublicationRow
}

// Publication loads the publication of the case study named by the
// route's "id" for a reader.
func (l *Loader) Publication(w http.ResponseWriter, r *http.Request) (Publication, bool) {
	id, ok := httpx.IDParam(w, r, "id")
	if !ok {
		return Publication{}, false
	}
	return l.PublicationByID(w, r, id)
}

// PublicationByID loads the publication of case study id: 404 when there
// is none or the person may not read it (auth.CanRead), as if it did not
// exist.
func (l *Loader) PublicationByID(w http.ResponseWriter, r *http.Request, id int64) (Publication, bool) {
	u := reqctx.UserFrom(r.Context())
	row, err := l.Queries.GetPublication(r.Context(), id)
	p := Publication{GetPublicationRow: row}
	switch {
	case errors.Is(err, pgx.ErrNoRows) || (err == nil && !auth.CanRead(u, row.Visibility, row.InstitutionID)):
		httpx.NotFound(w, r)
		return p, false
	case err != nil:
		httpx.ServerError(w, r, err)
		return p, false
	}
	return p, true
}

// Curator answers 403 unless the person keeps collections of case studies
// (auth.CanCurate: the network's coordinators and programme teams).
func Curator(w http.ResponseWriter, r *http.Request) bool {
	if auth.CanCurate(reqctx.UserFrom(r.Context())) {
		return true
	}
	httpx.Forbidden(w, r, refusal(kindCuration, 0))
	return false
}
