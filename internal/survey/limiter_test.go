package survey

import (
	"net/netip"
	"testing"
	"time"
)

// A whole lecture theatre behind one address gets through at once; a
// flood from one address is held to the refill rate; other addresses are
// unaffected.
func TestLimiter(t *testing.T) {
	t.Parallel()
	l := NewLimiter(600, 10)
	nat := netip.MustParseAddr("192.0.2.10")
	now := time.Date(2026, 10, 5, 10, 0, 0, 0, time.UTC)
	for i := range 600 {
		if ok, _ := l.Allow(nat, now); !ok {
			t.Fatalf("submission %d of a 600-student burst refused", i+1)
		}
	}
	ok, wait := l.Allow(nat, now)
	if ok || wait <= 0 || wait > 100*time.Millisecond {
		t.Errorf("601st at once = %v, wait %v; want refused for up to 100 ms", ok, wait)
	}
	if ok, _ := l.Allow(netip.MustParseAddr("2001:db8::1"), now); !ok {
		t.Error("another address was refused")
	}
	later := now.Add(time.Second)
	allowed := 0
	for range 20 {
		if ok, _ := l.Allow(nat, later); ok {
			allowed++
		}
	}
	if allowed != 10 {
		t.Errorf("a second later %d more allowed, want 10", allowed)
	}
	// Addresses are kept only as salted hashes, and idle buckets go.
	for key := range l.buckets {
		if string(key[:4]) == string(nat.AsSlice()) {
			t.Error("the bucket key holds the address")
		}
	}
	l.sweep(later.Add(time.Hour))
	if len(l.buckets) != 0 {
		t.Errorf("after an idle hour %d buckets remain, want none", len(l.buckets))
	}
}
