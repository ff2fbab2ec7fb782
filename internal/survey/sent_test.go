package survey

import (
	"testing"
	"time"
)

// A form is let through once, per survey, until it has been forgotten
// (after one to two periods) or its answers failed to store.
func TestSentForms(t *testing.T) {
	t.Parallel()
	s := NewSentForms(time.Hour)
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	once := newOnce()
	steps := []struct {
		name   string
		survey int64
		once   string
		at     time.Duration
		forget bool
		want   bool
	}{
		{"first send", 1, once, 0, false, true},
		{"second press", 1, once, time.Second, false, false},
		{"the same value for another survey", 2, once, time.Second, false, true},
		{"another form", 1, newOnce(), time.Second, false, true},
		{"after one period, still remembered", 1, once, 90 * time.Minute, false, false},
		{"no value: let through", 1, "", 2 * time.Second, false, true},
		{"no value again: let through", 1, "", 3 * time.Second, false, true},
		{"a value too short to be ours", 1, "abc", 3 * time.Second, false, true},
		{"after two periods, forgotten", 1, once, 3 * time.Hour, false, true},
		{"after storing failed and Forget", 1, once, 3*time.Hour + time.Second, true, true},
	}
	for _, st := range steps {
		if st.forget {
			s.Forget(st.survey, st.once)
		}
		if got := s.Claim(st.survey, st.once, now.Add(st.at)); got != st.want {
			t.Errorf("%s: Claim() = %v, want %v", st.name, got, st.want)
		}
	}
}

// The set stays within its bound however many forms arrive.
func TestSentFormsBounded(t *testing.T) {
	t.Parallel()
	s := NewSentForms(time.Hour)
	s.max = 100
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	for i := range 1000 {
		s.Claim(1, newOnce(), now.Add(time.Duration(i)*time.Millisecond))
	}
	if n := len(s.current) + len(s.previous); n > 2*s.max {
		t.Errorf("entries held = %d, want at most %d", n, 2*s.max)
	}
}
