package sso

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"belonging/internal/httpx/form"
	"belonging/internal/i18n"

	"github.com/jackc/pgx/v5"

	"belonging/internal/store"
)

// provider is an identity provider with what its sign-ins need to know
// about its institution. A network provider has no institution.
type provider struct {
	store.IdentityProvider
	InstitutionSlug string
	InstitutionName string
	Domains         []string
}

// network reports whether the provider signs in coordinators, who belong to
// no institution.
func (p provider) network() bool { return p.InstitutionID == nil }

// displayName is the institution's name, or the network's in the
// reader's language.
func (p provider) displayName(ctx context.Context) string {
	if p.network() {
		return i18n.T(ctx, "sso.network")
	}
	return p.InstitutionName
}

func (h *Handler) loadProvider(ctx context.Context, id int64) (provider, error) {
	row, err := h.Queries.GetProvider(ctx, id)
	if errors.Is(err, pgx.ErrNoRows) {
		return provider{}, errNoProvider
	}
	if err != nil {
		return provider{}, err
	}
	return h.describe(ctx, row)
}

// describe adds the provider's institution to it.
func (h *Handler) describe(ctx context.Context, row store.IdentityProvider) (provider, error) {
	p := provider{IdentityProvider: row}
	if row.InstitutionID == nil {
		return p, nil
	}
	inst, err := h.Queries.GetInstitution(ctx, *row.InstitutionID)
	if err != nil {
		return p, err
	}
	p.InstitutionSlug, p.InstitutionName = inst.Slug, inst.Name
	p.Domains, err = h.Queries.ListInstitutionDomains(ctx, inst.ID)
	return p, err
}

// EntraIssuer is the issuer of a Microsoft Entra ID tenant. Only the
// tenant's own issuer verifies: the "common" and "organizations" endpoints
// publish a templated issuer that no token carries.
func EntraIssuer(tenant string) string {
	return "https://login.microsoftonline.com/" + strings.ToLower(tenant) + "/v2.0"
}

// GoogleIssuer is Google's OpenID Connect issuer.
const GoogleIssuer = "https://accounts.google.com"

var tenantID = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// TenantProblem says what is wrong with an Entra tenant id, or "".
func TenantProblem(ctx context.Context, tenant string) string {
	switch strings.ToLower(tenant) {
	case "":
		return i18n.T(ctx, "sso.provider.error.tenant")
	case "common", "organizations", "consumers":
		return i18n.T(ctx, "sso.provider.error.tenant_shared", "Tenant", tenant)
	}
	if !tenantID.MatchString(tenant) {
		return i18n.T(ctx, "sso.provider.error.tenant_form")
	}
	return ""
}

// hostedDomainAllowed reports whether a Google account's hosted domain (the
// hd claim) is one of the institution's. Personal Google accounts have no
// hd and are refused.
func hostedDomainAllowed(hd string, domains []string) bool {
	return hd != "" && slices.Contains(domains, strings.ToLower(hd))
}

// emailTrusted decides whether an address a provider asserts may be used
// to find an account: when the provider says it verified it, or says
// nothing and the address is at one of the institution's own domains
// (Entra ID and SAML IdPs assert their directory's addresses without an
// email_verified claim). A provider that says it did not verify the
// address is never believed.
func emailTrusted(email string, verified *bool, domains []string) (trusted bool, why reason) {
	switch {
	case email == "":
		return false, reasonMissingAttributes
	case verified != nil && !*verified:
		return false, reasonEmailUnverified
	case verified != nil && *verified:
		return true, 0
	case slices.Contains(domains, form.EmailDomain(email)):
		return true, 0
	}
	return false, reasonEmailUntrusted
}

// scopeAllowed reports whether a scoped value ("staff@northbridge.ac.uk")
// is in one of the scopes.
func scopeAllowed(value string, scopes []string) bool {
	at := strings.LastIndexByte(value, '@')
	return at > 0 && slices.Contains(scopes, strings.ToLower(value[at+1:]))
}

func describeProtocol(p store.IdentityProvider) string {
	if p.Protocol == "saml" {
		return "SAML 2.0"
	}
	switch p.OidcFlavour {
	case "entra":
		return "Microsoft Entra ID"
	case "google":
		return "Google Workspace"
	}
	return fmt.Sprintf("OpenID Connect (%s)", p.OidcIssuer)
}
