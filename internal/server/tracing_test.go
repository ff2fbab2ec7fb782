package server

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"go.opentelemetry.io/otel/trace"

	"belonging/internal/httpx"
)

// Every line a traced request logs names its trace, the access log line
// and lines logged by handlers alike.
func TestLogLinesCarryTraceID(t *testing.T) {
	traceID, _ := trace.TraceIDFromHex("4bf92f3577b34da6a3ce929d0e0e4736")
	spanID, _ := trace.SpanIDFromHex("00f067aa0ba902b7")
	traced := trace.NewSpanContext(trace.SpanContextConfig{TraceID: traceID, SpanID: spanID, TraceFlags: trace.FlagsSampled})

	for _, tt := range []struct {
		name string
		sc   trace.SpanContext
		want string
	}{
		{"traced", traced, traceID.String()},
		{"not traced", trace.SpanContext{}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			logger := slog.New(slog.NewJSONHandler(&out, nil))
			h := accessLog(logger, NewMetrics(nil))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				httpx.Logger(r.Context()).Info("handler line")
			}))
			r := httptest.NewRequest(http.MethodGet, "/programmes", nil)
			r = r.WithContext(trace.ContextWithSpanContext(r.Context(), tt.sc))
			h.ServeHTTP(httptest.NewRecorder(), r)

			lines := bytes.Split(bytes.TrimSpace(out.Bytes()), []byte("\n"))
			if len(lines) != 2 {
				t.Fatalf("logged %d lines, want the handler's and the access log's:\n%s", len(lines), out.String())
			}
			for _, line := range lines {
				var rec map[string]any
				if err := json.Unmarshal(line, &rec); err != nil {
					t.Fatal(err)
				}
				got, _ := rec["trace_id"].(string)
				if got != tt.want {
					t.Errorf("%q: trace_id = %q, want %q", rec["msg"], got, tt.want)
				}
			}
		})
	}
}
