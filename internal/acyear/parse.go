package acyear

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// DateExample is how forms show a date to type: the way the UK writes one.
const DateExample = "for example 5 October 2026"

// dayLayouts are the ways a person in the UK writes a date, day first,
// after the year-month-day a date picker sends.
var dayLayouts = []string{
	"2006-01-02", "2006-1-2",
	"2/1/2006", "2-1-2006", "2.1.2006",
	"2 January 2006", "2 Jan 2006", "Monday 2 January 2006", "Mon 2 Jan 2006",
}

// ParseDate reads a date as a date picker sends it (2026-10-05) or as a
// person types one where the browser has no picker (5/10/2026, 5 October
// 2026, 5 Oct 2026), at midnight UTC like DateOf. Years outside 2000–2100
// are refused: they are typing slips, not plans.
func ParseDate(s string) (time.Time, bool) {
	s = strings.Join(strings.Fields(strings.ReplaceAll(s, ",", " ")), " ")
	for _, layout := range dayLayouts {
		d, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		if d.Year() < 2000 || d.Year() > 2100 {
			return time.Time{}, false
		}
		return d, true
	}
	return time.Time{}, false
}

var yearLabel = regexp.MustCompile(`^(\d{4})(?:[/-](\d{2}))?$`)

// ParseLabel reads an academic year as a file from student records gives
// it ("2024/25", "2024-25" or "2024") and returns the year it starts in.
// Years outside 2000–2100 are refused, as ParseDate's are.
func ParseLabel(s string) (int, bool) {
	m := yearLabel.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, false
	}
	y, _ := strconv.Atoi(m[1])
	if m[2] != "" {
		if next, _ := strconv.Atoi(m[2]); next != (y+1)%100 {
			return 0, false
		}
	}
	return y, y >= 2000 && y <= 2100
}
