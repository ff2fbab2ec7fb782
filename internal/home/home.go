// Package home serves the signed-in person's dashboard.
package home

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/access"
	"belonging/internal/acyear"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/kept"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	page "belonging/web/pages/home"
	"belonging/web/paths"
)

// Handler serves the home page.
type Handler struct {
	Pool    *pgxpool.Pool
	Queries *store.Queries
	// Access loads the records the routes name and answers 404 or 403.
	Access *access.Loader
	// Sessions keeps the navigation's count of what waits.
	Sessions *auth.Sessions
	// Now is the clock; tests may fix it.
	Now func() time.Time

	homes kept.ByVersion[homeKey, keptHome]
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

// Home is the person's dashboard: what waits for them, upcoming sessions
// and their draft ideas, across the activities they lead, are on the team
// of, or look after as director or module leader; then the places they
// work. One query, whatever the number of activities, gives the lists
// and what waits (Home, which the navigation's count also comes from); it
// goes in one batch with the sections of the person's other roles.
func (h *Handler) Home(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v := page.HomeView{FirstName: u.FirstName(), Institution: u.InstitutionName, Staff: u.InstitutionID != 0}
	if u.IsCoordinator {
		v.Places = append(v.Places, page.Place{Label: i18n.T(ctx, "home.place.library"), Role: i18n.T(ctx, "home.role.coordinator"), URL: paths.Library})
	}
	for _, m := range u.Memberships {
		p := page.Place{Label: m.Label, Role: roleLabel(ctx, m.Role)}
		switch {
		case m.ProgrammeID != 0:
			p.URL = paths.Programme(m.ProgrammeID)
		case m.ModuleID != 0:
			p.URL = paths.Module(m.ModuleID)
		case m.Role == reqctx.RoleAdmin:
			p.URL = paths.Admin
		case m.DepartmentID != 0 && m.Role == reqctx.RoleViewer:
			p.URL = paths.DepartmentReport(m.DepartmentID, nil)
		}
		v.Places = append(v.Places, p)
	}
	if v.Staff {
		now := h.now()
		params := homeParams(u, homeMinute(now))
		key := newHomeKey(params)
		held, heldAt, known := h.homes.Latest(key)
		known = known && held.at.Equal(params.Now) // kept this minute
		var rows []store.HomeRow
		var version int64
		reads := func(ctx context.Context, q *store.Queries, v *page.HomeView) (err error) {
			if known {
				version, err = q.HomeVersion(ctx, held.versionParams(params))
			} else {
				rows, err = q.Home(ctx, params)
			}
			if err != nil {
				return err
			}
			return staffSections(ctx, q, u, now, v)
		}
		// Every read above goes in one round trip (the session's is the
		// only other): listed first on a recording Queries, whose empty
		// answers fill a view thrown away, then run again on the app's,
		// which answers them from the batch. A kept home whose version
		// has moved on has its lists read afresh, in another.
		bctx, err := store.PrefetchGenericPlans(ctx, h.Pool, func(q *store.Queries) { _ = reads(ctx, q, &page.HomeView{}) })
		if err == nil {
			err = reads(bctx, h.Queries, &v)
		}
		if err == nil && known && version != heldAt {
			known = false
			var hctx context.Context
			if hctx, err = store.PrefetchGenericPlans(ctx, h.Pool, func(q *store.Queries) { _, _ = q.Home(ctx, params) }); err == nil {
				rows, err = h.Queries.Home(hctx, params)
			}
		}
		if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		if known {
			rows = held.rows
		} else if read, at, ok := splitVersion(params, rows); ok {
			rows = read.rows
			h.homes.Replace(key, at, read, read.size())
		}
		for _, s := range rows {
			switch s.List {
			case "draft":
				v.Drafts = append(v.Drafts, page.DraftItem{ID: s.ActivityID, Title: s.Title, Programme: s.Context, Year: acyear.Label(int(s.AcademicYear))})
			case "upcoming":
				v.Upcoming = append(v.Upcoming, page.SessionItem{ID: s.ItemID, ActivityID: s.ActivityID, Title: s.Title, Programme: s.Context,
					Date: s.Day, Time: clock(s.StartTime.Microseconds, s.StartTime.Valid), Location: s.Location})
			}
		}
		v.Dashboard = len(v.Drafts)+len(v.Upcoming) > 0 || runsActivities(u)
		v.Waiting = waitingView(ctx, u, rows)
		listOnce(ctx, &v)
		h.rememberWaiting(ctx, v.Waiting.Total)
		r = r.WithContext(reqctx.WithWaiting(ctx, v.Waiting.Total))
	}
	if u.IsCoordinator {
		s, err := h.coordinatorSection(ctx, u, h.now())
		if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		v.Coordinator = s
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(ctx, "home.title"), Section: "home"}, page.Home(v))
}

// runsActivities reports whether u plans or runs activities (a director,
// team member or module leader), whose home begins with what is coming up
// and their ideas.
func runsActivities(u *reqctx.User) bool {
	return slices.ContainsFunc(u.Memberships, func(m reqctx.Membership) bool {
		return m.Role == reqctx.RoleDirector || m.Role == reqctx.RoleMember || m.Role == reqctx.RoleModuleLeader
	})
}

func clock(micros int64, valid bool) string {
	if !valid {
		return ""
	}
	mins := micros / 60e6
	return fmt.Sprintf("%02d:%02d", mins/60, mins%60)
}

// roleLabel names a role in the reader's language.
func roleLabel(ctx context.Context, role string) string {
	switch role {
	case reqctx.RoleAdmin:
		return i18n.T(ctx, "home.role.admin")
	case reqctx.RoleDirector:
		return i18n.T(ctx, "home.role.director")
	case reqctx.RoleModuleLeader:
		return i18n.T(ctx, "home.role.module_leader")
	case reqctx.RoleMember:
		return i18n.T(ctx, "home.role.member")
	case reqctx.RoleViewer:
		return i18n.T(ctx, "home.role.viewer")
	case reqctx.RolePartner:
		return i18n.T(ctx, "home.role.partner")
	}
	return reqctx.RoleLabel(role)
}
