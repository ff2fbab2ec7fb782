package org

import (
	"net/http"
	"strconv"

	"belonging/internal/audit"
	"belonging/internal/httpx"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	page "belonging/web/pages/org"
	"belonging/web/paths"
)

func (h *Handler) renderSettings(w http.ResponseWriter, r *http.Request, status int, v page.SettingsForm) {
	v.Institution, v.Threshold = reqctx.UserFrom(r.Context()).InstitutionName, h.networkThreshold()
	httpx.Render(w, r, status, web.Page{Title: "Institution settings", Section: "admin", Breadcrumbs: []web.Crumb{adminCrumb, {Label: "Settings"}}}, page.Settings(v))
}

// networkThreshold is the fewest institutions a network figure rests on,
// for the settings page to say.
func (h *Handler) networkThreshold() int { return max(h.NetworkMinInstitutions, 3) }

// Settings shows the institution's settings.
func (h *Handler) Settings(w http.ResponseWriter, r *http.Request) {
	s, err := h.Queries.GetInstitutionSettings(r.Context(), reqctx.UserFrom(r.Context()).InstitutionID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.renderSettings(w, r, http.StatusOK, page.SettingsForm{StartMonth: strconv.Itoa(int(s.YearStartMonth)), Share: s.ShareNetworkFigures})
}

// UpdateSettings saves the institution's settings.
func (h *Handler) UpdateSettings(w http.ResponseWriter, r *http.Request) {
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v := page.SettingsForm{StartMonth: vals.Text("year_start_month"), Share: vals.Bool("share")}
	month, err := strconv.Atoi(v.StartMonth)
	v.Check(err == nil && month >= 1 && month <= 12, "year_start_month", "Choose the month the academic year starts in")
	if !v.Valid() {
		h.renderSettings(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		before, err := q.GetInstitutionSettings(ctx, u.InstitutionID)
		if err != nil {
			return err
		}
		if err := q.UpdateInstitutionSettings(ctx, store.UpdateInstitutionSettingsParams{ID: u.InstitutionID,
			YearStartMonth: int32(month), ShareNetworkFigures: v.Share}); err != nil {
			return err
		}
		changes := audit.Diff(map[string]any{"year_start_month": int(before.YearStartMonth), "share_network_figures": before.ShareNetworkFigures},
			map[string]any{"year_start_month": month, "share_network_figures": v.Share})
		if len(changes) == 0 {
			return nil
		}
		return audit.By(u).Record(ctx, q, "update", "institution", u.InstitutionID, changes)
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", "Settings saved.")
	httpx.SeeOther(w, r, paths.AdminSettings)
}
