package org

import (
	"net/http"
	"slices"
	"strconv"

	"belonging/internal/audit"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/retention"
	"belonging/internal/store"
	"belonging/web"
	page "belonging/web/pages/org"
	"belonging/web/paths"
)

func (h *Handler) renderSettings(w http.ResponseWriter, r *http.Request, status int, v page.SettingsForm) {
	v.Institution, v.Threshold = reqctx.UserFrom(r.Context()).InstitutionName, h.networkThreshold()
	ctx := r.Context()
	v.SurveyRetention = retention.WordsIn(ctx, h.SurveyRetention)
	httpx.Render(w, r, status, web.Page{Title: i18n.T(ctx, "org.settings.title"), Section: "admin",
		Breadcrumbs: []web.Crumb{adminCrumb(ctx), {Label: i18n.T(ctx, "org.settings.crumb")}}}, page.Settings(v))
}

// networkThreshold is the fewest institutions a network figure rests on,
// for the settings page to say.
func (h *Handler) networkThreshold() int { return max(h.NetworkMinInstitutions, 3) }

// Settings shows the institution's settings.
func (h *Handler) Settings(w http.ResponseWriter, r *http.Request) {
	id := reqctx.UserFrom(r.Context()).InstitutionID
	s, err := h.Queries.GetInstitutionSettings(r.Context(), id)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	lang, err := h.Queries.GetInstitutionLanguage(r.Context(), id)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.renderSettings(w, r, http.StatusOK, page.SettingsForm{StartMonth: strconv.Itoa(int(s.YearStartMonth)), Share: s.ShareNetworkFigures, Language: lang,
		EvidenceYears: yearsText(s.EvidenceFileRetentionYears), OutcomeYears: yearsText(s.OutcomeRetentionYears)})
}

// yearsText is a retention period as the settings form holds it: "" when
// records are kept until staff delete them.
func yearsText(years *int32) string {
	if years == nil {
		return ""
	}
	return strconv.Itoa(int(*years))
}

// retentionYears reads a retention period the form offered: nil for
// none, false when the value is not one of the choices.
func retentionYears(text string) (*int32, bool) {
	if text == "" {
		return nil, true
	}
	if !slices.Contains(page.RetentionYears, text) {
		return nil, false
	}
	n, _ := strconv.Atoi(text)
	years := int32(n)
	return &years, true
}

// yearsValue is a retention period as the audit log records it: null
// for none.
func yearsValue(years *int32) any {
	if years == nil {
		return nil
	}
	return int(*years)
}

// UpdateSettings saves the institution's settings.
func (h *Handler) UpdateSettings(w http.ResponseWriter, r *http.Request) {
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v := page.SettingsForm{StartMonth: vals.Text("year_start_month"), Share: vals.Bool("share"),
		EvidenceYears: vals.Text("evidence_retention_years"), OutcomeYears: vals.Text("outcome_retention_years"), Language: vals.Text("default_language")}
	month, err := strconv.Atoi(v.StartMonth)
	v.Check(err == nil && month >= 1 && month <= 12, "year_start_month", i18n.T(ctx, "org.settings.start_month.error"))
	v.Check(slices.Contains(page.Languages, v.Language), "default_language", i18n.T(ctx, "org.settings.language.error"))
	evidenceYears, ok := retentionYears(v.EvidenceYears)
	v.Check(ok, "evidence_retention_years", i18n.T(ctx, "org.settings.evidence.error"))
	outcomeYears, ok := retentionYears(v.OutcomeYears)
	v.Check(ok, "outcome_retention_years", i18n.T(ctx, "org.settings.outcomes.error"))
	if !v.Valid() {
		h.renderSettings(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		before, err := q.GetInstitutionSettings(ctx, u.InstitutionID)
		if err != nil {
			return err
		}
		beforeLang, err := q.GetInstitutionLanguage(ctx, u.InstitutionID)
		if err != nil {
			return err
		}
		if err := q.UpdateInstitutionLanguage(ctx, store.UpdateInstitutionLanguageParams{ID: u.InstitutionID, DefaultLanguage: v.Language}); err != nil {
			return err
		}
		if err := q.UpdateInstitutionSettings(ctx, store.UpdateInstitutionSettingsParams{ID: u.InstitutionID,
			YearStartMonth: int32(month), ShareNetworkFigures: v.Share}); err != nil {
			return err
		}
		if err := q.UpdateInstitutionRetention(ctx, store.UpdateInstitutionRetentionParams{ID: u.InstitutionID,
			EvidenceFileRetentionYears: evidenceYears, OutcomeRetentionYears: outcomeYears}); err != nil {
			return err
		}
		changes := audit.Diff(map[string]any{"year_start_month": int(before.YearStartMonth), "share_network_figures": before.ShareNetworkFigures,
			"evidence_file_retention_years": yearsValue(before.EvidenceFileRetentionYears), "outcome_retention_years": yearsValue(before.OutcomeRetentionYears),
			"default_language": beforeLang},
			map[string]any{"year_start_month": month, "share_network_figures": v.Share,
				"evidence_file_retention_years": yearsValue(evidenceYears), "outcome_retention_years": yearsValue(outcomeYears),
				"default_language": v.Language})
		if len(changes) == 0 {
			return nil
		}
		return audit.By(u).Record(ctx, q, "update", "institution", u.InstitutionID, changes)
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "org.settings.saved"))
	httpx.SeeOther(w, r, paths.AdminSettings)
}
