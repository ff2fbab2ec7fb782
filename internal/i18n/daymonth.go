package i18n

import (
	"context"
	"time"
)

// Dates within the year being read, where the year goes without saying:
// a dashboard's coming sessions, what waits, a log's latest lines.

// Weekday is a day's name: "Monday", or "dydd Llun".
func Weekday(ctx context.Context, t time.Time) string {
	if Lang(ctx) == Welsh {
		return "dydd " + welshDays[t.Weekday()]
	}
	return t.Format("Monday")
}

// WeekdayMonth is a day without its year: "Monday 5 October", or "dydd
// Llun 5 Hydref".
func WeekdayMonth(ctx context.Context, t time.Time) string {
	return Weekday(ctx, t) + " " + DayMonth(ctx, t)
}

// DayMonth is a date without its year: "5 October", or "5 Hydref".
func DayMonth(ctx context.Context, t time.Time) string {
	return itoa(t.Day()) + " " + Month(ctx, t.Month())
}

// ShortMonth is a month's name in short: "Oct", or "Hyd".
func ShortMonth(ctx context.Context, m time.Month) string {
	if Lang(ctx) == Welsh {
		return welshShortMonths[m-1]
	}
	return m.String()[:3]
}

// ShortDayMonth is a day of a year the page already names, in short: "5
// Oct", or "5 Hyd".
func ShortDayMonth(ctx context.Context, t time.Time) string {
	return itoa(t.Day()) + " " + ShortMonth(ctx, t.Month())
}

// FullDate is a day without its weekday: "5 October 2026", or "5 Hydref
// 2026".
func FullDate(ctx context.Context, t time.Time) string {
	return DayMonth(ctx, t) + " " + itoa(t.Year())
}
