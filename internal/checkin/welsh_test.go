package checkin_test

import (
	"net/http"
	"strings"
	"testing"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// The check-in screen staff put on a projector reads in Welsh, whole and
// as the part htmx fetches again: its heading, the day in Welsh, the
// code's description, the count and the links.
func TestCheckInScreenInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	session, _ := coffeeSession(t, app)
	staff := app.Client()
	staff.SignIn(leader, testkit.DemoPassword)
	staff.Header = http.Header{"Accept-Language": {"cy"}}

	resp := staff.Get(paths.CheckInScreen(session))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET the check-in screen in Welsh = %d, want 200", resp.StatusCode)
	}
	doc := resp.Doc()
	if got := doc.Find("title").Text(); !strings.HasPrefix(got, "Cofrestru: Coffee mornings") {
		t.Errorf("title = %q, want it to begin %q", got, "Cofrestru: Coffee mornings")
	}
	if got := doc.Find("[data-testid=checkin-qr] svg title").Text(); !strings.HasPrefix(got, "Cod QR ar gyfer ") {
		t.Errorf("the code's title = %q, want it to begin %q", got, "Cod QR ar gyfer ")
	}
	text := strings.Join(strings.Fields(doc.Find("main").Text()), " ")
	for _, w := range []string{"Sganiwch y cod â chamera eich ffôn, neu ewch i", "Mae'r cod yn newid bob 30 eiliad",
		"Cofnodi'r deilliant gyda'r cyfrif hwn", "Yn ôl i'r gweithgaredd", "dydd "} {
		if !strings.Contains(text, w) {
			t.Errorf("the Welsh check-in screen does not say %q", w)
		}
	}
	testkit.NoEnglishLeft(t, "the check-in screen", text, "checkin")

	staff.Header.Set("HX-Request", "true")
	live := staff.Get(paths.CheckInScreen(session))
	fragment := strings.Join(strings.Fields(live.Doc().Text()), " ")
	if !strings.Contains(fragment, "Sganiwch y cod") {
		t.Errorf("the screen's live part in Welsh = %q, want it in Welsh", fragment)
	}
	testkit.NoEnglishLeft(t, "the check-in screen's live part", fragment, "checkin")
}
