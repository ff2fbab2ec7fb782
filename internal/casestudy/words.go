package casestudy

import (
	"context"
	"time"

	"belonging/internal/i18n"
)

// publishedFlash tells the author the draft is now published for v's
// readers.
func publishedFlash(ctx context.Context, v string) string {
	switch v {
	case "network":
		return i18n.T(ctx, "casestudy.flash.published.network")
	case "public":
		return i18n.T(ctx, "casestudy.flash.published.public")
	}
	return i18n.T(ctx, "casestudy.flash.published.institution")
}

// sentFlash tells the author a request to share with v's readers waits
// for approval.
func sentFlash(ctx context.Context, v string) string {
	switch v {
	case "network":
		return i18n.T(ctx, "casestudy.flash.sent.network")
	case "public":
		return i18n.T(ctx, "casestudy.flash.sent.public")
	}
	return i18n.T(ctx, "casestudy.flash.sent.institution")
}

// approvedFlash tells the reviewer the case study is now shared with v's
// readers.
func approvedFlash(ctx context.Context, v string) string {
	switch v {
	case "network":
		return i18n.T(ctx, "casestudy.flash.approved.network")
	case "public":
		return i18n.T(ctx, "casestudy.flash.approved.public")
	}
	return i18n.T(ctx, "casestudy.flash.approved.institution")
}

// asOf says how old results read from a replica may be.
func asOf(ctx context.Context, lag time.Duration) string {
	s := int(lag.Round(time.Second) / time.Second)
	if s < 1 {
		return i18n.T(ctx, "library.as_of.moment")
	}
	return i18n.N(ctx, "library.as_of", s)
}
