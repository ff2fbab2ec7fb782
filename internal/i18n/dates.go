package i18n

import (
	"context"
	"strconv"
	"time"
)

var welshMonths = [...]string{"Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr"}

var welshShortMonths = [...]string{"Ion", "Chwef", "Maw", "Ebr", "Mai", "Meh", "Gorff", "Awst", "Medi", "Hyd", "Tach", "Rhag"}

var welshDays = [...]string{"Sul", "Llun", "Mawrth", "Mercher", "Iau", "Gwener", "Sadwrn"}

// LongDate is a day written out in the reader's language: "Monday 5
// October 2026", or "dydd Llun 5 Hydref 2026".
func LongDate(ctx context.Context, t time.Time) string {
	if Lang(ctx) == Welsh {
		return "dydd " + DayDate(ctx, t)
	}
	return DayDate(ctx, t)
}

// DayDate is LongDate without Welsh's "dydd", for sentences that mutate
// it ("ddydd Llun", "ar ddiwedd dydd Llun"): "Monday 5 October 2026", or
// "Llun 5 Hydref 2026".
func DayDate(ctx context.Context, t time.Time) string {
	if Lang(ctx) == Welsh {
		return welshDays[t.Weekday()] + " " + itoa(t.Day()) + " " + welshMonths[t.Month()-1] + " " + itoa(t.Year())
	}
	return t.Format("Monday 2 January 2006")
}

// ShortDate is a day in short: "5 Oct 2026", or "5 Hyd 2026".
func ShortDate(ctx context.Context, t time.Time) string {
	if Lang(ctx) == Welsh {
		return itoa(t.Day()) + " " + welshShortMonths[t.Month()-1] + " " + itoa(t.Year())
	}
	return t.Format("2 Jan 2006")
}

// Month is a month's name: "October", or "Hydref".
func Month(ctx context.Context, m time.Month) string {
	if Lang(ctx) == Welsh {
		return welshMonths[m-1]
	}
	return m.String()
}

// Clock is a time of day on the 24-hour clock both languages use here.
func Clock(t time.Time) string { return t.Format("15:04") }

func itoa(n int) string { return strconv.Itoa(n) }
