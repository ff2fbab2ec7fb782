package auth

import (
	"context"
	"strings"
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
