package survey_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"belonging/internal/testkit"
)

// BenchmarkSubmit300 is a lecturer showing the QR code to 300 students at
// once: 300 browsers, each with its own cookie jar and connection, load
// the response page, send their answers and load the thank-you page, 32
// at a time, over loopback, all from one address (as a lecture theatre
// behind one NAT address is). It reports the time for all 300, the
// submission rate, p50 and p99 latency of the page and of the
// submission, and the errors, which must be none. Run it once:
//
//	make bench   (go test -run '^$' -bench Submit300 -benchtime 1x ./internal/survey/)
//
// Each run uses 300 of the address's 600-submission burst, so more than
// two runs a minute against one app would meet the rate limit.
func BenchmarkSubmit300(b *testing.B) {
	app := testkit.NewApp(b)
	staff := app.Client()
	staff.SignIn(director, testkit.DemoPassword)
	names := strings.Split(testkit.Scalar[string](b, app, `SELECT string_agg('s' || id, ',' ORDER BY position) FROM survey_statements WHERE instrument_id = $1`, builtin(b, app)), ",")
	const students, concurrency = 300, 32
	for b.Loop() {
		b.StopTimer()
		id := newSurvey(b, app, staff, true)
		token := tokenOf(b, app, id)
		b.StartTimer()

		var mu sync.Mutex
		var pages, posts []time.Duration
		errs := 0
		work := make(chan int)
		var wg sync.WaitGroup
		start := time.Now()
		for range concurrency {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for n := range work {
					page, post, err := student(app.URL, token, names, n)
					mu.Lock()
					if err != nil {
						errs++
						b.Log(err)
					} else {
						pages, posts = append(pages, page), append(posts, post)
					}
					mu.Unlock()
				}
			}()
		}
		for n := range students {
			work <- n
		}
		close(work)
		wg.Wait()
		elapsed := time.Since(start)

		b.StopTimer()
		if got := testkit.Scalar[int](b, app, `SELECT count(*) FROM survey_responses WHERE survey_id = $1`, id); got != students-errs {
			b.Errorf("stored %d responses, want %d", got, students-errs)
		}
		b.ReportMetric(elapsed.Seconds(), "s/300-students")
		b.ReportMetric(float64(students)/elapsed.Seconds(), "submissions/s")
		b.ReportMetric(ms(percentile(pages, 50)), "page-p50-ms")
		b.ReportMetric(ms(percentile(pages, 99)), "page-p99-ms")
		b.ReportMetric(ms(percentile(posts, 50)), "submit-p50-ms")
		b.ReportMetric(ms(percentile(posts, 99)), "submit-p99-ms")
		b.ReportMetric(float64(errs), "errors")
		if errs > 0 || elapsed > 10*time.Second || percentile(posts, 99) > 200*time.Millisecond || percentile(pages, 99) > 200*time.Millisecond {
			b.Errorf("300 students took %v with %d errors, p99 page %v, submit %v; want under 10 s, none, under 200 ms",
				elapsed, errs, percentile(pages, 99), percentile(posts, 99))
		}
		b.StartTimer()
	}
}

// student is one browser: it loads the page (which sets its cookie),
// answers every statement and the year, and follows the redirect to the
// thank-you page, timing the page and the submission.
func student(base, token string, names []string, n int) (page, post time.Duration, err error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second, Transport: &http.Transport{}}
	defer c.CloseIdleConnections()
	t0 := time.Now()
	if err := fetch(c, http.MethodGet, base+"/s/"+token, nil, http.StatusOK); err != nil {
		return 0, 0, err
	}
	page = time.Since(t0)
	f := url.Values{"year": {strconv.Itoa(1 + n%3)}}
	for i, name := range names {
		f.Set(name, strconv.Itoa(1+(n+i)%5))
	}
	t1 := time.Now()
	// The client follows the 303 to the thank-you page, as a browser does.
	if err := fetch(c, http.MethodPost, base+"/s/"+token, f, http.StatusOK); err != nil {
		return 0, 0, err
	}
	return page, time.Since(t1), nil
}

func fetch(c *http.Client, method, u string, form url.Values, want int) error {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		return err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", u[:strings.Index(u, "/s/")])
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != want {
		return &statusError{method: method, url: u, got: resp.StatusCode}
	}
	return nil
}

type statusError struct {
	method, url string
	got         int
}

func (e *statusError) Error() string {
	return e.method + " " + e.url + ": status " + strconv.Itoa(e.got)
}

func percentile(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return s[min(max(i-1, 0), len(s)-1)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
