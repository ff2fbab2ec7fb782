package web

import (
	"strconv"

	"belonging/internal/reqctx"
)

// Navigation returns the main navigation for a signed-in person: what they
// can use, in the order they use it.
func Navigation(u *reqctx.User) []NavItem {
	items := []NavItem{{Label: "Home", URL: "/", Section: "home"}}
	if u.InstitutionID != 0 {
		items = append(items, NavItem{Label: "Programmes", URL: "/programmes", Section: "programmes"})
	}
	items = append(items, NavItem{Label: "Case studies", URL: "/library", Section: "library"},
		NavItem{Label: "Collections", URL: "/collections", Section: "collections"})
	switch {
	case u.InstitutionID != 0:
		items = append(items, NavItem{Label: "Reports", URL: "/reports", Section: "reports"})
	case u.IsCoordinator:
		items = append(items, NavItem{Label: "Network report", URL: "/reports/network", Section: "reports"})
	}
	if u.IsAdmin() {
		items = append(items, NavItem{Label: "Administration", URL: "/admin", Section: "admin"})
	}
	return items
}

func flashRole(kind string) string {
	if kind == "error" {
		return "alert"
	}
	return "status"
}

func statusText(code int) string { return strconv.Itoa(code) }
