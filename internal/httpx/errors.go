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
		Error(w, r, web.ErrorView{Status: http.StatusServiceUnavailable, Title: "This took too long",
			Message: "The page took too long to prepare. Please try again in a moment."})
		return
	}
	if StorageFull(err) {
		// Distinct from "server error", for operators: the fix is space.
		Logger(r.Context()).Error("storage full: nothing was saved; free space or enlarge the file store or the upload spool under DATA_DIR", "err", err)
		Error(w, r, web.ErrorView{
			Status:  http.StatusInsufficientStorage,
			Title:   "The file store is full",
			Message: "There is no room left to store files, so nothing was saved. Please tell your institution's administrator; once space has been made, go back and try again.",
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
		Title:   "Sorry, something went wrong",
		Message: "We could not finish that request because of a problem on our side. Nothing you entered has been lost by trying again: go back and resubmit, or try again in a few minutes.",
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
		Status: http.StatusServiceUnavailable,
		Title:  "Please try again shortly",
		Message: "The service is very busy or restarting, so we could not finish that request. Please try again in a few seconds. " +
			"If you were saving something, check whether it was saved before sending it again.",
	})
}

// NotFound renders the 404 page. Another institution's private record is
// answered the same way, so nobody can learn that it exists.
func NotFound(w http.ResponseWriter, r *http.Request) {
	Error(w, r, web.ErrorView{
		Status:  http.StatusNotFound,
		Title:   "Page not found",
		Message: "There is nothing at this address, or you do not have access to it. If you typed the address, check it is correct; if you followed a link, it may be out of date.",
	})
}

// MethodNotAllowed renders the 405 page.
func MethodNotAllowed(w http.ResponseWriter, r *http.Request) {
	Error(w, r, web.ErrorView{
		Status:  http.StatusMethodNotAllowed,
		Title:   "That action is not available here",
		Message: fmt.Sprintf("This address does not accept %s requests. Use the links and buttons on the page instead.", r.Method),
	})
}

// Forbidden renders the 403 page: for requests refused whatever the person's
// role, such as a form posted from another site.
func Forbidden(w http.ResponseWriter, r *http.Request, message string) {
	Error(w, r, web.ErrorView{Status: http.StatusForbidden, Title: "This request was refused", Message: message})
}

// BadRequest renders the 400 page with a message saying what was wrong.
func BadRequest(w http.ResponseWriter, r *http.Request, message string) {
	Error(w, r, web.ErrorView{Status: http.StatusBadRequest, Title: "We could not read that request", Message: message})
}

// PayloadTooLarge renders the 413 page.
func PayloadTooLarge(w http.ResponseWriter, r *http.Request, limit int64) {
	Error(w, r, web.ErrorView{
		Status:  http.StatusRequestEntityTooLarge,
		Title:   "That was too much to send",
		Message: fmt.Sprintf("What you sent is larger than the limit of %s. Go back, shorten or remove what is large, and try again.", FormatBytes(limit)),
	})
}

// TooManyRequests renders the 429 page with a Retry-After header.
func TooManyRequests(w http.ResponseWriter, r *http.Request, retryAfter time.Duration, message string) {
	w.Header().Set("Retry-After", strconv.Itoa(int(retryAfter.Seconds())))
	Error(w, r, web.ErrorView{Status: http.StatusTooManyRequests, Title: "Too many attempts", Message: message})
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
