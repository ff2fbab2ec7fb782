package components

import (
	"net/url"
	"strconv"
)

// Pager describes where a list is: which page of how many results, and the
// query the other pages keep (the filters).
type Pager struct {
	Page    int
	PerPage int
	Total   int
	Path    string
	Query   url.Values
}

// Pages is the number of pages.
func (p Pager) Pages() int {
	if p.PerPage <= 0 || p.Total <= 0 {
		return 1
	}
	return (p.Total + p.PerPage - 1) / p.PerPage
}

// First and Last are the positions of the first and last result shown.
func (p Pager) First() int {
	if p.Total == 0 {
		return 0
	}
	return (p.Page-1)*p.PerPage + 1
}

func (p Pager) Last() int { return min(p.Page*p.PerPage, p.Total) }

// URL links to page n with the same filters.
func (p Pager) URL(n int) string {
	q := url.Values{}
	for k, v := range p.Query {
		if k != "page" {
			q[k] = v
		}
	}
	if n > 1 {
		q.Set("page", strconv.Itoa(n))
	}
	if len(q) == 0 {
		return p.Path
	}
	return p.Path + "?" + q.Encode()
}
