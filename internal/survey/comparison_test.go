package survey_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"belonging/internal/store"
	"belonging/internal/survey"
	"belonging/internal/testkit"
)

// addResponses stores one response per score, each answering every
// statement of the survey's questionnaire with that score, straight into
// the tables (the response page's limiter caps one address's answers).
func addResponses(t *testing.T, app *testkit.App, surveyID int64, scores []int) {
	t.Helper()
	for _, score := range scores {
		testkit.Exec(t, app, `
			WITH r AS (
				INSERT INTO survey_responses (institution_id, survey_id)
				SELECT institution_id, id FROM surveys WHERE id = $1
				RETURNING id
			)
			INSERT INTO survey_answers (response_id, statement_id, score)
			SELECT r.id, st.id, $2 FROM r, surveys s JOIN survey_statements st ON st.instrument_id = s.instrument_id
			WHERE s.id = $1`, surveyID, score)
	}
}

// newPair adds a before/after pair, of the coffee mornings when activity
// is set or else of programme code's whole programme, and returns its
// surveys' ids.
func newPair(t *testing.T, app *testkit.App, staff *testkit.Client, activity bool, code string) (pre, post int64) {
	t.Helper()
	target := fmt.Sprintf("/programmes/%d/surveys", programmeID(t, app, code))
	if activity {
		target = fmt.Sprintf("/activities/%d/surveys", coffeeID(t, app))
	}
	pre = idFrom(t, staff.Post(target, url.Values{"title": {code + " pulse"}, "instrument": {strconv.FormatInt(builtin(t, app), 10)},
		"kind": {"pair"}, "opens": {day(0)}, "closes": {day(2)}, "post_opens": {day(5)}, "post_closes": {day(9)}, "invited": {"40"}}))
	return pre, testkit.Scalar[int64](t, app, `SELECT id FROM surveys WHERE pre_id = $1`, pre)
}

// A pair of the coffee mornings names a comparison pair of another
// programme surveyed at the same times. Once the four surveys close, the
// page gives the difference in differences; the evidence becomes Type 3
// only when each of the four has at least the threshold (10) of
// responses: with the comparison's survey after one short, it stays Type 2
// and the page says which group is short.
func TestComparisonGroupMakesTypeThree(t *testing.T) {
	t.Parallel()
	// Took part: before 2,3,3,4,2,3,3,2,4,3 (mean 2.9), after 3,4,4,5,3,4,4,3,5,4 (mean 3.9): +1.0.
	// Comparison: before 3,3,4,3,2,3,4,3,3,2 (mean 3.0), after 3,3,4,3,3,3,4,3,3,3 (mean 3.2): +0.2.
	// Difference in differences: 1.0 − 0.2 = 0.8. With the comparison's
	// last response left out, after is 3,3,4,3,3,3,4,3,3 (mean 3.22) and
	// the difference 0.78, still 0.8 to one decimal.
	comparisonAfter := []int{3, 3, 4, 3, 3, 3, 4, 3, 3, 3}
	for _, tt := range []struct {
		name      string
		after     []int
		strength  int
		holdsText string
	}{
		{"four groups at the threshold", comparisonAfter, 3, "so the comparison holds and the activity's evidence from this pair is Type 3"},
		{"the comparison's survey after one short", comparisonAfter[:9], 2, "The comparison group's survey after has 9 responses; it needs at least 10."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			app := testkit.NewApp(t)
			staff := app.Client()
			staff.SignIn(director, testkit.DemoPassword)
			pre, post := newPair(t, app, staff, true, "C100")
			otherCode := testkit.Scalar[string](t, app, `SELECT p.code FROM programmes p JOIN institutions i ON i.id = p.institution_id
				WHERE i.slug = 'northbridge' AND p.code <> 'C100' ORDER BY p.code LIMIT 1`)
			office := app.Client()
			office.SignIn(admin, testkit.DemoPassword)
			cPre, cPost := newPair(t, app, office, false, otherCode)

			// Before the four close, the form lists the comparison pair and an
			// empty choice is refused with the form again.
			form := staff.Get(fmt.Sprintf("/surveys/%d/comparison", post))
			if form.StatusCode != http.StatusOK {
				t.Fatalf("GET comparison form = %d, want 200", form.StatusCode)
			}
			if form.Doc().Find(fmt.Sprintf("input[name=comparison][value='%d']", cPost)).Length() != 1 {
				t.Fatalf("the comparison form does not offer pair %d, surveyed at the same times", cPost)
			}
			if form.Doc().Find(fmt.Sprintf("input[name=comparison][value='%d']", post)).Length() != 0 {
				t.Error("the comparison form offers the pair itself")
			}
			empty := staff.Post(fmt.Sprintf("/surveys/%d/comparison", post), url.Values{})
			if empty.StatusCode != http.StatusUnprocessableEntity || empty.Doc().Find("[data-testid=error-summary] a[href='#comparison']").Length() != 1 {
				t.Errorf("empty comparison form = %d with summary %q, want 422 linking to #comparison", empty.StatusCode, testkit.FormErrors(empty))
			}
			if resp := staff.Post(fmt.Sprintf("/surveys/%d/comparison", post), url.Values{"comparison": {strconv.FormatInt(pre, 10)}}); resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("naming the pair's own survey before as comparison = %d, want 422", resp.StatusCode)
			}
			if resp := staff.Post(fmt.Sprintf("/surveys/%d/comparison", post), url.Values{"comparison": {strconv.FormatInt(cPost, 10)}}); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("naming the comparison = %d (%s), want 303", resp.StatusCode, testkit.FormErrors(resp))
			}
			if got := staff.Get(fmt.Sprintf("/surveys/%d", post)).Doc().Find("[data-testid=comparison-group-waiting]").Text(); !strings.Contains(got, "when all four surveys have closed") {
				t.Errorf("comparison before the surveys closed = %q, want it to wait for all four", got)
			}

			addResponses(t, app, pre, []int{2, 3, 3, 4, 2, 3, 3, 2, 4, 3})
			addResponses(t, app, cPre, []int{3, 3, 4, 3, 2, 3, 4, 3, 3, 2})
			closeSurvey(t, staff, pre)
			closeSurvey(t, office, cPre)
			testkit.Exec(t, app, `UPDATE surveys SET opens_at = now() - interval '1 hour' WHERE id IN ($1, $2)`, post, cPost)
			addResponses(t, app, post, []int{3, 4, 4, 5, 3, 4, 4, 3, 5, 4})
			addResponses(t, app, cPost, tt.after)
			closeSurvey(t, staff, post)
			closeSurvey(t, office, cPost)
			// The comparison closes last: the upkeep works it out.
			jobs := &survey.Handler{Pool: app.Pool, Queries: store.New(app.Pool), MinGroup: 10}
			if err := jobs.Upkeep(t.Context()); err != nil {
				t.Fatalf("survey upkeep: %v", err)
			}

			if got := testkit.Scalar[int](t, app, `SELECT strength FROM evidence WHERE survey_id = $1`, post); got != tt.strength {
				t.Errorf("strength of the pair's evidence = %d, want %d", got, tt.strength)
			}
			doc := staff.Get(fmt.Sprintf("/surveys/%d", post)).Doc()
			if got := doc.Find("[data-testid=did-sentence]").Text(); !strings.HasPrefix(got, "Belonging rose 0.8 points more in the group that took part than in the comparison group (95% interval") {
				t.Errorf("difference in differences = %q, want it to say belonging rose 0.8 points more", got)
			}
			if got := doc.Find("[data-testid=comparison-group]").Text(); !strings.Contains(got, tt.holdsText) || !strings.Contains(got, "parallel trends") {
				t.Errorf("comparison group section = %q, want %q and the caveats", got, tt.holdsText)
			}
			workbook := staff.Get(fmt.Sprintf("/activities/%d/evaluation.xlsx", coffeeID(t, app)))
			f, err := excelize.OpenReader(bytes.NewReader(workbook.Body))
			if err != nil {
				t.Fatalf("opening the evaluation workbook (%d): %v", workbook.StatusCode, err)
			}
			defer f.Close()
			rows, err := f.GetRows("Comparison group")
			if err != nil || len(rows) != 2 {
				t.Fatalf("Comparison group sheet = %q (%v), want a header and one comparison", rows, err)
			}
			holds := map[int]string{3: "yes", 2: "no"}[tt.strength]
			if got := rows[1][12]; got != holds {
				t.Errorf("Comparison group!M2 (holds) = %q, want %q", got, holds)
			}
			if change := rows[1][9]; (tt.strength == 3) != (change == "0.8") {
				t.Errorf("Comparison group!J2 (difference in differences) = %q; want 0.8 only when the comparison holds", change)
			}
			if tt.strength == 3 {
				if got := testkit.Scalar[string](t, app, `SELECT notes FROM evidence WHERE survey_id = $1`, post); !strings.Contains(got, "Caveats:") || !strings.HasPrefix(got, "Belonging rose 0.8 points more") {
					t.Errorf("Type 3 evidence notes = %q, want the result and its caveats", got)
				}
				// Fixed once it made the evidence Type 3.
				if resp := staff.Post(fmt.Sprintf("/surveys/%d/comparison", post), url.Values{"comparison": {"none"}}); resp.StatusCode != http.StatusSeeOther {
					t.Errorf("removing a comparison that made Type 3 evidence = %d, want 303 back to the survey", resp.StatusCode)
				}
				if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM survey_comparisons WHERE post_id = $1`, post); n != 1 {
					t.Errorf("comparisons of the pair after trying to remove a Type 3 one = %d, want 1", n)
				}
			}
		})
	}
}

// A survey that names a comparison but is no longer one half of a pair
// (its partner gone) has nothing to compare: the activity's other
// comparisons are still returned, only that one is left out.
func TestComparisonResultsSkipsASurveyWithoutItsPair(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	staff := app.Client()
	staff.SignIn(director, testkit.DemoPassword)
	_, post := newPair(t, app, staff, true, "C100")
	otherCode := testkit.Scalar[string](t, app, `SELECT p.code FROM programmes p JOIN institutions i ON i.id = p.institution_id
		WHERE i.slug = 'northbridge' AND p.code <> 'C100' ORDER BY p.code LIMIT 1`)
	office := app.Client()
	office.SignIn(admin, testkit.DemoPassword)
	_, cPost := newPair(t, app, office, false, otherCode)
	if resp := staff.Post(fmt.Sprintf("/surveys/%d/comparison", post), url.Values{"comparison": {strconv.FormatInt(cPost, 10)}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("naming the comparison = %d (%s), want 303", resp.StatusCode, testkit.FormErrors(resp))
	}
	alone := idFrom(t, staff.Post(fmt.Sprintf("/activities/%d/surveys", coffeeID(t, app)), url.Values{"title": {"Alone"},
		"instrument": {strconv.FormatInt(builtin(t, app), 10)}, "kind": {"single"}, "opens": {day(0)}, "closes": {day(3)}}))
	testkit.Exec(t, app, `INSERT INTO survey_comparisons (institution_id, post_id, comparison_post_id)
		SELECT institution_id, id, $2 FROM surveys WHERE id = $1`, alone, cPost)
	institutionID := testkit.Scalar[int64](t, app, `SELECT institution_id FROM surveys WHERE id = $1`, post)

	got, err := survey.ComparisonResults(t.Context(), store.New(app.Pool), institutionID, []int64{alone, post}, 10, time.Now())
	if err != nil {
		t.Fatalf("ComparisonResults: %v", err)
	}
	var ids []int64
	for _, g := range got {
		ids = append(ids, g.PostID)
	}
	if diff := cmp.Diff([]int64{post}, ids); diff != "" {
		t.Errorf("ComparisonResults(%d without its pair, %d) compared surveys (-want +got):\n%s", alone, post, diff)
	}
}
