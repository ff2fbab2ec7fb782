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
}

// AccountView is the account page's model.
type AccountView struct {
	Name          string
	Email         string
	Institution   string
	Roles         []RoleLine
	Password      PasswordView
	Notifications NotificationsView
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
