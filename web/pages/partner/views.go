// Package partner holds the pages of student partners, and the director's
// page of an activity's partners.
package partner

import (
	"time"

	"belonging/internal/httpx/form"
)

// HomePage lists a student partner's activities.
type HomePage struct {
	Name       string
	Activities []ActivityRow
}

// ActivityRow is one activity on a partner's home.
type ActivityRow struct {
	ID          int64
	Title       string
	Programme   string
	Stage       string
	Status      string
	NextSession string
}

// ActivityPage is an activity as its student partners see it.
type ActivityPage struct {
	ID             int64
	Title          string
	Kind           string
	Stage          string
	Year           int
	Aims           string
	PartnershipHow string
	Lead           string
	Partners       []string
	Sessions       []SessionRow
	Outcomes       []OutcomeRow
}

// SessionRow is one session, with its notes.
type SessionRow struct {
	ID       int64
	Date     time.Time
	Time     string
	Location string
	Notes    string
}

// OutcomeRow is one outcome, with what students said.
type OutcomeRow struct {
	ID     int64
	Date   time.Time
	Quotes string
}

// EditForm is what partners may change of an activity.
type EditForm struct {
	ID             int64
	Version        string
	Title          string
	Aims           string
	PartnershipHow string
	Conflict       bool
	form.Errors
}

// NotesForm is a session's notes.
type NotesForm struct {
	ActivityID int64
	SessionID  int64
	Session    string
	Notes      string
	form.Errors
}

// QuoteForm adds a student's words to an outcome.
type QuoteForm struct {
	ActivityID int64
	OutcomeID  int64
	Outcome    string
	Quotes     string
	Quote      string
	form.Errors
}

// PartnersPage is the director's page of an activity's partners.
type PartnersPage struct {
	ActivityID  int64
	Title       string
	Partners    []PartnerRow
	Invitations []InvitationRow
	Email       string
	form.Errors
}

// PartnerRow is one student partner of an activity.
type PartnerRow struct {
	ID    int64
	Name  string
	Email string
	Since time.Time
}

// InvitationRow is an invitation to partner the activity not yet accepted.
type InvitationRow struct {
	Email   string
	Expires time.Time
}

// Section is the card on the activity's own page: its partners by name and
// the notes they keep on its sessions.
type Section struct {
	ActivityID int64
	Partners   []string
	Notes      []SessionRow
	CanManage  bool
}
