// Package notify tells staff what waits for them, by email: each kind of
// notification on or off per person, at once or in a Monday digest.
// Writes note their notifications in their own transaction (Notifier's
// event methods) and enqueue the emails due at once there too; periodic
// jobs notice what time brings (an outcome due, a survey closing, a job
// that failed). Recipients are always accounts, found from their roles:
// students have none, so no email can reach a student.
package notify

import (
	"slices"

	"belonging/internal/reqctx"
)

// The kinds of notification, as stored.
const (
	ReviewWaiting      = "review_waiting"
	ReviewDecided      = "review_decided"
	OutcomeDue         = "outcome_due"
	SurveyClosing      = "survey_closing"
	SurveyResults      = "survey_results"
	InvitationAccepted = "invitation_accepted"
	JobFailed          = "job_failed"
	// Digest names the Monday digest in an unsubscribe link: it turns off
	// every kind the person gets in the digest.
	Digest = "digest"
)

// How a person hears of a kind. A kind with no setting is Immediate.
const (
	Immediate = "immediate"
	InDigest  = "digest"
	Off       = "off"
)

// Deliveries are the choices offered for each kind, in order.
var Deliveries = []string{Immediate, InDigest, Off}

// Kind describes one kind of notification for people.
type Kind struct {
	Code string
	// Label says what the email is about, as a setting.
	Label string
	Hint  string
	// Heading heads the kind's part of the digest.
	Heading string
	// For reports whether u could receive it, so the settings offer only
	// what applies to the person.
	For func(u *reqctx.User) bool
}

// Kinds are the kinds of notification, in the order settings show them.
var Kinds = []Kind{
	{Code: ReviewWaiting, Label: "A case study waits for your review", Heading: "Case studies to review",
		Hint: "When an author asks to share a case study beyond your institution.", For: reviewer},
	{Code: ReviewDecided, Label: "Your case study was approved or sent back", Heading: "Decisions on your case studies",
		Hint: "With the reviewer's comment.", For: staff},
	{Code: OutcomeDue, Label: "An outcome is due", Heading: "Outcomes to record",
		Hint: "Two days after a session of an activity you lead, or on a module you lead, if no outcome is recorded.", For: staff},
	{Code: SurveyClosing, Label: "A survey you run closes tomorrow", Heading: "Surveys closing", For: staff},
	{Code: SurveyResults, Label: "A survey you run has closed and its results are ready", Heading: "Survey results ready", For: staff},
	{Code: InvitationAccepted, Label: "An invitation you sent was accepted", Heading: "Invitations accepted", For: admin},
	{Code: JobFailed, Label: "A background job failed", Heading: "Failed jobs",
		Hint: "An email that could not be sent, or upkeep that stopped, after its retries.", For: admin},
}

// KindOf returns the kind with code.
func KindOf(code string) (Kind, bool) {
	i := slices.IndexFunc(Kinds, func(k Kind) bool { return k.Code == code })
	if i < 0 {
		return Kind{}, false
	}
	return Kinds[i], true
}

// DeliveryLabel says a delivery in words.
func DeliveryLabel(d string) string {
	switch d {
	case Immediate:
		return "Email me at once"
	case InDigest:
		return "In Monday's digest"
	}
	return "Off"
}

func staff(u *reqctx.User) bool { return u.InstitutionID != 0 }

func admin(u *reqctx.User) bool { return staff(u) && u.IsAdmin() }

func reviewer(u *reqctx.User) bool {
	return staff(u) && slices.ContainsFunc(u.Memberships, func(m reqctx.Membership) bool {
		return m.Role == reqctx.RoleAdmin || m.Role == reqctx.RoleDirector
	})
}
