package notify

import (
	"testing"
	"time"

	"belonging/internal/acyear"
)

// The closing reminder says when a survey stops taking answers: the end
// of the day for one closing at midnight (given by dates alone), else the
// time, in UK time whatever zone the moment arrives in.
func TestUntil(t *testing.T) {
	for _, tt := range []struct {
		closes time.Time
		want   string
	}{
		{time.Date(2026, 10, 6, 0, 0, 0, 0, acyear.London), "the end of Monday 5 October"},
		{time.Date(2026, 10, 5, 17, 0, 0, 0, acyear.London), "17:00 on Monday 5 October"},
		{time.Date(2026, 10, 5, 16, 0, 0, 0, time.UTC), "17:00 on Monday 5 October"},
		{time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC), "the end of Sunday 6 December"},
	} {
		if got := until(tt.closes); got != tt.want {
			t.Errorf("until(%s) = %q, want %q", tt.closes.Format(time.RFC3339), got, tt.want)
		}
	}
}
