package checkin

import (
	"testing"
	"time"
)

// TestCodesRotate walks a code through its windows on a test clock: it is
// accepted while it is on the screen and for the 30 seconds after, and
// refused from two windows on, for another session, or under another key.
func TestCodesRotate(t *testing.T) {
	t.Parallel()
	k := Keys{Key: []byte("a test signing key of thirty-two bytes")}
	shown := time.Date(2026, 10, 5, 9, 0, 10, 0, time.UTC)
	code := k.Code(7, shown)
	if !codePattern.MatchString(code) {
		t.Fatalf("Code(7) = %q, want %d characters of lower-case base32", code, codeLength)
	}
	if next := k.Code(7, shown.Add(Window)); next == code {
		t.Errorf("Code(7) 30 s later = %q, the same code", next)
	}
	cases := []struct {
		name    string
		session int64
		code    string
		at      time.Time
		want    bool
	}{
		{"on the screen", 7, code, shown, true},
		{"last second of its window", 7, code, time.Date(2026, 10, 5, 9, 0, 29, 0, time.UTC), true},
		{"the window after (previous code)", 7, code, shown.Add(Window), true},
		{"two windows later", 7, code, shown.Add(2 * Window), false},
		{"ten minutes later", 7, code, shown.Add(10 * time.Minute), false},
		{"before it was shown", 7, code, shown.Add(-Window), false},
		{"another session's address", 8, code, shown, false},
		{"made up", 7, "abcdefghij", shown, false},
		{"empty", 7, "", shown, false},
	}
	for _, c := range cases {
		if got := k.Valid(c.session, c.code, c.at); got != c.want {
			t.Errorf("%s: Valid(%d, %q, %s) = %v, want %v", c.name, c.session, c.code, c.at.Format(time.TimeOnly), got, c.want)
		}
	}
	other := Keys{Key: []byte("another installation's signing key!!")}
	if other.Valid(7, code, shown) {
		t.Errorf("Valid under another key = true, want false")
	}
}

// TestPassesLastTwoMinutes: the button of a page opened with a valid code
// works for two minutes, then the student must scan again.
func TestPassesLastTwoMinutes(t *testing.T) {
	t.Parallel()
	k := Keys{Key: []byte("a test signing key of thirty-two bytes")}
	opened := time.Date(2026, 10, 5, 9, 0, 0, 0, time.UTC)
	pass := k.Pass(7, opened)
	cases := []struct {
		name    string
		session int64
		pass    string
		at      time.Time
		want    bool
	}{
		{"at once", 7, pass, opened, true},
		{"two minutes on", 7, pass, opened.Add(2 * time.Minute), true},
		{"two and a half minutes on", 7, pass, opened.Add(150 * time.Second), false},
		{"before it was made", 7, pass, opened.Add(-Window), false},
		{"another session", 8, pass, opened, false},
		{"no signature", 7, "58944960.", opened, false},
		{"not a pass", 7, "yes", opened, false},
		{"the code instead", 7, k.Code(7, opened), opened, false},
	}
	for _, c := range cases {
		if got := k.PassValid(c.session, c.pass, c.at); got != c.want {
			t.Errorf("%s: PassValid(%d, %q) = %v, want %v", c.name, c.session, c.pass, got, c.want)
		}
	}
	if k.Mark(7) == k.Mark(8) {
		t.Error("Mark(7) = Mark(8), want each session its own cookie value")
	}
}
