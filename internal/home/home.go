// Package home serves the signed-in person's dashboard and the public
// information pages (accessibility, privacy).
package home

import (
	"fmt"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/access"
	"belonging/internal/acyear"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	page "belonging/web/pages/home"
	"belonging/web/paths"
)

// Handler serves the home page and information pages.
type Handler struct {
	Pool    *pgxpool.Pool
	Queries *store.Queries
	// Access loads the records the routes name and answers 404 or 403.
	Access *access.Loader
	// Now is the clock; tests may fix it.
	Now func() time.Time
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

// Home is the person's dashboard: upcoming sessions, sessions waiting for
// an outcome and their draft ideas, across the activities they lead, are
// on the team of, or look after as director or module leader; then the
// places they work. One query, whatever the number of activities.
func (h *Handler) Home(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v := page.HomeView{FirstName: u.FirstName(), Institution: u.InstitutionName, Staff: u.InstitutionID != 0}
	if u.IsCoordinator {
		v.Places = append(v.Places, page.Place{Label: "Case study library", Role: "Coordinator", URL: paths.Library})
	}
	for _, m := range u.Memberships {
		p := page.Place{Label: m.Label, Role: reqctx.RoleLabel(m.Role)}
		switch {
		case m.ProgrammeID != 0:
			p.URL = paths.Programme(m.ProgrammeID)
		case m.ModuleID != 0:
			p.URL = paths.Module(m.ModuleID)
		case m.Role == reqctx.RoleAdmin:
			p.URL = paths.Admin
		}
		v.Places = append(v.Places, p)
	}
	if v.Staff {
		today := acyear.DateOf(h.now())
		var rows []store.DashboardRow
		err := store.InGenericPlans(ctx, h.Pool, func(q *store.Queries) (err error) {
			// The programmes whose plans and the modules whose activities
			// the person looks after, besides those they lead or help run.
			rows, err = q.Dashboard(ctx, store.DashboardParams{InstitutionID: u.InstitutionID, UserID: &u.ID,
				ProgrammeIds: auth.PlannedProgrammes(u), ModuleIds: auth.LedModules(u), Today: today,
				UpcomingTo: today.AddDate(0, 0, 21), AwaitingFrom: today.AddDate(0, 0, -56)})
			return err
		})
		if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		for _, s := range rows {
			switch s.List {
			case "draft":
				v.Drafts = append(v.Drafts, page.DraftItem{ID: s.ActivityID, Title: s.Title, Programme: s.ProgrammeCode, Year: acyear.Label(int(s.AcademicYear))})
			default:
				item := page.SessionItem{ID: s.SessionID, ActivityID: s.ActivityID, Title: s.Title, Programme: s.ProgrammeCode,
					Date: s.SessionDate, Time: clock(s.StartTime.Microseconds, s.StartTime.Valid), Location: s.Location}
				if s.List == "upcoming" {
					v.Upcoming = append(v.Upcoming, item)
				} else {
					v.Awaiting = append(v.Awaiting, item)
				}
			}
		}
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: "Home", Section: "home"}, page.Home(v))
}

func clock(micros int64, valid bool) string {
	if !valid {
		return ""
	}
	mins := micros / 60e6
	return fmt.Sprintf("%02d:%02d", mins/60, mins%60)
}

// Accessibility shows the accessibility statement.
func (h *Handler) Accessibility(w http.ResponseWriter, r *http.Request) {
	httpx.Render(w, r, http.StatusOK, web.Page{Title: "Accessibility statement"}, page.Accessibility())
}

// Privacy shows what the app keeps about people.
func (h *Handler) Privacy(w http.ResponseWriter, r *http.Request) {
	httpx.Render(w, r, http.StatusOK, web.Page{Title: "Privacy"}, page.Privacy())
}
