package notify

import (
	"context"
	"testing"
	"time"

	"belonging/internal/acyear"
	"belonging/internal/i18n"
)

// The closing reminder says when a survey stops taking answers: the end
// of the day for one closing at midnight (given by dates alone), else the
// time, in UK time whatever zone the moment arrives in; in Welsh, as it
// reads after "tan".
func TestUntil(t *testing.T) {
	en, cy := context.Background(), i18n.WithLang(context.Background(), i18n.Welsh)
	for _, tt := range []struct {
		ctx    context.Context
		closes time.Time
		want   string
	}{
		{en, time.Date(2026, 10, 6, 0, 0, 0, 0, acyear.London), "the end of Monday 5 October"},
		{en, time.Date(2026, 10, 5, 17, 0, 0, 0, acyear.London), "17:00 on Monday 5 October"},
		{en, time.Date(2026, 10, 5, 16, 0, 0, 0, time.UTC), "17:00 on Monday 5 October"},
		{en, time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC), "the end of Sunday 6 December"},
		{cy, time.Date(2026, 10, 6, 0, 0, 0, 0, acyear.London), "ddiwedd dydd Llun 5 Hydref"},
		{cy, time.Date(2026, 10, 5, 17, 0, 0, 0, acyear.London), "17:00 ddydd Llun 5 Hydref"},
	} {
		if got := until(tt.ctx, tt.closes); got != tt.want {
			t.Errorf("until(%s, %s) = %q, want %q", i18n.Lang(tt.ctx), tt.closes.Format(time.RFC3339), got, tt.want)
		}
	}
}
