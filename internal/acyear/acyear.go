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

// firstMonday is the first Monday on or after the start of year y.
func firstMonday(y, startMonth int) time.Time {
	from, _ := Bounds(y, startMonth)
	return from.AddDate(0, 0, (8-int(from.Weekday()))%7)
}

// NextYearDay is the day of year y+1 that sits where d sits in year y: the
// same weekday of the same week of the teaching year, weeks counted from
// each year's first Monday. It keeps "Monday of week 7" a Monday of week
// 7 however the calendar falls, where a calendar year on would move it to
// another weekday. A day that would fall outside year y+1 (at its first or
// last few days) moves a week further in.
func NextYearDay(d time.Time, y, startMonth int) time.Time {
	day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	offset := int(day.Sub(firstMonday(y, startMonth)).Hours() / 24)
	out := firstMonday(y+1, startMonth).AddDate(0, 0, offset)
	from, to := Bounds(y+1, startMonth)
	for out.Before(from) {
		out = out.AddDate(0, 0, 7)
	}
	for !out.Before(to) {
		out = out.AddDate(0, 0, -7)
	}
	return out
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
