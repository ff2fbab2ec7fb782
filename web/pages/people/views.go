// Package people holds the pages for managing people and roles, accepting
// an invitation, the audit log and the development mailbox.
package people

import (
	"context"
	"time"

	"belonging/internal/i18n"

	"belonging/internal/httpx/form"
	"belonging/internal/reqctx"
	"belonging/web/components"
)

// roleHints are the roles an admin can give, in the order offered, each
// with the message saying what it may do.
var roleHints = []struct{ role, hint string }{
	{"admin", "people.role.admin.hint"},
	{"director", "people.role.director.hint"},
	{"module_leader", "people.role.module_leader.hint"},
	{"member", "people.role.member.hint"},
	{"viewer", "people.role.viewer.hint"},
}

// RoleOptions are the roles an admin can give, each with what it may do,
// in the reader's language.
func RoleOptions(ctx context.Context) []components.Option {
	out := make([]components.Option, len(roleHints))
	for i, r := range roleHints {
		out[i] = components.Option{Value: r.role, Label: reqctx.RoleLabelIn(ctx, r.role), Hint: i18n.T(ctx, r.hint)}
	}
	return out
}

// PersonRow is one person in the list.
type PersonRow struct {
	ID       int64
	Name     string
	Email    string
	Roles    []string
	Disabled bool
}

// InvitationRow is one invitation waiting to be accepted.
type InvitationRow struct {
	ID        int64
	Email     string
	Role      string
	Scope     string
	InvitedBy string
	Expires   time.Time
}

// PeopleList is the people page.
type PeopleList struct {
	Q           string
	Role        string
	Rows        []PersonRow
	Pager       components.Pager
	Invitations []InvitationRow
}

// RoleForm chooses a role and its scope; used to invite and to add a role.
type RoleForm struct {
	Email        string
	Role         string
	DepartmentID string
	ProgrammeID  string
	ModuleID     string
	Departments  []components.Option
	Programmes   []components.Option
	Modules      []components.Option
	form.Errors
}

// PersonPage is one person's page.
type PersonPage struct {
	ID       int64
	Name     string
	Email    string
	Disabled bool
	Self     bool
	// ErasedAt is when an admin erased the person's details, if they did.
	ErasedAt    *time.Time
	Memberships []MembershipRow
	NewRole     RoleForm
	form.Errors
}

// MembershipRow is one role a person holds.
type MembershipRow struct {
	ID    int64
	Role  string
	Scope string
}

// AcceptPage is the invitation page: who invited whom to what.
type AcceptPage struct {
	Token       string
	Email       string
	Institution string
	Role        string
	Scope       string
	InvitedBy   string
	Name        string
	// UniversityURL offers accepting by signing in with the institution's
	// identity provider, when it has one.
	UniversityURL string
	// PasswordsAllowed is false when the institution signs in only
	// through its providers: then there is no password to choose.
	PasswordsAllowed bool
	form.Errors
}

// InvitationProblem explains an invitation that cannot be used.
type InvitationProblem struct {
	Title     string
	Message   string
	InvitedBy string
	Email     string
}

// AuditPage is the audit log with its filters.
type AuditPage struct {
	Entity  string
	Action  string
	ActorID string
	From    string
	To      string
	Actors  []components.Option
	Rows    []AuditRow
	Pager   components.Pager
	form.Errors
}

// AuditRow is one audited change.
type AuditRow struct {
	When     time.Time
	Actor    string
	Action   string
	Entity   string
	EntityID int64
	Changes  []AuditChange
}

// AuditChange is one field's change.
type AuditChange struct {
	Field  string
	Before string
	After  string
}

// MailList is the development mailbox.
type MailList struct {
	Messages []MailRow
}

// MailRow is one kept message.
type MailRow struct {
	ID      int64
	To      string
	Subject string
	Sent    time.Time
	Body    string
}

// RoleWithScope describes a role and where it applies, in one phrase.
func RoleWithScope(ctx context.Context, role, scope string) string {
	label := reqctx.RoleLabelIn(ctx, role)
	if scope == "" {
		return label
	}
	return label + ", " + scope
}
