// Command bench measures the app at a national network's scale: it loads
// the scale data (once; the cluster is kept between runs), starts the
// server binary, drives each key page with concurrent clients over
// loopback, and reports throughput, latency, errors and the server's peak
// memory, each page as a ratio to a baseline page measured in the same
// run. `make bench` runs it inside a private PostgreSQL cluster.
//
//	bench -app bin/belonging -clients 16 -duration 10s -out docs/benchmarks.md
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/seed"
	"belonging/web/components"
	"belonging/web/paths"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type options struct {
	app      string
	clients  int
	duration time.Duration
	warmup   time.Duration
	scale    int
	out      string
	only     string
	profile  string
	results  string
	largest  bool
}

func run() error {
	var o options
	flag.StringVar(&o.app, "app", "bin/belonging", "the app binary to measure")
	flag.IntVar(&o.clients, "clients", 16, "concurrent clients per page")
	flag.DurationVar(&o.duration, "duration", 10*time.Second, "how long to measure each page")
	flag.DurationVar(&o.warmup, "warmup", 2*time.Second, "how long to run each page before measuring")
	flag.IntVar(&o.scale, "scale", 1, "scale of the generated data (see belonging seed -scale)")
	flag.StringVar(&o.out, "out", "docs/benchmarks.md", "Markdown file whose results section is replaced (empty: print only)")
	flag.StringVar(&o.only, "only", "", "measure only pages whose name contains this (and the baseline); with -largest, \"largest\" measures only the largest institution's reports")
	flag.StringVar(&o.profile, "profile", "", "write the server's CPU profile of each page into this directory (see go tool pprof)")
	flag.StringVar(&o.results, "results", "", "keep this run's results in this directory (as N<scale>.json) and compare them with the other scales' there")
	flag.BoolVar(&o.largest, "largest", false, "also measure the largest institution's reports, in a database of its own beside the scale data")
	flag.Parse()
	dbURL := os.Getenv("DATABASE_URL")
	if dbURL == "" {
		return errors.New("DATABASE_URL is not set (make bench starts a private cluster and sets it)")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	started := time.Now()

	if o.profile != "" {
		if err := os.MkdirAll(o.profile, 0o755); err != nil {
			return err
		}
	}
	loaded, err := prepare(ctx, o, dbURL)
	if err != nil {
		return err
	}
	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	world, err := discover(ctx, pool)
	if err != nil {
		return err
	}
	srv, err := startServer(ctx, o.app, dbURL, o.profile != "")
	if err != nil {
		return err
	}
	defer srv.stop()

	h := &harness{opts: o, base: srv.base, world: world, pool: pool, srv: srv,
		cpu: cpuMeter{server: srv.cmd.Process.Pid, postmaster: findPostmaster(ctx, pool)}}
	if err := h.signIn(ctx); err != nil {
		return err
	}
	var results []result
	var baseline scenario
	for _, s := range h.scenarios() {
		if s.name == baselineName {
			baseline = s
		}
		if o.only != "" && s.name != baselineName && !strings.Contains(strings.ToLower(s.name), strings.ToLower(o.only)) {
			continue
		}
		r := h.measure(ctx, s)
		results = append(results, r)
		progress(r)
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	// The baseline again, last: every ratio is to its first measurement,
	// and how far this one moved says how far the machine's speed moved
	// while the pages were measured (other work on a shared machine).
	again := h.measure(ctx, baseline)
	again.name = "Baseline, measured again at the end"
	progress(again)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var straight result
	if o.only == "" || strings.Contains(strings.ToLower(straightName), strings.ToLower(o.only)) {
		if straight, err = h.straightforwardSearch(ctx); err != nil {
			return err
		}
	}
	// Each page's peak was measured from a reset; the run's is the
	// highest of them and of what the server holds now.
	peak, err := srv.peakRSS()
	if err != nil {
		return err
	}
	for _, r := range results {
		peak = max(peak, r.peak)
	}
	srv.stop()
	var big *largestRun
	if o.largest && (o.only == "" || strings.Contains("largest institution", strings.ToLower(o.only))) {
		if big, err = measureLargest(ctx, o, dbURL); err != nil {
			return err
		}
	}
	this := savedRun{Scale: o.scale, Measured: time.Now().UTC(), Results: saved(results), PeakMB: float64(peak) / (1 << 20),
		LoadSeconds: loaded.Seconds(), Data: world.counts}
	var others []savedRun
	if o.results != "" && o.only == "" {
		if others, err = keepResults(o.results, &this); err != nil {
			return err
		}
	}
	report := h.report(results, again, straight, peak, time.Since(started), big, this, others)
	fmt.Println()
	fmt.Print(report)
	if o.out != "" {
		if err := writeResults(o.out, report); err != nil {
			return err
		}
		fmt.Printf("\nResults written to %s.\n", o.out)
	}
	return nil
}

// prepare migrates the database and loads the scale data unless it is
// there already; it returns how long loading took (0 if it was there).
func prepare(ctx context.Context, o options, dbURL string) (time.Duration, error) {
	if err := runApp(ctx, o.app, dbURL, "migrate", "up"); err != nil {
		return 0, err
	}
	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		return 0, err
	}
	defer pool.Close()
	var scaled, all int
	if err := pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE slug LIKE 'scale-%'), count(*) FROM institutions`).Scan(&scaled, &all); err != nil {
		return 0, err
	}
	switch {
	case scaled == 100*o.scale:
		fmt.Printf("Scale data already loaded (%d institutions).\n", scaled)
		return 0, nil
	case all > 0:
		return 0, fmt.Errorf("the database holds %d institutions, not the scale-%d data; remove its cluster (.data/bench-postgres-N%d) and run again", all, o.scale, o.scale)
	}
	fmt.Printf("Loading scale data at N=%d (once; the cluster is kept in .data/bench-postgres-N%d)...\n", o.scale, o.scale)
	start := time.Now()
	err = runApp(ctx, o.app, dbURL, "seed", "-scale", strconv.Itoa(o.scale))
	return time.Since(start), err
}

// runApp runs the app binary on the database at dbURL.
func runApp(ctx context.Context, app, dbURL string, args ...string) error {
	cmd := exec.CommandContext(ctx, app, args...)
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dbURL)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %w", app, strings.Join(args, " "), err)
	}
	return nil
}

// world holds the rows the pages are about.
type world struct {
	programme, activity, caseStudy int64
	activityTitle                  string
	plannedActivities              int
	surveyToken                    string
	surveyFields                   []string
	counts                         [][2]string
}

func discover(ctx context.Context, pool *pgxpool.Pool) (world, error) {
	var w world
	err := pool.QueryRow(ctx, `
		SELECT p.id FROM programmes p JOIN institutions i ON i.id = p.institution_id
		WHERE i.slug = 'scale-0' AND p.code = 'P000'`).Scan(&w.programme)
	if err != nil {
		return w, fmt.Errorf("find the bench programme: %w", err)
	}
	err = pool.QueryRow(ctx, `
		SELECT count(*) FROM activities WHERE programme_id = $1 AND academic_year = $2`, w.programme, seed.CurrentYear()).Scan(&w.plannedActivities)
	if err != nil {
		return w, err
	}
	// The activity page shown is one with outcomes, evidence and a case
	// study, so every section of the page has something in it.
	err = pool.QueryRow(ctx, `
		SELECT a.id, a.title FROM activities a
		WHERE a.programme_id = $1
		  AND EXISTS (SELECT FROM outcomes o WHERE o.activity_id = a.id)
		  AND EXISTS (SELECT FROM evidence e WHERE e.activity_id = a.id)
		  AND EXISTS (SELECT FROM case_studies c WHERE c.activity_id = a.id)
		ORDER BY a.academic_year DESC, a.id LIMIT 1`, w.programme).Scan(&w.activity, &w.activityTitle)
	if err != nil {
		return w, fmt.Errorf("find an activity with outcomes, evidence and a case study: %w", err)
	}
	err = pool.QueryRow(ctx, `
		SELECT p.case_study_id FROM case_study_publications p JOIN institutions i ON i.id = p.institution_id
		WHERE p.visibility = 'network' AND i.slug = 'scale-7'
		ORDER BY p.case_study_id LIMIT 1`).Scan(&w.caseStudy)
	if err != nil {
		return w, fmt.Errorf("find a network case study: %w", err)
	}
	if err := discoverSurvey(ctx, pool, &w); err != nil {
		return w, err
	}
	for _, table := range []string{"institutions", "programmes", "activities", "activity_sessions", "outcomes", "evidence", "case_studies", "case_study_publications", "surveys", "survey_responses", "survey_answers", "users"} {
		var n int64
		if err := pool.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
			return w, err
		}
		w.counts = append(w.counts, [2]string{table, components.Number(int(n))})
	}
	return w, nil
}

type server struct {
	cmd   *exec.Cmd
	base  string
	pprof string
	done  chan struct{}
}

// startServer runs the app on a free loopback port, as in production
// except for plain HTTP, and waits until it is ready.
func startServer(ctx context.Context, app, dbURL string, profile bool) (*server, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	base := "http://" + addr
	cmd := exec.Command(app, "serve")
	cmd.Env = append(os.Environ(), "LISTEN_ADDR="+addr, "BASE_URL="+base, "DATABASE_URL="+dbURL, "LOG_LEVEL=warn",
		"APP_ENV=development", "DATA_DIR="+os.TempDir()+"/belonging-bench",
		// Survey answers arrive through a proxy that names each student's
		// address, as on a campus network; see the survey page below.
		"TRUSTED_PROXIES=127.0.0.1/32",
		// The pages alone: a server's workers run the hourly upkeep as they
		// start (at the largest institution, seconds of PostgreSQL's time
		// moving 200,000 activities on and finding outcomes due), which
		// would be counted against whichever page was being measured. The
		// jobs have benchmarks of their own (internal/notify).
		"WORKERS=false")
	var pprofAddr string
	if profile {
		if pprofAddr, err = freeAddr(); err != nil {
			return nil, err
		}
		cmd.Env = append(cmd.Env, "PPROF_ADDR="+pprofAddr)
	}
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, base: base, pprof: pprofAddr, done: make(chan struct{})}
	go func() { cmd.Wait(); close(s.done) }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		select {
		case <-s.done:
			return nil, errors.New("the server exited while starting")
		case <-ctx.Done():
			s.stop()
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.stop()
			return nil, errors.New("the server was not ready within 30 s")
		}
	}
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// profileCPU saves the server's CPU profile of the next d to path.
func (s *server) profileCPU(d time.Duration, path string) error {
	resp, err := http.Get(fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", s.pprof, int(d.Seconds())))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("profile: status %d", resp.StatusCode)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func (s *server) stop() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(20 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
}

// progress prints a page's figures as soon as they are measured.
func progress(r result) {
	fmt.Printf("  %-46s %7.0f/s  p50 %6.1f ms  p99 %6.1f ms  errors %d  µs/request: server %.0f, database %.0f  peak %.0f MB\n",
		r.name, r.rate, r.p50, r.p99, r.errors, r.serverCPU, r.databaseCPU, float64(r.peak)/(1<<20))
}

// resetPeak starts the server's peak resident memory afresh from what it
// holds now, so that each page's peak can be told apart.
func (s *server) resetPeak() {
	_ = os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", s.cmd.Process.Pid), []byte("5"), 0)
}

// peakRSS reads the server's peak resident memory from the kernel.
func (s *server) peakRSS() (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10, err
		}
	}
	return 0, errors.New("no VmHWM in /proc status")
}

type harness struct {
	srv     *server
	cpu     cpuMeter
	opts    options
	base    string
	world   world
	pool    *pgxpool.Pool
	clients []*http.Client
	// coordinators are signed in as the network coordinator, who reads the
	// library across institutions; admins as the first institution's admin.
	coordinators []*http.Client
	admins       []*http.Client
	// fresh numbers the searches made only once.
	fresh atomic.Int64
}

func (h *harness) newClient() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{
		Jar:       jar,
		Timeout:   30 * time.Second,
		Transport: transport,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

var transport = &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256, IdleConnTimeout: time.Minute}

func (h *harness) signIn(ctx context.Context) error {
	for range h.opts.clients {
		for _, who := range []struct {
			email string
			into  *[]*http.Client
		}{{seed.ScaleAccounts.Director, &h.clients}, {seed.ScaleAccounts.Coordinator, &h.coordinators}, {seed.ScaleAccounts.Admin, &h.admins}} {
			c := h.newClient()
			status, err := h.do(ctx, c, request{method: http.MethodPost, path: paths.SignIn,
				form: url.Values{"email": {who.email}, "password": {seed.DemoPassword}}})
			if err != nil {
				return err
			}
			if status != http.StatusSeeOther {
				return fmt.Errorf("sign in as %s: status %d", who.email, status)
			}
			*who.into = append(*who.into, c)
		}
	}
	return nil
}

type request struct {
	method string
	path   string
	form   url.Values
	header http.Header
}

// do sends one request, reads the whole body and returns the status.
func (h *harness) do(ctx context.Context, c *http.Client, r request) (int, error) {
	var body io.Reader
	if r.form != nil {
		body = strings.NewReader(r.form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, r.method, h.base+r.path, body)
	if err != nil {
		return 0, err
	}
	if r.form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", h.base)
	}
	for k, vs := range r.header {
		req.Header[k] = vs
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// scenario is one page under load. next builds the i-th request of
// client w; the response must have status want.
type scenario struct {
	name    string
	clients int
	// cold times the first request alone, before the warm-up, for a page
	// that keeps what it works out.
	cold bool
	as   func(w int) *http.Client
	next func(w, i int) request
	want int
}

type result struct {
	cold           float64
	name           string
	clients        int
	requests       int
	errors         int
	rate, p50, p99 float64
	ratio          float64
	firstError     string
	// serverCPU and databaseCPU are the processor time each request cost
	// the app server and the database, in microseconds.
	serverCPU, databaseCPU float64
	// peak is the server's peak resident memory while measuring the page.
	peak int64
}

func (h *harness) measure(ctx context.Context, s scenario) result {
	clients := s.clients
	if clients == 0 {
		clients = h.opts.clients
	}
	type sample struct {
		lat []time.Duration
		err int
		msg string
	}
	samples := make([]sample, clients)
	h.srv.resetPeak()
	var cold float64
	if s.cold {
		t0 := time.Now()
		if status, err := h.do(ctx, s.as(0), s.next(0, 0)); err == nil && status == s.want {
			cold = float64(time.Since(t0).Microseconds()) / 1000
		}
	}
	measureFrom := time.Now().Add(h.opts.warmup)
	end := measureFrom.Add(h.opts.duration)
	var wg sync.WaitGroup
	var serverCPU, databaseCPU time.Duration
	wg.Add(1)
	go func() {
		defer wg.Done()
		time.Sleep(time.Until(measureFrom))
		s0, d0 := h.cpu.read()
		time.Sleep(time.Until(end))
		s1, d1 := h.cpu.read()
		serverCPU, databaseCPU = s1-s0, d1-d0
	}()
	if h.opts.profile != "" {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Until(measureFrom))
			path := filepath.Join(h.opts.profile, slug(s.name)+".pprof")
			if err := h.srv.profileCPU(h.opts.duration, path); err != nil {
				fmt.Fprintln(os.Stderr, "bench:", err)
			}
		}()
	}
	for w := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := s.as(w)
			for i := 0; ctx.Err() == nil; i++ {
				t0 := time.Now()
				if t0.After(end) {
					return
				}
				status, err := h.do(ctx, c, s.next(w, i))
				d := time.Since(t0)
				if t0.Before(measureFrom) {
					continue
				}
				if err == nil && status != s.want {
					err = fmt.Errorf("status %d, want %d", status, s.want)
				}
				if err != nil {
					samples[w].err++
					samples[w].msg = err.Error()
					continue
				}
				samples[w].lat = append(samples[w].lat, d)
			}
		}()
	}
	wg.Wait()
	r := result{name: s.name, clients: clients, cold: cold}
	var all []time.Duration
	for _, sm := range samples {
		all = append(all, sm.lat...)
		r.errors += sm.err
		if sm.msg != "" {
			r.firstError = sm.msg
		}
	}
	slices.Sort(all)
	r.requests = len(all) + r.errors
	r.rate = float64(len(all)) / h.opts.duration.Seconds()
	r.p50, r.p99 = percentile(all, 50), percentile(all, 99)
	if len(all) > 0 {
		r.serverCPU = float64(serverCPU.Microseconds()) / float64(len(all))
		r.databaseCPU = float64(databaseCPU.Microseconds()) / float64(len(all))
	}
	r.peak, _ = h.srv.peakRSS()
	return r
}

func percentile(sorted []time.Duration, p int) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	return float64(sorted[min(max(i-1, 0), len(sorted)-1)].Microseconds()) / 1000
}

const (
	baselineName = "Baseline: signed-in page with the layout only"
	straightName = "Straightforward search (SQL only, for comparison)"
)

// searches are the mix of library queries: selective and broad, quoted
// phrases, two words, one common word, and a search with a filter.
var searches = []string{
	"archivists",
	`"community garden"`,
	"commuter carers",
	"students",
	"coffee mornings belonging",
	"mentoring -online",
	"alumni mentors",
	"belonging",
}

func (h *harness) scenarios() []scenario {
	w := h.world
	director := func(c int) *http.Client { return h.clients[c] }
	coordinator := func(c int) *http.Client { return h.coordinators[c] }
	get := func(path string) func(int, int) request {
		return func(int, int) request { return request{method: http.MethodGet, path: path} }
	}
	anonymous := make([]*http.Client, h.opts.clients)
	for i := range anonymous {
		anonymous[i] = h.newClient()
	}
	return []scenario{
		// One institution's accessibility statement: the layout and a text
		// the page reads in one query. (The statements' index lists every
		// institution, so its cost would grow with the network.)
		{name: baselineName, as: director, next: get(paths.InstitutionAccessibility("scale-0")), want: 200},
		{name: "Sign-in page", as: func(c int) *http.Client { return anonymous[c] }, next: get(paths.SignIn), want: 200},
		{name: "Sign in (argon2id password check)", as: func(c int) *http.Client { return anonymous[c] },
			next: func(int, int) request {
				return request{method: http.MethodPost, path: paths.SignIn, form: url.Values{"email": {seed.ScaleAccounts.Director}, "password": {seed.DemoPassword}}}
			}, want: http.StatusSeeOther},
		{name: "Home dashboard (director)", as: director, next: get(paths.Home), want: 200},
		{name: fmt.Sprintf("Programme plan page (%d activities)", w.plannedActivities), as: director, next: get(paths.Programme(w.programme)), want: 200},
		{name: "Activity page", as: director, next: get(paths.Activity(w.activity)), want: 200},
		{name: "Plan export as CSV", as: director, next: get(paths.PlanCSV(w.programme, seed.CurrentYear())), want: 200},
		{name: "Library list (coordinator)", as: coordinator, next: get(paths.Library), want: 200},
		{name: "Library search, mixed queries (coordinator)", as: coordinator, next: func(c, i int) request {
			return request{method: http.MethodGet, path: paths.LibrarySearch(url.Values{"q": {searches[(c+i)%len(searches)]}})}
		}, want: 200},
		{name: "Library search with a filter (coordinator)", as: coordinator, next: func(c, i int) request {
			return request{method: http.MethodGet, path: paths.LibrarySearch(url.Values{"kind": {"mentoring"}, "q": {searches[(c+i)%len(searches)]}})}
		}, want: 200},
		// Searches are kept by the server until the library changes, so
		// the mix above is, after its first seconds, searches typed again.
		// Each search here is one the server has not seen: the mix, each
		// with a word left out that no case study holds.
		{name: "Library search, each search new (coordinator)", as: coordinator, next: func(c, i int) request {
			n := h.fresh.Add(1)
			return request{method: http.MethodGet, path: paths.LibrarySearch(url.Values{"q": {fmt.Sprintf("%s -zq%dx", searches[n%int64(len(searches))], n)}})}
		}, want: 200},
		{name: "Case study page (coordinator)", as: coordinator, next: get(paths.CaseStudyByID(w.caseStudy)), want: 200},
		{name: "Programme report (director)", as: director, next: get(paths.ProgrammeReport(w.programme, seed.CurrentYear())), want: 200},
		{name: "Institution report (admin)", clients: 4, as: func(c int) *http.Client { return h.admins[c] }, next: get(paths.InstitutionRpt), want: 200},
		{name: "Network report (coordinator)", clients: 4, cold: true, as: coordinator, next: get(paths.NetworkReport), want: 200},
		h.surveyScenario(anonymous),
	}
}

// straightforwardSearch runs the same query mix the plain way, straight
// against the database (no HTTP, no page): rank every match with ts_rank
// and build a ts_headline snippet from the whole body, then count the
// facets with one query each. It gives the library's speed-up over the
// design it replaced.
func (h *harness) straightforwardSearch(ctx context.Context) (result, error) {
	const rank = `
		SELECT p.case_study_id, p.title, ts_headline('english', p.body, q) AS snippet, ts_rank(p.search, q) AS r
		FROM case_study_publications p, websearch_to_tsquery('english', $1) q
		WHERE p.visibility IN ('network', 'public') AND p.search @@ q
		ORDER BY r DESC LIMIT 20`
	facets := []string{"kind", "stage", "placement", "discipline", "evidence_strength", "institution_id", "academic_year"}
	s := scenario{name: straightName}
	clients := h.opts.clients
	s.clients = clients
	type sample struct {
		lat []time.Duration
		err error
	}
	samples := make([]sample, clients)
	measureFrom := time.Now().Add(h.opts.warmup)
	end := measureFrom.Add(h.opts.duration)
	var wg sync.WaitGroup
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				t0 := time.Now()
				if t0.After(end) {
					return
				}
				text := searches[(c+i)%len(searches)]
				rows, err := h.pool.Query(ctx, rank, text)
				if err == nil {
					for rows.Next() {
					}
					rows.Close()
					err = rows.Err()
				}
				for _, f := range facets {
					if err != nil {
						break
					}
					rows, err = h.pool.Query(ctx, `SELECT `+f+`::text, count(*) FROM case_study_publications p
						WHERE p.visibility IN ('network', 'public') AND p.search @@ websearch_to_tsquery('english', $1) GROUP BY 1`, text)
					if err == nil {
						for rows.Next() {
						}
						rows.Close()
						err = rows.Err()
					}
				}
				if t0.Before(measureFrom) {
					continue
				}
				if err != nil {
					samples[c].err = err
					return
				}
				samples[c].lat = append(samples[c].lat, time.Since(t0))
			}
		}()
	}
	wg.Wait()
	r := result{name: s.name, clients: clients}
	var all []time.Duration
	for _, sm := range samples {
		if sm.err != nil {
			return r, fmt.Errorf("straightforward search: %w", sm.err)
		}
		all = append(all, sm.lat...)
	}
	slices.Sort(all)
	r.requests = len(all)
	r.rate = float64(len(all)) / h.opts.duration.Seconds()
	r.p50, r.p99 = percentile(all, 50), percentile(all, 99)
	fmt.Printf("  %-44s %8.0f/s  p50 %6.1f ms  p99 %6.1f ms\n", r.name, r.rate, r.p50, r.p99)
	return r, nil
}

func (h *harness) report(results []result, again, straight result, peak int64, took time.Duration, big *largestRun, this savedRun, others []savedRun) string {
	var b bytes.Buffer
	var baseline, list, search float64
	for _, r := range results {
		switch {
		case r.name == baselineName:
			baseline = r.rate
		case strings.HasPrefix(r.name, "Library list"):
			list = r.rate
		case strings.HasPrefix(r.name, "Library search, mixed"):
			search = r.rate
		}
	}
	host, _ := os.Hostname()
	fmt.Fprintf(&b, "Measured %s on %s at N=%d: %d CPUs, %s, %d clients per page, %s warm-up then %s measured per page; whole run %s.\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 MST"), host, h.opts.scale, runtime.NumCPU(), runtime.Version(), h.opts.clients,
		h.opts.warmup, h.opts.duration, took.Round(time.Second))
	fmt.Fprintf(&b, "| Page | Clients | Requests/s | p50 ms | p99 ms | Errors | Ratio to baseline | Server CPU µs | Database CPU µs | Peak MB |\n")
	fmt.Fprintf(&b, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	row := func(r result) {
		ratio := "—"
		if baseline > 0 {
			ratio = fmt.Sprintf("%.0f%%", 100*r.rate/baseline)
		}
		fmt.Fprintf(&b, "| %s | %d | %.0f | %.1f | %.1f | %d | %s | %.0f | %.0f | %.0f |\n", r.name, r.clients, r.rate, r.p50, r.p99, r.errors, ratio,
			r.serverCPU, r.databaseCPU, float64(r.peak)/(1<<20))
	}
	all := results
	if big != nil {
		all = append(slices.Clip(results), big.results...)
	}
	for _, r := range all {
		row(r)
	}
	if straight.name != "" {
		fmt.Fprintf(&b, "| %s | %d | %.0f | %.1f | %.1f | 0 | — | — | — | — |\n", straight.name, straight.clients, straight.rate, straight.p50, straight.p99)
	}
	b.WriteString("\n")
	b.WriteString("Server CPU and database CPU are the processor time each request cost the app server and the PostgreSQL processes, in microseconds; peak is the server's peak resident memory while the page was measured.\n\n")
	if baseline > 0 && again.rate > 0 {
		fmt.Fprintf(&b, "The baseline measured again at the end of the run: %.0f requests/s, %.0f%% of its first measurement (%.0f + %.0f µs of server and database CPU a request): the ratios move by about as much when the machine's speed moves during a run.\n\n",
			again.rate, 100*again.rate/baseline, again.serverCPU, again.databaseCPU)
	}
	if list > 0 && straight.rate > 0 {
		fmt.Fprintf(&b, "Library search against the library's own list page: %.0f%%; against the straightforward design: %.1f×.\n\n",
			100*search/list, search/straight.rate)
	}
	for _, r := range all {
		if r.cold > 0 {
			fmt.Fprintf(&b, "%s: the first request after the server started took %.0f ms; the table measures the readings after it.\n\n", r.name, r.cold)
		}
	}
	fmt.Fprintf(&b, "Server peak memory (resident, VmHWM): %.0f MB.\n\n", float64(peak)/(1<<20))
	for _, r := range all {
		if r.errors > 0 {
			fmt.Fprintf(&b, "Errors on %q: %d, for example: %s\n\n", r.name, r.errors, r.firstError)
		}
	}
	fmt.Fprintf(&b, "Data: %s.", dataLine(h.world.counts))
	if this.LoadSeconds > 0 {
		fmt.Fprintf(&b, " Loaded in %s.", (time.Duration(this.LoadSeconds) * time.Second).String())
	}
	b.WriteString("\n")
	if big != nil {
		fmt.Fprintf(&b, "\nThe largest institution (`seed -scale 1 -largest`, a database of its own served by a second server): %s; that server's peak memory %.0f MB.\n",
			dataLine(big.data), float64(big.peak)/(1<<20))
	}
	if g := growth(append([]savedRun{this}, others...)); g != "" {
		b.WriteString("\n" + g)
	}
	return b.String()
}

const (
	startMarker = "<!-- results: written by `make bench` -->"
	endMarker   = "<!-- end of results -->"
)

// writeResults replaces the results section of the Markdown file, keeping
// what was written around it by hand.
func writeResults(path, report string) error {
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	text := string(old)
	section := startMarker + "\n" + report + endMarker
	before, rest, found := strings.Cut(text, startMarker)
	if !found {
		if text != "" && !strings.HasSuffix(text, "\n") {
			text += "\n"
		}
		return os.WriteFile(path, []byte(text+"\n"+section+"\n"), 0o644)
	}
	_, after, _ := strings.Cut(rest, endMarker)
	return os.WriteFile(path, []byte(before+section+after), 0o644)
}

// slug makes a file name of a page's name.
func slug(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-")
}
