package codes_test

import (
	"net/url"
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// The plan filters by activity type (a type takes in its sub-types) and
// by EORR risk; an unknown code is ignored rather than refused.
func TestPlanFiltersByTypeAndRisk(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	pizza := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title = 'Pizza evenings for first years'`)
	programme := testkit.Scalar[int64](t, app, `SELECT programme_id FROM activities WHERE id = $1`, pizza)
	year := testkit.Scalar[int32](t, app, `SELECT academic_year FROM activities WHERE id = $1`, pizza)
	exec(t, app, `DELETE FROM activity_codes ac USING activities a WHERE a.id = ac.activity_id AND a.programme_id = $1`, programme)
	codedWith(t, app, pizza, "social-events", "eorr-7")

	listed := func(q url.Values) []string {
		t.Helper()
		q.Set("year", strconv.Itoa(int(year)))
		var out []string
		for _, a := range c.Get(paths.PlanFiltered(programme, q)).Doc().Find("[data-testid=activity-list] .activity-card__title").EachIter() {
			out = append(out, a.Text())
		}
		slices.Sort(out)
		return out
	}
	all := listed(url.Values{})
	pizzaOnly := []string{"Pizza evenings for first years"}
	for _, tt := range []struct {
		q    url.Values
		want []string
	}{
		{url.Values{"type": {"social-connection"}}, pizzaOnly},
		{url.Values{"type": {"social-events"}}, pizzaOnly},
		{url.Values{"type": {"transition-into-he"}}, nil},
		{url.Values{"risk": {"eorr-7"}}, pizzaOnly},
		{url.Values{"risk": {"eorr-8"}}, nil},
		{url.Values{"type": {"social-connection"}, "risk": {"eorr-8"}}, nil},
		{url.Values{"type": {"no-such-code"}}, all},
	} {
		if diff := cmp.Diff(tt.want, listed(tt.q)); diff != "" {
			t.Errorf("plan filtered by %v (-want +got):\n%s", tt.q, diff)
		}
	}
}

// codedWith gives activity the codes named (of its institution).
func codedWith(t *testing.T, app *testkit.App, activity int64, codes ...string) {
	t.Helper()
	exec(t, app, `INSERT INTO activity_codes (institution_id, activity_id, code_id)
		SELECT c.institution_id, a.id, c.id FROM activities a JOIN evaluation_codes c ON c.institution_id = a.institution_id
		WHERE a.id = $1 AND c.code = ANY ($2) ON CONFLICT DO NOTHING`, activity, codes)
}

// The library filters case studies by the codes of their activities.
func TestLibraryFiltersByTheActivitysCodes(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	exec(t, app, `DELETE FROM activity_codes`)
	activity := testkit.Scalar[int64](t, app, `SELECT cs.activity_id FROM case_study_publications p JOIN case_studies cs ON cs.id = p.case_study_id
		JOIN institutions i ON i.id = cs.institution_id WHERE i.slug = 'northbridge' AND cs.activity_id IS NOT NULL ORDER BY p.case_study_id LIMIT 1`)
	titles := testkit.Scalars[string](t, app, `SELECT p.title FROM case_study_publications p JOIN case_studies cs ON cs.id = p.case_study_id
		WHERE cs.activity_id = $1 ORDER BY p.title`, activity)
	codedWith(t, app, activity, "peer-mentoring", "eorr-6")

	found := func(q url.Values) []string {
		t.Helper()
		var out []string
		for _, a := range c.Get(paths.LibrarySearch(q)).Doc().Find("[data-testid=results] .result__title a").EachIter() {
			out = append(out, a.Text())
		}
		slices.Sort(out)
		return out
	}
	for _, tt := range []struct {
		q    url.Values
		want []string
	}{
		{url.Values{"type": {"peer-support"}}, titles},
		{url.Values{"risk": {"eorr-6"}}, titles},
		{url.Values{"risk": {"eorr-1"}}, nil},
		{url.Values{"type": {"peer-support"}, "risk": {"eorr-1"}}, nil},
	} {
		if diff := cmp.Diff(tt.want, found(tt.q)); diff != "" {
			t.Errorf("library filtered by %v (-want +got):\n%s", tt.q, diff)
		}
	}
	if len(found(url.Values{})) <= len(titles) {
		t.Errorf("the unfiltered library shows no more than the filtered one: the test proves nothing")
	}
}
