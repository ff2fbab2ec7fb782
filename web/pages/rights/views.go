// Package rights holds the page where an admin confirms erasing a person.
package rights

import (
	"time"

	"belonging/internal/httpx/form"
)

// ErasePage asks an admin to confirm erasing a person's details, says why
// it cannot be done, or says it was done.
type ErasePage struct {
	ID    int64
	Name  string
	Email string
	// Self is the admin erasing their own details: they are signed out.
	Self bool
	// ErasedAt is when the person was erased, if they were.
	ErasedAt *time.Time
	// Refusal says why this person cannot be erased now, if they cannot.
	Refusal string
	// Pseudonym is the name they will be shown by.
	Pseudonym string
	Confirm   bool
	form.Errors
}
