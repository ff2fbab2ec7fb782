package account_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"belonging/internal/notify"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

// The signed link in an email turns one kind of notification off: opening
// it changes nothing (mail scanners follow links), the page's button or the
// mail program's one-click POST (RFC 8058) does. A token signed with
// another key, or naming another kind, is 404.
func TestUnsubscribeLink(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	director := testkit.Scalar[int64](t, app, `SELECT id FROM users WHERE email = 'director@northbridge.ac.uk'`)
	setting := func() string {
		return testkit.Scalar[string](t, app, `
			SELECT coalesce((SELECT delivery FROM notification_settings WHERE user_id = $1 AND kind = 'review_waiting'), 'immediate')`, director)
	}
	token := notify.UnsubscribeToken(app.Config.SigningKey, director, notify.ReviewWaiting)
	c := app.Client()

	if resp := c.Get(paths.Unsubscribe(token)); resp.StatusCode != http.StatusOK {
		t.Fatalf("GET the link = %d, want 200", resp.StatusCode)
	}
	if got := setting(); got != "immediate" {
		t.Errorf("after opening the link the setting = %s, want immediate (unchanged)", got)
	}

	forged := notify.UnsubscribeToken([]byte("another key, not the app's signing key"), director, notify.ReviewWaiting)
	tampered := strings.Replace(token, token[:4], token[:3]+"x", 1)
	for _, bad := range []string{forged, tampered, "nonsense"} {
		if resp := c.Post(paths.Unsubscribe(bad), url.Values{"List-Unsubscribe": {"One-Click"}}); resp.StatusCode != http.StatusNotFound {
			t.Errorf("POST a link %q = %d, want 404", bad, resp.StatusCode)
		}
	}
	if got := setting(); got != "immediate" {
		t.Errorf("after forged links the setting = %s, want immediate", got)
	}

	// The mail program's one-click POST: no cookies, no redirect.
	resp := c.Post(paths.Unsubscribe(token), url.Values{"List-Unsubscribe": {"One-Click"}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("one-click POST = %d, want 200", resp.StatusCode)
	}
	if got := setting(); got != "off" {
		t.Errorf("after the one-click POST the setting = %s, want off", got)
	}
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM audit_log WHERE action = 'unsubscribe' AND entity_id = $1`, director); n != 1 {
		t.Errorf("audit entries for the unsubscribe = %d, want 1", n)
	}
}
