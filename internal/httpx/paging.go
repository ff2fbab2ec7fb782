package httpx

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"
)

// Paging is the page of a list a request asks for (?page=N, from 1).
type Paging struct {
	Page    int
	PerPage int
}

// PagingFrom reads ?page, keeping it within sensible bounds.
func PagingFrom(r *http.Request, perPage int) Paging {
	p, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || p < 1 {
		p = 1
	}
	return Paging{Page: min(p, 10000), PerPage: perPage}
}

// Limit and Offset are the SQL LIMIT and OFFSET for the page.
func (p Paging) Limit() int32  { return int32(p.PerPage) }
func (p Paging) Offset() int32 { return int32((p.Page - 1) * p.PerPage) }

// IDParam reads a numeric id from the route. ok is false (and the 404 page
// written) when it is not a positive number.
func IDParam(w http.ResponseWriter, r *http.Request, name string) (id int64, ok bool) {
	if id, ok = ParseID(r, name); !ok {
		NotFound(w, r)
	}
	return id, ok
}

// ParseID reads the route parameter name as a record's id (a positive
// whole number), answering nothing when it is not one.
func ParseID(r *http.Request, name string) (id int64, ok bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	if err != nil || id <= 0 {
		return 0, false
	}
	return id, true
}

// Like escapes the wildcards of a search term for ILIKE '%' || term || '%'.
func Like(term string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.TrimSpace(term))
}
