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

	"github.com/a-h/templ"
	ics "github.com/arran4/golang-ical"
	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"belonging/internal/access"
	"belonging/internal/acyear"
	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
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

	v.Feed = page.Feed{Whose: i18n.T(ctx, "activity.feed.whose.programme"), Intro: i18n.T(ctx, "activity.feed.intro.programme"),
		CanChange: v.Programme.CanPlan, Create: paths.CalendarFeedCreate(p.ID), Revoke: paths.CalendarFeedRevoke(p.ID)}
	feed, err := h.Queries.GetActiveFeed(ctx, store.GetActiveFeedParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID})
	if !h.feedState(w, r, &v.Feed, feed.CreatedAt, err) {
		return
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: p.Code + " calendar", Section: "programmes",
		Breadcrumbs: []web.Crumb{{Label: "Programmes", URL: paths.Programmes}, {Label: p.Code, URL: paths.Plan(p.ID, v.Programme.Year)}, {Label: "Calendar"}}}, page.Calendar(v))
}

// feedState fills f from the lookup of the active feed (made at since,
// or err) and the address just made, shown once. It answers for the
// handler and returns false on a database error.
func (h *Handler) feedState(w http.ResponseWriter, r *http.Request, f *page.Feed, since time.Time, err error) bool {
	switch {
	case err == nil:
		f.Has, f.Since = true, since
	case !errors.Is(err, pgx.ErrNoRows):
		httpx.ServerError(w, r, err)
		return false
	}
	if url, ok := h.Sessions.Manager.Pop(r.Context(), newFeedKey).(string); ok && f.Has {
		f.URL = url
	}
	return true
}

// newFeedToken returns a new feed address's secret and the hash kept in
// its place.
func newFeedToken() (token string, hash []byte, err error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", nil, err
	}
	token = base64.RawURLEncoding.EncodeToString(raw)
	sum := sha256.Sum256([]byte(token))
	return token, sum[:], nil
}

// CreateFeed makes a new private feed address for the programme, ending
// the old one. The address is shown once; only its hash is kept.
func (h *Handler) CreateFeed(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Programme(w, r, auth.PlanProgramme)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	token, hash, err := newFeedToken()
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		if _, err := q.RevokeFeeds(ctx, store.RevokeFeedsParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID}); err != nil {
			return err
		}
		id, err := q.CreateFeed(ctx, store.CreateFeedParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID, TokenHash: hash, CreatedBy: u.ID})
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
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "activity.flash.feed_off"))
	httpx.SeeOther(w, r, paths.Calendar(p.ID))
}

// PersonalFeedCard is the account page's card for the person's "my
// sessions" address: every session of the activities they lead or help
// run.
func (h *Handler) PersonalFeedCard(w http.ResponseWriter, r *http.Request) (templ.Component, bool) {
	u := reqctx.UserFrom(r.Context())
	f := page.Feed{Whose: i18n.T(r.Context(), "activity.feed.whose.own"), Intro: i18n.T(r.Context(), "activity.feed.intro.own"),
		CanChange: true, Create: paths.AccountCalendarFeed, Revoke: paths.AccountCalendarFeedRevoke}
	feed, err := h.Queries.GetActivePersonalFeed(r.Context(), store.GetActivePersonalFeedParams{InstitutionID: u.InstitutionID, UserID: u.ID})
	if !h.feedState(w, r, &f, feed.CreatedAt, err) {
		return nil, false
	}
	return page.FeedCard(f), true
}

// CreatePersonalFeed makes a new "my sessions" address for the person,
// ending their old one. The address is shown once; only its hash is kept.
func (h *Handler) CreatePersonalFeed(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	token, hash, err := newFeedToken()
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		if _, err := q.RevokePersonalFeeds(ctx, store.RevokePersonalFeedsParams{InstitutionID: u.InstitutionID, UserID: u.ID}); err != nil {
			return err
		}
		id, err := q.CreatePersonalFeed(ctx, store.CreatePersonalFeedParams{InstitutionID: u.InstitutionID, UserID: u.ID, TokenHash: hash})
		if err != nil {
			return err
		}
		return audit.By(u).Record(ctx, q, "create", "calendar_feed", id, audit.Created(map[string]any{"user_id": u.ID}))
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Manager.Put(ctx, newFeedKey, h.BaseURL+paths.CalendarFeed(token))
	httpx.SeeOther(w, r, paths.AccountCalendar)
}

// RevokePersonalFeed turns the person's "my sessions" address off.
func (h *Handler) RevokePersonalFeed(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		n, err := q.RevokePersonalFeeds(ctx, store.RevokePersonalFeedsParams{InstitutionID: u.InstitutionID, UserID: u.ID})
		if err != nil || n == 0 {
			return err
		}
		return audit.By(u).Record(ctx, q, "revoke", "calendar_feed", u.ID, map[string]audit.Change{"user_id": {Before: u.ID}})
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "activity.flash.own_feed_off"))
	httpx.SeeOther(w, r, paths.AccountCalendar)
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
	var sessions []feedSession
	name, desc, file := fmt.Sprintf("%s %s: belonging activities", feed.Code, feed.Title), "Sessions of "+feed.Title+" at "+feed.InstitutionName+", from Belonging", feed.Code
	if feed.UserID != 0 {
		rows, qerr := h.Queries.ListPersonSessions(ctx, store.ListPersonSessionsParams{InstitutionID: feed.InstitutionID, UserID: feed.UserID, FromDate: from, ToDate: from.AddDate(3, 0, 0)})
		for _, s := range rows {
			sessions = append(sessions, feedSession{ID: s.ID, ActivityID: s.ActivityID, Title: s.Title + " (" + s.ProgrammeCode + ")", Kind: s.Kind,
				Date: s.SessionDate, Start: s.StartTime, End: s.EndTime, Location: s.Location, OnlineURL: s.OnlineUrl})
		}
		err = qerr
		name, desc, file = "My sessions: belonging activities", "Sessions "+feed.Title+" leads or helps run at "+feed.InstitutionName+", from Belonging", "my-sessions"
	} else {
		rows, qerr := h.Queries.ListProgrammeSessions(ctx, store.ListProgrammeSessionsParams{InstitutionID: feed.InstitutionID, ProgrammeID: feed.ProgrammeID,
			FromDate: from, ToDate: from.AddDate(3, 0, 0)})
		for _, s := range rows {
			sessions = append(sessions, feedSession{ID: s.ID, ActivityID: s.ActivityID, Title: s.Title, Kind: s.Kind,
				Date: s.SessionDate, Start: s.StartTime, End: s.EndTime, Location: s.Location, OnlineURL: s.OnlineUrl})
		}
		err = qerr
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	cal := ics.NewCalendarFor("Belonging")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName(name)
	cal.SetXWRCalName(name)
	cal.SetXWRCalDesc(desc)
	cal.SetRefreshInterval("PT1H")
	cal.SetXPublishedTTL("PT1H")
	stamp := h.now().UTC()
	for _, s := range sessions {
		e := cal.AddEvent(fmt.Sprintf("session-%d@belonging", s.ID))
		e.SetDtStampTime(stamp)
		e.SetSummary(s.Title)
		link := h.BaseURL + paths.Activity(s.ActivityID)
		desc := vocab.Kinds.Label(s.Kind) + "\n" + link
		if s.OnlineURL != "" {
			desc += "\nOnline: " + s.OnlineURL
		}
		e.SetDescription(desc)
		if s.Location != "" {
			e.SetLocation(s.Location)
		}
		e.SetURL(link)
		if s.Start.Valid {
			start := at(s.Date, s.Start.Microseconds)
			end := start.Add(time.Hour)
			if s.End.Valid {
				end = at(s.Date, s.End.Microseconds)
			}
			e.SetStartAt(start)
			e.SetEndAt(end)
		} else {
			e.SetAllDayStartAt(s.Date)
			e.SetAllDayEndAt(s.Date.AddDate(0, 0, 1))
		}
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="`+file+`.ics"`)
	w.Header().Set("Cache-Control", "private, max-age=900")
	_ = cal.SerializeTo(w)
}

// feedSession is one session as a calendar event.
type feedSession struct {
	ID, ActivityID      int64
	Title, Kind         string
	Date                time.Time
	Start, End          pgtype.Time
	Location, OnlineURL string
}

// at is the instant of a session's clock time on its date in London.
func at(date time.Time, micros int64) time.Time {
	mins := int(micros / 60e6)
	return time.Date(date.Year(), date.Month(), date.Day(), mins/60, mins%60, 0, 0, london).UTC()
}
