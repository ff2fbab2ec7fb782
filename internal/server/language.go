package server

import (
	"net/http"

	"belonging/internal/language"
	"belonging/internal/reqctx"
)

// institutionLanguage answers a signed-in person who has not chosen a
// language in their institution's default (README, "Welsh and English").
// It reads only the person already loaded for the request.
func institutionLanguage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u := reqctx.UserFrom(r.Context()); u != nil {
			language.Institution(w, r, u.Language)
		}
		next.ServeHTTP(w, r)
	})
}
