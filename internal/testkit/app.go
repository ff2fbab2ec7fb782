package testkit

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/config"
	"belonging/internal/db"
	"belonging/internal/seed"
	"belonging/internal/server"
	"belonging/internal/telemetry"
	"belonging/web/paths"
)

// DemoPassword signs in every seeded account.
const DemoPassword = seed.DemoPassword

// App is the application running on a test server against its own
// database.
type App struct {
	URL   string
	DBURL string
	Pool  *pgxpool.Pool
	// Queries counts every query the app's pool runs.
	Queries *QueryCounter
	Config  config.Config
	Server  *server.Server
	t       testing.TB
	stop    func()
}

// Option changes the configuration of a test app before it starts.
type Option func(*config.Config)

// NewApp starts the application on a new seeded database.
func NewApp(t testing.TB, opts ...Option) *App {
	t.Helper()
	return NewAppWithDB(t, SeededDB(t), opts...)
}

// NewAppWithDB starts the application on the given database. With
// OTLPEndpoint configured, requests and their SQL are traced as in
// production, and stopping the app exports the last spans.
func NewAppWithDB(t testing.TB, dbURL string, opts ...Option) *App {
	t.Helper()
	return newApp(t, dbURL, nil, opts)
}

// NewAppLogging starts the application on a new seeded database, writing
// its log at level info and above to log as well, so a test can read what
// the app's log keeps about a request.
func NewAppLogging(t testing.TB, log io.Writer, opts ...Option) *App {
	t.Helper()
	return newApp(t, SeededDB(t), log, opts)
}

func newApp(t testing.TB, dbURL string, log io.Writer, opts []Option) *App {
	t.Helper()
	ts := httptest.NewUnstartedServer(nil)
	base, _ := url.Parse("http://" + ts.Listener.Addr().String())
	cfg := TestConfig(dbURL, base)
	cfg.DataDir = t.TempDir()
	for _, o := range opts {
		o(&cfg)
	}
	tracing, err := telemetry.Start(context.Background(), cfg)
	if err != nil {
		t.Fatalf("start tracing: %v", err)
	}
	pool, counter := openPool(t, dbURL, db.PoolOptions{MaxConns: cfg.DBMaxConns, ConnectTimeout: cfg.DBConnectTimeout,
		StatementTimeout: cfg.StatementTimeout, LockTimeout: cfg.LockTimeout, Tracer: tracing.PoolTracer()})
	logger := slog.New(slog.NewTextHandler(&testLogWriter{t: t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if log != nil {
		logger = slog.New(slog.NewTextHandler(io.MultiWriter(log, &testLogWriter{t: t}), &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	srv, err := server.New(cfg, logger, pool, server.WithTracing(tracing))
	if err != nil {
		t.Fatalf("start app: %v", err)
	}
	ts.Config.Handler = srv.Handler()
	ts.Start()
	if cfg.Workers {
		if err := srv.StartWorkers(context.Background()); err != nil {
			t.Fatalf("start the job queue: %v", err)
		}
	}
	stop := sync.OnceFunc(func() {
		ts.Close()
		if cfg.Workers {
			if err := srv.StopWorkers(); err != nil {
				t.Errorf("stop the job queue: %v", err)
			}
		}
		srv.Close()
		if err := tracing.Shutdown(context.Background()); err != nil {
			t.Errorf("export the last spans: %v", err)
		}
	})
	t.Cleanup(stop)
	return &App{URL: ts.URL, DBURL: dbURL, Pool: pool, Queries: counter, Config: cfg, Server: srv, t: t, stop: stop}
}

// Stop shuts the app server down, as a deploy or a crash would; its
// database stays.
func (a *App) Stop() { a.stop() }

// Working runs the job queue's workers beside the test app, as `belonging
// serve` does: emails are sent and the upkeep runs. Without it the app
// only enqueues, so tests that do not look at jobs are not disturbed by
// them.
func Working(c *config.Config) { c.Workers = true }

// Mail waits (up to 20 s) for the newest email to address in the
// development mailbox, sent by the app's workers (see Working), and
// returns its plain-text body.
func (a *App) Mail(to string) string {
	a.t.Helper()
	ctx := context.Background()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		var body string
		err := a.Pool.QueryRow(ctx, `SELECT body FROM dev_mail WHERE to_address = $1 ORDER BY id DESC LIMIT 1`, to).Scan(&body)
		if err == nil {
			return body
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			a.t.Fatalf("read the mailbox: %v", err)
		}
		if time.Now().After(deadline) {
			a.t.Fatalf("no email to %s reached the mailbox in 20 s", to)
		}
	}
}

// WaitForJobs waits (up to 20 s) until the job queue has nothing ready or
// running, so a test can compare the database before and after a request
// without the workers' own writes landing in between.
func (a *App) WaitForJobs() {
	a.t.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		var busy int
		err := a.Pool.QueryRow(context.Background(), `SELECT count(*) FROM river_job WHERE state IN ('available', 'running', 'pending')`).Scan(&busy)
		if err != nil {
			a.t.Fatalf("count the queue's jobs: %v", err)
		}
		if busy == 0 {
			return
		}
		if time.Now().After(deadline) {
			var jobs string
			_ = a.Pool.QueryRow(context.Background(), `SELECT string_agg(kind || ' in ' || queue || ' ' || state || ' (attempt ' || attempt || ')', '; ')
				FROM river_job WHERE state IN ('available', 'running', 'pending')`).Scan(&jobs)
			a.t.Fatalf("the job queue still had %d jobs ready or running after 20 s: %s", busy, jobs)
		}
	}
}

// TestConfig is the configuration test servers run with.
func TestConfig(dbURL string, base *url.URL) config.Config {
	return config.Config{
		Env:                    "development",
		DatabaseURL:            dbURL,
		BaseURL:                base,
		LogFormat:              "text",
		LogLevel:               "warn",
		DataDir:                "",
		DBMaxConns:             6,
		DBConnectTimeout:       5 * time.Second,
		StatementTimeout:       30 * time.Second,
		LockTimeout:            10 * time.Second,
		RequestTimeout:         30 * time.Second,
		SessionIdleTimeout:     2 * time.Hour,
		SessionLifetime:        12 * time.Hour,
		SignInAccountLimit:     5,
		SignInAccountCeiling:   50,
		SignInAddressLimit:     20,
		SignInWindow:           15 * time.Minute,
		MaxFormBytes:           1 << 20,
		UploadMaxBytes:         25 << 20,
		BlobBackend:            "fs",
		SurveyMinGroup:         10,
		SurveyRetention:        1095 * 24 * time.Hour,
		NetworkMinInstitutions: 3,
		JobRescueAfter:         time.Hour,
		SigningKey:             []byte("the key that signs links in the test app's emails"),
	}
}

type testLogWriter struct{ t testing.TB }

func (w *testLogWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// Client is one browser-like visitor: a cookie jar, no automatic
// redirects, so tests see each 303 and where it points.
type Client struct {
	app  *App
	HTTP *http.Client
	// Header is added to every request (e.g. Sec-Fetch-Site for the
	// cross-origin tests).
	Header http.Header
}

// Client returns a new visitor with an empty cookie jar.
func (a *App) Client() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{
		app: a,
		HTTP: &http.Client{
			Jar:     jar,
			Timeout: 60 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error {
				return http.ErrUseLastResponse
			},
		},
		Header: http.Header{},
	}
}

// On returns a client for another app server that shares this client's
// cookie jar, as one browser talking to servers behind a load balancer.
func (c *Client) On(app *App) *Client {
	return &Client{app: app, HTTP: c.HTTP, Header: c.Header}
}

// Response is a finished response with its body read.
type Response struct {
	*http.Response
	Body []byte
	t    testing.TB
}

// Doc parses the body as HTML.
func (r *Response) Doc() *goquery.Document {
	r.t.Helper()
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(r.Body))
	if err != nil {
		r.t.Fatalf("parse HTML: %v", err)
	}
	return doc
}

// Text returns the body as a string.
func (r *Response) Text() string { return string(r.Body) }

// Do sends a request built by the caller.
func (c *Client) Do(req *http.Request) *Response {
	t := c.app.t
	t.Helper()
	for k, vs := range c.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body of %s %s: %v", req.Method, req.URL, err)
	}
	return &Response{Response: resp, Body: body, t: t}
}

// Get requests path.
func (c *Client) Get(path string) *Response {
	c.app.t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, c.app.URL+path, nil)
	if err != nil {
		c.app.t.Fatal(err)
	}
	return c.Do(req)
}

// Post sends a form.
func (c *Client) Post(path string, form url.Values) *Response {
	c.app.t.Helper()
	return c.PostBody(path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
}

// PostBody sends a body with the given content type.
func (c *Client) PostBody(path, contentType string, body io.Reader) *Response {
	c.app.t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, c.app.URL+path, body)
	if err != nil {
		c.app.t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	return c.Do(req)
}

// SignIn signs the client in and fails the test unless it worked.
func (c *Client) SignIn(email, password string) {
	t := c.app.t
	t.Helper()
	resp := c.Post(paths.SignIn, url.Values{"email": {email}, "password": {password}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: status %d, want 303\n%s", email, resp.StatusCode, FormErrors(resp))
	}
}

// Cookie returns the value of the named cookie the client holds for the app.
func (c *Client) Cookie(name string) string {
	u, _ := url.Parse(c.app.URL)
	for _, ck := range c.HTTP.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// FormErrors returns the texts of the error summary, for failure messages.
func FormErrors(r *Response) string {
	var out []string
	r.Doc().Find("[data-testid=error-summary] li").Each(func(_ int, s *goquery.Selection) {
		out = append(out, strings.TrimSpace(s.Text()))
	})
	return strings.Join(out, "; ")
}

// FormValues collects what a browser would submit from a form: its inputs,
// ticked checkboxes and radios, textareas and selected options.
func FormValues(form *goquery.Selection) url.Values {
	v := url.Values{}
	form.Find("input[name]").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		typ, _ := s.Attr("type")
		value, _ := s.Attr("value")
		switch typ {
		case "checkbox", "radio":
			if _, checked := s.Attr("checked"); checked {
				if value == "" {
					value = "on"
				}
				v.Add(name, value)
			}
		case "submit", "button", "file":
		default:
			v.Add(name, value)
		}
	})
	form.Find("textarea[name]").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		v.Add(name, s.Text())
	})
	form.Find("select[name]").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		s.Find("option[selected]").Each(func(_ int, o *goquery.Selection) {
			value, _ := o.Attr("value")
			v.Add(name, value)
		})
	})
	return v
}
