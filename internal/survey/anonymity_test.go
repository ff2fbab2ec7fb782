package survey_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"belonging/internal/pgcluster"
	"belonging/internal/testkit"
)

// These tests attack the anonymity of pulse surveys the way someone with
// the database (and perhaps a student's browser) would: they send 50
// answers in a known order, each carrying its number in its comment, and
// try to tie each response to the browser that sent it, to the moment it
// was sent, or to its place in the order.
//
// The statistics and their thresholds:
//
//   - Matching. An attacker pairs the rows a submission leaves outside the
//     response tables ("markers") with the responses, by transaction id
//     order and by physical (ctid) order, and we count the pairs that are
//     right. Pairing 50 things by chance gets about one right (the number
//     of fixed points of a random permutation is close to Poisson(1)); six
//     or more right happens by chance with probability 0.0006. So more than
//     maxChanceMatches right means the order links them. Today's design has
//     no markers at all, so nothing can be paired.
//   - Order. After a survey closes we rank its responses by physical
//     position and compute Spearman's rank correlation with the order they
//     were sent. Unrelated orders give a correlation near zero, with
//     standard deviation 1/sqrt(49) = 0.14 for 50; the bound of 0.55 is
//     3.85 standard deviations (a false alarm about once in 8,000 runs),
//     and responses kept in the order they arrived give exactly 1.

const (
	attackResponses  = 50
	maxChanceMatches = 5
	maxRankCorr      = 0.55
)

// spearman is the rank correlation of two orderings of the same n items:
// order[i] is the rank, in the second ordering, of the item ranked i in
// the first.
func spearman(order []int) float64 {
	n := float64(len(order))
	var d2 float64
	for i, r := range order {
		d := float64(i - r)
		d2 += d * d
	}
	return 1 - 6*d2/(n*(n*n-1))
}

// The statistic itself: the order kept gives 1, reversed -1, so a bound of
// 0.55 cannot be met by responses left as they arrived.
func TestSpearman(t *testing.T) {
	t.Parallel()
	same, reversed := make([]int, attackResponses), make([]int, attackResponses)
	for i := range same {
		same[i], reversed[i] = i, attackResponses-1-i
	}
	if got := spearman(same); got != 1 {
		t.Errorf("spearman(same order) = %v, want 1", got)
	}
	if got := spearman(reversed); got != -1 {
		t.Errorf("spearman(reversed) = %v, want -1", got)
	}
}

// row is one tuple anywhere in the database, where it lies and which
// transaction wrote it.
type row struct {
	table      string
	xmin       int64
	page, item int64
	comment    string // responses only: which submission it is
}

// allRows reads the transaction id and physical position of every row in
// every table of the app's schema, and the comment of each response.
func allRows(t *testing.T, app *testkit.App) []row {
	t.Helper()
	ctx := context.Background()
	tables, err := pgx.CollectRows(mustQuery(t, app, `SELECT table_name::text FROM information_schema.tables
		WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`), pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	var out []row
	for _, table := range tables {
		comment := "''"
		if table == "survey_responses" {
			comment = "comment"
		}
		rows, err := app.Pool.Query(ctx, fmt.Sprintf(`SELECT xmin::text::bigint, (ctid::text::point)[0]::bigint, (ctid::text::point)[1]::bigint, %s FROM %s`,
			comment, pgx.Identifier{table}.Sanitize()))
		if err != nil {
			t.Fatalf("read %s: %v", table, err)
		}
		for rows.Next() {
			r := row{table: table}
			if err := rows.Scan(&r.xmin, &r.page, &r.item, &r.comment); err != nil {
				t.Fatal(err)
			}
			out = append(out, r)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func mustQuery(t *testing.T, app *testkit.App, sql string, args ...any) pgx.Rows {
	t.Helper()
	rows, err := app.Pool.Query(context.Background(), sql, args...)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return rows
}

// nextXID is the transaction id the database will hand out next. Reading
// it takes none.
func nextXID(t *testing.T, app *testkit.App) int64 {
	return testkit.Scalar[int64](t, app, `SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint`)
}

// openSurvey signs the programme director in on app and has them open a
// survey of their programme, returning their browser, the survey and its
// token.
func openSurvey(t *testing.T, app *testkit.App) (*testkit.App, *testkit.Client, int64, string) {
	t.Helper()
	staff := app.Client()
	staff.SignIn(director, testkit.DemoPassword)
	id := newSurvey(t, app, staff, false)
	return app, staff, id, tokenOf(t, app, id)
}

// sendNumbered sends attackResponses answers to the survey, one browser
// each, in order, each numbered in its comment ("answer 07"). It returns
// the browsers, and for each the range of transaction ids its submission
// could have used.
func sendNumbered(t *testing.T, app *testkit.App, token string) ([]*testkit.Client, [][2]int64) {
	t.Helper()
	var browsers []*testkit.Client
	var windows [][2]int64
	for i := range attackResponses {
		c := app.Client()
		f := answers(t, app, c, token, 1+i%5)
		f.Set("comment", fmt.Sprintf("answer %02d", i))
		from := nextXID(t, app)
		if resp := c.Post("/s/"+token, f); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("answer %d = %d: %s", i, resp.StatusCode, testkit.FormErrors(resp))
		}
		windows = append(windows, [2]int64{from, nextXID(t, app)})
		browsers = append(browsers, c)
	}
	return browsers, windows
}

func answerNumber(t *testing.T, comment string) int {
	t.Helper()
	n, err := strconv.Atoi(strings.TrimPrefix(comment, "answer "))
	if err != nil {
		t.Fatalf("response comment %q is not one of ours", comment)
	}
	return n
}

// pairCorrect pairs markers with responses by rank under less, and counts
// the pairs that are right: the marker was written by the submission
// that sent the response.
func pairCorrect(t *testing.T, markers []row, markerOf func(row) int, responses []row, less func(a, b row) bool) int {
	t.Helper()
	sort.SliceStable(markers, func(i, j int) bool { return less(markers[i], markers[j]) })
	sort.SliceStable(responses, func(i, j int) bool { return less(responses[i], responses[j]) })
	right := 0
	for i := range min(len(markers), len(responses)) {
		if markerOf(markers[i]) == answerNumber(t, responses[i].comment) {
			right++
		}
	}
	return right
}

func byXID(a, b row) bool { return a.xmin < b.xmin }

func byPlace(a, b row) bool {
	if a.table != b.table {
		return a.table < b.table
	}
	if a.page != b.page {
		return a.page < b.page
	}
	return a.item < b.item
}

// 50 students answer an open survey. Nothing they leave behind can be tied
// to their answers: the xmin join of the issue finds nothing, no other row
// shares a transaction with a response, the rows written beside the
// responses cannot be paired with them better than chance by transaction
// id or by physical order, and the cookie each browser keeps is the same
// for every student, so holding one says nothing about whose answers are
// whose.
func TestSubmissionsLeaveNothingToMatch(t *testing.T) {
	t.Parallel()
	app, _, id, token := openSurvey(t, testkit.NewApp(t))
	browsers, windows := sendNumbered(t, app, token)

	// The attack, as written, where its table still exists.
	if testkit.Scalar[bool](t, app, `SELECT to_regclass('survey_submissions') IS NOT NULL`) {
		n := testkit.Scalar[int](t, app, `SELECT count(*) FROM survey_responses r JOIN survey_submissions s ON s.survey_id = r.survey_id AND s.xmin = r.xmin WHERE r.survey_id = $1`, id)
		t.Logf("the issue's xmin join matched %d of %d responses to browser markers", n, attackResponses)
		if n != 0 {
			t.Errorf("xmin join of survey_submissions and survey_responses = %d rows, want 0", n)
		}
	}

	rows := allRows(t, app)
	var responses, markers []row
	window := func(xid int64) int {
		for i, w := range windows {
			if xid >= w[0] && xid < w[1] {
				return i
			}
		}
		return -1
	}
	responseXIDs := map[int64]bool{}
	for _, r := range rows {
		switch {
		case r.table == "survey_responses" && strings.HasPrefix(r.comment, "answer "):
			responses = append(responses, r)
			responseXIDs[r.xmin] = true
		case r.table == "survey_answers":
		case window(r.xmin) >= 0:
			markers = append(markers, r)
		}
	}
	if len(responses) != attackResponses {
		t.Fatalf("responses stored = %d, want %d", len(responses), attackResponses)
	}
	// The same join over every table: no row anywhere shares a
	// transaction with a response.
	shared := map[string]int{}
	for _, r := range rows {
		if r.table != "survey_responses" && r.table != "survey_answers" && responseXIDs[r.xmin] {
			shared[r.table]++
		}
	}
	if len(shared) != 0 {
		t.Errorf("rows sharing a transaction with a response, by table = %v, want none", shared)
	}
	markerTables := map[string]int{}
	for _, m := range markers {
		markerTables[m.table]++
	}
	t.Logf("rows the submissions wrote outside the response tables: %v", markerTables)
	if len(markers) != 0 {
		t.Errorf("submissions wrote %d rows outside the response tables (%v), want none", len(markers), markerTables)
	}
	markerOf := func(r row) int { return window(r.xmin) }
	if got := pairCorrect(t, markers, markerOf, responses, byXID); got > maxChanceMatches {
		t.Errorf("pairing markers and responses by transaction id: %d of %d right, want at most %d (chance)", got, attackResponses, maxChanceMatches)
	} else {
		t.Logf("pairing by transaction id: %d of %d right", got, attackResponses)
	}
	if got := pairCorrect(t, markers, markerOf, responses, byPlace); got > maxChanceMatches {
		t.Errorf("pairing markers and responses by physical order: %d of %d right, want at most %d (chance)", got, attackResponses, maxChanceMatches)
	} else {
		t.Logf("pairing by physical order: %d of %d right", got, attackResponses)
	}

	// What each browser keeps for the survey is the same for all of them.
	u, _ := url.Parse(app.URL + "/s/" + token)
	kept := map[string]bool{}
	for _, b := range browsers {
		var values []string
		for _, c := range b.HTTP.Jar.Cookies(u) {
			values = append(values, c.Name+"="+c.Value)
		}
		kept[strings.Join(values, ";")] = true
	}
	if len(kept) != 1 {
		t.Errorf("the %d browsers hold %d different cookies for the survey, want one value shared by all", attackResponses, len(kept))
	}
}

// After a survey closes, its responses lie in an order unrelated to the
// order they were sent, written by one transaction (so their transaction
// ids say nothing either), under new ids; and the row versions they
// replaced are no longer row versions in the table's pages, as
// pageinspect shows a database superuser. (Their bytes may linger in the
// pages' free space until overwritten: see the README.)
func TestClosingShufflesResponses(t *testing.T) {
	t.Parallel()
	app, staff, id, token := openSurvey(t, testkit.NewApp(t))
	sendNumbered(t, app, token)
	ctx := context.Background()
	ids := func() map[string]bool {
		got, err := pgx.CollectRows(mustQuery(t, app, `SELECT id::text FROM survey_responses WHERE survey_id = $1`, id), pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]bool{}
		for _, s := range got {
			m[s] = true
		}
		return m
	}
	before := ids()
	oldXIDs, err := pgx.CollectRows(mustQuery(t, app, `SELECT DISTINCT xmin::text::bigint FROM survey_responses WHERE survey_id = $1
		UNION SELECT DISTINCT a.xmin::text::bigint FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id WHERE r.survey_id = $1`, id), pgx.RowTo[int64])
	if err != nil {
		t.Fatal(err)
	}

	closeSurvey(t, staff, id)

	// Physical order against the order sent.
	comments, err := pgx.CollectRows(mustQuery(t, app, `SELECT comment FROM survey_responses WHERE survey_id = $1 ORDER BY ctid`, id), pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if len(comments) != attackResponses {
		t.Fatalf("responses after closing = %d, want %d", len(comments), attackResponses)
	}
	order := make([]int, len(comments))
	for i, c := range comments {
		order[i] = answerNumber(t, c)
	}
	rho := spearman(order)
	t.Logf("rank correlation of physical order and order sent, after closing: %.3f", rho)
	if rho > maxRankCorr || rho < -maxRankCorr {
		t.Errorf("rank correlation of physical order and order sent = %.3f, want within ±%.2f", rho, maxRankCorr)
	}
	answerOrder, err := pgx.CollectRows(mustQuery(t, app, `SELECT r.comment FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id
		WHERE r.survey_id = $1 ORDER BY a.ctid`, id), pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	var firsts []int
	seen := map[string]bool{}
	for _, c := range answerOrder {
		if !seen[c] {
			seen[c] = true
			firsts = append(firsts, answerNumber(t, c))
		}
	}
	if rho := spearman(firsts); rho > maxRankCorr || rho < -maxRankCorr {
		t.Errorf("rank correlation of the answers' physical order and order sent = %.3f, want within ±%.2f", rho, maxRankCorr)
	}
	// One transaction wrote them all, under ids never seen before.
	if n := testkit.Scalar[int](t, app, `SELECT count(DISTINCT x) FROM (SELECT xmin::text AS x FROM survey_responses WHERE survey_id = $1
		UNION ALL SELECT a.xmin::text FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id WHERE r.survey_id = $1) t`, id); n != 1 {
		t.Errorf("transactions among the closed survey's responses and answers = %d, want 1", n)
	}
	kept := 0
	for s := range ids() {
		if before[s] {
			kept++
		}
	}
	if kept != 0 {
		t.Errorf("response ids kept across closing = %d, want 0", kept)
	}
	// The versions written while the survey was open are no longer in
	// the pages' line pointers, not only hidden from queries.
	su := testkit.Superuser(t, app)
	if _, err := su.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS pageinspect`); err != nil {
		t.Fatalf("pageinspect: %v", err)
	}
	for _, table := range []string{"survey_responses", "survey_answers"} {
		var left int
		err := su.QueryRow(ctx, `SELECT count(*) FROM generate_series(0, pg_relation_size($1::regclass) / current_setting('block_size')::int - 1) AS b,
			LATERAL heap_page_items(get_raw_page($1::text, b::int)) AS p WHERE p.t_xmin::text::bigint = ANY ($2)`, table, oldXIDs).Scan(&left)
		if err != nil {
			t.Fatalf("read the pages of %s: %v", table, err)
		}
		if left != 0 {
			t.Errorf("%s: %d row versions written while the survey was open are still in its pages, want 0", table, left)
		}
	}
}

// lockedBuffer collects the app's log across its goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// The app's log keeps no line for a student's answers: a line with the
// time of each submission would give the order of responses, and with the
// address the student's network. Staff requests are still logged.
func TestSurveyRequestsStayOutOfTheLog(t *testing.T) {
	t.Parallel()
	log := &lockedBuffer{}
	app, _, id, token := openSurvey(t, testkit.NewAppLogging(t, log))
	for i := range 5 {
		c := app.Client()
		f := answers(t, app, c, token, 1+i)
		req, _ := http.NewRequest(http.MethodPost, app.URL+"/s/"+token, strings.NewReader(f.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("User-Agent", "DistinctiveBrowser/9.9")
		if resp := c.Do(req); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("answer %d = %d", i, resp.StatusCode)
		}
		c.Get("/s/" + token + "/thanks")
	}
	var surveyLines []string
	for _, line := range strings.Split(log.String(), "\n") {
		if strings.Contains(line, "/s/"+token) || strings.Contains(line, "DistinctiveBrowser") ||
			(strings.Contains(line, "method=POST") && strings.Contains(line, "127.0.0.1")) {
			surveyLines = append(surveyLines, line)
		}
	}
	if len(surveyLines) != 0 {
		t.Errorf("the log keeps %d lines about students' survey requests, want none; first: %s", len(surveyLines), surveyLines[0])
	}
	if !strings.Contains(log.String(), fmt.Sprintf("path=/surveys/%d", id)) && !strings.Contains(log.String(), "path=/programmes/") {
		t.Error("staff requests are not logged either: the test would pass with no log at all")
	}
}

// A member of staff who answers a survey in the browser they are signed in
// with (a graduate teaching assistant is often a student too) leaves no
// write to their session, or anywhere else, beside their response: a
// session row rewritten in the next transaction would name them.
func TestSignedInAnswerTouchesNoSession(t *testing.T) {
	t.Parallel()
	// Making the survey leaves a message waiting in the session, which a
	// page using the session would now take out, rewriting it.
	app, staff, _, token := openSurvey(t, testkit.NewApp(t))
	from := nextXID(t, app)
	f := answers(t, app, staff, token, 4)
	if resp := staff.Post("/s/"+token, f); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("answer = %d: %s", resp.StatusCode, testkit.FormErrors(resp))
	}
	staff.Get("/s/" + token + "/thanks")
	to := nextXID(t, app)
	written := map[string]int{}
	for _, r := range allRows(t, app) {
		if r.xmin >= from && r.xmin < to && r.table != "survey_responses" && r.table != "survey_answers" {
			written[r.table]++
		}
	}
	if len(written) != 0 {
		t.Errorf("rows written beside a signed-in person's answer, by table = %v, want none", written)
	}
}

// dumpRows runs pg_dump, as an administrator taking a copy would, and
// returns the data lines of table's COPY block in the order the dump
// holds them, each by its column names (so a column added to the table
// does not shift what a test reads).
func dumpRows(t *testing.T, app *testkit.App, table string) []map[string]string {
	t.Helper()
	// pg_dump lies beside the real initdb (PATH may hold only a link to it).
	bin, err := pgcluster.FindBinaries()
	if err != nil {
		testkit.Missing(t, "pg_dump")
	}
	initdb, err := filepath.EvalSymlinks(filepath.Join(bin, "initdb"))
	if err != nil {
		t.Fatal(err)
	}
	pgDump := filepath.Join(filepath.Dir(initdb), "pg_dump")
	if _, err := os.Stat(pgDump); err != nil {
		testkit.Missing(t, "pg_dump")
	}
	out, err := exec.Command(pgDump, "--data-only", "--table="+table, "--dbname="+app.DBURL).Output()
	if err != nil {
		t.Fatalf("pg_dump: %v", err)
	}
	var lines []map[string]string
	var columns []string
	for _, line := range strings.Split(string(out), "\n") {
		switch {
		case strings.HasPrefix(line, "COPY public."+table+" ("):
			// COPY public.t (a, b, c) FROM stdin;
			list, _, _ := strings.Cut(strings.TrimPrefix(line, "COPY public."+table+" ("), ")")
			columns = strings.Split(list, ", ")
		case columns != nil && line == `\.`:
			columns = nil
		case columns != nil:
			row := map[string]string{}
			for i, v := range strings.Split(line, "\t") {
				if i < len(columns) {
					row[columns[i]] = v
				}
			}
			lines = append(lines, row)
		}
	}
	return lines
}

// A copy of the database made with pg_dump after a survey closed holds
// its responses, and their answers, in an order unrelated to the order
// they were sent, and nothing else from which to tie them to a browser.
func TestDumpAfterClosingKeepsNoOrder(t *testing.T) {
	t.Parallel()
	app, staff, id, token := openSurvey(t, testkit.NewApp(t))
	sendNumbered(t, app, token)
	var open []int
	for _, r := range dumpRows(t, app, "survey_responses") {
		if strings.HasPrefix(r["comment"], "answer ") {
			open = append(open, answerNumber(t, r["comment"]))
		}
	}
	// Not a guarantee: an open survey's responses are mixed hourly (see
	// the README); logged to show what closing changes.
	t.Logf("rank correlation of the dump's order and the order sent, while open: %.3f", spearman(open))
	closeSurvey(t, staff, id)

	responses := dumpRows(t, app, "survey_responses")
	number := map[string]int{}
	var order []int
	for _, r := range responses {
		if strings.HasPrefix(r["comment"], "answer ") {
			n := answerNumber(t, r["comment"])
			number[r["id"]] = n
			order = append(order, n)
		}
	}
	if len(order) != attackResponses {
		t.Fatalf("responses in the dump = %d, want %d", len(order), attackResponses)
	}
	rho := spearman(order)
	t.Logf("rank correlation of the dump's order of responses and the order sent: %.3f", rho)
	if rho > maxRankCorr || rho < -maxRankCorr {
		t.Errorf("rank correlation of the dump's responses and the order sent = %.3f, want within ±%.2f", rho, maxRankCorr)
	}
	var firsts []int
	seen := map[string]bool{}
	for _, a := range dumpRows(t, app, "survey_answers") {
		if n, ok := number[a["response_id"]]; ok && !seen[a["response_id"]] {
			seen[a["response_id"]] = true
			firsts = append(firsts, n)
		}
	}
	if len(firsts) != attackResponses {
		t.Fatalf("responses with answers in the dump = %d, want %d", len(firsts), attackResponses)
	}
	if rho := spearman(firsts); rho > maxRankCorr || rho < -maxRankCorr {
		t.Errorf("rank correlation of the dump's answers and the order sent = %.3f, want within ±%.2f", rho, maxRankCorr)
	}
	// No table of the dump holds a row per browser that answered.
	if testkit.Scalar[bool](t, app, `SELECT to_regclass('survey_submissions') IS NOT NULL`) {
		if rows := dumpRows(t, app, "survey_submissions"); len(rows) != 0 {
			t.Errorf("the dump holds %d browser markers, want none", len(rows))
		}
	}
}
