package survey

import (
	"crypto/rand"
	"crypto/sha256"
	"net/netip"
	"sync"
	"time"
)

// Limiter caps how fast one client address may submit survey responses:
// a token bucket per address, held only in this process's memory and keyed
// by a hash of the address salted with a random value made at start-up,
// so not even memory holds the addresses themselves.
//
// A lecture theatre usually reaches the app through one NAT address, so
// the limit must let a whole class through at once: the default burst of
// 600 lets 600 students answer together, and the refill of 10 a second
// lets a campus-wide address keep going, while still bounding what one
// machine can push in.
type Limiter struct {
	burst  float64
	refill float64 // tokens per second
	salt   [16]byte

	mu      sync.Mutex
	buckets map[[16]byte]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// Default submission limits per client address.
const (
	DefaultBurst  = 600
	DefaultRefill = 10
)

// maxBuckets bounds the memory the limiter takes; past it, full (idle)
// buckets are dropped.
const maxBuckets = 50000

// NewLimiter makes a limiter allowing burst submissions at once and
// refill more each second.
func NewLimiter(burst, refill float64) *Limiter {
	l := &Limiter{burst: burst, refill: refill, buckets: map[[16]byte]*bucket{}}
	_, _ = rand.Read(l.salt[:])
	return l
}

// Allow takes one submission from addr's bucket. When it is empty it
// says how long until the next is allowed.
func (l *Limiter) Allow(addr netip.Addr, now time.Time) (ok bool, wait time.Duration) {
	b := addr.As16()
	sum := sha256.Sum256(append(l.salt[:], b[:]...))
	var key [16]byte
	copy(key[:], sum[:16])

	l.mu.Lock()
	defer l.mu.Unlock()
	k, found := l.buckets[key]
	if !found {
		if len(l.buckets) >= maxBuckets {
			l.sweep(now)
		}
		k = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = k
	}
	k.tokens = min(l.burst, k.tokens+now.Sub(k.at).Seconds()*l.refill)
	k.at = now
	if k.tokens < 1 {
		return false, time.Duration((1 - k.tokens) / l.refill * float64(time.Second))
	}
	k.tokens--
	return true, 0
}

// sweep forgets buckets that have refilled: they hold nothing a fresh one
// would not.
func (l *Limiter) sweep(now time.Time) {
	for key, k := range l.buckets {
		if k.tokens+now.Sub(k.at).Seconds()*l.refill >= l.burst {
			delete(l.buckets, key)
		}
	}
}
