package survey

import (
	"context"
	"time"

	"belonging/internal/i18n"
)

// The staff pages' words in the reader's language, beside the English
// helpers (helpers.go) that pages not yet through the catalogues use.

// phaseLabelIn names a survey's place in a pair.
func phaseLabelIn(ctx context.Context, phase string) string {
	switch phase {
	case "pre":
		return i18n.T(ctx, "surveyadmin.phase.pre")
	case "post":
		return i18n.T(ctx, "surveyadmin.phase.post")
	}
	return i18n.T(ctx, "surveyadmin.phase.single")
}

// stateLabelIn names a survey's state.
func stateLabelIn(ctx context.Context, state string) string {
	switch state {
	case "upcoming":
		return i18n.T(ctx, "surveyadmin.state.upcoming")
	case "open":
		return i18n.T(ctx, "surveyadmin.state.open")
	}
	return i18n.T(ctx, "surveyadmin.state.closed")
}

// shortOpensIn and shortClosesIn are shortOpens and shortCloses in the
// reader's language.
func shortOpensIn(ctx context.Context, t time.Time) string {
	if AtMidnight(t) {
		return i18n.ShortDate(ctx, t)
	}
	return i18n.ShortDate(ctx, t) + ", " + i18n.Clock(t)
}

func shortClosesIn(ctx context.Context, t time.Time) string {
	if AtMidnight(t) {
		return i18n.T(ctx, "surveyadmin.when.end_of_day", "Day", i18n.ShortDate(ctx, lastMoment(t)))
	}
	return i18n.ShortDate(ctx, t) + ", " + i18n.Clock(t)
}

// partnerText names the other survey of a pair: the one before or after
// the activity.
func partnerText(ctx context.Context, phase string) string {
	if phase == "pre" {
		return i18n.T(ctx, "surveyadmin.show.partner_pre")
	}
	return i18n.T(ctx, "surveyadmin.show.partner_post")
}

// deleteTextIn says a survey nobody answered can be deleted, with its
// partner if it has one.
func deleteTextIn(ctx context.Context, v SurveyPage) string {
	switch {
	case v.PartnerID != 0 && v.PartnerPhase == "pre":
		return i18n.T(ctx, "surveyadmin.show.delete_with_pre")
	case v.PartnerID != 0:
		return i18n.T(ctx, "surveyadmin.show.delete_with_post")
	}
	return i18n.T(ctx, "surveyadmin.show.delete")
}

// SpanIn is Span in the reader's language.
func SpanIn(ctx context.Context, opens, closes time.Time) string {
	if !AtMidnight(closes) && opens.Format("2006-01-02") == closes.Format("2006-01-02") {
		return i18n.ShortDate(ctx, opens) + ", " + i18n.Clock(opens) + "–" + i18n.Clock(closes)
	}
	end := i18n.ShortDate(ctx, closes)
	if AtMidnight(closes) {
		end = i18n.ShortDate(ctx, lastMoment(closes))
	} else {
		end += ", " + i18n.Clock(closes)
	}
	return shortOpensIn(ctx, opens) + " – " + end
}

// groupLabelIDs name the four groups of a comparison, in the order of
// ComparisonGroup.Groups.
var groupLabelIDs = [4]string{"surveyadmin.did.group.took_part_before", "surveyadmin.did.group.took_part_after",
	"surveyadmin.did.group.comparison_before", "surveyadmin.did.group.comparison_after"}
