package sso

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"belonging/internal/audit"
	"belonging/internal/httpx"
	"belonging/internal/httpx/form"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	"belonging/web/components"
	page "belonging/web/pages/sso"
	"belonging/web/paths"
)

// adminCrumb is the first crumb of every administration page.
func adminCrumb(ctx context.Context) web.Crumb {
	return web.Crumb{Label: i18n.T(ctx, "nav.administration"), URL: paths.Admin}
}

var domainPattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$`)

// maxDomains bounds an institution's email domains.
const maxDomains = 20

// renderSettings fills the admin sign-in page around v's forms.
func (h *Handler) renderSettings(w http.ResponseWriter, r *http.Request, status int, v page.Settings) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	settings, err := h.Queries.GetSignInSettings(ctx, u.InstitutionID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v.Institution = settings.Name
	if err := h.fillSettingsOptions(ctx, u.InstitutionID, &v.Form); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	providers, err := h.Queries.ListProviders(ctx, &u.InstitutionID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	for _, p := range providers {
		v.Providers = append(v.Providers, page.ProviderRow{ID: p.ID, Name: p.Name, Enabled: p.Enabled, VerifiedAt: p.VerifiedAt,
			Kind:    describeKind(ctx, p.Protocol, p.OidcFlavour),
			EditURL: paths.AdminProvider(p.ID), TryURL: paths.SSOStart(p.ID, paths.AdminSignIn, "")})
	}
	tokens, err := h.Queries.ListSCIMTokens(ctx, u.InstitutionID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	for _, t := range tokens {
		v.Tokens = append(v.Tokens, page.TokenRow{ID: t.ID, Description: t.Description, Created: t.CreatedAt, LastUsed: t.LastUsedAt,
			Revoked: t.RevokedAt, RevokeURL: paths.RevokeSCIMToken(t.ID)})
	}
	v.SAMLAvailable = h.SAML != nil
	v.EntityID, v.ACS, v.SLO = h.absolute(paths.SAMLMetadata(settings.Slug)), h.absolute(paths.SAMLACS(settings.Slug)), h.absolute(paths.SAMLSLO(settings.Slug))
	v.SCIMURL = h.absolute(paths.SCIMBase)
	httpx.Render(w, r, status, web.Page{Title: i18n.T(ctx, "sso.admin.title"), Section: "admin", Breadcrumbs: []web.Crumb{adminCrumb(ctx), {Label: i18n.T(ctx, "sso.admin.title")}}}, page.SignInSettings(v))
}

func (h *Handler) fillSettingsOptions(ctx context.Context, institutionID int64, f *page.SettingsForm) error {
	admins, err := h.Queries.ListInstitutionAdmins(ctx, institutionID)
	if err != nil {
		return err
	}
	for _, a := range admins {
		f.Admins = append(f.Admins, components.Option{Value: strconv.FormatInt(a.ID, 10), Label: a.Name + " (" + a.Email + ")"})
	}
	working, err := h.Queries.CountWorkingProviders(ctx, &institutionID)
	f.CanTurnOff = working > 0
	return err
}

// Settings shows the institution's sign-in settings, providers and
// provisioning tokens.
func (h *Handler) Settings(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	s, err := h.Queries.GetSignInSettings(ctx, u.InstitutionID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	domains, err := h.Queries.ListInstitutionDomains(ctx, u.InstitutionID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	f := page.SettingsForm{Domains: strings.Join(domains, "\n"), Passwords: "allowed", UnknownPeople: s.UnknownPeople}
	if !s.PasswordsAllowed {
		f.Passwords = "off"
	}
	if s.BreakGlassUserID != nil {
		f.BreakGlass = strconv.FormatInt(*s.BreakGlassUserID, 10)
	}
	h.renderSettings(w, r, http.StatusOK, page.Settings{Form: f})
}

// SaveSettings saves the domains, whether passwords stay allowed, the
// break-glass admin and what happens to people nobody invited.
func (h *Handler) SaveSettings(w http.ResponseWriter, r *http.Request) {
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	f := page.SettingsForm{Domains: vals.Get("domains"), Passwords: vals.Text("passwords"), BreakGlass: vals.Text("break_glass"),
		UnknownPeople: vals.Text("unknown_people")}
	settings, err := CheckSettings(ctx, h.Queries, u.InstitutionID,
		SettingsInput{Domains: f.Domains, Passwords: f.Passwords, BreakGlass: f.BreakGlass, UnknownPeople: f.UnknownPeople}, &f.Errors)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if !f.Valid() {
		h.renderSettings(w, r, http.StatusUnprocessableEntity, page.Settings{Form: f})
		return
	}
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		return SaveSettings(ctx, q, audit.By(u), u.InstitutionID, settings)
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "sso.admin.flash.saved"))
	httpx.SeeOther(w, r, paths.AdminSignIn)
}

// splitDomains reads domains typed one per line (or separated by commas
// or spaces), lower-cased, without duplicates, in the order typed.
func splitDomains(s string) []string {
	out := []string{}
	for _, d := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t' }) {
		d = strings.TrimPrefix(d, "@")
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// providerForm fills the provider page's model from a provider row.
func (h *Handler) providerForm(p store.IdentityProvider) page.ProviderForm {
	v := page.ProviderForm{ID: p.ID, Protocol: p.Protocol, Name: p.Name, Enabled: p.Enabled, Flavour: p.OidcFlavour, Tenant: p.OidcTenant,
		ClientID: p.OidcClientID, SecretRef: p.OidcSecretRef, HasSecret: p.OidcSecretRef != "" || p.OidcSecretSealed != nil,
		MetadataURL: p.SamlMetadataUrl, EntityID: p.SamlEntityID, SigningCert: p.SamlSigningCert, Subject: p.SamlSubject,
		EmailAttr: p.SamlEmailAttr, NameAttr: p.SamlNameAttr, AffiliationAttr: p.SamlAffiliationAttr, MetadataFetched: p.SamlMetadataFetchedAt,
		VerifiedAt: p.VerifiedAt}
	if p.OidcFlavour == "generic" {
		v.Issuer = p.OidcIssuer
	}
	if p.SamlMetadataUrl == "" {
		v.MetadataXML = p.SamlMetadataXml
	}
	return v
}

func (h *Handler) renderProvider(w http.ResponseWriter, r *http.Request, status int, v page.ProviderForm) {
	u := reqctx.UserFrom(r.Context())
	v.Institution = u.InstitutionName
	v.CanSeal = h.Secrets.CanSeal()
	v.SAMLAvailable = h.SAML != nil
	v.SecretSources = i18n.T(r.Context(), "sso.provider.sources.env")
	if h.Secrets.Dir != "" {
		v.SecretSources = i18n.T(r.Context(), "sso.provider.sources.env_files")
	}
	slug := ""
	if s, err := h.Queries.GetSignInSettings(r.Context(), u.InstitutionID); err == nil {
		slug = s.Slug
	} else {
		httpx.ServerError(w, r, err)
		return
	}
	v.SPEntityID, v.SPMetadataURL, v.SPACS = h.absolute(paths.SAMLMetadata(slug)), paths.SAMLMetadata(slug), h.absolute(paths.SAMLACS(slug))
	title := i18n.T(r.Context(), "sso.provider.add")
	v.Action = paths.AdminProviders
	if v.ID != 0 {
		title = v.Name
		v.Action, v.DeleteURL = paths.AdminProvider(v.ID), paths.DeleteProvider(v.ID)
		v.TryURL = paths.SSOStart(v.ID, paths.AdminProvider(v.ID), "")
		if v.Protocol == "oidc" {
			v.RedirectURI = h.absolute(paths.OIDCCallback(v.ID))
		}
	}
	httpx.Render(w, r, status, web.Page{Title: title, Section: "admin",
		Breadcrumbs: []web.Crumb{adminCrumb(r.Context()), {Label: i18n.T(r.Context(), "sso.admin.title"), URL: paths.AdminSignIn}, {Label: title}}}, page.ProviderPage(v))
}

// NewProvider shows the form adding an OpenID Connect or SAML provider.
func (h *Handler) NewProvider(w http.ResponseWriter, r *http.Request) {
	protocol := r.URL.Query().Get("protocol")
	if !form.OneOf(protocol, "oidc", "saml") || (protocol == "saml" && h.SAML == nil) {
		httpx.NotFound(w, r)
		return
	}
	v := page.ProviderForm{Protocol: protocol, Flavour: "entra", Subject: "eppn", EmailAttr: AttrMail, NameAttr: AttrDisplayName, AffiliationAttr: AttrScopedAffil}
	h.renderProvider(w, r, http.StatusOK, v)
}

// readProvider reads the provider form as typed.
func readProvider(vals form.Values, protocol string) (ProviderInput, page.ProviderForm) {
	in := ProviderInput{Protocol: protocol, Name: vals.Text("name"), Enabled: vals.Bool("enabled"), Flavour: vals.Text("flavour"),
		Tenant: vals.Text("tenant"), Issuer: vals.Text("issuer"), ClientID: vals.Text("client_id"), ClientSecret: vals.Raw("client_secret"),
		SecretRef: vals.Text("secret_ref"), MetadataURL: vals.Text("metadata_url"), MetadataXML: vals.Get("metadata_xml"),
		EntityID: vals.Text("entity_id"), SigningCert: vals.Get("signing_cert"), Subject: vals.Text("subject"),
		EmailAttr: vals.Text("email_attr"), NameAttr: vals.Text("name_attr"), AffiliationAttr: vals.Text("affiliation_attr")}
	v := page.ProviderForm{Protocol: protocol, Name: in.Name, Enabled: in.Enabled, Flavour: in.Flavour, Tenant: in.Tenant, Issuer: in.Issuer,
		ClientID: in.ClientID, SecretRef: in.SecretRef, MetadataURL: in.MetadataURL, MetadataXML: in.MetadataXML, EntityID: in.EntityID,
		SigningCert: in.SigningCert, Subject: in.Subject, EmailAttr: in.EmailAttr, NameAttr: in.NameAttr, AffiliationAttr: in.AffiliationAttr}
	return in, v
}

// CreateProvider adds a provider. Its metadata (SAML) or configuration
// (OpenID Connect) is read first, so a wrong address is said at once.
func (h *Handler) CreateProvider(w http.ResponseWriter, r *http.Request) {
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	protocol := vals.Text("protocol")
	if !form.OneOf(protocol, "oidc", "saml") || (protocol == "saml" && h.SAML == nil) {
		httpx.BadRequest(w, r, i18n.T(r.Context(), "sso.provider.error.kind_page"))
		return
	}
	in, v := readProvider(vals, protocol)
	params := h.setup().Prepare(ctx, in, nil, &v.Errors)
	if !v.Valid() {
		h.renderProvider(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	var id int64
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		var err error
		id, err = AddProvider(ctx, q, audit.By(u), &u.InstitutionID, params)
		return err
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", params.Name+" is added. Try signing in with it, then show it on the sign-in page.")
	httpx.SeeOther(w, r, paths.AdminProvider(id))
}

// providerAudit is what the audit log keeps of a provider's settings:
// never the secret, only where it comes from.
func providerAudit(p store.CreateProviderParams) map[string]any {
	secret := ""
	switch {
	case p.OidcSecretRef != "":
		secret = p.OidcSecretRef
	case p.OidcSecretSealed != nil:
		secret = "sealed"
	}
	return map[string]any{"name": p.Name, "protocol": p.Protocol, "enabled": p.Enabled, "flavour": p.OidcFlavour, "issuer": p.OidcIssuer,
		"client_id": p.OidcClientID, "client_secret": secret, "metadata_url": p.SamlMetadataUrl, "entity_id": p.SamlEntityID,
		"subject": p.SamlSubject, "email_attr": p.SamlEmailAttr, "name_attr": p.SamlNameAttr, "affiliation_attr": p.SamlAffiliationAttr}
}

// Provider shows a provider's settings.
func (h *Handler) Provider(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.IdentityProvider(w, r)
	if !ok {
		return
	}
	h.renderProvider(w, r, http.StatusOK, h.providerForm(p.IdentityProvider))
}

// UpdateProvider saves a provider's settings.
func (h *Handler) UpdateProvider(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.IdentityProvider(w, r)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	in, v := readProvider(vals, p.Protocol)
	v.ID, v.VerifiedAt, v.HasSecret = p.ID, p.VerifiedAt, p.OidcSecretRef != "" || p.OidcSecretSealed != nil
	params := h.setup().Prepare(ctx, in, &p.IdentityProvider, &v.Errors)
	if p.Enabled && !params.Enabled {
		if problem, err := LastWayIn(ctx, h.Queries, &u.InstitutionID, p.ID); err != nil {
			httpx.ServerError(w, r, err)
			return
		} else if problem != "" {
			v.Add("enabled", problem)
		}
	}
	if !v.Valid() {
		h.renderProvider(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		before := providerAudit(store.CreateProviderParams{Name: p.Name, Protocol: p.Protocol, Enabled: p.Enabled, OidcFlavour: p.OidcFlavour,
			OidcIssuer: p.OidcIssuer, OidcClientID: p.OidcClientID, OidcSecretRef: p.OidcSecretRef, OidcSecretSealed: p.OidcSecretSealed,
			SamlMetadataUrl: p.SamlMetadataUrl, SamlEntityID: p.SamlEntityID, SamlSubject: p.SamlSubject, SamlEmailAttr: p.SamlEmailAttr,
			SamlNameAttr: p.SamlNameAttr, SamlAffiliationAttr: p.SamlAffiliationAttr})
		if err := q.UpdateProvider(ctx, store.UpdateProviderParams{ID: p.ID, Name: params.Name, Enabled: params.Enabled,
			OidcFlavour: params.OidcFlavour, OidcIssuer: params.OidcIssuer, OidcTenant: params.OidcTenant, OidcClientID: params.OidcClientID,
			OidcSecretRef: params.OidcSecretRef, OidcSecretSealed: params.OidcSecretSealed, SamlMetadataUrl: params.SamlMetadataUrl,
			SamlEntityID: params.SamlEntityID, SamlSigningCert: params.SamlSigningCert, SamlMetadataXml: params.SamlMetadataXml,
			SamlMetadataFetchedAt: params.SamlMetadataFetchedAt, SamlSubject: params.SamlSubject, SamlEmailAttr: params.SamlEmailAttr,
			SamlNameAttr: params.SamlNameAttr, SamlAffiliationAttr: params.SamlAffiliationAttr}); err != nil {
			return err
		}
		after := providerAudit(params)
		if in.ClientSecret != "" {
			after["client_secret"] = "sealed (replaced)"
		}
		changes := audit.Diff(before, after)
		if len(changes) == 0 {
			return nil
		}
		return audit.By(u).Record(ctx, q, "update", "identity_provider", p.ID, changes)
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", params.Name+" is saved.")
	httpx.SeeOther(w, r, paths.AdminProvider(p.ID))
}

// DeleteProvider removes a provider and the links to it.
func (h *Handler) DeleteProvider(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.IdentityProvider(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	if problem, err := LastWayIn(ctx, h.Queries, &u.InstitutionID, p.ID); err != nil {
		httpx.ServerError(w, r, err)
		return
	} else if problem != "" {
		v := h.providerForm(p.IdentityProvider)
		v.Add("", problem)
		h.renderProvider(w, r, http.StatusConflict, v)
		return
	}
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		if err := q.DeleteProvider(ctx, p.ID); err != nil {
			return err
		}
		return audit.By(u).Record(ctx, q, "delete", "identity_provider", p.ID, map[string]audit.Change{"name": {Before: p.Name}})
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", p.Name+" is removed.")
	httpx.SeeOther(w, r, paths.AdminSignIn)
}

// CreateSCIMToken makes a provisioning token and shows it, once.
func (h *Handler) CreateSCIMToken(w http.ResponseWriter, r *http.Request) {
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v := page.Settings{TokenForm: page.TokenForm{Description: vals.Text("description")}}
	v.TokenErrors.Check(v.Description != "", "description", i18n.T(ctx, "sso.admin.error.token_description"))
	v.TokenErrors.Check(len(v.Description) <= 100, "description", i18n.T(ctx, "sso.admin.error.token_long"))
	if !v.TokenErrors.Valid() {
		h.renderSettingsNow(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	token := NewSCIMToken()
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		id, err := q.CreateSCIMToken(ctx, store.CreateSCIMTokenParams{InstitutionID: u.InstitutionID, TokenHash: hashOf(token),
			Description: v.Description, CreatedBy: &u.ID})
		if err != nil {
			return err
		}
		return audit.By(u).Record(ctx, q, "create", "scim_token", id, audit.Created(map[string]any{"description": v.Description}))
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v.NewToken, v.Description = token, ""
	h.renderSettingsNow(w, r, http.StatusOK, v)
}

// renderSettingsNow renders the settings page with the saved settings in
// its settings form (for the token forms posted from it).
func (h *Handler) renderSettingsNow(w http.ResponseWriter, r *http.Request, status int, v page.Settings) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	s, err := h.Queries.GetSignInSettings(ctx, u.InstitutionID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	domains, err := h.Queries.ListInstitutionDomains(ctx, u.InstitutionID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v.Form = page.SettingsForm{Domains: strings.Join(domains, "\n"), Passwords: "allowed", UnknownPeople: s.UnknownPeople}
	if !s.PasswordsAllowed {
		v.Form.Passwords = "off"
	}
	if s.BreakGlassUserID != nil {
		v.Form.BreakGlass = strconv.FormatInt(*s.BreakGlassUserID, 10)
	}
	h.renderSettings(w, r, status, v)
}

// RevokeSCIMToken withdraws a provisioning token at once.
func (h *Handler) RevokeSCIMToken(w http.ResponseWriter, r *http.Request) {
	t, ok := h.Access.SCIMToken(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		n, err := q.RevokeSCIMToken(ctx, store.RevokeSCIMTokenParams{InstitutionID: u.InstitutionID, ID: t.ID})
		if err != nil || n == 0 {
			return err
		}
		return audit.By(u).Record(ctx, q, "revoke", "scim_token", t.ID, map[string]audit.Change{"revoked": {Before: false, After: true}})
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "sso.admin.flash.token_withdrawn", "Description", t.Description))
	httpx.SeeOther(w, r, paths.AdminSignIn)
}

// NewSCIMToken returns a new provisioning token. Only its SHA-256 is kept.
func NewSCIMToken() string { return "scim_" + randomToken() }

// SCIMTokenHash is what is kept of a provisioning token.
func SCIMTokenHash(token string) []byte { return hashOf(token) }
