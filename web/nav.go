package web

import (
	"context"
	"strconv"

	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/web/paths"
)

// Navigation returns the main navigation for a signed-in person: what they
// can use, in the order they use it.
func Navigation(u *reqctx.User) []NavItem {
	if u.StudentPartner {
		return []NavItem{{Label: "Your activities", URL: paths.PartnerHome, Section: "partner"},
			{Label: "Case studies", URL: paths.Library, Section: "library"}}
	}
	items := []NavItem{{Label: "Home", URL: "/", Section: "home"}}
	if u.InstitutionID != 0 {
		items = append(items, NavItem{Label: "Programmes", URL: paths.Programmes, Section: "programmes"})
	}
	items = append(items, NavItem{Label: "Case studies", URL: paths.Library, Section: "library"},
		NavItem{Label: "Collections", URL: paths.Collections, Section: "collections"})
	switch {
	case u.InstitutionID != 0:
		items = append(items, NavItem{Label: "Reports", URL: paths.Reports, Section: "reports"})
	case u.IsCoordinator:
		items = append(items, NavItem{Label: "Network report", URL: paths.NetworkReport, Section: "reports"})
	}
	if u.IsAdmin() {
		items = append(items, NavItem{Label: "Administration", URL: paths.Admin, Section: "admin"})
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

// noticesOf is the institution whose statement and notice the footer
// links to (see Page.NoticesOf): "" for the lists of all of them.
func noticesOf(ctx context.Context, p Page) string {
	if p.NoticesOf != "" {
		return p.NoticesOf
	}
	if u := reqctx.UserFrom(ctx); u != nil {
		return u.InstitutionSlug
	}
	return ""
}

// NavLabel is a navigation item's label in the reader's language.
func NavLabel(ctx context.Context, label string) string {
	switch label {
	case "Home":
		return i18n.T(ctx, "nav.home")
	case "Programmes":
		return i18n.T(ctx, "nav.programmes")
	case "Case studies":
		return i18n.T(ctx, "nav.case_studies")
	case "Collections":
		return i18n.T(ctx, "nav.collections")
	case "Reports":
		return i18n.T(ctx, "nav.reports")
	case "Network report":
		return i18n.T(ctx, "nav.network_report")
	case "Administration":
		return i18n.T(ctx, "nav.administration")
	case "Your activities":
		return i18n.T(ctx, "nav.your_activities")
	}
	return label
}
