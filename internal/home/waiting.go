package home

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"belonging/internal/acyear"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	page "belonging/web/pages/home"
	"belonging/web/paths"
)

// What waits for a person: outcomes of the last eight weeks, and surveys
// closing within a week.
const (
	dueWithin     = 56 * 24 * time.Hour
	closingWithin = 7 * 24 * time.Hour
)

// homeParams asks the Home query about u at now: what is coming up in the
// next three weeks, and what waits.
func homeParams(u *reqctx.User, now time.Time) store.HomeParams {
	today := acyear.DateOf(now)
	return store.HomeParams{InstitutionID: u.InstitutionID, UserID: u.ID, ProgrammeIds: auth.PlannedProgrammes(u),
		ModuleIds: auth.LedModules(u), IsAdmin: u.IsAdmin(), Today: today, DueFrom: today.Add(-dueWithin),
		UpcomingTo: today.AddDate(0, 0, 21), Now: now, ClosingBy: now.Add(closingWithin)}
}

// waitingView groups the Home query's rows of what waits into the panel,
// showing the groups that apply to u.
func waitingView(ctx context.Context, u *reqctx.User, rows []store.HomeRow) page.Waiting {
	groups := []page.WaitingGroup{
		{ID: "awaiting", Title: i18n.T(ctx, "home.waiting.awaiting"), Empty: i18n.T(ctx, "home.waiting.awaiting.none")},
		{ID: "reviews", Title: i18n.T(ctx, "home.waiting.reviews"), Empty: i18n.T(ctx, "home.waiting.reviews.none")},
		{ID: "closing", Title: i18n.T(ctx, "home.waiting.closing"), Empty: i18n.T(ctx, "home.waiting.closing.none")},
		{ID: "invitations", Title: i18n.T(ctx, "home.waiting.invitations"), Empty: i18n.T(ctx, "home.waiting.invitations.none")},
	}
	index := map[string]int{"due": 0, "review": 1, "survey": 2, "invitation": 3}
	for _, r := range rows {
		i, waits := index[r.List]
		if !waits {
			continue // an upcoming session or an idea
		}
		g := &groups[i]
		g.Total = int(r.Total)
		var it page.WaitingItem
		switch r.List {
		case "due":
			meta := i18n.WeekdayMonth(ctx, r.Day)
			if r.StartTime.Valid {
				mins := r.StartTime.Microseconds / 60e6
				meta += fmt.Sprintf(", %02d:%02d", mins/60, mins%60)
			}
			it = page.WaitingItem{Title: r.Title, Meta: meta + " · " + r.Context, URL: paths.NewSessionOutcome(r.ActivityID, r.ItemID)}
		case "review":
			it = page.WaitingItem{Title: r.Title, Meta: r.Context + " · " + i18n.T(ctx, "home.waiting.asked", "Day", i18n.DayMonth(ctx, r.Day)), URL: paths.CaseStudyDraft(r.ItemID, r.Title)}
		case "survey":
			it = page.WaitingItem{Title: r.Title, Meta: i18n.T(ctx, "home.waiting.last_day", "Day", i18n.WeekdayMonth(ctx, r.Day)), URL: paths.Survey(r.ItemID)}
		case "invitation":
			it = page.WaitingItem{Title: r.Title, Meta: i18n.T(ctx, "home.waiting.expires", "Day", i18n.DayMonth(ctx, r.Day)), URL: paths.Invitations}
		}
		g.Items = append(g.Items, it)
	}
	var v page.Waiting
	for i, g := range groups {
		v.Total += g.Total
		reviewer := u.IsAdmin() || len(auth.PlannedProgrammes(u)) > 0
		if (i == 1 && !reviewer) || (i == 3 && !u.IsAdmin()) {
			continue
		}
		v.Groups = append(v.Groups, g)
	}
	return v
}

// The navigation's count of what waits is kept in the session for a
// minute, so a page costs no query for it; the home page, which reads it
// anyway, refreshes it, and any change the person makes (a POST) drops it.
const (
	waitingCountKey = "waiting_count"
	waitingAtKey    = "waiting_at"
	waitingFresh    = time.Minute
)

// CountWaiting puts the count of what waits for the signed-in person in
// the request's context for the navigation.
func (h *Handler) CountWaiting(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, u := r.Context(), reqctx.UserFrom(r.Context())
		if u == nil || u.InstitutionID == 0 {
			next.ServeHTTP(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Sessions.Manager.Remove(ctx, waitingAtKey)
			next.ServeHTTP(w, r)
			return
		}
		if n, fresh := h.cachedWaiting(ctx); fresh || r.URL.Path == paths.Home || httpx.IsHTMX(r) {
			// The home page counts afresh; a partial shows no navigation.
			next.ServeHTTP(w, r.WithContext(reqctx.WithWaiting(ctx, n)))
			return
		}
		rows, err := h.Queries.Home(ctx, homeParams(u, homeMinute(h.now())))
		if err != nil {
			// The count is a convenience: the page goes on without it.
			httpx.Logger(ctx).Warn("count what waits", "err", err)
			next.ServeHTTP(w, r)
			return
		}
		n := waitingView(ctx, u, rows).Total
		h.rememberWaiting(ctx, n)
		next.ServeHTTP(w, r.WithContext(reqctx.WithWaiting(ctx, n)))
	})
}

func (h *Handler) cachedWaiting(ctx context.Context) (n int, fresh bool) {
	if h.Sessions == nil {
		return 0, false // no sessions to keep the count in: always count afresh
	}
	at := h.Sessions.Manager.GetInt64(ctx, waitingAtKey)
	return h.Sessions.Manager.GetInt(ctx, waitingCountKey), at != 0 && h.now().Sub(time.Unix(at, 0)) < waitingFresh
}

// rememberWaiting keeps n in the session, writing it only when it changed
// or has aged.
func (h *Handler) rememberWaiting(ctx context.Context, n int) {
	if cached, fresh := h.cachedWaiting(ctx); h.Sessions == nil || (fresh && cached == n) {
		return
	}
	h.Sessions.Manager.Put(ctx, waitingCountKey, n)
	h.Sessions.Manager.Put(ctx, waitingAtKey, h.now().Unix())
}
