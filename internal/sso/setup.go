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
	errs.Check(out.Name != "", "name", "Enter the name people see on the sign-in button")
	errs.Check(len(out.Name) <= 100, "name", "The name must be 100 characters or fewer")
	switch in.Protocol {
	case "oidc":
		s.prepareOIDC(ctx, in, existing, errs, &out)
	case "saml":
		s.prepareSAML(ctx, in, errs, &out)
	default:
		errs.Add("", "Choose OpenID Connect or SAML")
	}
	return out
}

func (s Setup) prepareOIDC(ctx context.Context, in ProviderInput, existing *store.IdentityProvider, errs *form.Errors, out *store.CreateProviderParams) {
	out.OidcFlavour = in.Flavour
	switch in.Flavour {
	case "entra":
		out.OidcTenant = strings.TrimSpace(in.Tenant)
		if problem := TenantProblem(out.OidcTenant); problem != "" {
			errs.Add("tenant", problem)
		} else {
			out.OidcTenant = strings.ToLower(out.OidcTenant)
			out.OidcIssuer = EntraIssuer(out.OidcTenant)
		}
	case "google":
		out.OidcIssuer = GoogleIssuer
	case "generic":
		out.OidcIssuer = strings.TrimSpace(in.Issuer)
		if problem := s.addressProblem(out.OidcIssuer); problem != "" {
			errs.Add("issuer", problem)
		} else {
			fetchCtx, cancel := withoutRequestDeadline(ctx, 20*time.Second)
			defer cancel()
			if _, err := oidc.NewProvider(oidc.ClientContext(fetchCtx, s.HTTP), out.OidcIssuer); err != nil {
				errs.Add("issuer", "Belonging could not read a matching OpenID configuration from this issuer ("+err.Error()+"). Check the address is the provider's issuer exactly.")
			}
		}
	default:
		errs.Add("flavour", "Choose the kind of provider")
	}
	out.OidcClientID = strings.TrimSpace(in.ClientID)
	errs.Check(out.OidcClientID != "", "client_id", "Enter the client ID the provider gave Belonging")
	errs.Check(len(out.OidcClientID) <= 255, "client_id", "The client ID must be 255 characters or fewer")
	ref := strings.TrimSpace(in.SecretRef)
	switch {
	case in.ClientSecret != "" && ref != "":
		errs.Add("secret_ref", "Give the client secret or where it is kept, not both")
	case in.ClientSecret != "":
		if len(in.ClientSecret) > 1024 {
			errs.Add("client_secret", "The client secret must be 1,024 characters or fewer")
			return
		}
		sealed, err := s.Secrets.Seal(in.ClientSecret)
		if err != nil {
			errs.Add("client_secret", "Belonging cannot keep a pasted secret: the operator has not set SSO_ENCRYPTION_KEY. Give where the secret is kept instead.")
			return
		}
		out.OidcSecretSealed = sealed
	case ref != "":
		if problem := s.Secrets.RefProblem(ref); problem != "" {
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
		errs.Add(field, "Give the client secret, or where the operator keeps it")
	}
}

func (s Setup) prepareSAML(ctx context.Context, in ProviderInput, errs *form.Errors, out *store.CreateProviderParams) {
	out.SamlMetadataUrl = strings.TrimSpace(in.MetadataURL)
	xmlText := strings.TrimSpace(in.MetadataXML)
	out.SamlEntityID = strings.TrimSpace(in.EntityID)
	out.SamlSigningCert = strings.TrimSpace(in.SigningCert)
	switch {
	case out.SamlMetadataUrl == "" && xmlText == "":
		errs.Add("metadata_url", "Give your IdP's metadata address, or paste its metadata")
	case out.SamlMetadataUrl != "" && xmlText != "":
		errs.Add("metadata_xml", "Give the metadata address or paste the metadata, not both")
	case out.SamlMetadataUrl != "":
		if problem := s.addressProblem(out.SamlMetadataUrl); problem != "" {
			errs.Add("metadata_url", problem)
		}
	}
	if out.SamlSigningCert != "" {
		if _, err := ParseCertificates(out.SamlSigningCert); err != nil {
			errs.Add("signing_cert", "Paste the certificate in PEM form, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----")
		}
	}
	if len(out.SamlEntityID) > 1024 {
		errs.Add("entity_id", "The entity ID must be 1,024 characters or fewer")
	}
	if in.Subject != "" {
		out.SamlSubject = in.Subject
	}
	if out.SamlSubject != "nameid" && subjectAttributes[out.SamlSubject] == "" {
		errs.Add("subject", "Choose one of the identifiers in the list")
	}
	for _, a := range []struct {
		field, value string
		into         *string
	}{{"email_attr", in.EmailAttr, &out.SamlEmailAttr}, {"name_attr", in.NameAttr, &out.SamlNameAttr}, {"affiliation_attr", in.AffiliationAttr, &out.SamlAffiliationAttr}} {
		if v := strings.TrimSpace(a.value); v != "" {
			*a.into = v
		}
		errs.Check(len(*a.into) <= 200, a.field, "An attribute name must be 200 characters or fewer")
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
			errs.Add("entity_id", "This metadata lists many entities: give your IdP's entity ID")
			return
		}
		kept, _, err = ParseIdPMetadata([]byte(xmlText), out.SamlEntityID, out.SamlSigningCert)
	}
	if err != nil {
		errs.Add(field, "Belonging could not use this metadata: "+err.Error())
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
func (s Setup) addressProblem(address string) string {
	u, err := url.Parse(address)
	switch {
	case address == "":
		return "Enter the address"
	case err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http"):
		return "Enter a full address, starting https://"
	case u.Scheme == "http" && !s.AllowHTTP:
		return "The address must start https://, so nobody can change what Belonging reads on the way"
	case len(address) > 1000:
		return "The address must be 1,000 characters or fewer"
	}
	return ""
}
