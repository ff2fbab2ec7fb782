package survey_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"belonging/internal/seed"
	"belonging/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

const (
	director = "director@northbridge.ac.uk"
	leader   = "leader@northbridge.ac.uk"
	member   = "member@northbridge.ac.uk"
	viewer   = "viewer@northbridge.ac.uk"
	admin    = "admin@northbridge.ac.uk"
)

func programmeID(t testing.TB, app *testkit.App, code string) int64 {
	return testkit.Scalar[int64](t, app, `SELECT id FROM programmes WHERE code = $1`, code)
}

func coffeeID(t testing.TB, app *testkit.App) int64 {
	return testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title LIKE 'Coffee mornings%' AND academic_year = $1`, seed.CurrentYear())
}

func builtin(t testing.TB, app *testkit.App) int64 {
	return testkit.Scalar[int64](t, app, `SELECT id FROM survey_instruments WHERE institution_id IS NULL ORDER BY id LIMIT 1`)
}

func day(offset int) string { return time.Now().AddDate(0, 0, offset).Format("2006-01-02") }

func idFrom(t testing.TB, resp *testkit.Response) int64 {
	t.Helper()
	loc := resp.Header.Get("Location")
	s, _, _ := strings.Cut(strings.TrimPrefix(loc, "/surveys/"), "#")
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatalf("no survey in Location %q (status %d: %s)", loc, resp.StatusCode, testkit.FormErrors(resp))
	}
	return id
}

// newSurvey adds an open programme survey of C100 as its director.
func newSurvey(t testing.TB, app *testkit.App, c *testkit.Client, askYear bool) int64 {
	t.Helper()
	f := url.Values{"title": {"How is your course going?"}, "instrument": {strconv.FormatInt(builtin(t, app), 10)}, "kind": {"single"},
		"opens": {day(0)}, "closes": {day(7)}, "invited": {"40"}}
	if askYear {
		f.Set("ask_year", "on")
	}
	return idFrom(t, c.Post(fmt.Sprintf("/programmes/%d/surveys", programmeID(t, app, "C100")), f))
}

func tokenOf(t testing.TB, app *testkit.App, id int64) string {
	return testkit.Scalar[string](t, app, `SELECT token FROM surveys WHERE id = $1`, id)
}

// answers fills every statement of the survey's form with score, as a
// student would.
func answers(t testing.TB, app *testkit.App, c *testkit.Client, token string, score int) url.Values {
	t.Helper()
	page := c.Get("/s/" + token)
	if page.StatusCode != http.StatusOK {
		t.Fatalf("GET /s/%s = %d", token, page.StatusCode)
	}
	f := url.Values{}
	seen := map[string]bool{}
	page.Doc().Find(".pulse__q input[type=radio]").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		if !seen[name] {
			seen[name] = true
			f.Set(name, strconv.Itoa(score))
		}
	})
	if len(f) == 0 {
		t.Fatalf("no statements on /s/%s", token)
	}
	page.Doc().Find(".pulse__form input[type=hidden]").Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		value, _ := s.Attr("value")
		f.Set(name, value)
	})
	return f
}

// respond sends one student's answers from a new browser.
func respond(t testing.TB, app *testkit.App, token string, score int, extra url.Values) *testkit.Response {
	t.Helper()
	c := app.Client()
	f := answers(t, app, c, token, score)
	for k, v := range extra {
		f[k] = v
	}
	return c.Post("/s/"+token, f)
}

func closeSurvey(t testing.TB, c *testkit.Client, id int64) {
	t.Helper()
	if resp := c.Post(fmt.Sprintf("/surveys/%d/close", id), nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("close survey %d = %d", id, resp.StatusCode)
	}
}

// A student answers anonymously: the answers are stored, the browser is
// thanked and remembered, and nothing about the student is kept, not even
// in the audit log.
func TestStudentAnswers(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	staff := app.Client()
	staff.SignIn(director, testkit.DemoPassword)
	id := newSurvey(t, app, staff, true)
	token := tokenOf(t, app, id)
	auditBefore := testkit.Scalar[int](t, app, `SELECT count(*) FROM audit_log`)

	student := app.Client() // no account
	page := student.Get("/s/" + token)
	if page.StatusCode != http.StatusOK {
		t.Fatalf("response page = %d", page.StatusCode)
	}
	// Looking at the survey leaves nothing on the browser.
	if ck := page.Header.Get("Set-Cookie"); ck != "" {
		t.Errorf("the survey page sets a cookie %q, want none until the student answers", ck)
	}
	text := page.Doc().Find("main").Text()
	for _, want := range []string{"anonymous", "do not record your name, student number, IP address or the time you answered", "groups of 10 or more"} {
		if !strings.Contains(text, want) {
			t.Errorf("response page does not say %q", want)
		}
	}
	if n := page.Doc().Find(".pulse__q").Length(); n != 8 {
		t.Errorf("statements on the page = %d, want the 8 of the belonging pulse", n)
	}
	if page.Doc().Find("nav.site-nav").Length() != 0 {
		t.Error("the response page shows the staff navigation")
	}
	f := answers(t, app, student, token, 4)
	f.Set("year", "2")
	f.Set("comment", "The coffee helps.")
	req, _ := http.NewRequest(http.MethodPost, app.URL+"/s/"+token, strings.NewReader(f.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("User-Agent", "DistinctiveBrowser/9.9")
	resp := student.Do(req)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/s/"+token+"/thanks" {
		t.Fatalf("submit = %d to %q: %s", resp.StatusCode, resp.Header.Get("Location"), testkit.FormErrors(resp))
	}
	// The browser is told it has answered this survey, and no more.
	if ck := resp.Header.Get("Set-Cookie"); !strings.Contains(ck, "Path=/s/"+token) || !strings.Contains(ck, "HttpOnly") || !strings.Contains(ck, "SameSite=Lax") {
		t.Errorf("cookie = %q, want HttpOnly, SameSite=Lax and the survey's path", ck)
	}
	if thanks := student.Get("/s/" + token + "/thanks"); !strings.Contains(thanks.Text(), "your answers are saved") {
		t.Errorf("thanks page = %d", thanks.StatusCode)
	}
	if got := testkit.Scalar[string](t, app, `SELECT year_of_study || ' ' || comment FROM survey_responses WHERE survey_id = $1`, id); got != "2 The coffee helps." {
		t.Errorf("stored response = %q", got)
	}
	if got := testkit.Scalar[int](t, app, `SELECT count(*) FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id WHERE r.survey_id = $1 AND a.score = 4`, id); got != 8 {
		t.Errorf("stored answers = %d, want 8", got)
	}
	if after := testkit.Scalar[int](t, app, `SELECT count(*) FROM audit_log`); after != auditBefore {
		t.Errorf("a student's answer wrote %d audit rows, want none", after-auditBefore)
	}
	// Coming back, the same browser is thanked rather than asked again.
	if again := student.Get("/s/" + token); !strings.Contains(again.Text(), "You have already answered") {
		t.Errorf("revisit = %d without saying it has answered", again.StatusCode)
	}
	// Nothing identifying anywhere in the response tables.
	dump := testkit.Scalar[string](t, app, `SELECT coalesce(string_agg(t::text, '|'), '') FROM (
		SELECT r::text AS t FROM survey_responses r UNION ALL SELECT a::text FROM survey_answers a) x`)
	for _, bad := range []string{"127.0.0.1", "DistinctiveBrowser", time.Now().Format("2006-01-02")} {
		if strings.Contains(dump, bad) {
			t.Errorf("response tables contain %q", bad)
		}
	}
}

// The response tables cannot hold identifying data: no address, browser,
// person or time column of any kind.
func TestResponseTablesHoldNothingIdentifying(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	rows, err := app.Pool.Query(context.Background(), `
		SELECT table_name, column_name, data_type FROM information_schema.columns
		WHERE table_schema = 'public' AND table_name IN ('survey_responses', 'survey_answers')
		ORDER BY table_name, ordinal_position`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var columns []string
	for rows.Next() {
		var table, column, typ string
		if err := rows.Scan(&table, &column, &typ); err != nil {
			t.Fatal(err)
		}
		columns = append(columns, table+"."+column)
		for _, word := range []string{"ip", "addr", "agent", "browser_id", "user", "email", "name", "time", "created", "updated", "_at", "date", "seen"} {
			if column == word || strings.Contains(column, word) && word != "ip" {
				t.Errorf("%s.%s looks identifying (%q)", table, column, word)
			}
		}
		switch typ {
		case "timestamp with time zone", "timestamp without time zone", "date", "time without time zone", "inet", "cidr", "interval":
			t.Errorf("%s.%s has type %s", table, column, typ)
		}
	}
	want := "survey_answers.response_id survey_answers.statement_id survey_answers.score survey_responses.id survey_responses.institution_id " +
		"survey_responses.survey_id survey_responses.year_of_study survey_responses.comment survey_responses.language"
	if got := strings.Join(columns, " "); got != want {
		t.Errorf("response tables' columns =\n  %s\nwant exactly\n  %s\n(a new column needs an anonymity review and this test updated)", got, want)
	}
}

// Nine responses show nothing; ten show the chart and table. Results wait
// for the survey to close.
func TestResultsNeedTenResponses(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	staff := app.Client()
	staff.SignIn(director, testkit.DemoPassword)
	nine, ten := newSurvey(t, app, staff, false), newSurvey(t, app, staff, false)
	for i := 0; i < 10; i++ {
		if i < 9 {
			respond(t, app, tokenOf(t, app, nine), 1+i%5, nil)
		}
		respond(t, app, tokenOf(t, app, ten), 1+i%5, nil)
	}
	open := staff.Get(fmt.Sprintf("/surveys/%d", ten)).Doc()
	if open.Find("[data-testid=results-table]").Length() != 0 || !strings.Contains(open.Find("[data-testid=results-hidden]").Text(), "when the survey closes") {
		t.Error("results of an open survey are shown")
	}
	closeSurvey(t, staff, nine)
	closeSurvey(t, staff, ten)

	hidden := staff.Get(fmt.Sprintf("/surveys/%d", nine)).Doc()
	if hidden.Find("[data-testid=results-table]").Length() != 0 || hidden.Find("[data-testid^=chart-]").Length() != 0 {
		t.Error("9 responses: results shown")
	}
	if got := hidden.Find("[data-testid=results-hidden]").Text(); !strings.Contains(got, "There are 9 responses") || !strings.Contains(got, "at least 10") {
		t.Errorf("9 responses: reason = %q", got)
	}
	shown := staff.Get(fmt.Sprintf("/surveys/%d", ten)).Doc()
	if shown.Find("[data-testid=results-table] tbody tr").Length() != 8 || shown.Find("[data-testid^=chart-] svg").Length() != 1 {
		t.Fatalf("10 responses: no table of 8 statements and chart")
	}
	// Two of each answer: 20% each, mean 3.0.
	first := shown.Find("[data-testid=results-table] tbody tr").First().Text()
	if !strings.Contains(first, "2 (20%)") || shown.Find("[data-testid=mean-score]").Text() != "3.0" {
		t.Errorf("10 responses: first row %q, mean %q", first, shown.Find("[data-testid=mean-score]").Text())
	}
	if title := shown.Find("[data-testid^=chart-] svg > title").First().Text(); title == "" {
		t.Error("the chart has no title")
	}
	if shown.Find("svg [style]").Length() != 0 {
		t.Error("the chart uses style attributes, which the CSP forbids")
	}
}

// Showing "all years" and a year whose complement is under 10 would let
// anyone subtract one from the other: the year is not offered, and asking
// for it directly is refused with the reason.
func TestSubtractionAttackSuppressed(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	staff := app.Client()
	staff.SignIn(director, testkit.DemoPassword)
	id := newSurvey(t, app, staff, true)
	token := tokenOf(t, app, id)
	for i := 0; i < 18; i++ {
		respond(t, app, token, 4, url.Values{"year": {"1"}})
	}
	for i := 0; i < 7; i++ {
		respond(t, app, token, 1, url.Values{"year": {"2"}})
	}
	closeSurvey(t, staff, id)
	all := staff.Get(fmt.Sprintf("/surveys/%d", id)).Doc()
	if got := all.Find("[data-testid=results-summary]").Text(); !strings.Contains(got, "25 responses") {
		t.Errorf("all years summary = %q", got)
	}
	if all.Find("select#year option[value='1']").Length() != 0 || all.Find("select#year option[value='2']").Length() != 0 {
		t.Error("a year is offered whose figures, subtracted from all years, reveal fewer than 10")
	}
	if !strings.Contains(all.Find("[data-testid=filter-note]").Text(), "subtracting") {
		t.Error("the page does not say why years are not offered")
	}
	for _, year := range []int{1, 2} {
		doc := staff.Get(fmt.Sprintf("/surveys/%d?year=%d", id, year)).Doc()
		if doc.Find("[data-testid=results-table]").Length() != 0 {
			t.Errorf("?year=%d shows figures", year)
		}
		if !strings.Contains(doc.Find("[data-testid=results-hidden]").Text(), "work out the answers of a group smaller than 10") {
			t.Errorf("?year=%d does not explain the suppression: %q", year, doc.Find("[data-testid=results-hidden]").Text())
		}
	}
	// With 10 more in year 2, both years and their complements reach 10.
	testkit.Exec(t, app, `UPDATE surveys SET closes_at = now() + interval '1 day', sealed = false WHERE id = $1`, id)
	for i := 0; i < 10; i++ {
		respond(t, app, token, 2, url.Values{"year": {"2"}})
	}
	closeSurvey(t, staff, id)
	doc := staff.Get(fmt.Sprintf("/surveys/%d?year=2", id)).Doc()
	if got := doc.Find("[data-testid=results-summary]").Text(); !strings.Contains(got, "Year 2: 17 responses") {
		t.Errorf("year 2 of 35 = %q, want shown", got)
	}
}

// Free text is shown only to the activity's team, and only for the whole
// group above the threshold.
func TestCommentsOnlyForTheTeam(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	post := testkit.Scalar[int64](t, app, `SELECT id FROM surveys WHERE phase = 'post' AND activity_id = $1`, coffeeID(t, app))
	for who, want := range map[string]bool{director: true, leader: true, member: true, viewer: false} {
		c := app.Client()
		c.SignIn(who, testkit.DemoPassword)
		doc := c.Get(fmt.Sprintf("/surveys/%d", post)).Doc()
		if got := doc.Find("[data-testid=comments] li").Length() > 0; got != want {
			t.Errorf("%s sees comments = %v, want %v", who, got, want)
		}
		if !want && !strings.Contains(doc.Text(), "only to the activity's own team") {
			t.Errorf("%s is not told why comments are hidden", who)
		}
	}
}

// Each kind of bad answer gets a clear message and stores nothing.
func TestBadAnswers(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	staff := app.Client()
	staff.SignIn(director, testkit.DemoPassword)
	id := newSurvey(t, app, staff, true)
	token := tokenOf(t, app, id)
	statement := testkit.Scalar[int64](t, app, `SELECT min(st.id) FROM survey_statements st JOIN surveys s ON s.instrument_id = st.instrument_id WHERE s.id = $1`, id)
	field := "s" + strconv.FormatInt(statement, 10)
	before := testkit.Fingerprint(t, app.Pool)

	// A missing answer: 422, the error at its statement, the others kept.
	c := app.Client()
	f := answers(t, app, c, token, 5)
	f.Del(field)
	f.Set("comment", "Kept as typed")
	resp := c.Post("/s/"+token, f)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("missing answer = %d, want 422", resp.StatusCode)
	}
	doc := resp.Doc()
	if doc.Find("#"+field+"-error").Length() != 1 || doc.Find(fmt.Sprintf("[data-testid=error-summary] a[href='#%s']", field)).Length() != 1 {
		t.Errorf("missing answer: no error at the statement and in the summary (%s)", testkit.FormErrors(resp))
	}
	if kept := doc.Find("input[type=radio][checked]").Length(); kept != 7 {
		t.Errorf("answers kept = %d, want the other 7", kept)
	}
	if doc.Find("#comment").Text() != "Kept as typed" {
		t.Error("the comment was not kept")
	}

	cases := []struct {
		name   string
		set    url.Values
		status int
		text   string
	}{
		{"outside the scale", url.Values{field: {"7"}}, http.StatusUnprocessableEntity, "Choose one of the five answers"},
		{"not a number", url.Values{field: {"lots"}}, http.StatusUnprocessableEntity, "Choose one of the five answers"},
		{"forged statement", url.Values{"s999999": {"3"}}, http.StatusBadRequest, "does not ask"},
		{"another survey's statement", url.Values{"s" + strconv.FormatInt(testkit.Scalar[int64](t, app, `SELECT min(id) FROM survey_statements WHERE instrument_id <> (SELECT instrument_id FROM surveys WHERE id = $1)`, id), 10): {"3"}}, http.StatusBadRequest, "does not ask"},
		{"year not offered", url.Values{"year": {"9"}}, http.StatusUnprocessableEntity, "year of study"},
		{"1 MB comment", url.Values{"comment": {strings.Repeat("x", 1_000_000)}}, http.StatusUnprocessableEntity, "please shorten it to 2,000"},
		{"over the body limit", url.Values{"comment": {strings.Repeat("x", 2<<20)}}, http.StatusRequestEntityTooLarge, "too much"},
	}
	for _, tt := range cases {
		c := app.Client()
		f := answers(t, app, c, token, 3)
		for k, v := range tt.set {
			f[k] = v
		}
		resp := c.Post("/s/"+token, f)
		if resp.StatusCode != tt.status || !strings.Contains(resp.Text(), tt.text) {
			t.Errorf("%s: status %d, want %d with %q", tt.name, resp.StatusCode, tt.status, tt.text)
		}
	}
	if testkit.Fingerprint(t, app.Pool) != before {
		t.Error("bad answers changed the database")
	}

	// A second submission from the same browser is refused: by its
	// cookie once the first answer came back, and by the form's own
	// value when pressed twice before it did (the second request then
	// carries no cookie).
	c = app.Client()
	f = answers(t, app, c, token, 3)
	if resp := c.Post("/s/"+token, f); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("first answer = %d", resp.StatusCode)
	}
	again := c.Post("/s/"+token, f)
	if again.StatusCode != http.StatusConflict || !strings.Contains(again.Text(), "already") {
		t.Errorf("second answer = %d, want 409 saying it already answered", again.StatusCode)
	}
	if again := c.Get("/s/" + token); !strings.Contains(again.Text(), "You have already answered") {
		t.Errorf("the form shown again after answering: %d", again.StatusCode)
	}
	doubleClick := app.Client().Post("/s/"+token, f)
	if doubleClick.StatusCode != http.StatusConflict {
		t.Errorf("the same form sent again without the cookie = %d, want 409", doubleClick.StatusCode)
	}
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM survey_responses WHERE survey_id = $1`, id); n != 1 {
		t.Errorf("responses = %d, want 1", n)
	}

	// Closed and not-yet-open surveys say so and store nothing.
	late := app.Client()
	lf := answers(t, app, late, token, 3)
	closeSurvey(t, staff, id)
	before = testkit.Fingerprint(t, app.Pool)
	if resp := late.Post("/s/"+token, lf); resp.StatusCode != http.StatusGone || !strings.Contains(resp.Text(), "closed") {
		t.Errorf("answer to a closed survey = %d, want 410", resp.StatusCode)
	}
	if resp := app.Client().Get("/s/" + token); resp.StatusCode != http.StatusGone || !strings.Contains(resp.Text(), "This survey has closed") {
		t.Errorf("closed survey page = %d, want 410 saying it closed", resp.StatusCode)
	}
	testkit.Exec(t, app, `UPDATE surveys SET opens_at = now() + interval '2 days', closes_at = now() + interval '9 days' WHERE id = $1`, id)
	before = testkit.Fingerprint(t, app.Pool)
	if resp := app.Client().Get("/s/" + token); resp.StatusCode != http.StatusOK || !strings.Contains(resp.Text(), "not open yet") {
		t.Errorf("upcoming survey page = %d, want 200 saying it is not open yet", resp.StatusCode)
	}
	if resp := late.Post("/s/"+token, lf); resp.StatusCode != http.StatusForbidden || !strings.Contains(resp.Text(), "opens on") {
		t.Errorf("answer to an upcoming survey = %d, want 403", resp.StatusCode)
	}
	if resp := app.Client().Get("/s/AAAAAAAAAAAAAAAAAAAAAA"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown link = %d, want 404", resp.StatusCode)
	}
	if testkit.Fingerprint(t, app.Pool) != before {
		t.Error("answers to a closed or upcoming survey changed the database")
	}
}

// A survey nobody has answered can be deleted, with the other survey of
// its pair; one with answers cannot.
func TestDeleteSurvey(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(leader, testkit.DemoPassword)
	coffee := coffeeID(t, app)
	pre := idFrom(t, c.Post(fmt.Sprintf("/activities/%d/surveys", coffee), url.Values{"title": {"Pair to delete"},
		"instrument": {strconv.FormatInt(builtin(t, app), 10)}, "kind": {"pair"}, "opens": {day(1)}, "closes": {day(2)},
		"post_opens": {day(5)}, "post_closes": {day(6)}}))
	post := testkit.Scalar[int64](t, app, `SELECT id FROM surveys WHERE pre_id = $1`, pre)
	resp := c.Post(fmt.Sprintf("/surveys/%d/delete", post), nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != fmt.Sprintf("/activities/%d#surveys", coffee) {
		t.Fatalf("delete = %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM surveys WHERE id IN ($1, $2)`, pre, post); n != 0 {
		t.Errorf("%d surveys of the pair left", n)
	}
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM audit_log WHERE entity = 'survey' AND action = 'delete' AND entity_id IN ($1, $2)`, pre, post); n != 2 {
		t.Errorf("audit rows for the deletion = %d, want 2", n)
	}
	answered := testkit.Scalar[int64](t, app, `SELECT id FROM surveys WHERE phase = 'post' AND activity_id = $1`, coffee)
	before := testkit.Fingerprint(t, app.Pool)
	if resp := c.Post(fmt.Sprintf("/surveys/%d/delete", answered), nil); resp.StatusCode != http.StatusConflict {
		t.Errorf("deleting an answered survey = %d, want 409", resp.StatusCode)
	}
	if testkit.Fingerprint(t, app.Pool) != before {
		t.Error("refusing to delete changed the database")
	}
}

// A survey's page offers its link, QR code and poster only while students
// can still answer.
func TestClosedSurveyOffersNoShareLink(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	open := newSurvey(t, app, c, false)
	closed := testkit.Scalar[int64](t, app, `SELECT id FROM surveys WHERE title = 'Autumn belonging check-in'`)
	for _, tt := range []struct {
		id    int64
		share bool
	}{{open, true}, {closed, false}} {
		doc := c.Get(fmt.Sprintf("/surveys/%d", tt.id)).Doc()
		for _, sel := range []string{"[data-testid=survey-link]", "img.survey-qr", fmt.Sprintf("a[href='/surveys/%d/poster']", tt.id)} {
			if got := doc.Find(sel).Length() > 0; got != tt.share {
				t.Errorf("survey %d offers %s = %v, want %v", tt.id, sel, got, tt.share)
			}
		}
	}
}
