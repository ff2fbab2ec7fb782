package activity_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// An activity's pages read in Welsh: the activity, its form (with the
// errors of an empty one), a session's form, the programme's calendar and
// its modules and team, with none of the activity part's English
// sentences left.
func TestActivityPagesInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	c.Header = http.Header{"Accept-Language": {"cy"}}
	prog := programmeID(t, app, "C100")
	activity := testkit.Scalar[int64](t, app, `
		SELECT a.id FROM activities a JOIN activity_sessions s ON s.activity_id = a.id
		WHERE a.programme_id = $1 AND a.aims <> '' ORDER BY a.id LIMIT 1`, prog)
	session := testkit.Scalar[int64](t, app, `SELECT id FROM activity_sessions WHERE activity_id = $1 ORDER BY id LIMIT 1`, activity)

	check := func(name string, resp *testkit.Response, status int, want ...string) {
		t.Helper()
		if resp.StatusCode != status {
			t.Fatalf("%s in Welsh = %d, want %d", name, resp.StatusCode, status)
		}
		main := resp.Doc().Find("main")
		// The programme's head and tabs (components.ProgrammeHead) are
		// shared by the plan's pages and converted with them.
		main.Find(".page-head:has(nav.tabs)").Remove()
		text := strings.Join(strings.Fields(main.Text()), " ")
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s in Welsh does not say %q", name, w)
			}
		}
		if left := testkit.EnglishLeft(t, text, "activity", "toc", "casestudy"); len(left) > 0 {
			t.Errorf("%s in Welsh still says in English:\n%s", name, strings.Join(left, "\n"))
		}
	}
	check("the activity", c.Get(paths.Activity(activity)), http.StatusOK,
		"Golygu'r gweithgaredd", "Cam y daith", "Nodau a damcaniaeth newid", "Sesiynau", "Cynhwysiant", "Pobl a chyllideb", "Rhagor o gamau",
		"gyda thystiolaeth", "Ysgrifennu astudiaeth achos")
	check("the activity's form", c.Get(paths.EditActivity(activity)), http.StatusOK,
		"Y gweithgaredd", "Math o weithgaredd", "Rhagor am y gweithgaredd", "Cadw'r gweithgaredd")
	check("an empty new activity", c.Post(paths.Activities(prog), url.Values{}), http.StatusUnprocessableEntity,
		"Mae problem wedi codi", "Rhowch deitl i'r gweithgaredd", "Dewiswch y math o weithgaredd o'r rhestr", "Dewiswch o leiaf un dimensiwn perthyn")
	check("a session's form", c.Get(paths.EditSession(session)), http.StatusOK, "Newid sesiwn", "Cadw'r sesiwn", "Dileu'r sesiwn hon")
	check("the calendar", c.Get(paths.Calendar(prog)), http.StatusOK, "Y mis nesaf", "Tanysgrifio yn Outlook neu Google Calendar")
	check("the modules and team", c.Get(paths.ProgrammeAbout(prog)), http.StatusOK, "Modiwlau fesul blwyddyn", "Carfan arferol")
}
