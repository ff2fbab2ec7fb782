package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"belonging/internal/telemetry"
)

// Option changes how New builds the server.
type Option func(*Server)

// WithTracing traces each request, and through the pool's tracer its SQL,
// with t. Without it, or with tracing off, requests are not instrumented.
func WithTracing(t *telemetry.Tracing) Option {
	return func(s *Server) { s.tracing = t }
}

// WithReplica sends reports, the case study library and report exports
// to replica while it is within REPLICA_MAX_LAG of the primary.
func WithReplica(replica *pgxpool.Pool) Option {
	return func(s *Server) { s.replica = replica }
}

// routeSpans names a traced request's span after its route pattern, such
// as "GET /programmes/{id}", once routing has found it: names stay few
// however many records there are, and match the metrics' route label.
func routeSpans(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		span := trace.SpanFromContext(r.Context())
		if !span.IsRecording() {
			return
		}
		if rc := chi.RouteContext(r.Context()); rc != nil && rc.RoutePattern() != "" {
			span.SetName(r.Method + " " + rc.RoutePattern())
			span.SetAttributes(attribute.String("http.route", rc.RoutePattern()))
		}
	})
}

// traceLogAttrs adds the request's trace id to its log lines, so a slow
// request in the log leads to its trace.
func traceLogAttrs(r *http.Request) []any {
	if sc := trace.SpanContextFromContext(r.Context()); sc.IsValid() {
		return []any{"trace_id", sc.TraceID().String()}
	}
	return nil
}
