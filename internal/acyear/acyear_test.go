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
