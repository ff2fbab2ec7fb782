package survey

import (
	"fmt"
	"net/http"

	"belonging/internal/httpx"
	"belonging/web"
	page "belonging/web/pages/survey"
)

// Privacy tells staff what surveys collect and why.
func (h *Handler) Privacy(w http.ResponseWriter, r *http.Request) {
	days := int(h.retention().Hours() / 24)
	words := fmt.Sprintf("%d days", days)
	if days > 0 && days%365 == 0 {
		words = fmt.Sprintf("%d %s", days/365, plural(days/365, "year", "years"))
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: "What pulse surveys collect", Section: "programmes"},
		page.PrivacyPage(page.Privacy{MinGroup: h.minGroup(), RetentionDays: days, RetentionWords: words}))
}
