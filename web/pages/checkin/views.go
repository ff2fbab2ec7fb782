// Package checkin holds the pages of check-in at the door: the screen a
// session's team projects, and the page a student's phone opens.
package checkin

import "strconv"

// Screen is a session's check-in screen.
type Screen struct {
	ActivityTitle string
	// When is the session's date, start and place.
	When string
	// QR is the code's drawing, an SVG element made on the server.
	QR string
	// Link is the address the code holds; Short is it without the scheme,
	// to type.
	Link, Short string
	Count       Count
	// Changes says when the code is replaced, for people reading the page.
	Changes     string
	ActivityURL string
	OutcomeURL  string
}

// Count is the number checked in, refreshed in place where htmx runs.
type Count struct {
	N   int
	URL string
}

// Number is the count as digits.
func (c Count) Number() string { return strconv.Itoa(c.N) }

// Student states.
const (
	StateForm    = "form"
	StateAlready = "already"
	StateDone    = "done"
	StateScan    = "scan"
	StateExpired = "expired"
)

// Student is the page a student's phone shows.
type Student struct {
	State         string
	Institution   string
	ActivityTitle string
	When          string
	// Action and Pass are the "I'm here" form's address and hidden value.
	Action string
	Pass   string
}
