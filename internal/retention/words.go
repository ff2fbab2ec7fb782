package retention

import (
	"context"
	"time"

	"belonging/internal/i18n"
)

// WordsIn says a retention period in the reader's language: whole years
// when it is some ("3 years", "3 blynedd"), days otherwise ("90 days").
func WordsIn(ctx context.Context, d time.Duration) string {
	days := int(d.Hours() / 24)
	if days > 0 && days%365 == 0 {
		return i18n.N(ctx, "org.period.years", days/365)
	}
	return i18n.N(ctx, "org.period.days", days)
}

// YearsWordsIn says a number of years in the reader's language.
func YearsWordsIn(ctx context.Context, n int32) string {
	return i18n.N(ctx, "org.period.years", int(n))
}
