package survey

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"regexp"
	"strconv"
	"sync"
	"time"
)

// SentForms catches the same response form sent twice (a second press of
// the button, or a resend after the network failed) without storing
// anything that could be tied to a response. Each form carries a random
// value (its "once"); when one is sent, this process remembers a keyed
// hash of the survey and that value, in memory only, for a few hours. The
// key is made at start-up and never stored, so neither the database nor
// a memory dump can turn a value found in a student's browser into an
// entry, and no entry records which response it let through, or when.
//
// Behind a load balancer each server keeps its own set: a second press
// that reaches another server is not caught, and is stored as a second
// response, as it would be had the student answered from another browser.
type SentForms struct {
	key [32]byte
	ttl time.Duration
	max int

	mu                sync.Mutex
	current, previous map[[16]byte]struct{}
	since             time.Time
}

// DefaultSentFor is how long a sent form is remembered: at least this
// long, at most twice.
const DefaultSentFor = 6 * time.Hour

// maxSent bounds the memory the set takes (about 50 bytes an entry); past
// it, older entries are forgotten sooner.
const maxSent = 500000

// NewSentForms returns an empty set remembering forms for at least ttl.
func NewSentForms(ttl time.Duration) *SentForms {
	s := &SentForms{ttl: ttl, max: maxSent, current: map[[16]byte]struct{}{}, previous: map[[16]byte]struct{}{}}
	_, _ = rand.Read(s.key[:])
	return s
}

var oncePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{22,64}$`)

// newOnce is the random value a new response form carries.
func newOnce() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (s *SentForms) entry(surveyID int64, once string) [16]byte {
	m := hmac.New(sha256.New, s.key[:])
	m.Write([]byte(strconv.FormatInt(surveyID, 10) + ":" + once))
	var e [16]byte
	copy(e[:], m.Sum(nil))
	return e
}

// rotate forgets the older generation when the current one has been
// filling for ttl, or is full.
func (s *SentForms) rotate(now time.Time) {
	if now.Sub(s.since) >= s.ttl || len(s.current) >= s.max {
		s.previous, s.current, s.since = s.current, map[[16]byte]struct{}{}, now
	}
}

// Claim reports whether the form of survey surveyID carrying once is sent
// for the first time, and remembers it. A form without a plausible value
// (sent from a page older than this check) is always let through.
func (s *SentForms) Claim(surveyID int64, once string, now time.Time) bool {
	if !oncePattern.MatchString(once) {
		return true
	}
	e := s.entry(surveyID, once)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rotate(now)
	if _, ok := s.current[e]; ok {
		return false
	}
	if _, ok := s.previous[e]; ok {
		return false
	}
	s.current[e] = struct{}{}
	return true
}

// Forget lets a claimed form be sent again, when storing its answers
// failed.
func (s *SentForms) Forget(surveyID int64, once string) {
	if !oncePattern.MatchString(once) {
		return
	}
	e := s.entry(surveyID, once)
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.current, e)
	delete(s.previous, e)
}
