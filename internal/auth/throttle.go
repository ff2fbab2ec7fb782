package auth

import (
	"context"
	"net/netip"
	"strings"
	"time"

	"belonging/internal/store"
)

// Throttle limits failed sign-ins. The counts live in PostgreSQL, so every
// app server enforces the same limits. Three counts are kept:
//
//   - per account from one client network (a /24 of IPv4, a /56 of IPv6):
//     a stranger guessing at a colleague's password stops there, and the
//     colleague, on another network, still signs in;
//   - per account from all networks together, a much higher ceiling, for
//     guessing spread over many networks;
//   - per client address, for one client guessing at many accounts.
type Throttle struct {
	q      *store.Queries
	limits Limits
}

// Limits are the failures allowed within Window before further attempts
// are refused.
type Limits struct {
	AccountFromNetwork int
	Account            int
	Address            int
	Window             time.Duration
}

// NewThrottle returns a throttle with the given limits.
func NewThrottle(q *store.Queries, limits Limits) *Throttle {
	return &Throttle{q: q, limits: limits}
}

// Window is how long a person waits after reaching the limit.
func (t *Throttle) Window() time.Duration { return t.limits.Window }

// Allowed reports whether another attempt for email from addr may be
// checked. It is asked before the password is hashed, so a flood of
// guesses costs the server nothing.
func (t *Throttle) Allowed(ctx context.Context, email string, addr netip.Addr) (bool, error) {
	keys := newThrottleKeys(email, addr)
	rows, err := t.q.CountSignInFailures(ctx, store.CountSignInFailuresParams{
		Keys:        []string{keys.accountFromNetwork, keys.account, keys.address},
		WindowStart: time.Now().Add(-t.limits.Window),
	})
	if err != nil {
		return false, err
	}
	limit := map[string]int{keys.accountFromNetwork: t.limits.AccountFromNetwork, keys.account: t.limits.Account, keys.address: t.limits.Address}
	for _, row := range rows {
		if int(row.Failures) >= limit[row.Key] {
			return false, nil
		}
	}
	return true, nil
}

// Failed counts a failed attempt under all three keys.
func (t *Throttle) Failed(ctx context.Context, email string, addr netip.Addr) error {
	keys := newThrottleKeys(email, addr)
	return t.q.RecordSignInFailure(ctx, store.RecordSignInFailureParams{
		Keys:        []string{keys.accountFromNetwork, keys.account, keys.address},
		WindowStart: time.Now().Add(-t.limits.Window),
	})
}

// Succeeded clears the account's count from the network the person signed
// in from. The account's total and the address's count stay, so signing
// in to one account resets no one's guessing, at it or at others.
func (t *Throttle) Succeeded(ctx context.Context, email string, addr netip.Addr) error {
	return t.q.ClearSignInFailures(ctx, newThrottleKeys(email, addr).accountFromNetwork)
}

type throttleKeys struct{ accountFromNetwork, account, address string }

func newThrottleKeys(email string, a netip.Addr) throttleKeys {
	email = strings.ToLower(strings.TrimSpace(email))
	a = a.Unmap()
	network, address := a.String(), a.String()
	if a.Is4() {
		p, _ := a.Prefix(24)
		network = p.String()
	} else if a.Is6() {
		// One IPv6 subscriber holds a /64, often a /56.
		p56, _ := a.Prefix(56)
		p64, _ := a.Prefix(64)
		network, address = p56.String(), p64.String()
	}
	return throttleKeys{
		accountFromNetwork: "account:" + email + "|" + network,
		account:            "account:" + email,
		address:            "address:" + address,
	}
}
