// Package account holds the sign-in and account pages.
package account

import (
	"github.com/a-h/templ"

	"belonging/internal/httpx/form"
	"belonging/web/components"
)

// SignInView is the sign-in page's model.
type SignInView struct {
	Email string
	Next  string
	form.Errors
	// UniversityURL, when set, is the institution page of a person whose
	// institution no longer takes their password.
	UniversityURL  string
	UniversityName string

	// University offers signing in with a university account: some
	// institution has a provider.
	University       bool
	UniversityEmail  string
	UniversityErrors form.Errors
	// Network lists the operator's providers for network coordinators.
	Network []ProviderButton
	// SignOutOffer names the provider the person signed in with, just
	// after they signed out, to offer signing out there too.
	SignOutOffer string
}

// ProviderButton starts a sign-in through one provider.
type ProviderButton struct {
	Name string
	URL  string
}

// AccountView is the account page's model.
type AccountView struct {
	Name          string
	Email         string
	Institution   string
	Roles         []RoleLine
	Password      PasswordView
	Notifications NotificationsView
	// HasPassword is false for people who sign in only with their
	// university account.
	HasPassword bool
	// PasswordsAllowed is false when the institution signs in only with
	// its providers (and the person is not its break-glass admin).
	PasswordsAllowed bool
	// Calendar is the "my sessions" calendar address card, for staff.
	Calendar templ.Component
}

// NotificationsView is the form choosing which emails the person gets.
type NotificationsView struct {
	Kinds []NotificationChoice
	form.Errors
}

// NotificationChoice is one kind of email and how the person gets it.
type NotificationChoice struct {
	Code     string
	Label    string
	Hint     string
	Delivery string
	Options  []components.Option
}

// UnsubscribeView is the page a signed link from an email opens.
type UnsubscribeView struct {
	Token string
	// What names the emails the link stops, in words.
	What string
	Done bool
}

// RoleLine is one membership described for people.
type RoleLine struct {
	Role  string
	Scope string
}

// PasswordView is the change-password form.
type PasswordView struct {
	form.Errors
}

// ForgotView is the "Forgot your password?" form.
type ForgotView struct {
	Email string
	form.Errors
}

// ResetView is the form choosing a new password from a reset link.
type ResetView struct {
	Token string
	Email string
	form.Errors
}

// ResetProblem explains why a reset link cannot be used.
type ResetProblem struct {
	Title   string
	Message string
}
