package telemetry_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"testing"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"

	"belonging/internal/config"
	"belonging/internal/telemetry"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

// receiver is an OTLP/HTTP trace endpoint, as a collector serves it: it
// decodes each export request's protobuf and keeps the spans.
type receiver struct {
	*httptest.Server
	mu      sync.Mutex
	spans   []*tracepb.Span
	service []string // service.name of each span's resource
	version []string // service.version
}

func newReceiver(t *testing.T) *receiver {
	rc := &receiver{}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v1/traces" || r.Header.Get("Content-Type") != "application/x-protobuf" {
			t.Errorf("export request %s %s (%s), want POST /v1/traces application/x-protobuf", r.Method, r.URL.Path, r.Header.Get("Content-Type"))
			http.Error(w, "unexpected request", http.StatusBadRequest)
			return
		}
		var body io.Reader = r.Body
		if r.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(r.Body)
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			body = zr
		}
		raw, err := io.ReadAll(body)
		var req coltracepb.ExportTraceServiceRequest
		if err == nil {
			err = proto.Unmarshal(raw, &req)
		}
		if err != nil {
			t.Errorf("decode export request: %v", err)
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		rc.mu.Lock()
		for _, rs := range req.ResourceSpans {
			for _, ss := range rs.ScopeSpans {
				for _, sp := range ss.Spans {
					rc.spans = append(rc.spans, sp)
					rc.service = append(rc.service, attr(rs.Resource.GetAttributes(), "service.name"))
					rc.version = append(rc.version, attr(rs.Resource.GetAttributes(), "service.version"))
				}
			}
		}
		rc.mu.Unlock()
		resp, _ := proto.Marshal(&coltracepb.ExportTraceServiceResponse{})
		w.Header().Set("Content-Type", "application/x-protobuf")
		_, _ = w.Write(resp)
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) received() []*tracepb.Span {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return slices.Clone(rc.spans)
}

func attr(attrs []*commonpb.KeyValue, key string) string {
	for _, a := range attrs {
		if a.Key == key {
			return a.Value.GetStringValue()
		}
	}
	return ""
}

func tracedApp(t *testing.T, rc *receiver, trusted ...netip.Prefix) *testkit.App {
	return testkit.NewApp(t, func(c *config.Config) {
		c.OTLPEndpoint = rc.URL
		c.ServiceName = "belonging-test"
		c.TraceSampleRatio = 1
		c.TrustedProxies = trusted
	})
}

// A page's server span reaches the collector named after its route, with
// a child span for each SQL query the page ran, named after the query.
func TestPageSpanHasSQLChildren(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t)
	app := tracedApp(t, rc)
	c := app.Client()
	c.SignIn("director@northbridge.ac.uk", testkit.DemoPassword)
	if resp := c.Get(paths.Programmes); resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /programmes = %d, want 200", resp.StatusCode)
	}
	if resp := c.Get("/healthz"); resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /healthz = %d, want 200", resp.StatusCode)
	}
	app.Stop() // exports what is still buffered

	spans := rc.received()
	page := findSpan(spans, func(s *tracepb.Span) bool {
		return s.Kind == tracepb.Span_SPAN_KIND_SERVER && s.Name == "GET /programmes"
	})
	if page == nil {
		t.Fatalf("no server span named GET /programmes among %d spans: %v", len(spans), spanNames(spans))
	}
	if got := attr(page.Attributes, "http.route"); got != "/programmes" {
		t.Errorf("page span http.route = %q, want /programmes", got)
	}
	var children []string
	for _, s := range spans {
		if bytes.Equal(s.TraceId, page.TraceId) && bytes.Equal(s.ParentSpanId, page.SpanId) {
			if s.Kind != tracepb.Span_SPAN_KIND_CLIENT || attr(s.Attributes, "db.query.text") == "" {
				t.Errorf("child span %q is not a SQL query span (kind %v)", s.Name, s.Kind)
			}
			if s.StartTimeUnixNano < page.StartTimeUnixNano || s.EndTimeUnixNano > page.EndTimeUnixNano {
				t.Errorf("SQL span %q lies outside its page's span", s.Name)
			}
			children = append(children, s.Name)
		}
	}
	t.Logf("SQL spans of GET /programmes: %v", children)
	if len(children) < 2 {
		t.Fatalf("page span has SQL children %v, want the session lookup and the page's own queries", children)
	}
	for _, name := range children {
		if strings.ContainsAny(name, " \n") || strings.ToUpper(name) == "SELECT" {
			t.Errorf("SQL span named %q, want the sqlc name of the query", name)
		}
	}
	if findSpan(spans, func(s *tracepb.Span) bool { return strings.Contains(s.Name, "/healthz") }) != nil {
		t.Error("the health probe was traced; probes would flood the collector")
	}
	for i, s := range spans {
		if rc.service[i] != "belonging-test" || rc.version[i] == "" {
			t.Errorf("span %q came from service %q version %q, want belonging-test and a version", s.Name, rc.service[i], rc.version[i])
			break
		}
	}
}

// A traceparent header continues the caller's trace only when it comes
// through a trusted proxy; anyone else starts a new trace, linked to the
// one they named.
func TestIncomingTraceContext(t *testing.T) {
	t.Parallel()
	const caller = "4bf92f3577b34da6a3ce929d0e0e4736"
	for _, tt := range []struct {
		name      string
		trusted   []netip.Prefix
		continues bool
	}{
		{"from anyone", nil, false},
		{"through a trusted proxy", []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rc := newReceiver(t)
			app := tracedApp(t, rc, tt.trusted...)
			req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, app.URL+paths.SignIn, nil)
			req.Header.Set("Traceparent", "00-"+caller+"-00f067aa0ba902b7-01")
			if resp := app.Client().Do(req); resp.StatusCode != http.StatusOK {
				t.Fatalf("GET /sign-in = %d", resp.StatusCode)
			}
			app.Stop()
			span := findSpan(rc.received(), func(s *tracepb.Span) bool { return s.Name == "GET /sign-in" })
			if span == nil {
				t.Fatal("no span for GET /sign-in")
			}
			continued := hex.EncodeToString(span.TraceId) == caller
			if continued != tt.continues {
				t.Errorf("trace id %x continued the caller's = %v, want %v", span.TraceId, continued, tt.continues)
			}
			if !tt.continues && (len(span.Links) != 1 || hex.EncodeToString(span.Links[0].TraceId) != caller) {
				t.Errorf("new trace's links = %v, want one to the caller's trace", span.Links)
			}
		})
	}
}

func TestQueryName(t *testing.T) {
	for sql, want := range map[string]string{
		"-- name: GetActivity :one\nSELECT id FROM activities WHERE id = $1": "GetActivity",
		"\n  -- name: ListProgrammes :many\nSELECT 1":                        "ListProgrammes",
		"select count(*) from evidence":                                      "SELECT",
		"/* report */ WITH t AS (SELECT 1) SELECT * FROM t":                  "WITH",
	} {
		if got := telemetry.QueryName(context.Background(), sql); got != want {
			t.Errorf("QueryName(%q) = %q, want %q", sql, got, want)
		}
	}
}

// Without a collector nothing is instrumented: the handler is the
// router itself and the pool has no tracer.
func TestOffWithoutCollector(t *testing.T) {
	tr, err := telemetry.Start(context.Background(), config.Config{})
	if err != nil {
		t.Fatal(err)
	}
	h := &plainHandler{}
	if tr.Enabled() || tr.PoolTracer() != nil {
		t.Error("tracing is on without OTEL_EXPORTER_OTLP_ENDPOINT")
	}
	if got := tr.Handler(h, nil); got != h {
		t.Errorf("Handler() = %T, want the router itself while tracing is off", got)
	}
}

type plainHandler struct{}

func (*plainHandler) ServeHTTP(http.ResponseWriter, *http.Request) {}

func findSpan(spans []*tracepb.Span, match func(*tracepb.Span) bool) *tracepb.Span {
	for _, s := range spans {
		if match(s) {
			return s
		}
	}
	return nil
}

func spanNames(spans []*tracepb.Span) []string {
	var out []string
	for _, s := range spans {
		out = append(out, s.Name)
	}
	return out
}
