package survey_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"image/png"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"belonging/internal/acyear"
	"belonging/internal/store"
	"belonging/internal/survey"
	"belonging/internal/testkit"
)

// A pre/post pair on an activity: the comparison matches the hand-worked
// figures (see TestCompare's first case: each student answers every
// statement alike, so their scores are these), and closing the second
// survey gives the activity one Type 2 evidence item, however often the
// results are looked at afterwards.
func TestPrePostPairMakesEvidence(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	staff := app.Client()
	staff.SignIn(leader, testkit.DemoPassword)
	coffee := coffeeID(t, app)
	resp := staff.Post(fmt.Sprintf("/activities/%d/surveys", coffee), url.Values{"title": {"Coffee mornings pulse"},
		"instrument": {strconv.FormatInt(builtin(t, app), 10)}, "kind": {"pair"}, "opens": {day(0)}, "closes": {day(2)},
		"post_opens": {day(5)}, "post_closes": {day(9)}, "invited": {"40"}})
	pre := idFrom(t, resp)
	post := testkit.Scalar[int64](t, app, `SELECT id FROM surveys WHERE pre_id = $1`, pre)
	if got := testkit.Scalar[string](t, app, `SELECT phase FROM surveys WHERE id = $1`, pre) + " " + testkit.Scalar[string](t, app, `SELECT phase FROM surveys WHERE id = $1`, post); got != "pre post" {
		t.Fatalf("phases of surveys %d and %d = %q, want \"pre post\"", pre, post, got)
	}

	for _, score := range []int{2, 3, 3, 4, 2, 3, 3, 2, 4, 3} {
		respond(t, app, tokenOf(t, app, pre), score, nil)
	}
	closeSurvey(t, staff, pre)
	testkit.Exec(t, app, `UPDATE surveys SET opens_at = now() - interval '1 minute' WHERE id = $1`, post)
	for _, score := range []int{3, 4, 4, 5, 3, 4, 4, 3, 5, 4} {
		respond(t, app, tokenOf(t, app, post), score, nil)
	}
	waiting := staff.Get(fmt.Sprintf("/surveys/%d", post)).Doc()
	if !strings.Contains(waiting.Find("[data-testid=comparison]").Text(), "when both surveys have closed") {
		t.Error("the comparison shows before the survey after has closed")
	}
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM evidence WHERE survey_id = $1`, post); n != 0 {
		t.Fatalf("evidence before the pair closed: %d", n)
	}
	closeSurvey(t, staff, post)
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM evidence WHERE survey_id = $1`, post); n != 1 {
		t.Errorf("evidence items after closing the survey after = %d, want 1 (added as the pair closes)", n)
	}

	want := "On average students agreed more after the activity: +1.0 points on a 1–5 scale (95% confidence interval +0.3 to +1.7). That is a large difference."
	for i := 0; i < 2; i++ {
		doc := staff.Get(fmt.Sprintf("/surveys/%d", post)).Doc()
		if got := strings.TrimSpace(doc.Find("[data-testid=comparison-sentence]").Text()); got != want {
			t.Errorf("comparison =\n  %q\nwant\n  %q", got, want)
		}
		if got := doc.Find("[data-testid=comparison]").Text(); !strings.Contains(got, "Cohen's d = 1.36 (large)") || !strings.Contains(got, "mean 2.9 from 10 responses") {
			t.Errorf("comparison details missing: %q", got)
		}
	}
	if doc := staff.Get(fmt.Sprintf("/surveys/%d", pre)).Doc(); strings.TrimSpace(doc.Find("[data-testid=comparison-sentence]").Text()) != want {
		t.Error("the survey before does not show the comparison too")
	}
	// The evidence item, with its notes and comparison cut to what they
	// start with and what they must say.
	type item struct {
		N                               int
		Title, Kind, Instrument, Effect string
		Strength, Sample, Rate          int
		Activity                        int64
		NotesStart                      string
		ComparisonSaysBefore10          bool
	}
	var got item
	var notes, comparison string
	err := app.Pool.QueryRow(context.Background(), `
		SELECT count(*) OVER (), title, kind, strength, instrument, sample_size, response_rate, notes, effect_size, comparison, activity_id
		FROM evidence WHERE survey_id = $1`, post).Scan(&got.N, &got.Title, &got.Kind, &got.Strength, &got.Instrument, &got.Sample, &got.Rate,
		&notes, &got.Effect, &comparison, &got.Activity)
	if err != nil {
		t.Fatalf("evidence of survey %d: %v", post, err)
	}
	got.NotesStart = notes[:min(len(notes), len(want))]
	got.ComparisonSaysBefore10 = strings.Contains(comparison, "before (10 responses")
	wantItem := item{N: 1, Title: "Belonging pulse before and after: +1.0 (95% CI +0.3 to +1.7)", Kind: "survey", Strength: 2,
		Instrument: "Belonging pulse, version 1", Sample: 20, Rate: 25, Activity: coffee, Effect: "Cohen's d = 1.36 (large)",
		NotesStart: want, ComparisonSaysBefore10: true}
	if diff := cmp.Diff(wantItem, got); diff != "" {
		t.Errorf("evidence of the pair (-want +got):\n%s", diff)
	}
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM audit_log WHERE entity = 'evidence' AND action = 'create' AND actor_id IS NULL`); n < 1 {
		t.Error("the evidence was not audited as the system's work")
	}
	// The activity's page shows the result in its Surveys section.
	page := staff.Get(fmt.Sprintf("/activities/%d", coffee)).Doc()
	if got := page.Find("[data-testid=activity-survey-result]").Text(); got != want {
		t.Errorf("activity page result = %q, want %q", got, want)
	}
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM evidence WHERE survey_id = $1`, post); n != 1 {
		t.Errorf("evidence items = %d after several views, want 1", n)
	}
}

// The scheduled job adds the evidence of closed pairs first, then deletes
// the responses of surveys closed longer ago than the retention period,
// and leaves the rest alone.
func TestRetentionJob(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	ctx := context.Background()
	h := &survey.Handler{Pool: app.Pool, Queries: store.New(app.Pool), MinGroup: 10, Retention: 20 * 24 * time.Hour}
	coffee := coffeeID(t, app)
	pre := testkit.Scalar[int64](t, app, `SELECT id FROM surveys WHERE phase = 'pre' AND activity_id = $1`, coffee)            // closed 57 days ago
	post := testkit.Scalar[int64](t, app, `SELECT id FROM surveys WHERE phase = 'post' AND activity_id = $1`, coffee)          // closed 3 days ago
	autumn := testkit.Scalar[int64](t, app, `SELECT id FROM surveys WHERE title = 'Autumn belonging check-in'`)                // closed 30 days ago
	history := testkit.Scalar[int64](t, app, `SELECT id FROM surveys WHERE title = 'How do you feel about the History café?'`) // open
	count := func(id int64) int {
		return testkit.Scalar[int](t, app, `SELECT count(*) FROM survey_responses WHERE survey_id = $1`, id)
	}
	if count(pre) != 24 || count(autumn) != 7 {
		t.Fatalf("seeded responses = %d, %d", count(pre), count(autumn))
	}

	// The demo's surveys closed more than 20 days ago: the coffee
	// mornings' and the autumn check-in above, and others.
	expired := testkit.Scalar[int](t, app, `SELECT count(*) FROM surveys WHERE closes_at < now() - interval '20 days'`)
	if expired < 2 {
		t.Fatalf("seeded surveys past retention = %d, want at least the two above", expired)
	}
	if err := h.Upkeep(ctx); err != nil {
		t.Fatalf("Upkeep() = %v", err)
	}
	if got := testkit.Scalar[int](t, app, `SELECT sample_size FROM evidence WHERE survey_id = $1`, post); got != 45 {
		t.Errorf("evidence of the seeded pair has sample %d, want 45 (made before the responses before were deleted)", got)
	}
	for _, tt := range []struct {
		id      int64
		want    int
		deleted bool
	}{{pre, 0, true}, {autumn, 0, true}, {post, 21, false}, {history, 4, false}} {
		if got := count(tt.id); got != tt.want {
			t.Errorf("survey %d responses after the job = %d, want %d", tt.id, got, tt.want)
		}
		if got := testkit.Scalar[bool](t, app, `SELECT responses_deleted_on IS NOT NULL FROM surveys WHERE id = $1`, tt.id); got != tt.deleted {
			t.Errorf("survey %d marked deleted = %v, want %v", tt.id, got, tt.deleted)
		}
	}
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM survey_answers a WHERE NOT EXISTS (SELECT 1 FROM survey_responses r WHERE r.id = a.response_id)`); n != 0 {
		t.Errorf("%d answers outlived their responses", n)
	}
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM audit_log WHERE action = 'delete_responses'`); n != expired {
		t.Errorf("audit rows for deletions = %d, want %d (one per survey past retention)", n, expired)
	}
	// Running again deletes nothing more.
	if n, err := h.PurgeExpired(ctx); err != nil || n != 0 {
		t.Errorf("PurgeExpired() again = %d, %v; want 0, nil", n, err)
	}
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	if doc := c.Get(fmt.Sprintf("/surveys/%d", autumn)).Doc(); !strings.Contains(doc.Find("[data-testid=results]").Text(), "responses were deleted") {
		t.Error("the survey page does not say its responses were deleted")
	}
}

// A questionnaire nobody uses is edited in place; once a survey uses it,
// editing makes a new version and the old one stays as it was.
func TestInstrumentVersions(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	a := app.Client()
	a.SignIn(admin, testkit.DemoPassword)
	id := testkit.Scalar[int64](t, app, `SELECT id FROM survey_instruments WHERE name = 'Commuter student pulse'`)
	form := func(name string, statements ...string) url.Values {
		f := url.Values{"name": {name}}
		for _, s := range statements {
			f.Add("statement", s)
			f.Add("dimension", "peers")
			f.Add("optional", "no")
		}
		return f
	}
	if resp := a.Post(fmt.Sprintf("/surveys/instruments/%d", id), form("Commuter pulse", "I can get to campus easily.", "I have friends on my course.")); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit unused = %d: %s", resp.StatusCode, testkit.FormErrors(resp))
	}
	if got := testkit.Scalar[int](t, app, `SELECT count(*) FROM survey_statements WHERE instrument_id = $1`, id); got != 2 {
		t.Errorf("statements after editing in place = %d, want 2", got)
	}

	d := app.Client()
	d.SignIn(director, testkit.DemoPassword)
	resp := d.Post(fmt.Sprintf("/programmes/%d/surveys", programmeID(t, app, "C100")), url.Values{"title": {"Commuters"},
		"instrument": {strconv.FormatInt(id, 10)}, "kind": {"single"}, "opens": {day(0)}, "closes": {day(3)}})
	used := idFrom(t, resp)
	respond(t, app, tokenOf(t, app, used), 4, nil)
	before := testkit.Scalar[string](t, app, `SELECT string_agg(body, '|' ORDER BY position) FROM survey_statements WHERE instrument_id = $1`, id)

	resp = a.Post(fmt.Sprintf("/surveys/instruments/%d", id), form("Commuter pulse", "I can get to campus easily and cheaply."))
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit used = %d", resp.StatusCode)
	}
	next, err := strconv.ParseInt(strings.TrimPrefix(resp.Header.Get("Location"), "/surveys/instruments/"), 10, 64)
	if err != nil {
		t.Fatalf("no questionnaire in Location %q: %v", resp.Header.Get("Location"), err)
	}
	if next == id || testkit.Scalar[int](t, app, `SELECT version FROM survey_instruments WHERE id = $1`, next) != 2 ||
		testkit.Scalar[int64](t, app, `SELECT replaces_id FROM survey_instruments WHERE id = $1`, next) != id {
		t.Fatalf("editing a used questionnaire did not make version 2 (got %d)", next)
	}
	if after := testkit.Scalar[string](t, app, `SELECT string_agg(body, '|' ORDER BY position) FROM survey_statements WHERE instrument_id = $1`, id); after != before {
		t.Errorf("version 1 changed: %q, was %q", after, before)
	}
	if got := testkit.Scalar[int64](t, app, `SELECT instrument_id FROM surveys WHERE id = $1`, used); got != id {
		t.Error("the survey moved off the version its students answered")
	}
	newForm := d.Get(fmt.Sprintf("/programmes/%d/surveys/new", programmeID(t, app, "C100"))).Doc()
	if newForm.Find(fmt.Sprintf("#instrument option[value='%d']", id)).Length() != 0 || newForm.Find(fmt.Sprintf("#instrument option[value='%d']", next)).Length() != 1 {
		t.Error("new surveys are not offered only the current version")
	}
	if resp := a.Get(fmt.Sprintf("/surveys/instruments/%d/edit", id)); resp.StatusCode != http.StatusConflict {
		t.Errorf("editing the old version = %d, want 409", resp.StatusCode)
	}
	if resp := a.Get(fmt.Sprintf("/surveys/instruments/%d/edit", builtin(t, app))); resp.StatusCode != http.StatusForbidden {
		t.Errorf("editing the built-in pulse = %d, want 403", resp.StatusCode)
	}
	bad := a.Post("/surveys/instruments", url.Values{"name": {""}, "statement": {strings.Repeat("x", 301)}, "dimension": {"popularity"}, "optional": {"no"}})
	if bad.StatusCode != http.StatusUnprocessableEntity || bad.Doc().Find("#name-error").Length() != 1 || bad.Doc().Find("#statement-1-error").Length() != 1 || bad.Doc().Find("#dimension-1-error").Length() != 1 {
		t.Errorf("bad questionnaire = %d: %s", bad.StatusCode, testkit.FormErrors(bad))
	}
}

// The survey form names each bad value at its field, keeps what was typed
// and stores nothing.
func TestSurveyFormBadInput(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	path := fmt.Sprintf("/programmes/%d/surveys", programmeID(t, app, "C100"))
	valid := func() url.Values {
		return url.Values{"title": {"A survey"}, "instrument": {strconv.FormatInt(builtin(t, app), 10)}, "kind": {"pair"},
			"opens": {day(0)}, "closes": {day(3)}, "post_opens": {day(10)}, "post_closes": {day(14)}, "invited": {"30"}}
	}
	before := testkit.Fingerprint(t, app.Pool)
	eastmere := testkit.Scalar[int64](t, app, `SELECT x.id FROM survey_instruments x JOIN institutions i ON i.id = x.institution_id WHERE i.slug = 'eastmere'`)
	for _, tt := range []struct {
		name, field, value string
	}{
		{"no title", "title", ""},
		{"another institution's questionnaire", "instrument", strconv.FormatInt(eastmere, 10)},
		{"closes before it opens", "closes", day(-1)},
		{"already closed", "opens", day(-9)},
		{"not a date", "opens", "next week"},
		{"after opens before the first closes", "post_opens", day(2)},
		{"invited not a number", "invited", "lots"},
		{"unknown kind", "kind", "triple"},
	} {
		f := valid()
		f.Set(tt.field, tt.value)
		want := tt.field
		if tt.name == "already closed" {
			f.Set("closes", day(-2))
			want = "closes"
		}
		resp := c.Post(path, f)
		if resp.StatusCode != http.StatusUnprocessableEntity || resp.Doc().Find("#"+want+"-error").Length() != 1 {
			t.Errorf("%s: status %d, errors %q; want 422 at %s", tt.name, resp.StatusCode, testkit.FormErrors(resp), want)
			continue
		}
		if v, _ := resp.Doc().Find("#title").Attr("value"); v != f.Get("title") {
			t.Errorf("%s: title not kept", tt.name)
		}
	}
	if testkit.Fingerprint(t, app.Pool) != before {
		t.Error("invalid surveys changed the database")
	}
}

// The QR code comes as SVG without style attributes (the CSP forbids them)
// and as a PNG with a quiet zone; the poster carries the link.
func TestQRCodesAndPoster(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(viewer, testkit.DemoPassword)
	id := testkit.Scalar[int64](t, app, `SELECT id FROM surveys WHERE title = 'Autumn belonging check-in'`)
	link := app.URL + "/s/" + tokenOf(t, app, id)

	svg := c.Get(fmt.Sprintf("/surveys/%d/qr.svg", id))
	if svg.StatusCode != 200 || svg.Header.Get("Content-Type") != "image/svg+xml" {
		t.Fatalf("qr.svg = %d %s", svg.StatusCode, svg.Header.Get("Content-Type"))
	}
	if err := xml.Unmarshal(svg.Body, new(struct{ XMLName xml.Name })); err != nil {
		t.Errorf("qr.svg is not well-formed XML: %v", err)
	}
	if bytes.Contains(svg.Body, []byte("style")) || !bytes.Contains(svg.Body, []byte(`<path fill="#000000" d="M`)) || !bytes.Contains(svg.Body, []byte(link)) {
		t.Errorf("qr.svg = %.300s", svg.Body)
	}
	pngResp := c.Get(fmt.Sprintf("/surveys/%d/qr.png", id))
	img, err := png.Decode(bytes.NewReader(pngResp.Body))
	if err != nil {
		t.Fatalf("qr.png: %v", err)
	}
	b := img.Bounds()
	if b.Dx() != b.Dy() || b.Dx()%10 != 0 || b.Dx() < 250 {
		t.Errorf("qr.png is %v, want a square of whole 10-pixel modules", b)
	}
	// The quiet zone is white; the top-left finder pattern starts 4 modules in.
	if r, _, _, _ := img.At(5, 5).RGBA(); r != 0xffff {
		t.Error("qr.png has no white quiet zone")
	}
	if r, _, _, _ := img.At(45, 45).RGBA(); r != 0 {
		t.Error("qr.png has no finder pattern where expected")
	}
	poster := c.Get(fmt.Sprintf("/surveys/%d/poster", id))
	if poster.StatusCode != 200 || !strings.Contains(poster.Doc().Find("[data-testid=poster]").Text(), link) {
		t.Errorf("poster = %d without the link", poster.StatusCode)
	}
}

// Looking at a closed pair writes nothing. The seeded pair of the coffee
// mornings closed on its own dates, so its evidence waits for the upkeep;
// meanwhile the survey's page shows the comparison and the activity's
// page its result, from the answers, and neither adds the evidence.
func TestViewingAClosedPairWritesNothing(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(leader, testkit.DemoPassword)
	coffee := coffeeID(t, app)
	post := testkit.Scalar[int64](t, app, `SELECT id FROM surveys WHERE phase = 'post' AND activity_id = $1`, coffee)
	evidence := func() int {
		return testkit.Scalar[int](t, app, `SELECT count(*) FROM evidence WHERE survey_id = $1`, post)
	}
	if n := evidence(); n != 0 {
		t.Fatalf("seeded evidence of the pair = %d, want 0", n)
	}

	before := testkit.Fingerprint(t, app.Pool)
	show := c.Get(fmt.Sprintf("/surveys/%d", post))
	if show.StatusCode != http.StatusOK {
		t.Fatalf("GET /surveys/%d = %d, want 200", post, show.StatusCode)
	}
	sentence := strings.TrimSpace(show.Doc().Find("[data-testid=comparison-sentence]").Text())
	if sentence == "" {
		t.Error("the closed pair's page shows no comparison")
	}
	if got := show.Doc().Find("[data-testid=evidence]").Length(); got != 0 {
		t.Errorf("evidence named on the survey's page before it was added: %d", got)
	}
	activity := c.Get(fmt.Sprintf("/activities/%d", coffee)).Doc()
	if got := activity.Find("[data-testid=activity-survey-result]").Text(); got != sentence {
		t.Errorf("activity page result = %q, want %q", got, sentence)
	}
	if testkit.Fingerprint(t, app.Pool) != before {
		t.Error("looking at a closed pair changed the database")
	}
	if n := evidence(); n != 0 {
		t.Errorf("evidence after looking = %d, want 0", n)
	}

	h := &survey.Handler{Pool: app.Pool, Queries: store.New(app.Pool), MinGroup: 10}
	if err := h.Upkeep(context.Background()); err != nil {
		t.Fatalf("Upkeep() = %v", err)
	}
	if n := evidence(); n != 1 {
		t.Fatalf("evidence after the upkeep = %d, want 1", n)
	}
	show = c.Get(fmt.Sprintf("/surveys/%d", post))
	if got, want := show.Doc().Find("[data-testid=evidence]").Text(), testkit.Scalar[string](t, app, `SELECT title FROM evidence WHERE survey_id = $1`, post); got != want {
		t.Errorf("evidence on the survey's page = %q, want %q", got, want)
	}
	if got := c.Get(fmt.Sprintf("/activities/%d", coffee)).Doc().Find("[data-testid=activity-survey-result]").Text(); got != sentence {
		t.Errorf("activity page result after the upkeep = %q, want %q", got, sentence)
	}
}

// The pair's evidence gives each survey's response rate and the pair's,
// rounded to the nearest whole percentage: 12 of 40 is 30%, 11 of 40 is
// 28% (27.5 rounds up), and together 23 of 80 is 29% (28.75).
func TestPairResponseRates(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	staff := app.Client()
	staff.SignIn(leader, testkit.DemoPassword)
	coffee := coffeeID(t, app)
	resp := staff.Post(fmt.Sprintf("/activities/%d/surveys", coffee), url.Values{"title": {"Coffee mornings pulse"},
		"instrument": {strconv.FormatInt(builtin(t, app), 10)}, "kind": {"pair"}, "opens": {day(0)}, "closes": {day(2)},
		"post_opens": {day(5)}, "post_closes": {day(9)}, "invited": {"40"}})
	pre := idFrom(t, resp)
	post := testkit.Scalar[int64](t, app, `SELECT id FROM surveys WHERE pre_id = $1`, pre)
	for i := 0; i < 12; i++ {
		respond(t, app, tokenOf(t, app, pre), 2+i%3, nil)
	}
	closeSurvey(t, staff, pre)
	testkit.Exec(t, app, `UPDATE surveys SET opens_at = now() - interval '1 minute' WHERE id = $1`, post)
	for i := 0; i < 11; i++ {
		respond(t, app, tokenOf(t, app, post), 3+i%3, nil)
	}
	if got := staff.Get(fmt.Sprintf("/surveys/%d", post)).Doc().Find("[data-testid=survey-figures]").Text(); !strings.Contains(got, "28% response rate") {
		t.Errorf("the survey after's figures = %q, want 11 of 40 shown as 28%%", strings.Join(strings.Fields(got), " "))
	}
	closeSurvey(t, staff, post)
	var sample, rate int
	var notes, comparison string
	if err := app.Pool.QueryRow(context.Background(), `SELECT sample_size, response_rate, notes, comparison FROM evidence WHERE survey_id = $1`, post).
		Scan(&sample, &rate, &notes, &comparison); err != nil {
		t.Fatalf("evidence of the pair: %v", err)
	}
	if sample != 23 || rate != 29 {
		t.Errorf("evidence N = %d, response rate = %d%%; want 23 and 29%% (23 of 80 invited)", sample, rate)
	}
	for _, want := range []string{"12 of 40 invited (30%)", "11 of 40 invited (28%)", "23 responses of 80 invitations (29%)"} {
		if !strings.Contains(notes, want) {
			t.Errorf("evidence notes lack %q:\n%s", want, notes)
		}
	}
	page := staff.Get(fmt.Sprintf("/activities/%d", coffee)).Text()
	if !strings.Contains(page, "Response rate 29%") {
		t.Error("the activity's evidence list does not show the pair's response rate of 29%")
	}
}

// A before/after pair may run on one day, as for a one-day induction:
// before 09:00–10:00 and after 16:00–17:00 (UK time), or back to back.
// Overlapping surveys, and bad times, are refused at their fields.
func TestSameDayPair(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	staff := app.Client()
	staff.SignIn(leader, testkit.DemoPassword)
	coffee := coffeeID(t, app)
	path := fmt.Sprintf("/activities/%d/surveys", coffee)
	tomorrow := day(1)
	pair := func(opens, closes, postOpens, postCloses string) url.Values {
		return url.Values{"title": {"Induction day pulse"}, "instrument": {strconv.FormatInt(builtin(t, app), 10)}, "kind": {"pair"},
			"opens": {tomorrow}, "opens_time": {opens}, "closes": {tomorrow}, "closes_time": {closes},
			"post_opens": {tomorrow}, "post_opens_time": {postOpens}, "post_closes": {tomorrow}, "post_closes_time": {postCloses}, "invited": {"30"}}
	}
	window := func(id int64) string {
		return testkit.Scalar[string](t, app, `SELECT to_char(opens_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD HH24:MI') || ' to ' ||
			to_char(closes_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD HH24:MI') FROM surveys WHERE id = $1`, id)
	}
	for _, tt := range []struct {
		name              string
		form              url.Values
		wantPre, wantPost string
	}{
		{"before 09:00–10:00, after 16:00–17:00", pair("09:00", "10:00", "16:00", "17:00"),
			tomorrow + " 09:00 to " + tomorrow + " 10:00", tomorrow + " 16:00 to " + tomorrow + " 17:00"},
		{"back to back", pair("08:30", "10:00", "10:00", "12:30"),
			tomorrow + " 08:30 to " + tomorrow + " 10:00", tomorrow + " 10:00 to " + tomorrow + " 12:30"},
	} {
		resp := staff.Post(path, tt.form)
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("%s: POST = %d (%s), want 303", tt.name, resp.StatusCode, testkit.FormErrors(resp))
			continue
		}
		pre := idFrom(t, resp)
		post := testkit.Scalar[int64](t, app, `SELECT id FROM surveys WHERE pre_id = $1`, pre)
		if got := window(pre); got != tt.wantPre {
			t.Errorf("%s: survey before runs %s, want %s", tt.name, got, tt.wantPre)
		}
		if got := window(post); got != tt.wantPost {
			t.Errorf("%s: survey after runs %s, want %s", tt.name, got, tt.wantPost)
		}
	}

	before := testkit.Fingerprint(t, app.Pool)
	for _, tt := range []struct {
		name, field string
		form        url.Values
	}{
		{"after opens before the one before closes", "post_opens_time", pair("09:00", "10:00", "09:30", "17:00")},
		{"after opens the day before", "post_opens", func() url.Values {
			f := pair("09:00", "10:00", "16:00", "17:00")
			f.Set("post_opens", day(0))
			return f
		}()},
		{"closing time before the opening time", "closes_time", pair("10:00", "09:00", "16:00", "17:00")},
		{"opening time not a time", "opens_time", pair("nine", "10:00", "16:00", "17:00")},
		{"closing time not a time", "post_closes_time", pair("09:00", "10:00", "16:00", "25:00")},
		{"closing time already passed", "closes_time", func() url.Values {
			// Two minutes ago, on today's date in the UK (it is still today
			// there unless the test runs in the first two minutes of a day).
			passed := time.Now().In(acyear.London).Add(-2 * time.Minute)
			f := pair("12:00", passed.Format("15:04"), "16:00", "17:00")
			f.Set("opens", passed.AddDate(0, 0, -1).Format("2006-01-02"))
			f.Set("closes", passed.Format("2006-01-02"))
			return f
		}()},
	} {
		if tt.form.Get("closes") < acyear.Today().Format("2006-01-02") {
			tt.field = "closes" // a day that has passed is the date's fault
		}
		resp := staff.Post(path, tt.form)
		if resp.StatusCode != http.StatusUnprocessableEntity || resp.Doc().Find("#"+tt.field+"-error").Length() != 1 {
			t.Errorf("%s: status %d, errors %q; want 422 at %s", tt.name, resp.StatusCode, testkit.FormErrors(resp), tt.field)
			continue
		}
		if href, _ := resp.Doc().Find("[data-testid=error-summary] a").Attr("href"); href != "#"+tt.field {
			t.Errorf("%s: the error summary links to %q, want #%s", tt.name, href, tt.field)
		}
		for _, f := range []string{"opens_time", "closes_time", "post_opens_time", "post_closes_time"} {
			if v, _ := resp.Doc().Find("#" + f).Attr("value"); v != tt.form.Get(f) {
				t.Errorf("%s: %s shows %q, want what was typed, %q", tt.name, f, v, tt.form.Get(f))
			}
		}
	}
	if testkit.Fingerprint(t, app.Pool) != before {
		t.Error("refused surveys changed the database")
	}

	// Moving the survey before so that it overlaps the one after is
	// refused too; moving it within its own slot is not.
	pre := idFrom(t, staff.Post(path, pair("09:00", "10:00", "16:00", "17:00")))
	edit := url.Values{"title": {"Induction day pulse"}, "opens": {tomorrow}, "opens_time": {"09:00"}, "closes": {tomorrow}, "closes_time": {"16:30"}}
	if resp := staff.Post(fmt.Sprintf("/surveys/%d", pre), edit); resp.StatusCode != http.StatusUnprocessableEntity || resp.Doc().Find("#closes_time-error").Length() != 1 {
		t.Errorf("survey before moved past the after's opening: status %d, errors %q; want 422 at closes_time", resp.StatusCode, testkit.FormErrors(resp))
	}
	edit.Set("closes_time", "11:00")
	if resp := staff.Post(fmt.Sprintf("/surveys/%d", pre), edit); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("survey before to 09:00–11:00: status %d (%s), want 303", resp.StatusCode, testkit.FormErrors(resp))
	}
	if got, want := window(pre), tomorrow+" 09:00 to "+tomorrow+" 11:00"; got != want {
		t.Errorf("survey before after the edit runs %s, want %s", got, want)
	}
	page := staff.Get(fmt.Sprintf("/surveys/%d/edit", pre)).Doc()
	for field, want := range map[string]string{"opens": tomorrow, "opens_time": "09:00", "closes": tomorrow, "closes_time": "11:00"} {
		if got, _ := page.Find("#" + field).Attr("value"); got != want {
			t.Errorf("edit form's %s = %q, want %q", field, got, want)
		}
	}
}
