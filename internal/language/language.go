// Package language chooses the language each request is answered in and
// lets a reader change it. The choice, in order: the lang cookie (set by
// the switch on every page), then a browser's Accept-Language that names
// Welsh, then the institution's default (an admin setting, when the
// request knows its institution), then the DEFAULT_LANGUAGE setting.
//
// A browser that names English and not Welsh is not taken as a choice
// against Welsh: that is how nearly every browser comes, in Wales too, so
// at a Welsh-default institution it still reads Welsh first, with the
// switch to English on every page. One that names Welsh was set up so by
// its reader, and is followed either way it ranks the two.
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

var (
	welsh   = language.MustParse("cy")
	matcher = language.NewMatcher([]language.Tag{language.English, welsh})
)

// Choose is the language a request is answered in: the reader's own
// (Stated), or else fallback, the default where the request is read.
func Choose(r *http.Request, fallback string) string {
	if lang, ok := Stated(r); ok {
		return lang
	}
	return i18n.Supported(fallback)
}

// Stated is the language the reader asked for, if they did: the lang
// cookie, or an Accept-Language header that names Welsh (answered with
// whichever of Welsh and English it ranks first).
func Stated(r *http.Request) (string, bool) {
	if c, err := r.Cookie(Cookie); err == nil && (c.Value == i18n.English || c.Value == i18n.Welsh) {
		return c.Value, true
	}
	accept := r.Header.Get("Accept-Language")
	if accept == "" {
		return "", false
	}
	tags, _, err := language.ParseAcceptLanguage(accept)
	if err != nil {
		return "", false
	}
	for _, t := range tags {
		if base, _ := t.Base(); base.String() == "cy" {
			_, i, _ := matcher.Match(tags...)
			return i18n.Languages[i], true
		}
	}
	return "", false
}

// Middleware puts the chosen language in the request's context, where
// every template finds it, and tells caches the page depends on it.
func Middleware(fallback string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			lang := Choose(r, fallback)
			h := w.Header()
			h.Add("Vary", "Accept-Language, Cookie")
			ctx := i18n.WithHere(i18n.WithLang(r.Context(), lang), r.URL.RequestURI())
			h.Set("Content-Language", i18n.Tag(ctx))
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// Institution applies an institution's default language ("en" or "cy";
// "" when it has none) to a request whose reader has not stated one, once
// the request knows its institution: the signed-in person's, or the
// survey's or session's on a student's page.
func Institution(w http.ResponseWriter, r *http.Request, lang string) {
	if lang == "" {
		return
	}
	if _, ok := Stated(r); ok {
		return
	}
	i18n.Relang(r.Context(), lang)
	w.Header().Set("Content-Language", i18n.Tag(r.Context()))
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
