// Package form holds what forms share: reading submitted values and
// collecting errors against fields. Each feature defines a struct per form
// that embeds Errors; pages render the errors next to their fields and in
// an error summary that links to each one.
package form

import (
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// FieldError is one problem with one field. Field is the input's id, so the
// error summary can link to it; it is empty for a problem with the whole form.
type FieldError struct {
	Field   string
	Message string
}

// Errors collects a form's problems in the order they were found, one per
// field.
type Errors struct {
	list []FieldError
}

// Add records a problem with field, unless it already has one.
func (e *Errors) Add(field, message string) {
	for _, fe := range e.list {
		if fe.Field == field && field != "" {
			return
		}
	}
	e.list = append(e.list, FieldError{Field: field, Message: message})
}

// Check adds the message for field when ok is false.
func (e *Errors) Check(ok bool, field, message string) {
	if !ok {
		e.Add(field, message)
	}
}

// Valid reports whether no problem was found.
func (e *Errors) Valid() bool { return len(e.list) == 0 }

// Get returns the problem with field, or "".
func (e *Errors) Get(field string) string {
	for _, fe := range e.list {
		if fe.Field == field {
			return fe.Message
		}
	}
	return ""
}

// List returns every problem, in order, for the error summary.
func (e *Errors) List() []FieldError { return e.list }

// Values reads submitted form values.
type Values struct{ url.Values }

// Text returns the trimmed value of name.
func (v Values) Text(name string) string { return strings.TrimSpace(v.Get(name)) }

// Raw returns the value of name exactly as sent (passwords).
func (v Values) Raw(name string) string { return v.Get(name) }

// Bool reports whether a checkbox named name was ticked.
func (v Values) Bool(name string) bool {
	switch v.Get(name) {
	case "on", "true", "1", "yes":
		return true
	}
	return false
}

// List returns every trimmed, non-empty value of name.
func (v Values) List(name string) []string {
	var out []string
	for _, s := range v.Values[name] {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// MaxLength reports whether s has at most n characters.
func MaxLength(s string, n int) bool { return utf8.RuneCountInString(s) <= n }

// Int parses a whole number; ok is false when s is empty or not a number.
func Int(s string) (n int, ok bool) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	return n, err == nil
}

// OneOf reports whether s is one of the allowed values.
func OneOf(s string, allowed ...string) bool {
	for _, a := range allowed {
		if s == a {
			return true
		}
	}
	return false
}

// EmailDomain returns the lower-case domain of an email address, or "".
func EmailDomain(email string) string {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return ""
	}
	return strings.ToLower(strings.TrimSpace(email[at+1:]))
}
