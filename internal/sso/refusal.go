package sso

import (
	"fmt"
	"net/http"

	"belonging/internal/httpx"
	"belonging/web"
	"belonging/web/paths"
)

// reason names why a sign-in through a provider was refused. Each has its
// own page, so the person (and the service desk they call) can tell one
// from another.
type reason int

const (
	reasonStale reason = iota + 1
	reasonCancelled
	reasonUnreachable
	reasonWrongIssuer
	reasonWrongAudience
	reasonExpired
	reasonBadSignature
	reasonUnsigned
	reasonNonce
	reasonReplayed
	reasonWrongRecipient
	reasonEmailUnverified
	reasonEmailUntrusted
	reasonHostedDomain
	reasonMissingAttributes
	reasonScope
	reasonNoAccount
	reasonOtherInstitution
	reasonAlreadyLinked
	reasonDisabled
	reasonNotStaff
	reasonUnsolicited
	reasonIdPError
	reasonNotSetUp
)

type wording struct {
	status         int
	title, message string
}

// wordings are the pages of refused sign-ins. "%s" is the institution's
// name (or "your university" when it is not known).
var wordings = map[reason]wording{
	reasonStale: {http.StatusBadRequest, "This sign-in has expired or was started elsewhere",
		"We could not match the answer from %s's sign-in service to a sign-in started in this browser in the last 10 minutes. You have not been signed in. Start again from the sign-in page."},
	reasonCancelled: {http.StatusForbidden, "Sign-in was cancelled",
		"%s's sign-in service did not sign you in, so you have not been signed in to Belonging. If you did not mean to cancel, try again."},
	reasonUnreachable: {http.StatusBadGateway, "Your university's sign-in service did not answer",
		"We could not reach %s's sign-in service, or it gave an answer we could not read. You have not been signed in. Try again in a few minutes; if it keeps happening, tell your IT service desk."},
	reasonWrongIssuer: {http.StatusForbidden, "This sign-in came from the wrong place",
		"The answer did not come from the identity provider %s set up for Belonging, so it was refused and you have not been signed in. If this keeps happening, tell your IT service desk."},
	reasonWrongAudience: {http.StatusForbidden, "This sign-in was meant for another service",
		"%s's sign-in service issued this answer for a different application, not for Belonging, so it was refused and you have not been signed in. Start again from the sign-in page."},
	reasonExpired: {http.StatusForbidden, "This sign-in has expired",
		"The answer from %s's sign-in service is no longer valid: it is too old, or the two services' clocks disagree. You have not been signed in. Start again from the sign-in page."},
	reasonBadSignature: {http.StatusForbidden, "This sign-in could not be verified",
		"The answer from %s's sign-in service does not carry a valid signature from it: it may have been altered on the way. It was refused and you have not been signed in. Start again from the sign-in page."},
	reasonUnsigned: {http.StatusForbidden, "This sign-in was not signed",
		"The answer that arrived claims to come from %s's sign-in service but is not signed by it, so it was refused and you have not been signed in. Start again from the sign-in page."},
	reasonNonce: {http.StatusForbidden, "This sign-in does not belong to this browser",
		"The answer from %s's sign-in service was issued for a different sign-in than the one this browser started, so it was refused and you have not been signed in. Start again from the sign-in page."},
	reasonReplayed: {http.StatusForbidden, "This sign-in has already been used",
		"Each answer from %s's sign-in service works once, and this one has been used before. You have not been signed in again. Start again from the sign-in page."},
	reasonWrongRecipient: {http.StatusForbidden, "This sign-in was sent to the wrong address",
		"The answer from %s's sign-in service was addressed to somewhere other than Belonging, so it was refused and you have not been signed in."},
	reasonEmailUnverified: {http.StatusForbidden, "Your email address has not been verified",
		"%s's sign-in service says your email address is not verified, so we cannot use it to find your account. You have not been signed in. Ask your IT service desk to verify your address, then try again."},
	reasonEmailUntrusted: {http.StatusForbidden, "We could not confirm your email address",
		"%s's sign-in service did not confirm your email address, and it is not at one of the institution's domains, so we cannot use it to find your account. You have not been signed in. Ask your institution's Belonging administrator for help."},
	reasonHostedDomain: {http.StatusForbidden, "Use your university Google account",
		"The Google account you chose is not one of %s's, so you have not been signed in. Sign out of Google or choose another account, then try again."},
	reasonMissingAttributes: {http.StatusForbidden, "Your university did not share enough about you",
		"%s's sign-in service did not send the details Belonging needs (an identifier and your email address), so you have not been signed in. Tell your IT service desk: the attributes to release are listed in Belonging's set-up guide."},
	reasonScope: {http.StatusForbidden, "This account is not from your university",
		"The identifier %s's sign-in service sent is not in one of the institution's own domains, so it was refused and you have not been signed in."},
	reasonNoAccount: {http.StatusForbidden, "You do not have a Belonging account yet",
		"You signed in to %s, but nobody has invited you to Belonging. Ask your programme's admin to invite you; once they have, sign in here again and your account will be ready."},
	reasonOtherInstitution: {http.StatusForbidden, "Your account belongs to another institution",
		"There is a Belonging account for your email address, but it is not one of %s's. You have not been signed in. Sign in the way that account's institution uses, or ask its administrator."},
	reasonAlreadyLinked: {http.StatusConflict, "Your account is linked to another sign-in",
		"Your Belonging account is already linked to a different account at %s's sign-in service. You have not been signed in. Sign in with that account, or ask your institution's Belonging administrator to help."},
	reasonDisabled: {http.StatusForbidden, "Your account has been disabled",
		"Your Belonging account at %s has been disabled, so you have not been signed in. Ask your institution's administrator if you need access again."},
	reasonNotStaff: {http.StatusForbidden, "Belonging is for staff",
		"%s's sign-in service says you are not a member of staff. Belonging is used by staff; students take part through anonymous surveys and never need an account."},
	reasonUnsolicited: {http.StatusBadRequest, "Start signing in from Belonging",
		"This answer from %s's sign-in service does not answer a sign-in started from Belonging, so it was not accepted. Start from Belonging's sign-in page."},
	reasonIdPError: {http.StatusForbidden, "Your university's sign-in service refused",
		"%s's sign-in service answered that it could not sign you in. You have not been signed in to Belonging. Try again, or ask your IT service desk."},
	reasonNotSetUp: {http.StatusServiceUnavailable, "Sign-in with this provider is not ready",
		"%s's sign-in for Belonging is not fully set up yet. Sign in another way, or ask your institution's Belonging administrator."},
}

// refusal is a sign-in that did not happen.
type refusal struct {
	reason      reason
	institution string // name shown in the message
	retry       string // where "Try again" leads
	cause       error  // logged, never shown
}

func (r *refusal) Error() string { return fmt.Sprintf("sign-in refused (%d): %v", r.reason, r.cause) }

func refuse(why reason, cause error) *refusal { return &refusal{reason: why, cause: cause} }

// render writes the refusal's page and logs why.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, ref *refusal) {
	wd := wordings[ref.reason]
	name := ref.institution
	if name == "" {
		name = "your university"
	}
	httpx.Logger(r.Context()).Warn("sign-in refused", "reason", wd.title, "err", ref.cause)
	retry := ref.retry
	if retry == "" {
		retry = paths.SignIn
	}
	httpx.Error(w, r, web.ErrorView{Status: wd.status, Title: wd.title, Message: fmt.Sprintf(wd.message, name),
		ActionLabel: "Go to the sign-in page", ActionURL: retry})
}
