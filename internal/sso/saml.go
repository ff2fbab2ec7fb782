package sso

import (
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/beevik/etree"
	"github.com/crewjam/saml"
	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"
	dsig "github.com/russellhaering/goxmldsig"

	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/store"
	"belonging/web/paths"
)

// Attribute names (SAML 2.0 URI form) of the attributes a SAML sign-in
// reads. The UK federation's IdPs release them under these names.
const (
	AttrEPPN        = "urn:oid:1.3.6.1.4.1.5923.1.1.1.6"
	AttrPairwiseID  = "urn:oasis:names:tc:SAML:attribute:pairwise-id"
	AttrSubjectID   = "urn:oasis:names:tc:SAML:attribute:subject-id"
	AttrMail        = "urn:oid:0.9.2342.19200300.100.1.3"
	AttrDisplayName = "urn:oid:2.16.840.1.113730.3.1.241"
	AttrCommonName  = "urn:oid:2.5.4.3"
	AttrScopedAffil = "urn:oid:1.3.6.1.4.1.5923.1.1.1.9"
)

// subjectAttributes are the attribute each subject choice reads.
var subjectAttributes = map[string]string{"eppn": AttrEPPN, "pairwise-id": AttrPairwiseID, "subject-id": AttrSubjectID}

// friendlyNames let an attribute be found by its short name when an IdP
// sends that instead of the URI.
var friendlyNames = map[string]string{
	AttrEPPN: "eduPersonPrincipalName", AttrPairwiseID: "pairwise-id", AttrSubjectID: "subject-id", AttrMail: "mail",
	AttrDisplayName: "displayName", AttrCommonName: "cn", AttrScopedAffil: "eduPersonScopedAffiliation",
}

const samlFlowName = "saml"

// samlFlow ties a SAML request to the browser that made it: the request's
// row holds the hash of Binding, and only this session holds Binding.
type samlFlow struct {
	Request  string `json:"r"`
	Binding  string `json:"b"`
	Provider int64  `json:"p"`
}

const samlLogoutFlowName = "saml_logout"

type samlLogoutFlow struct {
	Request  string `json:"r"`
	Provider int64  `json:"p"`
}

// serviceProvider is the institution's SAML service provider, talking to
// the IdP of p (idp may be nil for the metadata alone).
func (h *Handler) serviceProvider(slug string, idp *saml.EntityDescriptor) *saml.ServiceProvider {
	metadata := h.absoluteURL(paths.SAMLMetadata(slug))
	return &saml.ServiceProvider{
		EntityID:                         metadata.String(),
		Key:                              h.SAML.Key,
		Certificate:                      h.SAML.Cert,
		MetadataURL:                      metadata,
		AcsURL:                           h.absoluteURL(paths.SAMLACS(slug)),
		SloURL:                           h.absoluteURL(paths.SAMLSLO(slug)),
		IDPMetadata:                      idp,
		AuthnNameIDFormat:                saml.UnspecifiedNameIDFormat,
		SignatureMethod:                  dsig.RSASHA256SignatureMethod,
		AssertionConsumerServiceBindings: []string{saml.HTTPPostBinding},
		LogoutBindings:                   []string{saml.HTTPRedirectBinding},
		MetadataValidDuration:            7 * 24 * time.Hour,
		ReplayCache:                      h.Replay,
	}
}

// Metadata serves the institution's SP metadata, at the address that is
// also its entityID: what IT registers with the IdP or the federation.
func (h *Handler) Metadata(w http.ResponseWriter, r *http.Request) {
	slug := chi.URLParam(r, "slug")
	if _, err := h.Queries.GetSignInInstitution(r.Context(), slug); errors.Is(err, pgx.ErrNoRows) {
		httpx.NotFound(w, r)
		return
	} else if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if h.SAML == nil {
		h.render(w, r, refuse(reasonNotSetUp, errors.New("no SAML key pair configured")))
		return
	}
	md := h.serviceProvider(slug, nil).Metadata()
	for i := range md.SPSSODescriptors {
		md.SPSSODescriptors[i].AttributeConsumingServices = []saml.AttributeConsumingService{requestedAttributes()}
	}
	out, err := xml.MarshalIndent(md, "", "  ")
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/samlmetadata+xml")
	w.Header().Set("Content-Disposition", `inline; filename="belonging-`+slug+`-metadata.xml"`)
	_, _ = w.Write([]byte(xml.Header))
	_, _ = w.Write(out)
}

// requestedAttributes lists what the SP asks IdPs to release.
func requestedAttributes() saml.AttributeConsumingService {
	yes := true
	attr := func(name string, required bool) saml.RequestedAttribute {
		return saml.RequestedAttribute{Attribute: saml.Attribute{Name: name, FriendlyName: friendlyNames[name],
			NameFormat: "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"}, IsRequired: &required}
	}
	return saml.AttributeConsumingService{Index: 1, IsDefault: &yes,
		ServiceNames: []saml.LocalizedName{{Lang: "en", Value: "Belonging"}},
		RequestedAttributes: []saml.RequestedAttribute{
			attr(AttrEPPN, false), attr(AttrSubjectID, false), attr(AttrPairwiseID, false),
			attr(AttrMail, true), attr(AttrDisplayName, false), attr(AttrScopedAffil, false),
		}}
}

// startSAML sends the browser to the IdP with an authentication request
// (HTTP-Redirect binding, signed), recorded so that whichever app server
// receives the answer can check it answers this request.
func (h *Handler) startSAML(w http.ResponseWriter, r *http.Request, p provider, next string) {
	ctx := r.Context()
	if h.SAML == nil {
		h.render(w, r, &refusal{reason: reasonNotSetUp, institution: p.displayName(ctx), cause: errors.New("no SAML key pair")})
		return
	}
	idp, err := h.idpMetadata(ctx, p)
	if err != nil {
		h.render(w, r, &refusal{reason: reasonUnreachable, institution: p.displayName(ctx), cause: err})
		return
	}
	sp := h.serviceProvider(p.InstitutionSlug, idp)
	req, err := sp.MakeAuthenticationRequest(sp.GetSSOBindingLocation(saml.HTTPRedirectBinding), saml.HTTPRedirectBinding, saml.HTTPPostBinding)
	if err != nil {
		h.render(w, r, &refusal{reason: reasonNotSetUp, institution: p.displayName(ctx), cause: err})
		return
	}
	binding := randomToken()
	if err := h.Queries.CreateSAMLRequest(ctx, store.CreateSAMLRequestParams{ID: req.ID, ProviderID: p.ID,
		BindingHash: hashOf(binding), NextPath: next, ExpiresAt: time.Now().Add(flowLifetime)}); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if err := h.Sessions.SetFlow(ctx, samlFlowName, samlFlow{Request: req.ID, Binding: binding, Provider: p.ID}); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	u, err := req.Redirect("", sp)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	http.Redirect(w, r, u.String(), http.StatusFound)
}

// ACS is the assertion consumer service: the IdP's answer arrives here as
// a form the browser posts from the IdP's site, without this site's
// cookies. The answer is verified against the request it names (kept in
// PostgreSQL): signature, issuer, audience, recipient, validity with three
// minutes' skew, InResponseTo, and that the assertion was never accepted
// before on any server. The person it names is kept with the request for
// the browser that made it, which is sent to Complete.
func (h *Handler) ACS(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	slug := chi.URLParam(r, "slug")
	if _, ok := httpx.ParseForm(w, r); !ok {
		return
	}
	raw, err := base64.StdEncoding.DecodeString(r.PostForm.Get("SAMLResponse"))
	if err != nil || len(raw) == 0 {
		httpx.BadRequest(w, r, i18n.T(r.Context(), "sso.saml.no_answer"))
		return
	}
	var head struct {
		InResponseTo string `xml:"InResponseTo,attr"`
	}
	if err := xml.Unmarshal(raw, &head); err != nil {
		httpx.BadRequest(w, r, i18n.T(r.Context(), "sso.saml.unreadable"))
		return
	}
	if head.InResponseTo == "" {
		h.render(w, r, refuse(reasonUnsolicited, errors.New("response answers no request")))
		return
	}
	req, err := h.Queries.GetSAMLRequest(ctx, head.InResponseTo)
	if errors.Is(err, pgx.ErrNoRows) {
		h.render(w, r, refuse(reasonStale, errors.New("unknown request id")))
		return
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	p, err := h.loadProvider(ctx, req.ProviderID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	ref := func(why reason, cause error) *refusal {
		return &refusal{reason: why, institution: p.displayName(ctx), cause: cause, retry: h.retryFor(p)}
	}
	if p.InstitutionSlug != slug {
		h.render(w, r, ref(reasonWrongRecipient, errors.New("response for another institution's request")))
		return
	}
	if time.Now().After(req.ExpiresAt) {
		h.render(w, r, ref(reasonStale, errors.New("request expired")))
		return
	}
	idp, err := h.idpMetadata(ctx, p)
	if err != nil {
		h.render(w, r, ref(reasonUnreachable, err))
		return
	}
	sp := h.serviceProvider(slug, idp)
	assertion, err := sp.ParseResponse(r, []string{req.ID})
	if err != nil {
		h.render(w, r, ref(samlReason(err, raw), err))
		return
	}
	person, why := mapAssertion(p, append(slices.Clone(p.Domains), idpScopes(idp)...), assertion)
	if why != 0 {
		h.render(w, r, ref(why, errors.New("assertion lacks what the mapping needs")))
		return
	}
	b, err := json.Marshal(person)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	n, err := h.Queries.CompleteSAMLRequest(ctx, store.CompleteSAMLRequestParams{ID: req.ID, Identity: b})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if n == 0 {
		h.render(w, r, ref(reasonReplayed, errors.New("request already answered")))
		return
	}
	httpx.SeeOther(w, r, paths.SSOComplete)
}

// Complete signs in the person the IdP vouched for, in the browser that
// made the request: its session holds the secret whose hash the request
// keeps, so an answer captured from someone else's sign-in cannot be
// delivered to this browser.
func (h *Handler) Complete(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var flow samlFlow
	if !h.Sessions.TakeFlow(ctx, samlFlowName, &flow) {
		h.render(w, r, refuse(reasonStale, errors.New("no SAML sign-in in this session")))
		return
	}
	req, err := h.Queries.GetSAMLRequest(ctx, flow.Request)
	if errors.Is(err, pgx.ErrNoRows) {
		h.render(w, r, refuse(reasonStale, errors.New("request gone")))
		return
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	p, err := h.loadProvider(ctx, req.ProviderID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	ref := func(why reason, cause error) *refusal {
		return &refusal{reason: why, institution: p.displayName(ctx), cause: cause, retry: h.retryFor(p)}
	}
	if subtle.ConstantTimeCompare(hashOf(flow.Binding), req.BindingHash) != 1 || req.CompletedAt == nil {
		h.render(w, r, ref(reasonStale, errors.New("answer not for this browser, or none yet")))
		return
	}
	n, err := h.Queries.CollectSAMLRequest(ctx, req.ID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if n == 0 {
		h.render(w, r, ref(reasonReplayed, errors.New("answer already collected or expired")))
		return
	}
	var person Identity
	if err := json.Unmarshal(req.Identity, &person); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.finish(w, r, p, person, req.NextPath, auth.ProviderSignOut{ProviderID: p.ID, Name: p.Name,
		NameID: person.NameID, SessionIndex: person.SessionIndex})
}

// samlReason says which check a SAML answer failed.
func samlReason(err error, raw []byte) reason {
	var status saml.ErrBadStatus
	switch {
	case errors.Is(err, saml.ErrAssertionReplayed):
		return reasonReplayed
	case errors.As(err, &status):
		return reasonIdPError
	case errors.Is(err, saml.ErrExpired), errors.Is(err, saml.ErrNotYetValid):
		return reasonExpired
	case errors.Is(err, saml.ErrAudienceMismatch):
		return reasonWrongAudience
	case errors.Is(err, saml.ErrIssuerMismatch):
		return reasonWrongIssuer
	case errors.Is(err, saml.ErrDestinationMismatch):
		return reasonWrongRecipient
	case errors.Is(err, saml.ErrRequestIDMismatch):
		return reasonStale
	case !signed(raw):
		return reasonUnsigned
	}
	return reasonBadSignature
}

// signed reports whether a SAML response carries any signature: on the
// Response, on a plain Assertion, or (unknowable before decrypting) inside
// an encrypted one.
func signed(raw []byte) bool {
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(raw); err != nil || doc.Root() == nil {
		return false
	}
	root := doc.Root()
	if root.FindElement("./Signature") != nil || root.FindElement("./EncryptedAssertion") != nil {
		return true
	}
	for _, a := range root.FindElements("./Assertion") {
		if a.FindElement("./Signature") != nil {
			return true
		}
	}
	return false
}

// mapAssertion reads the person out of a verified assertion with the
// provider's attribute mapping. Scoped values (eduPersonPrincipalName,
// subject-id, scoped affiliations) count only within scopes.
func mapAssertion(p provider, scopes []string, a *saml.Assertion) (Identity, reason) {
	values := func(name string) []string {
		var out []string
		for _, st := range a.AttributeStatements {
			for _, at := range st.Attributes {
				if at.Name == name || (at.FriendlyName != "" && at.FriendlyName == friendlyNames[name]) || at.FriendlyName == name {
					for _, v := range at.Values {
						if s := strings.TrimSpace(v.Value); s != "" {
							out = append(out, s)
						}
					}
				}
			}
		}
		return out
	}
	first := func(names ...string) string {
		for _, n := range names {
			if v := values(n); len(v) > 0 {
				return v[0]
			}
		}
		return ""
	}
	var person Identity
	if a.Subject != nil && a.Subject.NameID != nil {
		person.NameID = a.Subject.NameID.Value
	}
	for _, st := range a.AuthnStatements {
		if st.SessionIndex != "" {
			person.SessionIndex = st.SessionIndex
			break
		}
	}
	if p.SamlSubject == "nameid" {
		if a.Subject == nil || a.Subject.NameID == nil || a.Subject.NameID.Format == string(saml.TransientNameIDFormat) {
			return person, reasonMissingAttributes
		}
		person.Subject = a.Subject.NameID.Value
	} else {
		person.Subject = first(subjectAttributes[p.SamlSubject])
		if person.Subject == "" {
			return person, reasonMissingAttributes
		}
		if !scopeAllowed(person.Subject, scopes) {
			return person, reasonScope
		}
	}
	person.Email = first(p.SamlEmailAttr, AttrMail)
	person.Name = first(p.SamlNameAttr, AttrDisplayName, AttrCommonName)
	for _, v := range values(p.SamlAffiliationAttr) {
		if scopeAllowed(v, scopes) {
			person.Affiliations = append(person.Affiliations, strings.ToLower(v[:strings.LastIndexByte(v, '@')]))
		}
	}
	return person, 0
}

// samlSignOutURL is the IdP's single logout address with a signed logout
// request for the session, or "" when the IdP publishes none.
func (h *Handler) samlSignOutURL(r *http.Request, p provider, offer auth.ProviderSignOut) (string, error) {
	ctx := r.Context()
	if h.SAML == nil || offer.NameID == "" {
		return "", nil
	}
	idp, err := h.idpMetadata(ctx, p)
	if err != nil {
		return "", err
	}
	sp := h.serviceProvider(p.InstitutionSlug, idp)
	location := sp.GetSLOBindingLocation(saml.HTTPRedirectBinding)
	if location == "" {
		return "", nil
	}
	var opts []saml.LogoutRequestOption
	if offer.SessionIndex != "" {
		opts = append(opts, saml.WithSessionIndex(offer.SessionIndex))
	}
	req, err := sp.MakeLogoutRequest(location, offer.NameID, opts...)
	if err != nil {
		return "", err
	}
	if err := h.Sessions.SetFlow(ctx, samlLogoutFlowName, samlLogoutFlow{Request: req.ID, Provider: p.ID}); err != nil {
		return "", err
	}
	u, err := sp.RedirectLogoutRequestURL(req, "")
	if err != nil {
		return "", err
	}
	return u.String(), nil
}

// SLO is the single logout service: the IdP's answer to a sign-out this
// app asked for, or the IdP asking this app to end a session.
func (h *Handler) SLO(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	slug := chi.URLParam(r, "slug")
	if h.SAML == nil {
		httpx.NotFound(w, r)
		return
	}
	if r.URL.Query().Get("SAMLResponse") != "" {
		var flow samlLogoutFlow
		msg := i18n.T(ctx, "sso.signout.unconfirmed")
		if h.Sessions.TakeFlow(ctx, samlLogoutFlowName, &flow) {
			if p, err := h.loadProvider(ctx, flow.Provider); err == nil && p.InstitutionSlug == slug {
				if idp, err := h.idpMetadata(ctx, p); err == nil {
					if _, err := h.serviceProvider(slug, idp).ParseLogoutResponse(r, []string{flow.Request}); err == nil {
						msg = i18n.T(ctx, "sso.signout.both")
					} else {
						httpx.Logger(ctx).Warn("logout response refused", "err", err)
					}
				}
			}
		}
		h.Sessions.Flash(ctx, "success", msg)
		httpx.SeeOther(w, r, paths.SignIn)
		return
	}
	if r.URL.Query().Get("SAMLRequest") == "" {
		httpx.BadRequest(w, r, i18n.T(r.Context(), "sso.signout.wrong_address"))
		return
	}
	rows, err := h.Queries.ListSAMLProvidersOfInstitution(ctx, slug)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	for _, row := range rows {
		p, err := h.describe(ctx, row)
		if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		idp, err := h.idpMetadata(ctx, p)
		if err != nil {
			continue
		}
		sp := h.serviceProvider(slug, idp)
		req, err := sp.ValidateLogoutRequest(r)
		if err != nil {
			continue
		}
		if current, ok := h.Sessions.ProviderSignOut(ctx); ok && current.ProviderID == p.ID && req.NameID != nil && current.NameID == req.NameID.Value {
			if err := h.Sessions.End(ctx); err != nil {
				httpx.ServerError(w, r, err)
				return
			}
		}
		u, err := sp.MakeRedirectLogoutResponse(req.ID, r.URL.Query().Get("RelayState"))
		if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		http.Redirect(w, r, u.String(), http.StatusFound)
		return
	}
	httpx.BadRequest(w, r, i18n.T(r.Context(), "sso.signout.unverified"))
}
