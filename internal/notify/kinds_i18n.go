package notify

import (
	"context"

	"belonging/internal/i18n"
)

// LabelIn is the kind's Label in the reader's language.
func (k Kind) LabelIn(ctx context.Context) string {
	switch k.Code {
	case ReviewWaiting:
		return i18n.T(ctx, "email.kind.review_waiting.label")
	case ReviewDecided:
		return i18n.T(ctx, "email.kind.review_decided.label")
	case OutcomeDue:
		return i18n.T(ctx, "email.kind.outcome_due.label")
	case SurveyClosing:
		return i18n.T(ctx, "email.kind.survey_closing.label")
	case SurveyResults:
		return i18n.T(ctx, "email.kind.survey_results.label")
	case InvitationAccepted:
		return i18n.T(ctx, "email.kind.invitation_accepted.label")
	case JobFailed:
		return i18n.T(ctx, "email.kind.job_failed.label")
	}
	return k.Label
}

// HintIn is the kind's Hint in the reader's language ("" without one).
func (k Kind) HintIn(ctx context.Context) string {
	switch k.Code {
	case ReviewWaiting:
		return i18n.T(ctx, "email.kind.review_waiting.hint")
	case ReviewDecided:
		return i18n.T(ctx, "email.kind.review_decided.hint")
	case OutcomeDue:
		return i18n.T(ctx, "email.kind.outcome_due.hint")
	case JobFailed:
		return i18n.T(ctx, "email.kind.job_failed.hint")
	}
	return k.Hint
}

// HeadingIn is the kind's Heading in the reader's language.
func (k Kind) HeadingIn(ctx context.Context) string {
	switch k.Code {
	case ReviewWaiting:
		return i18n.T(ctx, "email.kind.review_waiting.heading")
	case ReviewDecided:
		return i18n.T(ctx, "email.kind.review_decided.heading")
	case OutcomeDue:
		return i18n.T(ctx, "email.kind.outcome_due.heading")
	case SurveyClosing:
		return i18n.T(ctx, "email.kind.survey_closing.heading")
	case SurveyResults:
		return i18n.T(ctx, "email.kind.survey_results.heading")
	case InvitationAccepted:
		return i18n.T(ctx, "email.kind.invitation_accepted.heading")
	case JobFailed:
		return i18n.T(ctx, "email.kind.job_failed.heading")
	}
	return k.Heading
}

// DeliveryLabelIn says a delivery in the reader's language.
func DeliveryLabelIn(ctx context.Context, d string) string {
	switch d {
	case Immediate:
		return i18n.T(ctx, "email.delivery.immediate")
	case InDigest:
		return i18n.T(ctx, "email.delivery.digest")
	}
	return i18n.T(ctx, "email.delivery.off")
}
