// Package survey runs anonymous belonging pulse surveys: instruments (the
// built-in belonging pulse and institutions' own), surveys of a programme
// or an activity, optionally paired before and after, the public response
// page students reach by link or QR code, results that hide small groups,
// the Type 2 evidence a pre/post pair yields, and the retention job.
//
// Anonymity is designed in rather than promised: responses carry no
// person, address, browser or time; the browsers that have answered are
// kept apart as salted hashes; results appear only once a survey has
// closed, so they never change while students can still answer, and only
// for groups of at least the configured minimum (never below 5).
package survey

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/access"
	"belonging/internal/activity"
	"belonging/internal/acyear"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/reqctx"
	"belonging/internal/store"
)

// DefaultMinGroup is the smallest group whose results are shown unless
// configured otherwise: the National Student Survey's publication
// threshold.
const DefaultMinGroup = 10

// FloorMinGroup is the smallest threshold the app accepts at all.
const FloorMinGroup = 5

// Handler serves the survey pages, staff and public.
type Handler struct {
	Pool    *pgxpool.Pool
	Queries *store.Queries
	// Access loads the records the routes name and answers 404 or 403.
	Access   *access.Loader
	Sessions *auth.Sessions
	// BaseURL starts the public links and QR codes.
	BaseURL string
	// Now is the clock; tests may fix it.
	Now func() time.Time
	// MinGroup is the fewest responses a shown figure may rest on.
	MinGroup int
	// Retention is how long responses are kept after a survey closes.
	Retention time.Duration
	// SecureCookies marks the response page's cookie Secure (https).
	SecureCookies bool
	// Limiter caps submissions per client address.
	Limiter *Limiter
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

// minGroup is the threshold in force, never below the floor.
func (h *Handler) minGroup() int {
	if h.MinGroup < FloorMinGroup {
		return DefaultMinGroup
	}
	return h.MinGroup
}

// london is where survey dates are read: a survey opening on 5 October
// opens at midnight in the UK.
var london = acyear.London

// Survey states.
const (
	stateUpcoming = "upcoming"
	stateOpen     = "open"
	stateClosed   = "closed"
)

func stateAt(now, opens, closes time.Time) string {
	switch {
	case now.Before(opens):
		return stateUpcoming
	case now.Before(closes):
		return stateOpen
	}
	return stateClosed
}

// loaded is a survey with what deciding access to it needs.
type loaded struct {
	store.GetSurveyRow
	target auth.Target
	// activityTarget is set for an activity's survey.
	activity *store.GetActivityRow
}

// canEdit reports whether u may change the survey: the programme's
// planners for a programme survey, the activity's editors for an
// activity's.
func (s loaded) canEdit(u *reqctx.User) bool {
	if s.activity != nil {
		return auth.Can(u, auth.EditActivity, activity.ActivityTarget(*s.activity))
	}
	return auth.Can(u, auth.PlanProgramme, s.target)
}

// canReadComments reports whether u may read free-text answers: only the
// activity's own team (the programme's planners for a programme survey).
func (s loaded) canReadComments(u *reqctx.User) bool { return s.canEdit(u) }

// survey loads the survey named in the route for a person who may view its
// programme; anything else is 404, so another institution's surveys do not
// show they exist.
func (h *Handler) survey(w http.ResponseWriter, r *http.Request) (loaded, bool) {
	id, ok := httpx.IDParam(w, r, "id")
	if !ok {
		return loaded{}, false
	}
	return h.surveyByID(w, r, id)
}

func (h *Handler) surveyByID(w http.ResponseWriter, r *http.Request, id int64) (loaded, bool) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	row, err := h.Queries.GetSurvey(ctx, store.GetSurveyParams{InstitutionID: u.InstitutionID, ID: id})
	if errors.Is(err, pgx.ErrNoRows) {
		httpx.NotFound(w, r)
		return loaded{}, false
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return loaded{}, false
	}
	s := loaded{GetSurveyRow: row, target: auth.Target{InstitutionID: row.InstitutionID, DepartmentID: row.DepartmentID, ProgrammeID: row.ProgrammeID}}
	if !auth.Can(u, auth.ViewProgramme, s.target) {
		httpx.NotFound(w, r)
		return loaded{}, false
	}
	if row.ActivityID != nil {
		a, err := h.Queries.GetActivity(ctx, store.GetActivityParams{InstitutionID: u.InstitutionID, ID: *row.ActivityID})
		if err != nil {
			httpx.ServerError(w, r, err)
			return loaded{}, false
		}
		s.activity = &a
	}
	return s, true
}

// editable answers 403 with a page unless the person may change s.
func editable(w http.ResponseWriter, r *http.Request, s loaded) bool {
	if !s.canEdit(reqctx.UserFrom(r.Context())) {
		httpx.Forbidden(w, r, "You can see this survey but not change it. The programme's director can, and for an activity's survey so can the activity's module leader and team.")
		return false
	}
	return true
}

// programme loads the programme named in the route for a person who may
// view it.
func (h *Handler) programme(w http.ResponseWriter, r *http.Request) (store.GetProgrammeRow, bool) {
	id, ok := httpx.IDParam(w, r, "id")
	if !ok {
		return store.GetProgrammeRow{}, false
	}
	u := reqctx.UserFrom(r.Context())
	p, err := h.Queries.GetProgramme(r.Context(), store.GetProgrammeParams{InstitutionID: u.InstitutionID, ID: id})
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

// activity loads the activity named in the route for a person who may view
// its programme.
func (h *Handler) activity(w http.ResponseWriter, r *http.Request) (store.GetActivityRow, bool) {
	id, ok := httpx.IDParam(w, r, "id")
	if !ok {
		return store.GetActivityRow{}, false
	}
	u := reqctx.UserFrom(r.Context())
	a, err := h.Queries.GetActivity(r.Context(), store.GetActivityParams{InstitutionID: u.InstitutionID, ID: id})
	if errors.Is(err, pgx.ErrNoRows) {
		httpx.NotFound(w, r)
		return a, false
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return a, false
	}
	if !auth.Can(u, auth.ViewProgramme, activity.ActivityTarget(a)) {
		httpx.NotFound(w, r)
		return a, false
	}
	return a, true
}

func surveyURL(id int64) string { return "/surveys/" + strconv.FormatInt(id, 10) }

func programmeSurveysURL(id int64) string {
	return "/programmes/" + strconv.FormatInt(id, 10) + "/surveys"
}

func activityURL(id int64) string { return "/activities/" + strconv.FormatInt(id, 10) }

// publicURL is the address students answer at.
func (h *Handler) publicURL(token string) string { return h.BaseURL + "/s/" + token }
