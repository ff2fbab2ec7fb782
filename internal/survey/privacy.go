package survey

import (
	"net/http"

	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/retention"
	"belonging/web"
	page "belonging/web/pages/survey"
)

// Privacy tells staff what surveys collect and why.
func (h *Handler) Privacy(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	days := int(h.retention().Hours() / 24)
	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(ctx, "surveyprivacy.title"), Section: "programmes"},
		page.PrivacyPage(page.Privacy{MinGroup: h.minGroup(), RetentionDays: days, RetentionWords: retention.WordsIn(ctx, h.retention())}))
}
