// Package home serves the signed-in home page and the public information
// pages (accessibility, privacy).
package home

import (
	"fmt"
	"net/http"

	"belonging/internal/httpx"
	"belonging/internal/reqctx"
	"belonging/web"
	page "belonging/web/pages/home"
)

// Handler serves the home page and information pages.
type Handler struct{}

// Home shows the signed-in person where they work.
func (h *Handler) Home(w http.ResponseWriter, r *http.Request) {
	u := reqctx.UserFrom(r.Context())
	v := page.HomeView{FirstName: u.FirstName(), Institution: u.InstitutionName}
	if u.IsCoordinator {
		v.Places = append(v.Places, page.Place{Label: "Case study library", Role: "Coordinator", URL: "/library"})
	}
	for _, m := range u.Memberships {
		p := page.Place{Label: m.Label, Role: reqctx.RoleLabel(m.Role)}
		switch {
		case m.ProgrammeID != 0:
			p.URL = fmt.Sprintf("/programmes/%d", m.ProgrammeID)
		case m.ModuleID != 0:
			p.URL = fmt.Sprintf("/modules/%d", m.ModuleID)
		case m.Role == reqctx.RoleAdmin:
			p.URL = "/admin"
		}
		v.Places = append(v.Places, p)
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: "Home", Section: "home"}, page.Home(v))
}

// Accessibility shows the accessibility statement.
func (h *Handler) Accessibility(w http.ResponseWriter, r *http.Request) {
	httpx.Render(w, r, http.StatusOK, web.Page{Title: "Accessibility statement"}, page.Accessibility())
}

// Privacy shows what the app keeps about people.
func (h *Handler) Privacy(w http.ResponseWriter, r *http.Request) {
	httpx.Render(w, r, http.StatusOK, web.Page{Title: "Privacy"}, page.Privacy())
}
