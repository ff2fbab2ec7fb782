package survey

import (
	"context"
	"time"

	"belonging/internal/i18n"
)

// OpensOn says when a survey opening at t (UK time) opens, in the
// reader's language: "on Monday 5 October 2026 at 09:00", "ddydd Llun 5
// Hydref 2026 am 09:00".
func OpensOn(ctx context.Context, t time.Time) string {
	if AtMidnight(t) {
		return i18n.T(ctx, "when.on", "Day", i18n.DayDate(ctx, t))
	}
	return i18n.T(ctx, "when.on_at", "Day", i18n.DayDate(ctx, t), "Time", i18n.Clock(t))
}

// ClosesOn says when a survey closing at t closes, in the reader's
// language: "at the end of Sunday 18 October 2026", "ar ddiwedd dydd Sul
// 18 Hydref 2026".
func ClosesOn(ctx context.Context, t time.Time) string {
	if AtMidnight(t) {
		return i18n.T(ctx, "when.end_of", "Day", i18n.DayDate(ctx, lastMoment(t)))
	}
	return i18n.T(ctx, "when.at_on", "Day", i18n.DayDate(ctx, t), "Time", i18n.Clock(t))
}

// openUntil is when a survey closing at t stops taking answers, after
// "until" ("tan" in Welsh, which mutates what follows).
func openUntil(ctx context.Context, t time.Time) string {
	if AtMidnight(t) {
		return i18n.T(ctx, "when.until_end", "Day", i18n.DayDate(ctx, lastMoment(t)))
	}
	return i18n.T(ctx, "when.until_at", "Day", i18n.DayDate(ctx, t), "Time", i18n.Clock(t))
}

// scaleLabel is point i (1 to 5) of the agreement scale.
func scaleLabel(ctx context.Context, i int) string {
	switch i {
	case 1:
		return i18n.T(ctx, "survey.scale.1")
	case 2:
		return i18n.T(ctx, "survey.scale.2")
	case 3:
		return i18n.T(ctx, "survey.scale.3")
	case 4:
		return i18n.T(ctx, "survey.scale.4")
	}
	return i18n.T(ctx, "survey.scale.5")
}

// optionalParts names the optional answers a survey keeps, for the
// anonymity note.
func optionalParts(ctx context.Context, v Respond) string {
	switch {
	case v.AskYear && v.FreeTextPrompt != "":
		return i18n.T(ctx, "survey.anon.parts_both")
	case v.AskYear:
		return i18n.T(ctx, "survey.anon.parts_year")
	case v.FreeTextPrompt != "":
		return i18n.T(ctx, "survey.anon.parts_comment")
	}
	return ""
}

// whenLabels are the labels of a survey's opening date and time and
// closing date and time; with post, those of the survey after in a pair.
func whenLabels(ctx context.Context, post bool) [4]string {
	if post {
		return [4]string{i18n.T(ctx, "surveyadmin.form.when.post_opens"), i18n.T(ctx, "surveyadmin.form.when.post_opens_time"),
			i18n.T(ctx, "surveyadmin.form.when.post_closes"), i18n.T(ctx, "surveyadmin.form.when.post_closes_time")}
	}
	return [4]string{i18n.T(ctx, "surveyadmin.form.when.opens"), i18n.T(ctx, "surveyadmin.form.when.opens_time"),
		i18n.T(ctx, "surveyadmin.form.when.closes"), i18n.T(ctx, "surveyadmin.form.when.closes_time")}
}
