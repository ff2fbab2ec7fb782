package auth_test

import (
	"net/http"
	"net/netip"
	"net/url"
	"testing"

	"belonging/internal/config"
	"belonging/internal/testkit"
)

// Failed sign-ins count against the account from one client network, so a
// stranger who knows a colleague's email address cannot lock them out:
// the owner, on another network, still signs in. Only failures from many
// networks together reach the account's much higher ceiling.
func TestStrangerCannotLockTheOwnerOut(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t, func(c *config.Config) {
		// The test's requests arrive from a trusted proxy that names
		// the client in X-Forwarded-For.
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
		c.SignInAccountLimit, c.SignInAccountCeiling, c.SignInAddressLimit = 5, 12, 100
	})
	const owner = "viewer@northbridge.ac.uk"
	from := func(addr string) *testkit.Client {
		c := app.Client()
		c.Header.Set("X-Forwarded-For", addr)
		return c
	}
	signIn := func(addr, password string) int {
		return from(addr).Post("/sign-in", url.Values{"email": {owner}, "password": {password}}).StatusCode
	}

	for i := range 5 {
		if got := signIn("203.0.113.7", "guess"); got != http.StatusUnprocessableEntity {
			t.Fatalf("stranger's wrong password %d = %d, want 422", i+1, got)
		}
	}
	if got := signIn("203.0.113.7", testkit.DemoPassword); got != http.StatusTooManyRequests {
		t.Errorf("right password from the stranger's address after five failures = %d, want 429", got)
	}
	if got := signIn("203.0.113.99", "guess"); got != http.StatusTooManyRequests {
		t.Errorf("another address in the stranger's /24 = %d, want 429: the network is counted", got)
	}
	if got := signIn("2001:db8:1:2::1", "guess"); got != http.StatusUnprocessableEntity {
		t.Errorf("an IPv6 client = %d, want 422", got)
	}
	if got := signIn("198.51.100.20", testkit.DemoPassword); got != http.StatusSeeOther {
		t.Errorf("the owner from their own network = %d, want 303: a stranger must not lock them out", got)
	}

	// An IPv6 client's /56 is one network: another address in it shares
	// its count.
	for range 4 {
		signIn("2001:db8:1:2::1", "guess")
	}
	if got := signIn("2001:db8:1:ff::9", "guess"); got != http.StatusTooManyRequests {
		t.Errorf("another address in the IPv6 /56 after five failures = %d, want 429", got)
	}

	// Five networks' failures pass the account's ceiling (12 here):
	// then nobody may try, the owner included, until the window ends.
	for _, addr := range []string{"192.0.2.1", "192.0.2.1"} {
		signIn(addr, "guess")
	}
	if got := signIn("198.51.100.20", testkit.DemoPassword); got != http.StatusTooManyRequests {
		t.Errorf("the owner after %d failures across networks = %d, want 429 at the account's ceiling", 12, got)
	}
}
