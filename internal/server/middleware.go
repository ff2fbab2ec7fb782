package server

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"belonging/internal/httpx"
	"belonging/internal/reqctx"
)

// statusRecorder remembers the status and size of a response for the
// access log and metrics.
type statusRecorder struct {
	http.ResponseWriter
	status      int
	bytes       int
	wroteHeader bool
}

func (s *statusRecorder) WriteHeader(code int) {
	if !s.wroteHeader {
		s.status = code
		s.wroteHeader = true
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if !s.wroteHeader {
		s.WriteHeader(http.StatusOK)
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

// requestID gives each request an id: the one a trusted proxy sent, or a
// new one. It is logged with every line and shown on the 500 page.
func requestID(trusted func(netip.Addr) bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			id := r.Header.Get("X-Request-Id")
			if !validRequestID.MatchString(id) || !trusted(peerAddr(r)) {
				var b [8]byte
				_, _ = rand.Read(b[:])
				id = hex.EncodeToString(b[:])
			}
			w.Header().Set("X-Request-Id", id)
			next.ServeHTTP(w, r.WithContext(reqctx.WithRequestID(r.Context(), id)))
		})
	}
}

// accessLog logs one line per request and records its metrics.
func accessLog(logger *slog.Logger, metrics *Metrics) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			l := logger.With("request_id", reqctx.RequestID(r.Context())).With(traceLogAttrs(r)...)
			rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
			next.ServeHTTP(rec, r.WithContext(httpx.WithLogger(r.Context(), l)))
			elapsed := time.Since(start)
			metrics.observe(r, rec.status, elapsed)
			level := slog.LevelInfo
			if rec.status >= 500 {
				level = slog.LevelError
			}
			l.Log(r.Context(), level, "request",
				"method", r.Method,
				"path", r.URL.Path,
				"status", rec.status,
				"bytes", rec.bytes,
				"duration_ms", float64(elapsed.Microseconds())/1000,
			)
		})
	}
}

// recoverPanics turns a panic in a handler into a logged error and the 500
// page, and keeps the server running.
func recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				httpx.Logger(r.Context()).Error("panic", "value", fmt.Sprint(v), "stack", string(debug.Stack()))
				httpx.ServerError(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// requestDeadline bounds how long a request may keep the database busy.
func requestDeadline(d time.Duration) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx, cancel := context.WithTimeout(r.Context(), d)
			defer cancel()
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// securityHeaders sets a strict Content-Security-Policy with a fresh nonce
// per request (scripts need it; inline styles are not allowed at all) and
// the other protective headers.
func securityHeaders(hsts bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var b [18]byte
			_, _ = rand.Read(b[:])
			nonce := base64.StdEncoding.EncodeToString(b[:])
			h := w.Header()
			h.Set("Content-Security-Policy", "default-src 'self'; "+
				"script-src 'self' 'nonce-"+nonce+"'; "+
				"style-src 'self'; "+
				"img-src 'self' data:; "+
				"font-src 'self'; "+
				"connect-src 'self'; "+
				"object-src 'none'; "+
				"base-uri 'none'; "+
				"form-action 'self'; "+
				"frame-ancestors 'none'")
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
			h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
			if hsts {
				h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
			}
			ctx := reqctx.WithNonce(r.Context(), nonce)
			ctx = reqctx.WithPath(ctx, r.URL.Path)
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// noStore keeps pages about a signed-in person out of shared caches and the
// browser's back-forward cache after sign-out.
func noStore(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// clientAddr decides the client's address: the connection's peer, unless
// the peer is a trusted proxy, in which case the right-most untrusted
// address of X-Forwarded-For.
func clientAddr(trusted func(netip.Addr) bool) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			addr := peerAddr(r)
			if trusted(addr) {
				hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
				for i := len(hops) - 1; i >= 0; i-- {
					a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
					if err != nil {
						break
					}
					addr = a
					if !trusted(a) {
						break
					}
				}
			}
			next.ServeHTTP(w, r.WithContext(httpx.WithClientAddr(r.Context(), addr.Unmap())))
		})
	}
}

func peerAddr(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, _ := netip.ParseAddr(host)
	return a.Unmap()
}

func trustedProxies(prefixes []netip.Prefix) func(netip.Addr) bool {
	return func(a netip.Addr) bool {
		for _, p := range prefixes {
			if p.Contains(a) {
				return true
			}
		}
		return false
	}
}

// limitBody caps request bodies; reading past the cap fails with
// *http.MaxBytesError, which httpx.ParseForm turns into a 413 page.
func limitBody(n int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Body != nil && r.Body != http.NoBody {
				r.Body = http.MaxBytesReader(w, r.Body, n)
			}
			next.ServeHTTP(w, r)
		})
	}
}

// storableInput refuses, with 400 and a page saying why, a request whose
// path, query string or form holds text PostgreSQL cannot store: a NUL byte
// or bytes that are not UTF-8. A browser never sends such text from our
// pages; left to the handlers it would fail inside a query (SQLSTATE 22021)
// as a 500. It runs after the body limit, since it reads url-encoded forms;
// multipart forms are checked where they are read.
func storableInput(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !httpx.Storable(r.URL.Path) || !httpx.StorableValues(r.URL.Query()) {
			httpx.BadRequest(w, r, "The address contains characters that cannot be read (a NUL byte, or text that is not UTF-8). Check the address, or go back and follow the link again.")
			return
		}
		if r.Method == http.MethodPost && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
			vals, ok := httpx.ParseForm(w, r)
			if !ok {
				return
			}
			if !httpx.StorableValues(vals.Values) {
				httpx.BadRequest(w, r, httpx.UnstorableForm)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}
