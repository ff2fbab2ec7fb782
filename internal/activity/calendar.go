package activity

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"belonging/internal/access"
	"belonging/internal/acyear"
	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/internal/vocab"
	"belonging/web"
	page "belonging/web/pages/activity"
	"belonging/web/paths"
)

// london is the time zone sessions are planned in.
var london = acyear.London

const newFeedKey = "new_feed_url"

// calendarMonth is the month an activity's page opens the calendar at: that
// of its next session from today, or of its last once all are over. dates
// is not empty.
func calendarMonth(dates []time.Time, today time.Time) time.Time {
	next, last := time.Time{}, dates[0]
	for _, d := range dates {
		if !d.Before(today) && (next.IsZero() || d.Before(next)) {
			next = d
		}
		if d.After(last) {
			last = d
		}
	}
	if next.IsZero() {
		return last
	}
	return next
}

// Calendar shows a month of a programme's sessions and its calendar feed.
func (h *Handler) Calendar(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Programme(w, r, auth.ViewProgramme)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	now := h.now().In(london)
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	if m, err := time.Parse("2006-01", r.URL.Query().Get("month")); err == nil && m.Year() >= 2000 && m.Year() <= 2100 {
		month = m
	}
	// The grid runs Monday to Sunday, from the week of the 1st.
	start := month.AddDate(0, 0, -((int(month.Weekday()) + 6) % 7))
	end := month.AddDate(0, 1, 0)
	end = end.AddDate(0, 0, (7-(int(end.Weekday())+6)%7)%7)

	rows, err := h.Queries.ListProgrammeSessions(ctx, store.ListProgrammeSessionsParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID, FromDate: start, ToDate: end})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	byDay := map[string][]page.CalendarSession{}
	for _, s := range rows {
		key := s.SessionDate.Format("2006-01-02")
		t := clock(s.StartTime)
		byDay[key] = append(byDay[key], page.CalendarSession{ActivityID: s.ActivityID, Title: s.Title, Time: t, Location: s.Location})
	}
	v := page.CalendarPage{Programme: access.ProgrammeHeader(u, p, acyear.Of(month, u.YearStartMonth)), Month: month}
	today := now.Format("2006-01-02")
	for d := start; d.Before(end); d = d.AddDate(0, 0, 7) {
		week := make([]page.CalendarDay, 7)
		for i := range week {
			day := d.AddDate(0, 0, i)
			key := day.Format("2006-01-02")
			week[i] = page.CalendarDay{Date: day, InMonth: day.Month() == month.Month(), Today: key == today, Sessions: byDay[key]}
		}
		v.Weeks = append(v.Weeks, week)
	}
	v.Prev, v.Next = paths.CalendarMonth(p.ID, month.AddDate(0, -1, 0)), paths.CalendarMonth(p.ID, month.AddDate(0, 1, 0))

	feed, err := h.Queries.GetActiveFeed(ctx, store.GetActiveFeedParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID})
	switch {
	case err == nil:
		v.HasFeed, v.FeedSince = true, feed.CreatedAt
	case !errors.Is(err, pgx.ErrNoRows):
		httpx.ServerError(w, r, err)
		return
	}
	if url, ok := h.Sessions.Manager.Pop(ctx, newFeedKey).(string); ok && v.HasFeed {
		v.FeedURL = url
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: p.Code + " calendar", Section: "programmes",
		Breadcrumbs: []web.Crumb{{Label: "Programmes", URL: paths.Programmes}, {Label: p.Code, URL: paths.Plan(p.ID, v.Programme.Year)}, {Label: "Calendar"}}}, page.Calendar(v))
}

// CreateFeed makes a new private feed address for the programme, ending
// the old one. The address is shown once; only its hash is kept.
func (h *Handler) CreateFeed(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Programme(w, r, auth.PlanProgramme)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	hash := sha256.Sum256([]byte(token))
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		if _, err := q.RevokeFeeds(ctx, store.RevokeFeedsParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID}); err != nil {
			return err
		}
		id, err := q.CreateFeed(ctx, store.CreateFeedParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID, TokenHash: hash[:], CreatedBy: u.ID})
		if err != nil {
			return err
		}
		return audit.By(u).Record(ctx, q, "create", "calendar_feed", id, audit.Created(map[string]any{"programme_id": p.ID}))
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Manager.Put(ctx, newFeedKey, h.BaseURL+paths.CalendarFeed(token))
	httpx.SeeOther(w, r, paths.Calendar(p.ID)+"#feed-title")
}

// RevokeFeed turns the programme's feed address off.
func (h *Handler) RevokeFeed(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Programme(w, r, auth.PlanProgramme)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		n, err := q.RevokeFeeds(ctx, store.RevokeFeedsParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID})
		if err != nil || n == 0 {
			return err
		}
		return audit.By(u).Record(ctx, q, "revoke", "calendar_feed", p.ID, nil)
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", "The calendar address is turned off. Subscribed calendars stop updating.")
	httpx.SeeOther(w, r, paths.Calendar(p.ID))
}

// Feed serves a programme's sessions as iCalendar to whoever holds the
// feed's address (calendar apps cannot sign in). A revoked or unknown
// address is 404.
func (h *Handler) Feed(w http.ResponseWriter, r *http.Request) {
	token, found := strings.CutSuffix(chi.URLParam(r, "file"), ".ics")
	if !found || len(token) < 40 || len(token) > 64 {
		httpx.NotFound(w, r)
		return
	}
	ctx := r.Context()
	hash := sha256.Sum256([]byte(token))
	feed, err := h.Queries.GetFeedByToken(ctx, hash[:])
	if errors.Is(err, pgx.ErrNoRows) {
		httpx.NotFound(w, r)
		return
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	// From the start of last academic year, three years on.
	from, _ := acyear.Bounds(acyear.Of(h.now(), acyear.DefaultStartMonth)-1, acyear.DefaultStartMonth)
	rows, err := h.Queries.ListProgrammeSessions(ctx, store.ListProgrammeSessionsParams{InstitutionID: feed.InstitutionID, ProgrammeID: feed.ProgrammeID,
		FromDate: from, ToDate: from.AddDate(3, 0, 0)})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	cal := ics.NewCalendarFor("Belonging")
	cal.SetMethod(ics.MethodPublish)
	name := fmt.Sprintf("%s %s: belonging activities", feed.Code, feed.Title)
	cal.SetName(name)
	cal.SetXWRCalName(name)
	cal.SetXWRCalDesc("Sessions of " + feed.Title + " at " + feed.InstitutionName + ", from Belonging")
	cal.SetRefreshInterval("PT1H")
	cal.SetXPublishedTTL("PT1H")
	stamp := h.now().UTC()
	for _, s := range rows {
		e := cal.AddEvent(fmt.Sprintf("session-%d@belonging", s.ID))
		e.SetDtStampTime(stamp)
		e.SetSummary(s.Title)
		link := h.BaseURL + paths.Activity(s.ActivityID)
		desc := vocab.Kinds.Label(s.Kind) + "\n" + link
		if s.OnlineUrl != "" {
			desc += "\nOnline: " + s.OnlineUrl
		}
		e.SetDescription(desc)
		if s.Location != "" {
			e.SetLocation(s.Location)
		}
		e.SetURL(link)
		if s.StartTime.Valid {
			start := at(s.SessionDate, s.StartTime.Microseconds)
			end := start.Add(time.Hour)
			if s.EndTime.Valid {
				end = at(s.SessionDate, s.EndTime.Microseconds)
			}
			e.SetStartAt(start)
			e.SetEndAt(end)
		} else {
			e.SetAllDayStartAt(s.SessionDate)
			e.SetAllDayEndAt(s.SessionDate.AddDate(0, 0, 1))
		}
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="`+feed.Code+`.ics"`)
	w.Header().Set("Cache-Control", "private, max-age=900")
	_ = cal.SerializeTo(w)
}

// at is the instant of a session's clock time on its date in London.
func at(date time.Time, micros int64) time.Time {
	mins := int(micros / 60e6)
	return time.Date(date.Year(), date.Month(), date.Day(), mins/60, mins%60, 0, 0, london).UTC()
}
