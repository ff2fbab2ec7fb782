package cohort_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"belonging/internal/seed"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

func TestMain(m *testing.M) { testkit.Main(m) }

const (
	director = "director@northbridge.ac.uk"
	member   = "member@northbridge.ac.uk"
	viewer   = "viewer@northbridge.ac.uk"
)

func programmeID(t testing.TB, app *testkit.App) int64 {
	return testkit.Scalar[int64](t, app, `SELECT id FROM programmes WHERE code = 'C100'`)
}

func profileForm(size string, counts ...string) url.Values {
	f := url.Values{"cohort_size": {size}}
	for i, field := range []string{"commuting", "carers", "first_in_family", "mature", "international", "disabled"} {
		if i < len(counts) {
			f.Set(field, counts[i])
		}
	}
	return f
}

// A director enters the profile: an empty form and a count larger than the
// cohort answer 422 at the field and write nothing; a good one shows on the
// plan with the reach sentences worked from the year's activities.
func TestProfileAndReach(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	prog := programmeID(t, app)
	year := seed.CurrentYear()
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)

	resp := c.Post(paths.CohortProfile(prog, year), url.Values{})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("POST empty profile = %d, want 422", resp.StatusCode)
	}
	if got := resp.Doc().Find(`.error-summary a[href="#cohort_size"]`).Text(); got != "Enter the cohort size" {
		t.Errorf("empty profile: summary link to #cohort_size = %q, want %q", got, "Enter the cohort size")
	}
	resp = c.Post(paths.CohortProfile(prog, year), profileForm("120", "48", "121"))
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("POST carers 121 of 120 = %d, want 422", resp.StatusCode)
	}
	if got := resp.Doc().Find("#carers-error").Text(); !strings.Contains(got, "121 is more than the cohort of 120") {
		t.Errorf("carers 121 of 120: field error = %q", got)
	}
	if got, _ := resp.Doc().Find("#commuting").Attr("value"); got != "48" {
		t.Errorf("re-rendered commuting = %q, want 48 as typed", got)
	}
	if n := testkit.Scalar[int64](t, app, `SELECT count(*) FROM cohort_profiles`); n != 0 {
		t.Fatalf("profiles after two refused forms = %d, want 0", n)
	}

	resp = c.Post(paths.CohortProfile(prog, year), profileForm("120", "48", "12", "30", "25", "5", "10"))
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST profile = %d, want 303: %s", resp.StatusCode, testkit.FormErrors(resp))
	}
	outside := testkit.Scalar[int64](t, app, `SELECT count(*) FROM activities WHERE programme_id = $1 AND academic_year = $2
		AND archived_at IS NULL AND placement <> 'curricular' AND NOT in_timetabled_hours AND NOT suits_commuters_carers`, prog, year)
	total := testkit.Scalar[int64](t, app, `SELECT count(*) FROM activities WHERE programme_id = $1 AND academic_year = $2 AND archived_at IS NULL`, prog, year)
	suit := testkit.Scalar[int64](t, app, `SELECT count(*) FROM activities WHERE programme_id = $1 AND academic_year = $2
		AND archived_at IS NULL AND suits_commuters_carers`, prog, year)
	if outside == 0 || total == 0 {
		t.Fatalf("the demo plan has %d activities, %d outside teaching: the test needs some of each", total, outside)
	}
	plan := c.Get(paths.Plan(prog, year)).Doc()
	reach := plan.Find(`[data-testid="reach"]`).Text()
	for _, want := range []string{
		fmt.Sprintf("%d of %d activities", outside, total),
		"reach at most the 60% of students who do not commute (72 of 120)",
		"That is an upper bound",
		fmt.Sprintf("%d of %d activities suit commuters and carers", suit, total),
		"40% of this cohort commute and 10% have caring responsibilities",
	} {
		if !strings.Contains(reach, want) {
			t.Errorf("plan reach = %q, want it to say %q", reach, want)
		}
	}
	if got := testkit.Scalar[int64](t, app, `SELECT count(*) FROM audit_log WHERE entity = 'programme' AND entity_id = $1
		AND changes ? 'cohort_commuting'`, prog); got != 1 {
		t.Errorf("audit entries for the profile = %d, want 1", got)
	}

	// The team sees every count; a department viewer does not see the 5
	// international students, nor the 10 carers (110 beside them is fine,
	// 10 itself reaches the threshold of 10), and still reads the reach.
	for _, tt := range []struct {
		who        string
		wantHidden int
	}{{member, 0}, {viewer, 1}} {
		v := app.Client()
		v.SignIn(tt.who, testkit.DemoPassword)
		doc := v.Get(paths.Plan(prog, year)).Doc()
		table := doc.Find(`[data-testid="cohort-profile"]`)
		if got := table.Find("td:contains('hidden')").Length(); got != tt.wantHidden {
			t.Errorf("%s: hidden counts = %d, want %d", tt.who, got, tt.wantHidden)
		}
		if tt.wantHidden > 0 && strings.Contains(table.Text(), "International students5") {
			t.Errorf("%s sees the 5 international students: %q", tt.who, table.Text())
		}
		if !strings.Contains(doc.Find(`[data-testid="reach"]`).Text(), "do not commute (72 of 120)") {
			t.Errorf("%s: no reach sentence on the plan", tt.who)
		}
		if doc.Find(`a[href="`+paths.CohortProfile(prog, year)+`"]`).Length() != 0 {
			t.Errorf("%s is offered the profile form", tt.who)
		}
	}
}

// The note: refused empty with an error at each field, then shown on the
// plan with who wrote it with whom, and offered to case studies.
func TestBelongingNote(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	prog := programmeID(t, app)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	resp := c.Post(paths.BelongingNote(prog), url.Values{"written_on": {""}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("POST empty note = %d, want 422", resp.StatusCode)
	}
	var links []string
	resp.Doc().Find(".error-summary a").Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Attr("href")
		links = append(links, href)
	})
	if got, want := strings.Join(links, " "), "#body #written_by #written_with #written_on"; got != want {
		t.Errorf("empty note: summary links = %q, want %q", got, want)
	}
	resp = c.Post(paths.BelongingNote(prog), url.Values{"body": {"Being known by name, and knowing who to ask."},
		"written_by": {"Dr Helen Carter"}, "written_with": {"the year 2 course representatives"}, "written_on": {"2025-10-14"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST note = %d, want 303: %s", resp.StatusCode, testkit.FormErrors(resp))
	}
	note := c.Get(paths.Programme(prog)).Doc().Find(`[data-testid="belonging-note"]`).Text()
	for _, want := range []string{"Being known by name", "Written by Dr Helen Carter with the year 2 course representatives, 14 October 2025."} {
		if !strings.Contains(note, want) {
			t.Errorf("plan note = %q, want it to say %q", note, want)
		}
	}

	// A new case study of one of the programme's activities is offered
	// the note and the profile as its context, with small groups left out.
	year := seed.CurrentYear()
	if resp := c.Post(paths.CohortProfile(prog, year), profileForm("120", "48", "", "", "", "5")); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST profile = %d, want 303", resp.StatusCode)
	}
	activity := testkit.Scalar[int64](t, app, `SELECT min(id) FROM activities WHERE programme_id = $1 AND academic_year = $2`, prog, year)
	context := c.Get(paths.NewCaseStudy(activity)).Doc().Find("#context").Text()
	for _, want := range []string{"What belonging means here, written by Dr Helen Carter with the year 2 course representatives",
		"was 120 students: 40% commute to campus.", "Groups of fewer than 10 students are not given."} {
		if !strings.Contains(context, want) {
			t.Errorf("case study context = %q, want it to say %q", context, want)
		}
	}
	if strings.Contains(context, "disabled") {
		t.Errorf("case study context = %q, which gives the 5 disabled students", context)
	}
}
