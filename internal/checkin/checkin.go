// Package checkin counts students in at the door of a session: the
// session's team projects a QR code that changes every 30 seconds, and a
// student who scans it presses "I'm here" on their phone, with no account
// and no JavaScript. Only the number is stored (see session_checkins):
// nothing ties a check-in to a person, a browser, a moment or another
// check-in. The number fills the attendance of the session's outcome.
package checkin

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/access"
	"belonging/internal/acyear"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/language"
	"belonging/internal/qrcode"
	"belonging/internal/store"
	"belonging/web"
	page "belonging/web/pages/checkin"
	"belonging/web/paths"
)

// markCookie tells, on the browser alone, that it has checked in to the
// session whose check-in path it is scoped to.
const markCookie = "checked_in"

// markLifetime keeps the cookie past the end of any session's day.
const markLifetime = 48 * time.Hour

var codePattern = regexp.MustCompile(`^[a-z2-7]{` + strconv.Itoa(codeLength) + `}$`)

// Limiter holds back an address sending check-ins too fast.
type Limiter interface {
	Allow(addr netip.Addr, now time.Time) (ok bool, wait time.Duration)
}

// Handler serves the check-in screen and the students' check-in pages.
type Handler struct {
	Pool          *pgxpool.Pool
	Queries       *store.Queries
	Access        *access.Loader
	Keys          Keys
	BaseURL       string
	SecureCookies bool
	Limiter       Limiter
	// Now, when set, is the clock codes are made and checked by.
	Now func() time.Time
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

// whenIn describes a session's date and start for its pages, the day
// written in the reader's language.
func whenIn(ctx context.Context, date time.Time, start pgtype.Time) string {
	s := i18n.LongDate(ctx, date)
	if start.Valid {
		mins := start.Microseconds / 60e6
		s += fmt.Sprintf(", %02d:%02d", mins/60, mins%60)
	}
	return s
}

// Screen shows a session's check-in screen, to the people who may record
// its outcome. Without JavaScript it reloads itself as each code expires;
// asked by htmx, it answers the changing part alone.
func (h *Handler) Screen(w http.ResponseWriter, r *http.Request) {
	s, ok := h.Access.Session(w, r, auth.EditActivity)
	if !ok {
		return
	}
	a := s.Activity
	n, err := h.Queries.CountCheckins(r.Context(), store.CountCheckinsParams{InstitutionID: a.InstitutionID, SessionID: s.ID})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	now := h.now()
	link := h.BaseURL + paths.CheckInCode(s.ID, h.Keys.Code(s.ID, now))
	code, err := qrcode.Encode(link)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	next := NextChange(now)
	ctx := r.Context()
	place := whenIn(ctx, s.SessionDate, s.StartTime)
	if s.Location != "" {
		place += ", " + s.Location
	}
	v := page.Screen{ActivityTitle: a.Title, When: place,
		QR: string(qrcode.SVGTitled(code, i18n.T(ctx, "checkin.screen.qr", "Link", link))), Link: link, Short: strings.TrimPrefix(strings.TrimPrefix(link, "https://"), "http://"),
		Count: page.Count{N: int(n), URL: paths.CheckInScreen(s.ID)}, Changes: next.In(acyear.London).Format("15:04:05"),
		ActivityURL: paths.ActivityAt(a.ID, "sessions"), OutcomeURL: paths.NewSessionOutcome(a.ID, s.ID)}
	if httpx.IsHTMX(r) {
		httpx.Fragment(w, r, http.StatusOK, page.Live(v))
		return
	}
	// One second past the change, so the page never fetches the code it
	// already shows.
	refresh := int(math.Ceil(next.Sub(now).Seconds())) + 1
	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(ctx, "checkin.screen.title", "Activity", a.Title), Bare: true, Refresh: refresh}, page.ScreenPage(v))
}

// sessionID reads the route's session id; anything but digits is no
// session.
func sessionID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, "session"), 10, 64)
	return id, err == nil && id > 0
}

// checkinSession loads the session a check-in address names; a session
// removed since its code was shown is 404.
func (h *Handler) checkinSession(w http.ResponseWriter, r *http.Request, id int64) (store.GetCheckinSessionRow, bool) {
	s, err := h.Queries.GetCheckinSession(r.Context(), id)
	if errors.Is(err, pgx.ErrNoRows) {
		httpx.NotFound(w, r)
		return s, false
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return s, false
	}
	language.Institution(w, r, s.InstitutionLanguage)
	return s, true
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, s *store.GetCheckinSessionRow, state string, pass string) {
	v := page.Student{State: state, Pass: pass}
	p := web.Page{Title: i18n.T(r.Context(), "checkin.title"), Bare: true, Description: i18n.T(r.Context(), "checkin.description")}
	if s != nil {
		v.Institution, v.ActivityTitle, v.When = s.InstitutionName, s.ActivityTitle, whenIn(r.Context(), s.SessionDate, s.StartTime)
		v.Action = paths.CheckIn(s.ID)
		p.NoticesOf = s.InstitutionSlug
	}
	httpx.Render(w, r, status, p, page.StudentPage(v))
}

// expired answers a code that is too old, made up or of another session,
// without saying which session it named.
func (h *Handler) expired(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusGone, nil, page.StateExpired, "")
}

func (h *Handler) checkedIn(r *http.Request, id int64) bool {
	c, err := r.Cookie(markCookie)
	return err == nil && c.Value == h.Keys.Mark(id)
}

// Scan is the page a scanned code opens: the "I'm here" button, or that
// this browser has checked in already. A code that is not the screen's
// current or previous one gets a page saying it has expired, and says
// nothing about the session. It writes nothing.
func (h *Handler) Scan(w http.ResponseWriter, r *http.Request) {
	id, ok := sessionID(r)
	code := chi.URLParam(r, "code")
	if !ok || !codePattern.MatchString(code) || !h.Keys.Valid(id, code, h.now()) {
		h.expired(w, r)
		return
	}
	s, ok := h.checkinSession(w, r, id)
	if !ok {
		return
	}
	if h.checkedIn(r, id) {
		h.render(w, r, http.StatusOK, &s, page.StateAlready, "")
		return
	}
	h.render(w, r, http.StatusOK, &s, page.StateForm, h.Keys.Pass(id, h.now()))
}

// Status is where a browser lands after checking in: it says so to a
// browser holding the session's cookie, and asks anyone else to scan.
func (h *Handler) Status(w http.ResponseWriter, r *http.Request) {
	id, ok := sessionID(r)
	if !ok || !h.checkedIn(r, id) {
		h.render(w, r, http.StatusOK, nil, page.StateScan, "")
		return
	}
	s, ok := h.checkinSession(w, r, id)
	if !ok {
		return
	}
	h.render(w, r, http.StatusOK, &s, page.StateDone, "")
}

// CheckIn counts the browser in, once: by one statement that adds one to
// the session's number and writes nothing else (not even the audit log,
// which would keep the moment), and by giving the browser the session's
// cookie. A browser holding the cookie is told it has checked in already
// and not counted again; a button pressed too long after its page was
// opened, or a forged one, gets the expired page.
func (h *Handler) CheckIn(w http.ResponseWriter, r *http.Request) {
	id, ok := sessionID(r)
	if !ok {
		httpx.NotFound(w, r)
		return
	}
	if h.Limiter != nil {
		if ok, wait := h.Limiter.Allow(httpx.ClientAddr(r), h.now()); !ok {
			httpx.TooManyRequests(w, r, max(wait, time.Second), i18n.T(r.Context(), "checkin.limited"))
			return
		}
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	if h.checkedIn(r, id) {
		h.already(w, r, id)
		return
	}
	if !h.Keys.PassValid(id, vals.Text("pass"), h.now()) {
		h.expired(w, r)
		return
	}
	s, ok := h.checkinSession(w, r, id)
	if !ok {
		return
	}
	if _, err := h.Queries.RecordCheckin(r.Context(), store.RecordCheckinParams{InstitutionID: s.InstitutionID, SessionID: s.ID}); err != nil && !errors.Is(err, pgx.ErrNoRows) {
		httpx.ServerError(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: markCookie, Value: h.Keys.Mark(id), Path: paths.CheckIn(id), MaxAge: int(markLifetime.Seconds()),
		HttpOnly: true, Secure: h.SecureCookies, SameSite: http.SameSiteLaxMode})
	httpx.SeeOther(w, r, paths.CheckIn(id))
}

func (h *Handler) already(w http.ResponseWriter, r *http.Request, id int64) {
	s, ok := h.checkinSession(w, r, id)
	if !ok {
		return
	}
	h.render(w, r, http.StatusOK, &s, page.StateAlready, "")
}
