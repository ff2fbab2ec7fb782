package server

import (
	"net/http"

	"github.com/a-h/templ"

	"belonging/internal/access"
	"belonging/internal/store"
)

// planSection is another feature's section of a programme's plan page;
// nil when it has nothing to show.
type planSection func(r *http.Request, p access.Programme, year int) (templ.Component, error)

// planSections shows several features' sections on the plan, in order.
func planSections(sections ...planSection) planSection {
	return func(r *http.Request, p access.Programme, year int) (templ.Component, error) {
		var shown []templ.Component
		for _, s := range sections {
			c, err := s(r, p, year)
			if err != nil {
				return nil, err
			}
			if c != nil {
				shown = append(shown, c)
			}
		}
		return templ.Join(shown...), nil
	}
}

// planReads gathers the reads of the plan page's sections, for the page
// to send in one batch with its own.
func planReads(reads ...func(*store.Queries, *http.Request, access.Programme, int)) func(*store.Queries, *http.Request, access.Programme, int) {
	return func(q *store.Queries, r *http.Request, p access.Programme, year int) {
		for _, read := range reads {
			read(q, r, p, year)
		}
	}
}
