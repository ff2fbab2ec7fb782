// Package language chooses the language each request is answered in and
// lets a reader change it. The choice, in order: the lang cookie (set by
// the switch on every page), then the browser's Accept-Language, then the
// institution's default (the DEFAULT_LANGUAGE setting).
package language

import (
	"net/http"
	"strings"
	"time"

	"golang.org/x/text/language"

	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/web/paths"
)

// Cookie names the cookie holding the reader's chosen language. It holds
// "en" or "cy" and nothing else, the same for everyone who chose it.
const Cookie = "lang"

var matcher = language.NewMatcher([]language.Tag{language.English, language.MustParse("cy")})

// Choose is the language a request is answered in.
func Choose(r *http.Request, fallback string) string {
	if c, err := r.Cookie(Cookie); err == nil && (c.Value == i18n.English || c.Value == i18n.Welsh) {
		return c.Value
	}
	if accept := r.Header.Get("Accept-Language"); accept != "" {
		tags, _, err := language.ParseAcceptLanguage(accept)
		if err == nil && len(tags) > 0 {
			_, i, conf := matcher.Match(tags...)
			if conf != language.No {
				return i18n.Languages[i]
			}
		}
	}
	return i18n.Supported(fallback)
}

// Middleware puts the chosen language in the request's context, where
// every template finds it, and tells caches the page depends on it.
func Middleware(fallback string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			lang := Choose(r, fallback)
			h := w.Header()
			h.Add("Vary", "Accept-Language, Cookie")
			h.Set("Content-Language", i18n.Tag(i18n.WithLang(r.Context(), lang)))
			ctx := i18n.WithHere(i18n.WithLang(r.Context(), lang), r.URL.RequestURI())
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// Switch is what the language link on every page does: it keeps the
// choice in the lang cookie and goes back to the page the reader was on.
// Only a path on this site is followed back; anything else leads home.
type Switch struct {
	SecureCookies bool
}

// ServeHTTP answers GET /language?to=cy&back=/path.
func (s Switch) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	to := r.URL.Query().Get("to")
	if to != i18n.English && to != i18n.Welsh {
		httpx.BadRequest(w, r, i18n.T(r.Context(), "language.bad_choice"))
		return
	}
	Remember(w, to, s.SecureCookies)
	httpx.SeeOther(w, r, LocalPath(r.URL.Query().Get("back")))
}

// Remember gives the browser the lang cookie for a year.
func Remember(w http.ResponseWriter, lang string, secure bool) {
	http.SetCookie(w, &http.Cookie{Name: Cookie, Value: i18n.Supported(lang), Path: "/", MaxAge: int((365 * 24 * time.Hour).Seconds()),
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
}

// LocalPath is back when it is a path on this site ("/s/abc?x=1"), and the
// home page otherwise: never another site ("//evil.example",
// "https://…", "/\evil.example"), so the switch cannot send a reader
// elsewhere.
func LocalPath(back string) string {
	if back == "" || back[0] != '/' || strings.HasPrefix(back, "//") || strings.ContainsAny(back, "\\\r\n\t") {
		return paths.Home
	}
	return back
}
