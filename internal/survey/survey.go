// Package survey runs anonymous belonging pulse surveys: instruments (the
// built-in belonging pulse and institutions' own), surveys of a programme
// or an activity, optionally paired before and after, the public response
// page students reach by link or QR code, results that hide small groups,
// the Type 2 evidence a pre/post pair yields, and the retention job.
//
// Anonymity is designed in rather than promised: responses carry no
// person, address, browser or time; nothing on the server records which
// browsers answered (the browser keeps a cookie signed with the survey's
// key, the same for everyone); responses are shuffled when a survey
// closes, so not even their order is kept (seal.go); results appear only
// once a survey has closed and been sealed, so they never change while
// students can still answer, and only for groups of at least the
// configured minimum (never below 5).
package survey

import (
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/access"
	"belonging/internal/acyear"
	"belonging/internal/auth"
	"belonging/internal/notify"
	"belonging/internal/store"
	"belonging/internal/suppress"
	"belonging/web/paths"
)

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
	// Sent catches a response form sent twice.
	Sent *SentForms
	// Notify tells whoever set a survey up that its results are ready.
	Notify *notify.Notifier
	// Concurrency is how many pairs' evidence Upkeep adds at once, each
	// in a transaction of its own on a connection of Pool: 1 when unset.
	// The scale loader sets its pool's size.
	Concurrency int
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

// minGroup is the threshold in force: the same rule the reports use
// (internal/suppress).
func (h *Handler) minGroup() int { return suppress.MinGroup(h.MinGroup) }

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

// auditMoment is how the audit log records when a survey opens or closes:
// the UK date and time.
func auditMoment(t time.Time) string { return t.In(london).Format("2006-01-02 15:04") }

// lastDay is the day a survey closing at t is last open.
func lastDay(t time.Time) time.Time { return t.In(london).Add(-time.Second) }

// publicURL is the address students answer at.
func (h *Handler) publicURL(token string) string { return h.BaseURL + paths.Answer(token) }
