// Package acyear works with academic years. An academic year is named by
// the calendar year it starts in (2026 is 2026/27) and starts on the first
// day of the institution's start month (1 August by default).
package acyear

import (
	"fmt"
	"time"
)

// DefaultStartMonth is August.
const DefaultStartMonth = 8

// Of returns the academic year that t falls in.
func Of(t time.Time, startMonth int) int {
	if startMonth < 1 || startMonth > 12 {
		startMonth = DefaultStartMonth
	}
	if int(t.Month()) >= startMonth {
		return t.Year()
	}
	return t.Year() - 1
}

// Bounds returns the first day of academic year y and the first day of
// the next one.
func Bounds(y, startMonth int) (from, to time.Time) {
	if startMonth < 1 || startMonth > 12 {
		startMonth = DefaultStartMonth
	}
	from = time.Date(y, time.Month(startMonth), 1, 0, 0, 0, 0, time.UTC)
	return from, from.AddDate(1, 0, 0)
}

// Contains reports whether the date d (any time of day) is in year y.
func Contains(y, startMonth int, d time.Time) bool {
	return Of(d, startMonth) == y
}

// Label names year y for people: "2026/27".
func Label(y int) string {
	return fmt.Sprintf("%d/%02d", y, (y+1)%100)
}

// London is UK time, in which sessions are planned, surveys open and close
// and dates are read. Without the zone database it falls back to UTC.
var London = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		return time.UTC
	}
	return loc
}()

// DateOf is the UK calendar date of instant t, at midnight UTC: the form in
// which dates are stored (DATE columns) and compared. Between midnight and
// 1 am in summer it is already tomorrow in the UK though still today in
// UTC; this says tomorrow.
func DateOf(t time.Time) time.Time {
	y, m, d := t.In(London).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Today is today's UK date (see DateOf).
func Today() time.Time { return DateOf(time.Now()) }
