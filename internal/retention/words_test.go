package retention_test

import (
	"context"
	"testing"
	"time"

	"belonging/internal/i18n"
	"belonging/internal/retention"
)

// A retention period reads in the reader's language, with the plural
// form the number takes (Welsh has six).
func TestWordsIn(t *testing.T) {
	en, cy := context.Background(), i18n.WithLang(context.Background(), i18n.Welsh)
	day := 24 * time.Hour
	for _, tc := range []struct {
		ctx  context.Context
		d    time.Duration
		want string
	}{
		{en, 1095 * day, "3 years"},
		{en, 365 * day, "1 year"},
		{en, 90 * day, "90 days"},
		{en, day, "1 day"},
		{cy, 1095 * day, "3 blynedd"},
		{cy, 365 * day, "1 flwyddyn"},
		{cy, 730 * day, "2 flynedd"},
		{cy, 2190 * day, "6 blynedd"},
		{cy, 3650 * day, "10 o flynyddoedd"},
		{cy, 90 * day, "90 diwrnod"},
		{cy, 2 * day, "2 ddiwrnod"},
	} {
		if got := retention.WordsIn(tc.ctx, tc.d); got != tc.want {
			t.Errorf("WordsIn(%s, %v) = %q, want %q", i18n.Lang(tc.ctx), tc.d, got, tc.want)
		}
	}
	for _, tc := range []struct {
		ctx  context.Context
		n    int32
		want string
	}{
		{en, 1, "1 year"}, {en, 7, "7 years"}, {cy, 1, "1 flwyddyn"}, {cy, 2, "2 flynedd"}, {cy, 3, "3 blynedd"}, {cy, 7, "7 o flynyddoedd"},
	} {
		if got := retention.YearsWordsIn(tc.ctx, tc.n); got != tc.want {
			t.Errorf("YearsWordsIn(%s, %d) = %q, want %q", i18n.Lang(tc.ctx), tc.n, got, tc.want)
		}
	}
}
