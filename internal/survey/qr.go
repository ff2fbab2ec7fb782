package survey

import (
	"net/http"
	"strconv"

	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/qrcode"
)

// QRSVG serves the survey's QR code as SVG, for slides and the poster.
func (h *Handler) QRSVG(w http.ResponseWriter, r *http.Request) {
	s, ok := h.Access.Survey(w, r, auth.ViewProgramme)
	if !ok {
		return
	}
	link := h.publicURL(s.Token)
	code, err := qrcode.Encode(link)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	body := qrcode.SVG(code, link)
	h.sendImage(w, "image/svg+xml", "survey-"+strconv.FormatInt(s.ID, 10)+".svg", body)
}

// QRPNG serves the survey's QR code as PNG, for documents and VLE pages.
func (h *Handler) QRPNG(w http.ResponseWriter, r *http.Request) {
	s, ok := h.Access.Survey(w, r, auth.ViewProgramme)
	if !ok {
		return
	}
	code, err := qrcode.Encode(h.publicURL(s.Token))
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	body, err := qrcode.PNG(code)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.sendImage(w, "image/png", "survey-"+strconv.FormatInt(s.ID, 10)+".png", body)
}

func (h *Handler) sendImage(w http.ResponseWriter, ctype, name string, body []byte) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`"`)
	_, _ = w.Write(body)
}
