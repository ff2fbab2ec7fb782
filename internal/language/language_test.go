package language_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"belonging/internal/i18n"
	"belonging/internal/language"
)

// The language comes from the reader's own choice first, then their
// browser, then the institution's default.
func TestChoose(t *testing.T) {
	for _, tc := range []struct {
		name, cookie, accept, fallback, want string
	}{
		{"nothing said", "", "", "en", "en"},
		{"institution default", "", "", "cy", "cy"},
		{"browser asks for Welsh", "", "cy-GB,cy;q=0.9,en;q=0.8", "en", "cy"},
		{"browser prefers English", "", "en-GB,en;q=0.9,cy;q=0.5", "cy", "en"},
		{"browser asks for neither", "", "fr-FR,fr;q=0.9", "cy", "cy"},
		{"cookie beats browser", "en", "cy", "cy", "en"},
		{"cookie chose Welsh", "cy", "en-GB", "en", "cy"},
		{"unknown cookie ignored", "fr", "", "cy", "cy"},
		{"malformed header ignored", "", ";;;q=x", "en", "en"},
		{"browser names only English: the default decides", "", "en-GB,en;q=0.9", "cy", "cy"},
		{"browser names only English, English default", "", "en-GB,en;q=0.9", "en", "en"},
		{"browser names Welsh below French", "", "fr,cy;q=0.5", "en", "cy"},
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		if tc.cookie != "" {
			r.AddCookie(&http.Cookie{Name: language.Cookie, Value: tc.cookie})
		}
		if tc.accept != "" {
			r.Header.Set("Accept-Language", tc.accept)
		}
		if got := language.Choose(r, tc.fallback); got != tc.want {
			t.Errorf("%s: Choose(cookie %q, Accept-Language %q, default %q) = %q, want %q", tc.name, tc.cookie, tc.accept, tc.fallback, got, tc.want)
		}
	}
}

// TestInstitutionDefault: once a request knows its institution, that
// institution's default answers a reader who has not stated a language,
// and a reader who has (the cookie, a browser naming Welsh) keeps theirs.
func TestInstitutionDefault(t *testing.T) {
	for _, tc := range []struct {
		name, cookie, accept, deployment, institution, want string
	}{
		{"Welsh institution, browser says en-GB", "", "en-GB,en;q=0.9", "en", "cy", "cy"},
		{"Welsh institution, no header", "", "", "en", "cy", "cy"},
		{"Welsh institution, reader chose English", "en", "en-GB", "en", "cy", "en"},
		{"Welsh institution, browser ranks English over Welsh", "", "en-GB,cy;q=0.5", "en", "cy", "en"},
		{"English institution in a Welsh deployment", "", "en-GB", "cy", "en", "en"},
		{"English institution, browser asks for Welsh", "", "cy", "en", "en", "cy"},
		{"English institution, reader chose Welsh", "cy", "en-GB", "en", "en", "cy"},
		{"no institution known", "", "en-GB", "cy", "", "cy"},
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		if tc.cookie != "" {
			r.AddCookie(&http.Cookie{Name: language.Cookie, Value: tc.cookie})
		}
		if tc.accept != "" {
			r.Header.Set("Accept-Language", tc.accept)
		}
		var got, header string
		w := httptest.NewRecorder()
		language.Middleware(tc.deployment)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			language.Institution(w, r, tc.institution)
			got, header = i18n.Lang(r.Context()), w.Header().Get("Content-Language")
		})).ServeHTTP(w, r)
		if got != tc.want {
			t.Errorf("%s: language = %q, want %q", tc.name, got, tc.want)
		}
		if want := map[string]string{"en": "en-GB", "cy": "cy"}[tc.want]; header != want {
			t.Errorf("%s: Content-Language = %q, want %q", tc.name, header, want)
		}
	}
}

// The switch goes back only to a path on this site.
func TestSwitchGoesBackOnlyToThisSite(t *testing.T) {
	for _, tc := range []struct{ query, status, location, cookie string }{
		{"to=cy&back=%2Fs%2Fabc%3Fx%3D1", "303", "/s/abc?x=1", "lang=cy"},
		{"to=en&back=%2Fprogrammes", "303", "/programmes", "lang=en"},
		{"to=cy&back=%2F%2Fevil.example%2F", "303", "/", "lang=cy"},
		{"to=cy&back=https%3A%2F%2Fevil.example%2F", "303", "/", "lang=cy"},
		{"to=cy&back=%2F%5Cevil.example", "303", "/", "lang=cy"},
		{"to=cy", "303", "/", "lang=cy"},
		{"to=fr&back=%2F", "400", "", ""},
		{"back=%2F", "400", "", ""},
	} {
		w := httptest.NewRecorder()
		language.Switch{}.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/language?"+tc.query, nil))
		if got := strconv.Itoa(w.Code); got != tc.status || w.Header().Get("Location") != tc.location {
			t.Errorf("GET /language?%s = %s to %q, want %s to %q", tc.query, got, w.Header().Get("Location"), tc.status, tc.location)
		}
		if ck := w.Header().Get("Set-Cookie"); (tc.cookie == "") != (ck == "") || !strings.HasPrefix(ck, tc.cookie) {
			t.Errorf("GET /language?%s set cookie %q, want %q", tc.query, ck, tc.cookie)
		}
	}
}
