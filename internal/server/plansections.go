package server

import (
	"net/http"

	"github.com/a-h/templ"

	"belonging/internal/access"
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
