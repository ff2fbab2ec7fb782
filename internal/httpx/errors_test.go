package httpx_test

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"belonging/internal/httpx"
)

// ServerError answers each kind of failure with the status that tells the
// person (and a client) what to do, and logs it under a message operators
// can tell apart.
func TestServerErrorSortsFailures(t *testing.T) {
	for _, tc := range []struct {
		name       string
		err        error
		status     int
		retryAfter bool
		log        string
	}{
		{"a full disk", fmt.Errorf("spool upload: %w", &fs.PathError{Op: "write", Path: "/data/spool/x", Err: syscall.ENOSPC}), http.StatusInsufficientStorage, false, "storage full"},
		{"a quota", &fs.PathError{Op: "write", Path: "/data/blobs/x", Err: syscall.EDQUOT}, http.StatusInsufficientStorage, false, "storage full"},
		{"a lock timeout", &pgconn.PgError{Code: "55P03"}, http.StatusServiceUnavailable, true, "database unavailable"},
		{"a statement timeout", fmt.Errorf("list: %w", &pgconn.PgError{Code: "57014"}), http.StatusServiceUnavailable, true, "database unavailable"},
		{"the database shutting down", &pgconn.PgError{Code: "57P01"}, http.StatusServiceUnavailable, true, "database unavailable"},
		{"another file error", &fs.PathError{Op: "open", Path: "/data/blobs/x", Err: syscall.EACCES}, http.StatusInternalServerError, false, "server error"},
		{"a constraint", &pgconn.PgError{Code: "23503"}, http.StatusInternalServerError, false, "server error"},
		{"a bug", errors.New("nil map"), http.StatusInternalServerError, false, "server error"},
	} {
		var logs bytes.Buffer
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r = r.WithContext(httpx.WithLogger(r.Context(), slog.New(slog.NewTextHandler(&logs, nil))))
		w := httptest.NewRecorder()
		httpx.ServerError(w, r, tc.err)
		if w.Code != tc.status {
			t.Errorf("ServerError(%s) status = %d, want %d", tc.name, w.Code, tc.status)
		}
		if got := w.Header().Get("Retry-After") != ""; got != tc.retryAfter {
			t.Errorf("ServerError(%s) Retry-After set = %v, want %v", tc.name, got, tc.retryAfter)
		}
		if !strings.Contains(logs.String(), `msg="`+tc.log) {
			t.Errorf("ServerError(%s) logged %q, want a line starting %q", tc.name, logs.String(), tc.log)
		}
		if strings.Contains(w.Body.String(), tc.err.Error()) {
			t.Errorf("ServerError(%s) shows the error's text", tc.name)
		}
	}
}
