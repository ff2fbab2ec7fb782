package httpx

import (
	"errors"
	"net/http"

	"belonging/internal/httpx/form"
)

// ParseForm reads a posted form. The body was already capped by the
// middleware; an oversized body gets 413 and malformed data 400, each with
// a page that says so. ok is false when a response has been written.
func ParseForm(w http.ResponseWriter, r *http.Request) (v form.Values, ok bool) {
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			PayloadTooLarge(w, r, tooBig.Limit)
			return form.Values{}, false
		}
		BadRequest(w, r, "The form data could not be read. Reload the page and try again.")
		return form.Values{}, false
	}
	return form.Values{Values: r.PostForm}, true
}
