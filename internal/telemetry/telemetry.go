// Package telemetry traces requests and their SQL with OpenTelemetry and
// sends the spans to a collector over OTLP/HTTP, so an operator can see
// where a slow page spends its time. Without a collector configured it does
// nothing at all: no instrumentation wraps the handler or the pool.
package telemetry

import (
	"context"
	"log/slog"
	"net/http"
	"strings"

	"github.com/exaring/otelpgx"
	"github.com/jackc/pgx/v5"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/propagation"
	sdkresource "go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"belonging/internal/buildinfo"
	"belonging/internal/config"
)

// Tracing holds the tracer provider, or nothing when tracing is off (the
// zero value, and a nil *Tracing, are off).
type Tracing struct {
	provider *sdktrace.TracerProvider
}

// Start sets tracing up as cfg says: off without OTEL_EXPORTER_OTLP_ENDPOINT,
// otherwise spans are batched and exported to the collector's /v1/traces.
// Nothing is global: each Tracing has its own provider, and trace context
// is read from and written to W3C traceparent headers only.
func Start(ctx context.Context, cfg config.Config) (*Tracing, error) {
	if cfg.OTLPEndpoint == "" {
		return &Tracing{}, nil
	}
	exporter, err := otlptracehttp.New(ctx,
		otlptracehttp.WithEndpointURL(strings.TrimRight(cfg.OTLPEndpoint, "/")+"/v1/traces"),
		otlptracehttp.WithHeaders(cfg.OTLPHeaders),
	)
	if err != nil {
		return nil, err
	}
	res := sdkresource.NewSchemaless(
		attribute.String("service.name", cfg.ServiceName),
		attribute.String("service.version", buildinfo.Read().Short()),
	)
	provider := sdktrace.NewTracerProvider(
		sdktrace.WithBatcher(exporter),
		sdktrace.WithResource(res),
		sdktrace.WithSampler(sdktrace.ParentBased(sdktrace.TraceIDRatioBased(cfg.TraceSampleRatio))),
	)
	return &Tracing{provider: provider}, nil
}

// Enabled reports whether spans are recorded and exported.
func (t *Tracing) Enabled() bool { return t != nil && t.provider != nil }

// PoolTracer returns the pgx tracer that makes a child span of each query
// run inside a traced request, named after the query (sqlc's name for it
// when it has one). Parameters are never recorded: they may hold what
// people typed. It is nil when tracing is off.
func (t *Tracing) PoolTracer() pgx.QueryTracer {
	if !t.Enabled() {
		return nil
	}
	return otelpgx.NewTracer(
		otelpgx.WithTracerProvider(t.provider),
		otelpgx.WithMeterProvider(metricnoop.NewMeterProvider()),
		otelpgx.WithSpanNameCtxFunc(QueryName),
		otelpgx.WithDisableAcquireTracer(),
	)
}

// Handler wraps h so that each request gets a server span. Requests from
// peers for which fromTrustedProxy is false start a new trace (linked to
// any they claim to continue), so no one outside can choose our trace ids.
// Probes, metrics and static files are not traced. Without tracing, h is
// returned as it is.
func (t *Tracing) Handler(h http.Handler, fromTrustedProxy func(*http.Request) bool) http.Handler {
	if !t.Enabled() {
		return h
	}
	return otelhttp.NewHandler(h, "request",
		otelhttp.WithTracerProvider(t.provider),
		otelhttp.WithMeterProvider(metricnoop.NewMeterProvider()),
		otelhttp.WithPropagators(propagation.TraceContext{}),
		otelhttp.WithPublicEndpointFn(func(r *http.Request) bool { return !fromTrustedProxy(r) }),
		otelhttp.WithFilter(func(r *http.Request) bool { return !untraced(r.URL.Path) }),
		// The route pattern is known only after routing; the server renames
		// the span then. Until it does, the method alone.
		otelhttp.WithSpanNameFormatter(func(_ string, r *http.Request) string { return r.Method }),
	)
}

// Shutdown exports the spans still buffered and stops the exporter.
func (t *Tracing) Shutdown(ctx context.Context) error {
	if !t.Enabled() {
		return nil
	}
	return t.provider.Shutdown(ctx)
}

// LogExportErrors sends OpenTelemetry's own errors (a collector that cannot
// be reached, say) to the application's log. The handler is process-wide.
func LogExportErrors(logger *slog.Logger) {
	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) {
		logger.Warn("trace export", "err", err)
	}))
}

func untraced(path string) bool {
	return path == "/healthz" || path == "/readyz" || path == "/metrics" || strings.HasPrefix(path, "/static/")
}

// QueryName names a query's span: the name sqlc gives it in its leading
// "-- name: GetActivity :one" comment, or else its first SQL word.
func QueryName(ctx context.Context, sql string) string {
	if rest, ok := strings.CutPrefix(strings.TrimLeft(sql, " \t\r\n"), "-- name: "); ok {
		if name, _, ok := strings.Cut(rest, " "); ok && name != "" {
			return name
		}
	}
	return otelpgx.SQLOperationName(ctx, sql)
}
