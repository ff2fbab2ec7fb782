package cohort_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

const profileHeader = "academic_year,cohort_size,commuting,carers,first_in_family,mature,international,disabled\n"

// profiles lists a programme's saved profiles, a year a string.
func profiles(t *testing.T, app *testkit.App, programme int64) []string {
	t.Helper()
	return testkit.Scalars[string](t, app, `
		SELECT format('%s: %s; %s %s %s %s %s %s', academic_year, cohort_size,
			coalesce(commuting::text, '-'), coalesce(carers::text, '-'), coalesce(first_in_family::text, '-'),
			coalesce(mature::text, '-'), coalesce(international::text, '-'), coalesce(disabled::text, '-'))
		FROM cohort_profiles WHERE programme_id = $1 ORDER BY academic_year`, programme)
}

// A director imports several years' profiles: the preview shows what
// would be added and changed and writes nothing; confirming writes every
// year; the same file again has nothing to import.
func TestImportCohortProfiles(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	programme := programmeID(t, app)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	// A year already entered by hand, which the file changes.
	if resp := c.Post(paths.CohortProfile(programme, 2025), profileForm("150", "60")); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving the 2025/26 profile = %d (%s)", resp.StatusCode, testkit.FormErrors(resp))
	}
	if page := c.Get(paths.CohortProfile(programme, 2025)); !strings.Contains(page.Text(), "Import several years") {
		t.Errorf("the cohort profile form does not offer the import")
	}
	file := profileHeader +
		"2024/25,176,70,12,55,20,9,25\n" +
		"2025-26,180,72,,60,,,\n"
	preview := c.UploadImport(paths.CohortProfileImport(programme), []byte(file))
	if preview.StatusCode != http.StatusOK {
		t.Fatalf("preview = %d (%s)", preview.StatusCode, testkit.FormErrors(preview))
	}
	text := preview.Doc().Find("main").Text()
	for _, want := range []string{"Cohort of 2024/25", "Cohort of 2025/26", "150", "180"} {
		if !strings.Contains(text, want) {
			t.Errorf("preview does not say %q", want)
		}
	}
	if diff := cmp.Diff([]string{"2025: 150; 60 - - - - -"}, profiles(t, app, programme)); diff != "" {
		t.Errorf("profiles after the preview (-want +got):\n%s", diff)
	}
	done := c.ConfirmImport(preview)
	if done.StatusCode != http.StatusOK || done.Doc().Find("[data-testid=import-summary]").Length() != 1 {
		t.Fatalf("confirm = %d, want 200 with a summary: %s", done.StatusCode, done.Doc().Find("main").Text())
	}
	want := []string{"2024: 176; 70 12 55 20 9 25", "2025: 180; 72 - 60 - - -"}
	if diff := cmp.Diff(want, profiles(t, app, programme)); diff != "" {
		t.Errorf("profiles after confirming (-want +got):\n%s", diff)
	}
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM audit_log WHERE action = 'import' AND entity = 'cohort_profiles' AND entity_id = $1`, programme); n != 1 {
		t.Errorf("audit entries for the import = %d, want 1", n)
	}
	again := c.UploadImport(paths.CohortProfileImport(programme), []byte(file))
	if text := again.Doc().Find("main").Text(); !strings.Contains(text, "nothing to import") {
		t.Errorf("previewing the same file again says %q, want nothing to import", text)
	}
}

// Every bad line is reported with its number and nothing is imported; a
// file with a column about students one by one is refused whole; an empty
// submit names the file field; someone who cannot plan the programme is
// refused.
func TestImportCohortProfilesBadLines(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	programme := programmeID(t, app)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	file := profileHeader +
		"2024/25,120,48,,,,,\n" + // fine, but not imported with the rest
		"2025/27,120,,,,,,\n" + // not a year
		"2023,0,,,,,,\n" + // no cohort
		"2022,100,101,,,,,\n" + // more commuters than students
		"2024,90,x,,,,,\n" + // the year again, and not a number
		"2021,80,,,,,,,\n" // a cell too many
	resp := c.UploadImport(paths.CohortProfileImport(programme), []byte(file))
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad file = %d, want 422", resp.StatusCode)
	}
	var lines []string
	resp.Doc().Find("[data-testid=import-problems] tbody tr td:first-child").Each(func(_ int, s *goquery.Selection) {
		lines = append(lines, strings.TrimSpace(s.Text()))
	})
	if diff := cmp.Diff([]string{"3", "4", "5", "6", "7"}, lines); diff != "" {
		t.Errorf("lines with problems (-want +got):\n%s", diff)
	}
	problems := resp.Doc().Find("[data-testid=import-problems]").Text()
	for _, want := range []string{`"2025/27" is not a year`, `cohort size "0"`, "commuting: 101 is more than the cohort of 100", "Line 2 already gives the profile for 2024/25", `commuting: "x" is not a whole number`} {
		if !strings.Contains(problems, want) {
			t.Errorf("problems do not say %q: %s", want, problems)
		}
	}
	student := c.UploadImport(paths.CohortProfileImport(programme), []byte("student_id,"+profileHeader+"S1,2024/25,120,1,,,,,\n"))
	if student.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(testkit.FormErrors(student), "column") {
		t.Errorf("file with a student column = %d (%s), want 422 refusing its columns", student.StatusCode, testkit.FormErrors(student))
	}
	empty := c.UploadImport(paths.CohortProfileImport(programme), nil)
	if empty.StatusCode != http.StatusUnprocessableEntity || empty.Doc().Find(`[data-testid=error-summary] a[href="#file"]`).Length() != 1 {
		t.Errorf("no file = %d (%s), want 422 linking to #file", empty.StatusCode, testkit.FormErrors(empty))
	}
	if got := profiles(t, app, programme); len(got) != 0 {
		t.Errorf("profiles after bad files = %q, want none", got)
	}

	v := app.Client()
	v.SignIn(viewer, testkit.DemoPassword)
	if resp := v.UploadImport(paths.CohortProfileImport(programme), []byte(profileHeader+"2024/25,120,48,,,,,\n")); resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusNotFound {
		t.Errorf("a viewer's import = %d, want 403 or 404", resp.StatusCode)
	}
	if got := profiles(t, app, programme); len(got) != 0 {
		t.Errorf("profiles after the viewer's import = %q, want none", got)
	}
}
