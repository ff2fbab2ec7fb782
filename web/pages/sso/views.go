// Package sso holds the pages of signing in through an institution's
// identity providers and of setting those providers up.
package sso

import (
	"time"

	"belonging/internal/httpx/form"
	"belonging/web/components"
)

// InstitutionList is the searchable list of institutions with a provider.
type InstitutionList struct {
	Q            string
	Next         string
	Institutions []InstitutionLink
}

// InstitutionLink is one institution in the list.
type InstitutionLink struct {
	Name string
	URL  string
}

// Chooser is an institution's page of ways to sign in.
type Chooser struct {
	Institution      string
	Email            string
	Providers        []ProviderLink
	PasswordsAllowed bool
	PasswordURL      string
}

// ProviderLink is a button starting a sign-in through one provider.
type ProviderLink struct {
	Name string
	Kind string
	URL  string
}

// Settings is the admin page of the institution's sign-in.
type Settings struct {
	Institution string
	Form        SettingsForm
	Providers   []ProviderRow
	// SAML: the SP's addresses, for IT; empty when SAML is not available.
	SAMLAvailable bool
	EntityID      string
	ACS           string
	SLO           string
	// SCIM provisioning.
	SCIMURL  string
	Tokens   []TokenRow
	NewToken string // shown once, just after it was made
	TokenForm
}

// SettingsForm is the sign-in settings form.
type SettingsForm struct {
	Domains       string
	Passwords     string // "allowed" or "off"
	BreakGlass    string // user id
	UnknownPeople string // "refuse" or "create"
	Admins        []components.Option
	// CanTurnOff is false until a provider has worked.
	CanTurnOff bool
	form.Errors
}

// TokenForm names a new SCIM token.
type TokenForm struct {
	Description string
	TokenErrors form.Errors
}

// ProviderRow is one provider in the admin list.
type ProviderRow struct {
	ID         int64
	Name       string
	Kind       string
	Enabled    bool
	VerifiedAt *time.Time
	EditURL    string
	TryURL     string
}

// TokenRow is one SCIM token.
type TokenRow struct {
	ID          int64
	Description string
	Created     time.Time
	LastUsed    *time.Time
	Revoked     *time.Time
	RevokeURL   string
}

// ProviderForm adds or changes a provider.
type ProviderForm struct {
	ID          int64 // 0 for a new provider
	Institution string
	Protocol    string // "oidc" or "saml"
	Action      string
	Name        string
	Enabled     bool

	// OpenID Connect.
	Flavour       string
	Tenant        string
	Issuer        string
	ClientID      string
	SecretRef     string
	HasSecret     bool // a secret is kept (sealed or referenced)
	CanSeal       bool // SSO_ENCRYPTION_KEY is set
	RedirectURI   string
	SecretSources string // what the operator set up, for the hint

	// SAML.
	MetadataURL     string
	MetadataXML     string
	EntityID        string
	SigningCert     string
	Subject         string
	EmailAttr       string
	NameAttr        string
	AffiliationAttr string
	MetadataFetched *time.Time
	IdPEntityID     string // as read from the metadata kept
	SAMLAvailable   bool
	SPEntityID      string
	SPACS           string
	SPMetadataURL   string
	DeleteURL       string
	TryURL          string
	VerifiedAt      *time.Time
	form.Errors
}
