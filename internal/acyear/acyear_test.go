package acyear

import (
	"testing"
	"time"
)

func TestOfAndBounds(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	tests := []struct {
		date       string
		startMonth int
		want       int
	}{
		{"2026-07-31", 8, 2025},
		{"2026-08-01", 8, 2026},
		{"2027-01-15", 8, 2026},
		{"2026-08-31", 9, 2025},
		{"2026-09-01", 9, 2026},
		{"2026-03-01", 0, 2025}, // unset start month means August
	}
	for _, tt := range tests {
		if got := Of(day(tt.date), tt.startMonth); got != tt.want {
			t.Errorf("Of(%s, %d) = %d, want %d", tt.date, tt.startMonth, got, tt.want)
		}
	}
	from, to := Bounds(2026, 8)
	if from.Format("2006-01-02") != "2026-08-01" || to.Format("2006-01-02") != "2027-08-01" {
		t.Errorf("Bounds(2026, 8) = %s, %s", from, to)
	}
	if Label(2026) != "2026/27" || Label(2099) != "2099/00" {
		t.Errorf("Label = %s, %s", Label(2026), Label(2099))
	}
}

func TestDateOfIsTheUKDate(t *testing.T) {
	for _, c := range []struct{ instant, want string }{
		{"2026-07-14T23:30:00Z", "2026-07-15"}, // 00:30 on the 15th in British Summer Time
		{"2026-07-14T22:59:00Z", "2026-07-14"},
		{"2026-12-14T23:30:00Z", "2026-12-14"}, // GMT: the same date as UTC
		{"2027-03-28T00:30:00Z", "2027-03-28"}, // the night the clocks go forward
	} {
		instant, err := time.Parse(time.RFC3339, c.instant)
		if err != nil {
			t.Fatal(err)
		}
		got := DateOf(instant)
		if got.Format("2006-01-02") != c.want || got.Location() != time.UTC || got.Hour() != 0 {
			t.Errorf("DateOf(%s) = %v, want %s at midnight UTC", c.instant, got, c.want)
		}
	}
}

// Every day of several academic years, leap years among them and with
// either start month, moves to the same weekday inside the next year,
// within a week of 52 weeks on.
func TestNextYearDayKeepsTheWeekday(t *testing.T) {
	for _, startMonth := range []int{8, 9} {
		for y := 2023; y <= 2031; y++ {
			from, to := Bounds(y, startMonth)
			for d := from; d.Before(to); d = d.AddDate(0, 0, 1) {
				got := NextYearDay(d, y, startMonth)
				if got.Weekday() != d.Weekday() {
					t.Errorf("NextYearDay(%s, %d, %d) = %s, a %s; want a %s", d.Format("2006-01-02"), y, startMonth, got.Format("2006-01-02"), got.Weekday(), d.Weekday())
				}
				if !Contains(y+1, startMonth, got) {
					t.Errorf("NextYearDay(%s, %d, %d) = %s, outside %s", d.Format("2006-01-02"), y, startMonth, got.Format("2006-01-02"), Label(y+1))
				}
				if shift := got.Sub(d).Hours() / 24; shift < 364-7 || shift > 364+14 {
					t.Errorf("NextYearDay(%s, %d, %d) = %s, %v days on", d.Format("2006-01-02"), y, startMonth, got.Format("2006-01-02"), shift)
				}
			}
		}
	}
	for _, tt := range []struct{ from, want string }{
		{"2027-09-20", "2028-09-25"}, // Monday of week 7: 2 August 2027 and 7 August 2028 start the weeks
		{"2028-02-29", "2029-03-06"}, // a leap day, Tuesday of week 30
		{"2025-09-22", "2026-09-21"}, // 52 weeks on when the first Mondays are 52 weeks apart
	} {
		d, _ := time.Parse("2006-01-02", tt.from)
		if got := NextYearDay(d, Of(d, 8), 8).Format("2006-01-02"); got != tt.want {
			t.Errorf("NextYearDay(%s) = %s, want %s", tt.from, got, tt.want)
		}
	}
}

// A date reads as a picker sends it or as a person in the UK types it,
// day first; anything else, and years no plan has, are refused.
func TestParseDateReadsUKDates(t *testing.T) {
	want := time.Date(2026, time.October, 5, 0, 0, 0, 0, time.UTC)
	for _, in := range []string{"2026-10-05", "5/10/2026", "05/10/2026", "5-10-2026", "5.10.2026", "5 October 2026",
		"5 Oct 2026", " 5  october 2026 ", "Monday 5 October 2026", "Mon, 5 Oct 2026"} {
		if got, ok := ParseDate(in); !ok || !got.Equal(want) {
			t.Errorf("ParseDate(%q) = %v, %v, want %v, true", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "10/5", "2026-13-01", "31/2/2026", "5 Octember 2026", "5/10/26", "5/10/1926", "tomorrow"} {
		if got, ok := ParseDate(in); ok {
			t.Errorf("ParseDate(%q) = %v, true, want false", in, got)
		}
	}
}

func TestParseLabelReadsAcademicYears(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"2024/25", 2024, true}, {"2024-25", 2024, true}, {"2024", 2024, true}, {" 2099/00 ", 2099, true},
		{"2024/26", 0, false}, {"24/25", 0, false}, {"1999", 1999, false}, {"2024/25/26", 0, false}, {"", 0, false},
	} {
		got, ok := ParseLabel(tt.in)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("ParseLabel(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
