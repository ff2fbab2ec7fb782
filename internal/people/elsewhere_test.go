package people_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"belonging/internal/testkit"
)

// Inviting an address that already has an account at another institution,
// or a coordinator's, answers exactly as any invitation does, so an admin
// learns nothing about who has an account elsewhere; the account holder is
// told by email instead, and gets no link that could move their account.
func TestInvitingAnAccountElsewhereRevealsNothing(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t, testkit.Working)
	a := app.Client()
	a.SignIn(admin, testkit.DemoPassword)
	prog := strconv.FormatInt(testkit.Scalar[int64](t, app, `SELECT id FROM programmes WHERE code = 'B940'`), 10)

	answer := func(email string) (int, string, string) {
		resp := a.Post("/admin/people/invite", url.Values{"email": {email}, "role": {"member"}, "programme": {prog}})
		flash := strings.TrimSpace(a.Get("/admin/people").Doc().Find(".flash").Text())
		return resp.StatusCode, resp.Header.Get("Location"), strings.ReplaceAll(flash, email, "EMAIL")
	}
	newStatus, newLocation, newFlash := answer("someone.new@northbridge.ac.uk")
	for _, email := range []string{"director@eastmere.ac.uk", "coordinator@belonging.network"} {
		status, location, flash := answer(email)
		if status != newStatus || location != newLocation || flash != newFlash {
			t.Errorf("inviting %s = %d %q %q; inviting a new address = %d %q %q: they must be the same", email, status, location, flash, newStatus, newLocation, newFlash)
		}
		if !strings.Contains(a.Get("/admin/people").Text(), email) {
			t.Errorf("%s is not listed among the open invitations, as any invited address is", email)
		}
		body := app.Mail(email)
		if linkPattern.MatchString(body) || !strings.Contains(body, "already have an account") || !strings.Contains(body, "Northbridge") {
			t.Errorf("email to the account holder %s = %q, want no link, saying they already have an account and who asked", email, body)
		}
	}
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM users WHERE email = 'director@eastmere.ac.uk' AND institution_id = (SELECT id FROM institutions WHERE slug = 'eastmere')`); n != 1 {
		t.Error("the account elsewhere changed")
	}
	if resp := app.Client().Get("/dev/mail"); resp.StatusCode != http.StatusOK {
		t.Errorf("development mailbox = %d", resp.StatusCode)
	}
}
