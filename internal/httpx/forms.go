package httpx

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

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

// UnstorableForm is the message for a form holding text that cannot be
// stored.
const UnstorableForm = "The form contained characters that cannot be saved (a NUL byte, or text that is not UTF-8), so nothing was saved. Go back, retype the text and send it again."

// Storable reports whether s is text PostgreSQL can store: valid UTF-8
// without NUL bytes.
func Storable(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

// StorableValues reports whether every name and value is Storable.
func StorableValues(vals url.Values) bool {
	for k, vs := range vals {
		if !Storable(k) {
			return false
		}
		for _, v := range vs {
			if !Storable(v) {
				return false
			}
		}
	}
	return true
}
