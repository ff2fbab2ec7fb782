// Package httpx holds the HTTP plumbing every feature shares: rendering
// pages, error pages, form parsing and redirects.
package httpx

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"strconv"
	"sync"

	"github.com/a-h/templ"

	"belonging/web"
)

var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Render writes a full page: the layout around content. The page is
// rendered into a buffer first, so a rendering error becomes a clean 500
// page instead of half a page, and the response carries Content-Length.
func Render(w http.ResponseWriter, r *http.Request, status int, p web.Page, content templ.Component) {
	write(w, r, status, web.Base(p, content))
}

// Fragment writes a component without the layout: the partial an htmx
// request swaps into the page.
func Fragment(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	write(w, r, status, c)
}

func write(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	buf := buffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= 1<<20 {
			buffers.Put(buf)
		}
	}()
	// Drawn with a context that is not cancelled: templ stops at a
	// cancelled context, and an error page is often drawn just after the
	// request's deadline passed. Rendering does no database work, so
	// nothing needs its deadline.
	if err := c.Render(context.WithoutCancel(r.Context()), buf); err != nil {
		if status >= 500 {
			// Rendering the error page itself failed: fall back to text.
			Logger(r.Context()).Error("render error page", "err", err)
			http.Error(w, "Something went wrong on our side. Please try again.", http.StatusInternalServerError)
			return
		}
		ServerError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// IsHTMX reports whether the request comes from htmx and wants a fragment.
func IsHTMX(r *http.Request) bool {
	return r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Boosted") != "true"
}

// SeeOther redirects after a successful form post (303, so the browser
// follows with GET and a reload does not post again).
func SeeOther(w http.ResponseWriter, r *http.Request, url string) {
	http.Redirect(w, r, url, http.StatusSeeOther)
}

type ctxKey int

const (
	loggerKey ctxKey = iota
	clientAddrKey
)

// WithLogger returns ctx carrying the request's logger (with its id).
func WithLogger(ctx context.Context, l *slog.Logger) context.Context {
	return context.WithValue(ctx, loggerKey, l)
}

// Logger returns the request's logger, or the default one outside a request.
func Logger(ctx context.Context) *slog.Logger {
	if l, ok := ctx.Value(loggerKey).(*slog.Logger); ok {
		return l
	}
	return slog.Default()
}

// WithClientAddr returns ctx carrying the client's address as decided by the
// middleware (the connection's, or the forwarded one from a trusted proxy).
func WithClientAddr(ctx context.Context, a netip.Addr) context.Context {
	return context.WithValue(ctx, clientAddrKey, a)
}

// ClientAddr returns the client's address.
func ClientAddr(r *http.Request) netip.Addr {
	a, _ := r.Context().Value(clientAddrKey).(netip.Addr)
	return a
}
