// Package account holds the sign-in and account pages.
package account

import "belonging/internal/httpx/form"

// SignInView is the sign-in page's model.
type SignInView struct {
	Email string
	Next  string
	form.Errors
}

// AccountView is the account page's model.
type AccountView struct {
	Name        string
	Email       string
	Institution string
	Roles       []RoleLine
	Password    PasswordView
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
