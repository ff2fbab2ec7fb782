package sso

import (
	"fmt"
	"net/http"

	"belonging/internal/httpx"
	"belonging/internal/i18n"
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
	title, message string // message ids
}

// wordings are the pages of refused sign-ins: the message ids of each
// page's title and text, whose {{.Institution}} is the institution's name
// (or "your university" when it is not known).
var wordings = map[reason]wording{
	reasonStale:             {http.StatusBadRequest, "sso.refused.stale.title", "sso.refused.stale.body"},
	reasonCancelled:         {http.StatusForbidden, "sso.refused.cancelled.title", "sso.refused.cancelled.body"},
	reasonUnreachable:       {http.StatusBadGateway, "sso.refused.unreachable.title", "sso.refused.unreachable.body"},
	reasonWrongIssuer:       {http.StatusForbidden, "sso.refused.wrong_issuer.title", "sso.refused.wrong_issuer.body"},
	reasonWrongAudience:     {http.StatusForbidden, "sso.refused.wrong_audience.title", "sso.refused.wrong_audience.body"},
	reasonExpired:           {http.StatusForbidden, "sso.refused.expired.title", "sso.refused.expired.body"},
	reasonBadSignature:      {http.StatusForbidden, "sso.refused.bad_signature.title", "sso.refused.bad_signature.body"},
	reasonUnsigned:          {http.StatusForbidden, "sso.refused.unsigned.title", "sso.refused.unsigned.body"},
	reasonNonce:             {http.StatusForbidden, "sso.refused.nonce.title", "sso.refused.nonce.body"},
	reasonReplayed:          {http.StatusForbidden, "sso.refused.replayed.title", "sso.refused.replayed.body"},
	reasonWrongRecipient:    {http.StatusForbidden, "sso.refused.wrong_recipient.title", "sso.refused.wrong_recipient.body"},
	reasonEmailUnverified:   {http.StatusForbidden, "sso.refused.email_unverified.title", "sso.refused.email_unverified.body"},
	reasonEmailUntrusted:    {http.StatusForbidden, "sso.refused.email_untrusted.title", "sso.refused.email_untrusted.body"},
	reasonHostedDomain:      {http.StatusForbidden, "sso.refused.hosted_domain.title", "sso.refused.hosted_domain.body"},
	reasonMissingAttributes: {http.StatusForbidden, "sso.refused.missing_attributes.title", "sso.refused.missing_attributes.body"},
	reasonScope:             {http.StatusForbidden, "sso.refused.scope.title", "sso.refused.scope.body"},
	reasonNoAccount:         {http.StatusForbidden, "sso.refused.no_account.title", "sso.refused.no_account.body"},
	reasonOtherInstitution:  {http.StatusForbidden, "sso.refused.other_institution.title", "sso.refused.other_institution.body"},
	reasonAlreadyLinked:     {http.StatusConflict, "sso.refused.already_linked.title", "sso.refused.already_linked.body"},
	reasonDisabled:          {http.StatusForbidden, "sso.refused.disabled.title", "sso.refused.disabled.body"},
	reasonNotStaff:          {http.StatusForbidden, "sso.refused.not_staff.title", "sso.refused.not_staff.body"},
	reasonUnsolicited:       {http.StatusBadRequest, "sso.refused.unsolicited.title", "sso.refused.unsolicited.body"},
	reasonIdPError:          {http.StatusForbidden, "sso.refused.id_p_error.title", "sso.refused.id_p_error.body"},
	reasonNotSetUp:          {http.StatusServiceUnavailable, "sso.refused.not_set_up.title", "sso.refused.not_set_up.body"},
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
	ctx, wd := r.Context(), wordings[ref.reason]
	name := ref.institution
	if name == "" {
		name = i18n.T(ctx, "sso.refused.your_university")
	}
	httpx.Logger(r.Context()).Warn("sign-in refused", "reason", wd.title, "err", ref.cause)
	retry := ref.retry
	if retry == "" {
		retry = paths.SignIn
	}
	httpx.Error(w, r, web.ErrorView{Status: wd.status, Title: i18n.T(ctx, wd.title), Message: i18n.T(ctx, wd.message, "Institution", name),
		ActionLabel: i18n.T(ctx, "sso.refused.action"), ActionURL: retry})
}
