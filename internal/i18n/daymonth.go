package i18n

import (
	"context"
	"time"
)

// DayMonth is a day of a year the page already names, in short: "5 Oct",
// or "5 Hyd".
func DayMonth(ctx context.Context, t time.Time) string {
	if Lang(ctx) == Welsh {
		return itoa(t.Day()) + " " + welshShortMonths[t.Month()-1]
	}
	return t.Format("2 Jan")
}

// FullDate is a day without its weekday: "5 October 2026", or "5 Hydref
// 2026".
func FullDate(ctx context.Context, t time.Time) string {
	if Lang(ctx) == Welsh {
		return itoa(t.Day()) + " " + welshMonths[t.Month()-1] + " " + itoa(t.Year())
	}
	return t.Format("2 January 2006")
}
