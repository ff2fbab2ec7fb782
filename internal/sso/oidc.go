package sso

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/web/paths"
)

// cachedOIDC is a provider's discovery document and keys, kept for an hour
// (go-oidc refreshes the keys itself when a token names a new one).
type cachedOIDC struct {
	version    time.Time // the provider row's updated_at
	fetched    time.Time
	provider   *oidc.Provider
	endSession string
}

const oidcFlowName = "oidc"

// oidcFlow is an OpenID Connect sign-in in progress, kept in the session.
type oidcFlow struct {
	Provider int64  `json:"p"`
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	Next     string `json:"x"`
	Started  int64  `json:"t"`
}

// oidcClient returns the provider's discovered configuration and the
// client for it. Discovery requires the document's issuer to be exactly
// the configured one.
func (h *Handler) oidcClient(ctx context.Context, p provider) (*oidc.Provider, *oauth2.Config, string, error) {
	h.oidcMu.Lock()
	c, ok := h.oidcCache[p.ID]
	h.oidcMu.Unlock()
	if !ok || !c.version.Equal(p.UpdatedAt) || time.Since(c.fetched) > time.Hour {
		fetchCtx, cancel := withoutRequestDeadline(ctx, 20*time.Second)
		defer cancel()
		prov, err := oidc.NewProvider(oidc.ClientContext(fetchCtx, h.HTTP), p.OidcIssuer)
		if err != nil {
			return nil, nil, "", err
		}
		var extra struct {
			EndSession string `json:"end_session_endpoint"`
		}
		if err := prov.Claims(&extra); err != nil {
			return nil, nil, "", err
		}
		c = cachedOIDC{version: p.UpdatedAt, fetched: time.Now(), provider: prov, endSession: extra.EndSession}
		h.oidcMu.Lock()
		if h.oidcCache == nil {
			h.oidcCache = map[int64]cachedOIDC{}
		}
		h.oidcCache[p.ID] = c
		h.oidcMu.Unlock()
	}
	secret, err := h.Secrets.clientSecret(p.OidcSecretRef, p.OidcSecretSealed)
	if err != nil {
		return nil, nil, "", err
	}
	cfg := &oauth2.Config{
		ClientID:     p.OidcClientID,
		ClientSecret: secret,
		Endpoint:     c.provider.Endpoint(),
		RedirectURL:  h.absolute(paths.OIDCCallback(p.ID)),
		Scopes:       []string{oidc.ScopeOpenID, "email", "profile"},
	}
	return c.provider, cfg, c.endSession, nil
}

// startOIDC sends the browser to the provider with a fresh state, nonce
// and PKCE code verifier, remembered in the session.
func (h *Handler) startOIDC(w http.ResponseWriter, r *http.Request, p provider, next, hint string) {
	ctx := r.Context()
	_, cfg, _, err := h.oidcClient(ctx, p)
	if err != nil {
		h.render(w, r, &refusal{reason: reasonUnreachable, institution: p.displayName(ctx), cause: err})
		return
	}
	flow := oidcFlow{Provider: p.ID, State: randomToken(), Nonce: randomToken(), Verifier: oauth2.GenerateVerifier(),
		Next: next, Started: time.Now().Unix()}
	if err := h.Sessions.SetFlow(ctx, oidcFlowName, flow); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	opts := []oauth2.AuthCodeOption{oidc.Nonce(flow.Nonce), oauth2.S256ChallengeOption(flow.Verifier)}
	if hint != "" {
		opts = append(opts, oauth2.SetAuthURLParam("login_hint", hint))
	}
	if p.OidcFlavour == "google" && len(p.Domains) == 1 {
		// Google shows only accounts of this domain; the hd claim is still
		// checked on the way back, since the parameter is only a hint.
		opts = append(opts, oauth2.SetAuthURLParam("hd", p.Domains[0]))
	}
	http.Redirect(w, r, cfg.AuthCodeURL(flow.State, opts...), http.StatusFound)
}

// oidcClaims are the ID token claims a sign-in reads.
type oidcClaims struct {
	Email             string `json:"email"`
	EmailVerified     *bool  `json:"-"`
	Name              string `json:"name"`
	GivenName         string `json:"given_name"`
	FamilyName        string `json:"family_name"`
	PreferredUsername string `json:"preferred_username"`
	HostedDomain      string `json:"hd"`
	TenantID          string `json:"tid"`
}

// UnmarshalJSON reads email_verified as a boolean or, as some providers
// send it, the string "true" or "false".
func (c *oidcClaims) UnmarshalJSON(b []byte) error {
	type plain oidcClaims
	var raw struct {
		plain
		EmailVerified json.RawMessage `json:"email_verified"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*c = oidcClaims(raw.plain)
	switch strings.Trim(strings.ToLower(string(raw.EmailVerified)), `"`) {
	case "true":
		c.EmailVerified = new(bool)
		*c.EmailVerified = true
	case "false":
		c.EmailVerified = new(bool)
	}
	return nil
}

// Callback is where the provider sends the browser back with a code. The
// code is exchanged with the PKCE verifier, and the ID token verified
// (signature against the provider's keys, issuer, audience, expiry) and
// matched to this browser's nonce before anyone is signed in.
func (h *Handler) Callback(w http.ResponseWriter, r *http.Request) {
	id, ok := httpx.IDParam(w, r, "id")
	if !ok {
		return
	}
	ctx := r.Context()
	p, err := h.loadProvider(ctx, id)
	if errors.Is(err, errNoProvider) || (err == nil && p.Protocol != "oidc") {
		httpx.NotFound(w, r)
		return
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	ref := func(why reason, cause error) *refusal {
		return &refusal{reason: why, institution: p.displayName(ctx), cause: cause, retry: h.retryFor(p)}
	}
	var flow oidcFlow
	q := r.URL.Query()
	if !h.Sessions.TakeFlow(ctx, oidcFlowName, &flow) || flow.Provider != p.ID ||
		time.Since(time.Unix(flow.Started, 0)) > flowLifetime || q.Get("state") != flow.State {
		h.render(w, r, ref(reasonStale, errors.New("no matching sign-in in this session")))
		return
	}
	if e := q.Get("error"); e != "" {
		why := reasonIdPError
		if e == "access_denied" {
			why = reasonCancelled
		}
		h.render(w, r, ref(why, errors.New("provider answered "+e+": "+q.Get("error_description"))))
		return
	}
	prov, cfg, endSession, err := h.oidcClient(ctx, p)
	if err != nil {
		h.render(w, r, ref(reasonUnreachable, err))
		return
	}
	exchangeCtx, cancel := withoutRequestDeadline(ctx, 20*time.Second)
	defer cancel()
	tok, err := cfg.Exchange(oidc.ClientContext(exchangeCtx, h.HTTP), q.Get("code"), oauth2.VerifierOption(flow.Verifier))
	if err != nil {
		h.render(w, r, ref(reasonUnreachable, err))
		return
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		h.render(w, r, ref(reasonUnreachable, errors.New("no id_token in the token response")))
		return
	}
	if why := precheckIDToken(raw, p.OidcIssuer, p.OidcClientID, time.Now()); why != 0 {
		h.render(w, r, ref(why, errors.New("id token failed its checks")))
		return
	}
	idt, err := prov.Verifier(&oidc.Config{ClientID: p.OidcClientID}).Verify(ctx, raw)
	if err != nil {
		h.render(w, r, ref(reasonBadSignature, err))
		return
	}
	if idt.Nonce != flow.Nonce {
		h.render(w, r, ref(reasonNonce, errors.New("nonce does not match this browser's")))
		return
	}
	var claims oidcClaims
	if err := idt.Claims(&claims); err != nil {
		h.render(w, r, ref(reasonUnreachable, err))
		return
	}
	if p.OidcFlavour == "google" && !hostedDomainAllowed(claims.HostedDomain, p.Domains) {
		h.render(w, r, ref(reasonHostedDomain, errors.New("hosted domain "+claims.HostedDomain+" is not the institution's")))
		return
	}
	person := Identity{Subject: idt.Subject, Email: claims.Email, EmailVerified: claims.EmailVerified, Name: claims.Name}
	if p.OidcFlavour == "entra" {
		// An Entra subject is pairwise per application; the object id is
		// not needed. The address comes from the optional email claim, or
		// the sign-in name, which is an address in the tenant's domains.
		if person.Email == "" && strings.Contains(claims.PreferredUsername, "@") {
			person.Email = claims.PreferredUsername
		}
	}
	if person.Name == "" {
		person.Name = strings.TrimSpace(claims.GivenName + " " + claims.FamilyName)
	}
	signOut := auth.ProviderSignOut{ProviderID: p.ID, Name: p.Name}
	if endSession != "" {
		signOut.IDToken = raw
	}
	h.finish(w, r, p, person, flow.Next, signOut)
}

// precheckIDToken reads the token's claims, before its signature is
// verified, only to say which check a bad token fails: the issuer, the
// audience or the expiry. go-oidc's Verify, which checks all of these and
// the signature, remains the decision.
func precheckIDToken(raw, issuer, clientID string, now time.Time) reason {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return reasonBadSignature
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return reasonBadSignature
	}
	var c struct {
		Issuer   string          `json:"iss"`
		Audience json.RawMessage `json:"aud"`
		Expiry   float64         `json:"exp"`
	}
	if err := json.Unmarshal(payload, &c); err != nil {
		return reasonBadSignature
	}
	var aud []string
	if err := json.Unmarshal(c.Audience, &aud); err != nil {
		var one string
		if json.Unmarshal(c.Audience, &one) == nil {
			aud = []string{one}
		}
	}
	switch {
	case c.Issuer != issuer:
		return reasonWrongIssuer
	case !slices.Contains(aud, clientID):
		return reasonWrongAudience
	case c.Expiry == 0 || now.After(time.Unix(int64(c.Expiry), 0)):
		return reasonExpired
	}
	return 0
}

// oidcSignOutURL is the provider's end-session address with the ID token
// as a hint and the sign-in page to come back to, or "" when the provider
// publishes none.
func (h *Handler) oidcSignOutURL(ctx context.Context, p provider, idToken string) (string, error) {
	_, cfg, endSession, err := h.oidcClient(ctx, p)
	if err != nil || endSession == "" {
		return "", err
	}
	u, err := url.Parse(endSession)
	if err != nil {
		return "", err
	}
	q := u.Query()
	if idToken != "" {
		q.Set("id_token_hint", idToken)
	}
	q.Set("client_id", cfg.ClientID)
	q.Set("post_logout_redirect_uri", h.absolute(paths.SignIn))
	u.RawQuery = q.Encode()
	return u.String(), nil
}
