package org

import (
	"net/http"

	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/web"
	page "belonging/web/pages/org"
)

// AdminHome shows the administration overview with the institution's
// counts.
func (h *Handler) AdminHome(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	c, err := h.Queries.InstitutionCounts(ctx, u.InstitutionID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(ctx, "org.admin.title"), Section: "admin"}, page.AdminOverview(page.AdminHome{
		Institution: u.InstitutionName, Departments: int(c.Departments), Programmes: int(c.Programmes), Modules: int(c.Modules),
		People: int(c.People), OpenInvitations: int(c.OpenInvitations),
	}))
}
