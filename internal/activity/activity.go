// Package activity is the heart of the product: a programme's belonging
// plan, its activities and their sessions, the coverage map, the calendar
// and its feed, copying to next year, and CSV export and import.
package activity

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/a-h/templ"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/access"
	"belonging/internal/acyear"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web/components"
)

// Handler serves the plan pages.
type Handler struct {
	Pool    *pgxpool.Pool
	Queries *store.Queries
	// Access loads the records the routes name and answers 404 or 403.
	Access   *access.Loader
	Sessions *auth.Sessions
	// BaseURL starts the calendar feed's address.
	BaseURL string
	// Now is the clock; tests may fix it.
	Now func() time.Time
	// ShowExtra adds other features' sections (outcomes, evidence) to an
	// activity's page.
	ShowExtra func(r *http.Request, a access.Activity) ([]templ.Component, error)
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

// programme loads the programme named in the route and checks the person
// may view it; another institution's programme, or one the person has no
// role on, is 404.
func (h *Handler) programme(w http.ResponseWriter, r *http.Request) (store.GetProgrammeRow, bool) {
	return LoadProgramme(w, r, h.Queries)
}

// LoadProgramme loads the programme named in the route's "id" for other
// features' programme pages (its report), with the same answer: 404 for
// another institution's programme or one the person may not view.
func LoadProgramme(w http.ResponseWriter, r *http.Request, q *store.Queries) (store.GetProgrammeRow, bool) {
	id, ok := httpx.IDParam(w, r, "id")
	if !ok {
		return store.GetProgrammeRow{}, false
	}
	u := reqctx.UserFrom(r.Context())
	p, err := q.GetProgramme(r.Context(), store.GetProgrammeParams{InstitutionID: u.InstitutionID, ID: id})
	if errors.Is(err, pgx.ErrNoRows) {
		httpx.NotFound(w, r)
		return p, false
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return p, false
	}
	if !auth.Can(u, auth.ViewProgramme, programmeTarget(p)) {
		httpx.NotFound(w, r)
		return p, false
	}
	return p, true
}

func programmeTarget(p store.GetProgrammeRow) auth.Target {
	return auth.Target{InstitutionID: p.InstitutionID, DepartmentID: p.DepartmentID, ProgrammeID: p.ID}
}

// header describes the programme for the top of its pages.
func (h *Handler) header(u *reqctx.User, p store.GetProgrammeRow, year int) components.ProgrammeHeader {
	return Header(u, p, year)
}

// Header describes the programme for the top of its pages, other
// features' tabs included.
func Header(u *reqctx.User, p store.GetProgrammeRow, year int) components.ProgrammeHeader {
	t := programmeTarget(p)
	return components.ProgrammeHeader{
		ID: p.ID, Code: p.Code, Title: p.Title, Department: p.DepartmentName, Cohort: int(p.CohortSize),
		CanPlan:    auth.Can(u, auth.PlanProgramme, t),
		CanContrib: len(contributableModules(u, p.ID)) > 0,
		CanAdmin:   auth.Can(u, auth.Administer, t),
		Year:       year, YearStart: u.YearStartMonth, Archived: p.ArchivedAt != nil,
	}
}

// contributableModules are the modules of the programme the person leads
// (module leaders may add activities to their own modules).
func contributableModules(u *reqctx.User, programmeID int64) []int64 {
	var ids []int64
	for _, m := range u.Memberships {
		if m.Role == reqctx.RoleModuleLeader {
			for _, p := range m.ModuleProgrammes {
				if p == programmeID {
					ids = append(ids, m.ModuleID)
				}
			}
		}
	}
	return ids
}

// activity loads the activity named in the route, checking the person may
// view its programme.
func (h *Handler) activity(w http.ResponseWriter, r *http.Request, param string) (store.GetActivityRow, bool) {
	id, ok := httpx.IDParam(w, r, param)
	if !ok {
		return store.GetActivityRow{}, false
	}
	return h.activityByID(w, r, id)
}

func (h *Handler) activityByID(w http.ResponseWriter, r *http.Request, id int64) (store.GetActivityRow, bool) {
	return LoadActivity(w, r, h.Queries, id)
}

// LoadActivity loads activity id for other features' pages about it (its
// export), answering 404 when the person may not view its programme.
func LoadActivity(w http.ResponseWriter, r *http.Request, q *store.Queries, id int64) (store.GetActivityRow, bool) {
	u := reqctx.UserFrom(r.Context())
	a, err := q.GetActivity(r.Context(), store.GetActivityParams{InstitutionID: u.InstitutionID, ID: id})
	if errors.Is(err, pgx.ErrNoRows) {
		httpx.NotFound(w, r)
		return a, false
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return a, false
	}
	if !auth.Can(u, auth.ViewProgramme, ActivityTarget(a)) {
		httpx.NotFound(w, r)
		return a, false
	}
	return a, true
}

// ActivityTarget describes an activity to the policy. Other features
// (outcomes, evidence) ask about the activity they belong to.
func ActivityTarget(a store.GetActivityRow) auth.Target {
	t := auth.Target{InstitutionID: a.InstitutionID, DepartmentID: a.DepartmentID, ProgrammeID: a.ProgrammeID,
		ModuleProgrammes: a.ModuleProgrammes, People: slices.Clone(a.TeamIds)}
	if a.ModuleID != nil {
		t.ModuleID = *a.ModuleID
	}
	if a.LeadID != nil {
		t.People = append(t.People, *a.LeadID)
	}
	return t
}

// canEdit answers 403 with a page unless the person may edit a.
func canEdit(w http.ResponseWriter, r *http.Request, a store.GetActivityRow) bool {
	if !auth.Can(reqctx.UserFrom(r.Context()), auth.EditActivity, ActivityTarget(a)) {
		httpx.Forbidden(w, r, "You can see this activity but not change it. Its programme director, module leader or team can.")
		return false
	}
	return true
}

// currentYear is the academic year today falls in, for the person's
// institution.
func (h *Handler) currentYear(u *reqctx.User) int { return acyear.Of(h.now(), u.YearStartMonth) }

// yearParam reads ?year, falling back to the current academic year.
func (h *Handler) yearParam(r *http.Request, u *reqctx.User) int {
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y >= 2000 && y <= 2100 {
		return y
	}
	return h.currentYear(u)
}

func activityURL(id int64) string { return "/activities/" + strconv.FormatInt(id, 10) }

func programmeURL(id int64, year int) string {
	return "/programmes/" + strconv.FormatInt(id, 10) + "?year=" + strconv.Itoa(year)
}
