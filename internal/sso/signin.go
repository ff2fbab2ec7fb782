package sso

import (
	"context"
	"errors"
	"net/http"
	"net/mail"
	"net/url"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/language"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	page "belonging/web/pages/sso"
	"belonging/web/paths"
)

// Institutions lists the institutions whose people sign in with a
// provider, filtered by what the person types (a plain GET form, so it
// works without JavaScript).
func (h *Handler) Institutions(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > 100 {
		q = q[:100]
	}
	rows, err := h.Queries.ListSignInInstitutions(r.Context(), q)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v := page.InstitutionList{Q: q, Next: auth.SafeNext(r.URL.Query().Get("next"))}
	for _, row := range rows {
		v.Institutions = append(v.Institutions, page.InstitutionLink{Name: row.Name, URL: withNext(paths.SignInInstitution(row.Slug), v.Next)})
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(r.Context(), "sso.find.title"), Bare: true}, page.Institutions(v))
}

// InstitutionPage offers an institution's ways in: its providers, and its
// password form where passwords are still allowed.
func (h *Handler) InstitutionPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	inst, err := h.Queries.GetSignInInstitution(ctx, chi.URLParam(r, "slug"))
	if errors.Is(err, pgx.ErrNoRows) {
		httpx.NotFound(w, r)
		return
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	// Whoever signs in here is not signed in yet: the page speaks the
	// institution's language unless they chose one.
	language.Institution(w, r, inst.DefaultLanguage)
	providers, err := h.Queries.ListEnabledProviders(ctx, &inst.ID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	next := auth.SafeNext(r.URL.Query().Get("next"))
	hint := r.URL.Query().Get("hint")
	if _, err := mail.ParseAddress(hint); err != nil || len(hint) > 254 {
		hint = ""
	}
	v := page.Chooser{Institution: inst.Name, PasswordsAllowed: inst.PasswordsAllowed, Email: hint,
		PasswordURL: withNext(paths.SignIn, next)}
	for _, p := range providers {
		v.Providers = append(v.Providers, page.ProviderLink{Name: p.Name, Kind: describeKind(ctx, p.Protocol, p.OidcFlavour),
			URL: paths.SSOStart(p.ID, next, hint)})
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(ctx, "sso.chooser.page_title", "Institution", inst.Name), Bare: true}, page.InstitutionChooser(v))
}

// describeKind names the kind of account a provider signs in with, in the
// reader's language.
func describeKind(ctx context.Context, protocol, flavour string) string {
	switch {
	case protocol == "saml":
		return i18n.T(ctx, "sso.kind.saml")
	case flavour == "entra":
		return i18n.T(ctx, "sso.kind.entra")
	case flavour == "google":
		return i18n.T(ctx, "sso.kind.google")
	}
	return i18n.T(ctx, "sso.kind.oidc")
}

func withNext(path, next string) string {
	if next == "" || next == paths.Home {
		return path
	}
	return path + "?next=" + url.QueryEscape(next)
}

// Start begins a sign-in through the provider named by the route. A
// provider not yet shown on the sign-in pages can be tried by its
// institution's admins, which is how they check it works before turning
// passwords off.
func (h *Handler) Start(w http.ResponseWriter, r *http.Request) {
	id, ok := httpx.IDParam(w, r, "id")
	if !ok {
		return
	}
	ctx := r.Context()
	p, err := h.loadProvider(ctx, id)
	if errors.Is(err, errNoProvider) {
		httpx.NotFound(w, r)
		return
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if !p.Enabled && (p.network() || !auth.Can(reqctx.UserFrom(ctx), auth.Administer, auth.Target{InstitutionID: *p.InstitutionID})) {
		httpx.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	next, hint := auth.SafeNext(q.Get("next")), q.Get("hint")
	if _, err := mail.ParseAddress(hint); err != nil || len(hint) > 254 {
		hint = ""
	}
	if p.Protocol == "saml" {
		h.startSAML(w, r, p, next)
		return
	}
	h.startOIDC(w, r, p, next, hint)
}

// ProviderSignOut sends a person who has just signed out of Belonging on to
// sign out at the provider they signed in with, when it offers that.
func (h *Handler) ProviderSignOut(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	offer, ok := h.Sessions.TakeProviderSignOutOffer(ctx)
	if !ok {
		httpx.SeeOther(w, r, paths.SignIn)
		return
	}
	p, err := h.loadProvider(ctx, offer.ProviderID)
	if errors.Is(err, errNoProvider) {
		httpx.SeeOther(w, r, paths.SignIn)
		return
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	var target string
	if p.Protocol == "saml" {
		target, err = h.samlSignOutURL(r, p, offer)
	} else {
		target, err = h.oidcSignOutURL(ctx, p, offer.IDToken)
	}
	if err != nil {
		httpx.Logger(ctx).Warn("provider sign-out", "provider", p.ID, "err", err)
	}
	if target == "" {
		h.Sessions.Flash(ctx, "info", i18n.T(ctx, "sso.signout.not_offered"))
		httpx.SeeOther(w, r, paths.SignIn)
		return
	}
	http.Redirect(w, r, target, http.StatusFound)
}

// Sweep deletes SAML requests and accepted-assertion records past their
// expiry, and password reset links past theirs; the server runs it hourly.
func Sweep(ctx context.Context, q *store.Queries, now time.Time) error {
	if err := q.DeleteExpiredSAMLState(ctx, now); err != nil {
		return err
	}
	return q.DeleteOldPasswordResets(ctx, now.Add(-24*time.Hour))
}
