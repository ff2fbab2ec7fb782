package checkin_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// TestBrowserCheckInFromAPhone: a module leader opens a session's check-in
// screen on a 390-pixel window with JavaScript off; a second browser, the
// student's phone (390 px, JavaScript off), follows the code's address and
// presses "I'm here"; the screen, reloaded, counts one. A third window, a
// projector with JavaScript on, sees the count change in place. Every page
// passes axe-core and none scrolls sideways at 320 px.
func TestBrowserCheckInFromAPhone(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	session, _ := coffeeSession(t, app)

	projector := testkit.NewBrowser(t, app)
	projector.SignIn(leader, testkit.DemoPassword)
	projector.Viewport(1280, 800)
	projector.Open(paths.CheckInScreen(session))
	projector.CheckAccessible()
	projector.Screenshot("checkin-screen-1280")
	testkit.Eval[bool](t, projector, `window.stayedOnPage = true`)

	staff := testkit.NewBrowser(t, app)
	staff.SignIn(leader, testkit.DemoPassword)
	staff.Viewport(390, 844)
	staff.DisableJavaScript()
	if status := staff.Open(paths.CheckInScreen(session)); status != 200 {
		t.Fatalf("check-in screen = %d, want 200", status)
	}
	if got := staff.Text("[data-testid=checkin-count]"); got != "0 students checked in" {
		t.Errorf("count before anyone checked in = %q", got)
	}
	link := staff.Text("[data-testid=checkin-link]")
	path := link[strings.Index(link, "/c/"):]

	phone := testkit.NewBrowser(t, app)
	phone.Viewport(390, 844)
	phone.DisableJavaScript()
	if status := phone.Open(path); status != 200 {
		t.Fatalf("GET %s = %d, want 200", path, status)
	}
	phone.Screenshot("checkin-phone-390")
	if status := phone.Submit("form button[type=submit]"); status != 200 {
		t.Fatalf("I'm here = %d, want 200 after the redirect", status)
	}
	if got := phone.Text("[data-testid=checkin-state] h2"); got != "You're checked in" {
		t.Errorf("after pressing, the phone shows %q", got)
	}
	phone.Screenshot("checkin-phone-done-390")
	phone.Open(path)
	if got := phone.Text("[data-testid=checkin-state] h2"); got != "You're already checked in" {
		t.Errorf("scanning again, the phone shows %q", got)
	}

	staff.Open(paths.CheckInScreen(session))
	if got := staff.Text("[data-testid=checkin-count]"); got != "1 student checked in" {
		t.Errorf("count on the screen after one phone checked in = %q, want 1 student checked in", got)
	}
	staff.Screenshot("checkin-screen-390")
	// Without JavaScript the screen reloads itself with the next code.
	shown := staff.Text("[data-testid=checkin-link]")
	deadline := time.Now().Add(45 * time.Second)
	// The page may be mid-reload when it is read: that read counts as not
	// yet changed, and the next one looks again.
	linkNow := func() string {
		s, err := chromedp.Run(staff.Ctx, chromedp.Text(chromedp.CSS("[data-testid=checkin-link]")))
		if err != nil {
			return shown
		}
		return strings.TrimSpace(s)
	}
	for linkNow() == shown {
		if time.Now().After(deadline) {
			t.Fatalf("the screen without JavaScript still shows %s after 45 s", shown)
		}
		time.Sleep(time.Second)
	}

	// htmx asks for the count every five seconds: the projector shows the
	// new number without reloading the page.
	deadline = time.Now().Add(15 * time.Second)
	for projector.Text("[data-testid=checkin-count]") != "1 student checked in" {
		if time.Now().After(deadline) {
			t.Fatalf("projector count = %q 15 s after the check-in", projector.Text("[data-testid=checkin-count]"))
		}
		time.Sleep(500 * time.Millisecond)
	}
	if !testkit.Eval[bool](t, projector, `window.stayedOnPage === true`) {
		t.Error("the projector reloaded the page to show the count, want htmx to update it in place")
	}

	// axe-core runs in the page, so each page is loaded again with
	// JavaScript on, as a browser that can run axe sees it.
	for _, b := range []*testkit.Browser{staff, phone} {
		b.EnableJavaScript()
		b.Open(b.Location())
		b.CheckAccessible()
		b.Viewport(320, 640)
		if wide := testkit.Eval[bool](t, b, `document.documentElement.scrollWidth > document.documentElement.clientWidth`); wide {
			t.Errorf("%s scrolls sideways at 320 px", b.Location())
		}
	}
}
