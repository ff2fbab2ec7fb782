package auth

import (
	"context"
	"net/netip"
	"strings"
	"time"

	"belonging/internal/store"
)

// Throttle limits failed sign-ins per account and per client address. The
// counts live in PostgreSQL, so every app server enforces the same limit.
type Throttle struct {
	q            *store.Queries
	accountLimit int
	addressLimit int
	window       time.Duration
	// purpose prefixes the keys, so that another kind of attempt (asking
	// for a password reset) is counted apart from sign-ins.
	purpose string
}

// NewThrottle returns a throttle allowing accountLimit failures per account
// and addressLimit per client address within window.
func NewThrottle(q *store.Queries, accountLimit, addressLimit int, window time.Duration) *Throttle {
	return &Throttle{q: q, accountLimit: accountLimit, addressLimit: addressLimit, window: window}
}

// For returns a throttle with the same limits that counts attempts of
// another purpose ("reset": asking for a password reset link) apart.
func (t *Throttle) For(purpose string) *Throttle {
	c := *t
	c.purpose = purpose + "-"
	return &c
}

// Window is how long a person waits after reaching the limit.
func (t *Throttle) Window() time.Duration { return t.window }

// Allowed reports whether another attempt for email from addr may be
// checked. It is asked before the password is hashed, so a flood of
// guesses costs the server nothing.
func (t *Throttle) Allowed(ctx context.Context, email string, addr netip.Addr) (bool, error) {
	row, err := t.q.CountSignInFailures(ctx, store.CountSignInFailuresParams{
		AccountKey:  t.accountKey(email),
		AddressKey:  t.addressKey(addr),
		WindowStart: time.Now().Add(-t.window),
	})
	if err != nil {
		return false, err
	}
	return int(row.AccountFailures) < t.accountLimit && int(row.AddressFailures) < t.addressLimit, nil
}

// Failed counts a failed attempt against the account and the address.
func (t *Throttle) Failed(ctx context.Context, email string, addr netip.Addr) error {
	return t.q.RecordSignInFailure(ctx, store.RecordSignInFailureParams{
		Keys:        []string{t.accountKey(email), t.addressKey(addr)},
		WindowStart: time.Now().Add(-t.window),
	})
}

// Succeeded clears the account's count. The address keeps its count, so
// one valid account cannot be used to reset guessing at others.
func (t *Throttle) Succeeded(ctx context.Context, email string) error {
	return t.q.ClearSignInFailures(ctx, t.accountKey(email))
}

func (t *Throttle) accountKey(email string) string {
	return t.purpose + "account:" + strings.ToLower(strings.TrimSpace(email))
}

// addressKey groups IPv6 clients by /64, the block one subscriber holds.
func (t *Throttle) addressKey(a netip.Addr) string {
	if a.Is6() && !a.Is4In6() {
		p, _ := a.Prefix(64)
		return t.purpose + "address:" + p.String()
	}
	return t.purpose + "address:" + a.Unmap().String()
}
