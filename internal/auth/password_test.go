package auth

import (
	"context"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

func TestHashAndCheckPassword(t *testing.T) {
	ctx := context.Background()
	hash, err := HashPassword(ctx, "correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("HashPassword() = %q, want argon2id with OWASP minimum parameters", hash)
	}
	for _, tt := range []struct {
		password string
		want     bool
	}{
		{"correct horse battery staple", true},
		{"Correct horse battery staple", false},
		{"", false},
	} {
		got, err := CheckPassword(ctx, tt.password, hash)
		if err != nil || got != tt.want {
			t.Errorf("CheckPassword(%q) = %v, %v; want %v", tt.password, got, err, tt.want)
		}
	}
	if ok, err := CheckPassword(ctx, "anything at all", ""); ok || err != nil {
		t.Errorf("CheckPassword against no hash = %v, %v; want false, nil", ok, err)
	}
	if _, err := CheckPassword(ctx, "x", "$bcrypt$nonsense"); err != ErrMalformedHash {
		t.Errorf("CheckPassword against a malformed hash error = %v, want ErrMalformedHash", err)
	}
	again, _ := HashPassword(ctx, "correct horse battery staple")
	if again == hash {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
}

func TestPasswordProblem(t *testing.T) {
	tests := []struct {
		password string
		ok       bool
	}{
		{"short", false},
		{"elevenchars", false},
		{"twelve chars", true},
		{"password1234", false},     // common word padded with digits
		{"qwerty123456", false},     // in the common list
		{"passwordpassword", false}, // common word repeated
		{"aaaaaaaaaaaaaaaa", false},
		{"abcabcabcabc", false},
		{"priya.shah@example-work", false}, // contains the email's local part
		{"kettle-orbit-saffron-lamp", true},
		{strings.Repeat("x", 120) + "y", true}, // long passphrases are welcome
		{strings.Repeat("xy", 200), false},     // over the maximum
		{"  spaces are fine here  ", true},
		{"ünïcödé pässwörd", true},
	}
	for _, tt := range tests {
		got := PasswordProblem(context.Background(), tt.password, "priya.shah@northbridge.ac.uk")
		if (got == "") != tt.ok {
			t.Errorf("PasswordProblem(%q) = %q, want ok=%v", tt.password, got, tt.ok)
		}
	}
}

// TestPasswordChecksRunOnePerProcessor holds every derivation inside the
// key function until many sign-ins have arrived, and checks that no more
// than one per processor ever runs at once: each holds 19 MiB, and more at
// once would only queue for the same processors.
func TestPasswordChecksRunOnePerProcessor(t *testing.T) {
	ctx := context.Background()
	hash, err := HashPassword(ctx, "correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	var inside, most atomic.Int32
	entered := make(chan struct{})
	release := make(chan struct{})
	real := argonKey
	argonKey = func(password, salt []byte, time, memory uint32, threads uint8, keyLen uint32) []byte {
		n := inside.Add(1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		entered <- struct{}{}
		<-release
		inside.Add(-1)
		return real(password, salt, time, memory, threads, keyLen)
	}
	t.Cleanup(func() { argonKey = real })

	bound := runtime.GOMAXPROCS(0)
	checks := 4 * bound
	var wg sync.WaitGroup
	for range checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ok, err := CheckPassword(ctx, "correct horse battery staple", hash); !ok || err != nil {
				t.Errorf("CheckPassword() = %v, %v; want true, nil", ok, err)
			}
		}()
	}
	for range bound {
		<-entered
	}
	// Every other check is now waiting to start; give each the chance to
	// run before any of those inside is released.
	for range 1000 {
		runtime.Gosched()
	}
	for range checks - bound {
		release <- struct{}{}
		<-entered
	}
	for range bound {
		release <- struct{}{}
	}
	wg.Wait()
	if got := int(most.Load()); got != bound {
		t.Errorf("password checks running at once = %d, want %d (one per processor)", got, bound)
	}
}
