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
