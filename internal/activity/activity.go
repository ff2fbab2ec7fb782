// Package activity is the heart of the product: a programme's belonging
// plan, its activities and their sessions, the coverage map, the calendar
// and its feed, copying to next year, and CSV export and import.
//
// Every handler reaches its programme, activity or session through
// Access, which answers 404 or 403 for it; the pages link with web/paths.
package activity

import (
	"net/http"
	"strconv"
	"time"

	"github.com/a-h/templ"
	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/access"
	"belonging/internal/acyear"
	"belonging/internal/auth"
	"belonging/internal/kept"
	"belonging/internal/reqctx"
	"belonging/internal/store"
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
	// activity's page, and ShowAside smaller ones (surveys, case studies)
	// to its side column, which comes after the main one on a phone.
	ShowExtra func(r *http.Request, a access.Activity) ([]templ.Component, error)
	ShowAside func(r *http.Request, a access.Activity) ([]templ.Component, error)
	// ShowReads makes, on q, the reads ShowExtra's and ShowAside's
	// sections will make, so that the page sends them all in one batch
	// (see prefetchShow). They may use only the activity's ID and
	// InstitutionID: the page sends them with the activity's own read,
	// before the rest of it is known (prefetchActivityAndShow).
	ShowReads func(q *store.Queries, r *http.Request, a access.Activity)
	// PlanExtra adds another feature's section (the cohort) to a plan.
	PlanExtra func(r *http.Request, p access.Programme, year int) (templ.Component, error)
	// PlanReads makes, on q, the reads PlanExtra will make (see prefetchPlan).
	PlanReads func(q *store.Queries, r *http.Request, p access.Programme, year int)

	plans   kept.ByVersion[planKey, planParts]
	exports kept.ByVersion[exportKey, []byte]
	// shown keeps the activity page's reads of its own rows by the
	// activity's page version (store.ActivityPageKept).
	shown store.KeptReads
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
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
