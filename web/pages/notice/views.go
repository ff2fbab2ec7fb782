// Package notice holds the pages of each institution's accessibility
// statement and privacy notice, and the forms its admin edits them with.
package notice

import (
	"time"

	"belonging/internal/httpx/form"
)

// Institution is one entry of the public pages' list of institutions.
type Institution struct {
	Name, Slug string
}

// Chooser is the product's own statement or notice, with the list of
// institutions whose own ones a visitor who is not signed in picks from.
type Chooser struct {
	Institutions []Institution
	Settings     Settings
}

// Settings are the installation's settings the pages report, in words.
type Settings struct {
	// BaseURL is the address the statement applies to.
	BaseURL         string
	SurveyRetention string
	MinGroup        int
	NetworkMin      int
	SessionIdle     string
	SessionLifetime string
	SignInWindow    string
	Invitation      string
	ResetLink       string
	FailedJobs      string
	// MailConfigured says an outside mail server sends the emails.
	MailConfigured bool
	// FileStore says where evidence files are kept, in words.
	FileStore string
}

// Accessibility is one institution's accessibility statement.
type Accessibility struct {
	Institution  string
	Slug         string
	Saved        bool
	ContactEmail string
	ContactPhone string
	ReplyDays    int
	// KnownIssues are the institution's own content that is not yet
	// accessible, one per line as the admin wrote them.
	KnownIssues []string
	PreparedOn  time.Time
	ReviewedOn  time.Time
	Settings    Settings
}

// Privacy is one institution's privacy notice.
type Privacy struct {
	Institution       string
	Slug              string
	Saved             bool
	ControllerName    string
	ControllerAddress []string
	DPOName           string
	DPOEmail          string
	// Extra is the institution's own text, a paragraph per item.
	Extra      []string
	ReviewedOn time.Time
	// ShareFigures says the institution's figures join the network report.
	ShareFigures bool
	// EvidenceYears and OutcomeYears are the retention the institution
	// chose, in words; empty when records are kept until staff delete them.
	EvidenceYears string
	OutcomeYears  string
	Settings      Settings
}

// AccessibilityForm is the admin's form for the statement.
type AccessibilityForm struct {
	Institution  string
	Slug         string
	ContactEmail string
	ContactPhone string
	ReplyDays    string
	KnownIssues  string
	form.Errors
}

// PrivacyForm is the admin's form for the notice.
type PrivacyForm struct {
	Institution       string
	Slug              string
	ControllerName    string
	ControllerAddress string
	DPOName           string
	DPOEmail          string
	Extra             string
	form.Errors
}
