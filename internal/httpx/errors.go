package httpx

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"syscall"
	"time"

	"belonging/internal/blob"
	"belonging/internal/db"
	"belonging/internal/i18n"
	"belonging/web"
)

// Error renders an error page with the given status and words.
func Error(w http.ResponseWriter, r *http.Request, v web.ErrorView) {
	write(w, r, v.Status, web.Base(web.Page{Title: v.Title}, web.ErrorPage(v)))
}

// retryAfterSeconds is what a 503 asks clients to wait before trying again.
const retryAfterSeconds = "5"

// ServerError logs err with the request's id and renders a generic 500
// page. The browser never sees the error's text.
func ServerError(w http.ResponseWriter, r *http.Request, err error) {
	if ctxErr := r.Context().Err(); ctxErr != nil && errors.Is(err, ctxErr) {
		// The request's deadline passed or the person went away.
		Logger(r.Context()).Warn("request ended early", "err", err)
		w.Header().Set("Retry-After", retryAfterSeconds)
		Error(w, r, web.ErrorView{Status: http.StatusServiceUnavailable, Title: i18n.T(r.Context(), "error.timeout.title"),
			Message: i18n.T(r.Context(), "error.timeout.message")})
		return
	}
	if StorageFull(err) {
		// Distinct from "server error", for operators: the fix is space.
		Logger(r.Context()).Error("storage full: nothing was saved; free space or enlarge the file store or the upload spool under DATA_DIR", "err", err)
		Error(w, r, web.ErrorView{
			Status:  http.StatusInsufficientStorage,
			Title:   i18n.T(r.Context(), "error.full.title"),
			Message: i18n.T(r.Context(), "error.full.message"),
		})
		return
	}
	if db.Unavailable(err) {
		// Busy, locked, restarting or unreachable: worth trying again.
		Logger(r.Context()).Warn("database unavailable", "err", err)
		Unavailable(w, r)
		return
	}
	Logger(r.Context()).Error("server error", "err", err)
	Error(w, r, web.ErrorView{
		Status:  http.StatusInternalServerError,
		Title:   i18n.T(r.Context(), "error.server.title"),
		Message: i18n.T(r.Context(), "error.server.message"),
	})
}

// StorageFull reports whether err means a disk or object store had no room
// left (ENOSPC, a quota, or the S3 store saying it is full).
func StorageFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) || errors.Is(err, blob.ErrFull)
}

// Unavailable renders the 503 page for a database that is busy, locked,
// restarting or out of reach, with Retry-After.
func Unavailable(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Retry-After", retryAfterSeconds)
	Error(w, r, web.ErrorView{
		Status:  http.StatusServiceUnavailable,
		Title:   i18n.T(r.Context(), "error.unavailable.title"),
		Message: i18n.T(r.Context(), "error.unavailable.message"),
	})
}

// NotFound renders the 404 page. Another institution's private record is
// answered the same way, so nobody can learn that it exists.
func NotFound(w http.ResponseWriter, r *http.Request) {
	Error(w, r, web.ErrorView{
		Status:  http.StatusNotFound,
		Title:   i18n.T(r.Context(), "error.not_found.title"),
		Message: i18n.T(r.Context(), "error.not_found.message"),
	})
}

// MethodNotAllowed renders the 405 page.
func MethodNotAllowed(w http.ResponseWriter, r *http.Request) {
	Error(w, r, web.ErrorView{
		Status:  http.StatusMethodNotAllowed,
		Title:   i18n.T(r.Context(), "error.method.title"),
		Message: i18n.T(r.Context(), "error.method.message", "Method", r.Method),
	})
}

// Forbidden renders the 403 page: for requests refused whatever the person's
// role, such as a form posted from another site.
func Forbidden(w http.ResponseWriter, r *http.Request, message string) {
	Error(w, r, web.ErrorView{Status: http.StatusForbidden, Title: i18n.T(r.Context(), "error.forbidden.title"), Message: message})
}

// BadRequest renders the 400 page with a message saying what was wrong.
func BadRequest(w http.ResponseWriter, r *http.Request, message string) {
	Error(w, r, web.ErrorView{Status: http.StatusBadRequest, Title: i18n.T(r.Context(), "error.bad_request.title"), Message: message})
}

// PayloadTooLarge renders the 413 page.
func PayloadTooLarge(w http.ResponseWriter, r *http.Request, limit int64) {
	Error(w, r, web.ErrorView{
		Status:  http.StatusRequestEntityTooLarge,
		Title:   i18n.T(r.Context(), "error.too_large.title"),
		Message: i18n.T(r.Context(), "error.too_large.message", "Limit", FormatBytes(limit)),
	})
}

// TooManyRequests renders the 429 page with a Retry-After header.
func TooManyRequests(w http.ResponseWriter, r *http.Request, retryAfter time.Duration, message string) {
	w.Header().Set("Retry-After", strconv.Itoa(int(retryAfter.Seconds())))
	Error(w, r, web.ErrorView{Status: http.StatusTooManyRequests, Title: i18n.T(r.Context(), "error.too_many.title"), Message: message})
}

// FormatBytes writes a size for people: "25 MiB", "512 KiB".
func FormatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
