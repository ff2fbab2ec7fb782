package sso

import (
	"bytes"
	"context"
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"

	"belonging/internal/httpx/form"
	"belonging/internal/i18n"
	"belonging/internal/store"
)

// ProviderInput is a provider's settings as an admin types them on the
// admin page or the operator gives them on the command line.
type ProviderInput struct {
	Protocol string // "oidc" or "saml"
	Name     string
	Enabled  bool

	Flavour      string // "entra", "google" or "generic"
	Tenant       string
	Issuer       string
	ClientID     string
	ClientSecret string // pasted; sealed before it is kept
	SecretRef    string // or env:/file: reference

	MetadataURL     string
	MetadataXML     string
	EntityID        string
	SigningCert     string
	Subject         string
	EmailAttr       string
	NameAttr        string
	AffiliationAttr string
}

// Setup is what checking a provider's settings needs.
type Setup struct {
	Secrets Secrets
	HTTP    *http.Client
	// AllowHTTP lets development use providers on plain http (the test
	// providers); production requires https.
	AllowHTTP bool
}

// Prepare checks in, field by field in the order the form shows them, and
// returns the values to keep: the issuer worked out from an Entra tenant,
// the secret sealed, the SAML metadata read (and its signature verified).
// existing is the provider being changed, or nil for a new one; its secret
// is kept when no new one is given.
func (s Setup) Prepare(ctx context.Context, in ProviderInput, existing *store.IdentityProvider, errs *form.Errors) store.CreateProviderParams {
	out := store.CreateProviderParams{Protocol: in.Protocol, Name: strings.TrimSpace(in.Name), Enabled: in.Enabled,
		SamlSubject: "eppn", SamlEmailAttr: AttrMail, SamlNameAttr: AttrDisplayName, SamlAffiliationAttr: AttrScopedAffil}
	errs.Check(out.Name != "", "name", i18n.T(ctx, "sso.provider.error.name"))
	errs.Check(len(out.Name) <= 100, "name", i18n.T(ctx, "sso.provider.error.name_long"))
	switch in.Protocol {
	case "oidc":
		s.prepareOIDC(ctx, in, existing, errs, &out)
	case "saml":
		s.prepareSAML(ctx, in, errs, &out)
	default:
		errs.Add("", i18n.T(ctx, "sso.provider.error.protocol"))
	}
	return out
}

func (s Setup) prepareOIDC(ctx context.Context, in ProviderInput, existing *store.IdentityProvider, errs *form.Errors, out *store.CreateProviderParams) {
	out.OidcFlavour = in.Flavour
	switch in.Flavour {
	case "entra":
		out.OidcTenant = strings.TrimSpace(in.Tenant)
		if problem := TenantProblem(ctx, out.OidcTenant); problem != "" {
			errs.Add("tenant", problem)
		} else {
			out.OidcTenant = strings.ToLower(out.OidcTenant)
			out.OidcIssuer = EntraIssuer(out.OidcTenant)
		}
	case "google":
		out.OidcIssuer = GoogleIssuer
	case "generic":
		out.OidcIssuer = strings.TrimSpace(in.Issuer)
		if problem := s.addressProblem(ctx, out.OidcIssuer); problem != "" {
			errs.Add("issuer", problem)
		} else {
			fetchCtx, cancel := withoutRequestDeadline(ctx, 20*time.Second)
			defer cancel()
			if _, err := oidc.NewProvider(oidc.ClientContext(fetchCtx, s.HTTP), out.OidcIssuer); err != nil {
				errs.Add("issuer", i18n.T(ctx, "sso.provider.error.issuer", "Error", err.Error()))
			}
		}
	default:
		errs.Add("flavour", i18n.T(ctx, "sso.provider.error.flavour"))
	}
	out.OidcClientID = strings.TrimSpace(in.ClientID)
	errs.Check(out.OidcClientID != "", "client_id", i18n.T(ctx, "sso.provider.error.client_id"))
	errs.Check(len(out.OidcClientID) <= 255, "client_id", i18n.T(ctx, "sso.provider.error.client_id_long"))
	ref := strings.TrimSpace(in.SecretRef)
	switch {
	case in.ClientSecret != "" && ref != "":
		errs.Add("secret_ref", i18n.T(ctx, "sso.provider.error.secret_both"))
	case in.ClientSecret != "":
		if len(in.ClientSecret) > 1024 {
			errs.Add("client_secret", i18n.T(ctx, "sso.provider.error.secret_long"))
			return
		}
		sealed, err := s.Secrets.Seal(in.ClientSecret)
		if err != nil {
			errs.Add("client_secret", i18n.T(ctx, "sso.provider.error.cannot_seal"))
			return
		}
		out.OidcSecretSealed = sealed
	case ref != "":
		if problem := s.Secrets.RefProblem(ctx, ref); problem != "" {
			errs.Add("secret_ref", problem)
			return
		}
		out.OidcSecretRef = ref
	case existing != nil && (existing.OidcSecretRef != "" || existing.OidcSecretSealed != nil):
		out.OidcSecretRef, out.OidcSecretSealed = existing.OidcSecretRef, existing.OidcSecretSealed
	default:
		field := "secret_ref"
		if s.Secrets.CanSeal() {
			field = "client_secret"
		}
		errs.Add(field, i18n.T(ctx, "sso.provider.error.secret"))
	}
}

func (s Setup) prepareSAML(ctx context.Context, in ProviderInput, errs *form.Errors, out *store.CreateProviderParams) {
	out.SamlMetadataUrl = strings.TrimSpace(in.MetadataURL)
	xmlText := strings.TrimSpace(in.MetadataXML)
	out.SamlEntityID = strings.TrimSpace(in.EntityID)
	out.SamlSigningCert = strings.TrimSpace(in.SigningCert)
	switch {
	case out.SamlMetadataUrl == "" && xmlText == "":
		errs.Add("metadata_url", i18n.T(ctx, "sso.provider.error.metadata"))
	case out.SamlMetadataUrl != "" && xmlText != "":
		errs.Add("metadata_xml", i18n.T(ctx, "sso.provider.error.metadata_both"))
	case out.SamlMetadataUrl != "":
		if problem := s.addressProblem(ctx, out.SamlMetadataUrl); problem != "" {
			errs.Add("metadata_url", problem)
		}
	}
	if out.SamlSigningCert != "" {
		if _, err := ParseCertificates(out.SamlSigningCert); err != nil {
			errs.Add("signing_cert", i18n.T(ctx, "sso.provider.error.cert"))
		}
	}
	if len(out.SamlEntityID) > 1024 {
		errs.Add("entity_id", i18n.T(ctx, "sso.provider.error.entity_long"))
	}
	if in.Subject != "" {
		out.SamlSubject = in.Subject
	}
	if out.SamlSubject != "nameid" && subjectAttributes[out.SamlSubject] == "" {
		errs.Add("subject", i18n.T(ctx, "sso.provider.error.subject"))
	}
	for _, a := range []struct {
		field, value string
		into         *string
	}{{"email_attr", in.EmailAttr, &out.SamlEmailAttr}, {"name_attr", in.NameAttr, &out.SamlNameAttr}, {"affiliation_attr", in.AffiliationAttr, &out.SamlAffiliationAttr}} {
		if v := strings.TrimSpace(a.value); v != "" {
			*a.into = v
		}
		errs.Check(len(*a.into) <= 200, a.field, i18n.T(ctx, "sso.provider.error.attr_long"))
	}
	if !errs.Valid() {
		return
	}
	var kept string
	var err error
	field := "metadata_xml"
	if out.SamlMetadataUrl != "" {
		field = "metadata_url"
		fetchCtx, cancel := withoutRequestDeadline(ctx, 2*time.Minute)
		defer cancel()
		kept, _, err = FetchIdPMetadata(fetchCtx, s.HTTP, out.SamlMetadataUrl, out.SamlEntityID, out.SamlSigningCert)
		now := time.Now()
		out.SamlMetadataFetchedAt = &now
	} else {
		if out.SamlEntityID == "" && isAggregate([]byte(xmlText)) {
			errs.Add("entity_id", i18n.T(ctx, "sso.provider.error.entity_many"))
			return
		}
		kept, _, err = ParseIdPMetadata([]byte(xmlText), out.SamlEntityID, out.SamlSigningCert)
	}
	if err != nil {
		errs.Add(field, i18n.T(ctx, "sso.provider.error.metadata_unusable", "Error", err.Error()))
		return
	}
	out.SamlMetadataXml = kept
}

// isAggregate reports whether metadata is an EntitiesDescriptor.
func isAggregate(data []byte) bool {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if err != nil {
			return false
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Local == "EntitiesDescriptor"
		}
	}
}

// addressProblem says what is wrong with an address Belonging will fetch
// from, or "".
func (s Setup) addressProblem(ctx context.Context, address string) string {
	u, err := url.Parse(address)
	switch {
	case address == "":
		return i18n.T(ctx, "sso.provider.error.address")
	case err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http"):
		return i18n.T(ctx, "sso.provider.error.address_full")
	case u.Scheme == "http" && !s.AllowHTTP:
		return i18n.T(ctx, "sso.provider.error.address_https")
	case len(address) > 1000:
		return i18n.T(ctx, "sso.provider.error.address_long")
	}
	return ""
}
