package survey

import (
	"net/http"

	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/web"
	page "belonging/web/pages/survey"
)

// Poster is a printable page with the survey's link and QR code.
func (h *Handler) Poster(w http.ResponseWriter, r *http.Request) {
	s, ok := h.Access.Survey(w, r, auth.ViewProgramme)
	if !ok {
		return
	}
	about := s.ProgrammeTitle
	if s.ActivityID != nil {
		about = s.ActivityTitle + " · " + s.ProgrammeTitle
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: s.Title + ": poster", Bare: true},
		page.PosterPage(page.Poster{ID: s.ID, Title: s.Title, About: about, Link: h.publicURL(s.Token), Closes: s.ClosesAt.In(london), MinGroup: h.minGroup()}))
}
