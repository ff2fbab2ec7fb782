package auth

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"belonging/internal/i18n"

	"golang.org/x/crypto/argon2"
)

// Password length limits. Twelve characters is the floor; the ceiling is
// generous for passphrases and password managers while keeping hashing
// cost bounded.
const (
	MinPasswordLength = 12
	MaxPasswordLength = 256
)

// argon2id parameters: OWASP's minimum configuration (19 MiB, two passes,
// one lane). Hashing is also limited to one at a time per processor
// (hashSlots), so a burst of sign-ins holds at most that many 19 MiB
// blocks: the work is all processor time, so more at once would only
// share the same processors and hold more memory while they wait.
const (
	argonMemoryKiB = 19 * 1024
	argonTime      = 2
	argonThreads   = 1
	argonKeyLen    = 32
	argonSaltLen   = 16
)

var hashSlots = make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))

// argonKey derives an argon2id key; a test replaces it to watch how many
// derivations run at once.
var argonKey = argon2.IDKey

// HashPassword returns an argon2id hash in PHC string form:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<key>.
func HashPassword(ctx context.Context, password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key, err := derive(ctx, password, salt, argonMemoryKiB, argonTime, argonThreads, argonKeyLen)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemoryKiB, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// ErrMalformedHash means a stored hash cannot be read.
var ErrMalformedHash = errors.New("malformed password hash")

// CheckPassword reports whether password matches the PHC-form hash. An
// empty hash (a person who has not set a password yet) never matches.
func CheckPassword(ctx context.Context, password, encoded string) (bool, error) {
	if encoded == "" {
		// Spend the same time as a real check, so that timing does not tell
		// which accounts exist or have a password.
		_, err := derive(ctx, password, make([]byte, argonSaltLen), argonMemoryKiB, argonTime, argonThreads, argonKeyLen)
		return false, err
	}
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, ErrMalformedHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, ErrMalformedHash
	}
	var mem, iters uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &iters, &threads); err != nil {
		return false, ErrMalformedHash
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false, ErrMalformedHash
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false, ErrMalformedHash
	}
	got, err := derive(ctx, password, salt, mem, iters, threads, uint32(len(want)))
	if err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// DummyCheck spends the time of a password check, for sign-in attempts on
// accounts that do not exist.
func DummyCheck(ctx context.Context, password string) error {
	_, err := CheckPassword(ctx, password, "")
	return err
}

func derive(ctx context.Context, password string, salt []byte, mem, iters uint32, threads uint8, keyLen uint32) ([]byte, error) {
	select {
	case hashSlots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-hashSlots }()
	return argonKey([]byte(password), salt, iters, mem, threads, keyLen), nil
}

//go:embed common_passwords.txt
var commonPasswordsText string

// commonPasswords holds the 10,000 most used passwords from the public
// password-frequency list published with zxcvbn (MIT licence).
var commonPasswords = func() map[string]struct{} {
	set := make(map[string]struct{}, 10000)
	sc := bufio.NewScanner(strings.NewReader(commonPasswordsText))
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" {
			set[w] = struct{}{}
		}
	}
	return set
}()

// PasswordProblem explains why a new password is refused, or returns "".
// Any characters are allowed, pasting included; the rules are length and
// not being one of the passwords attackers try first.
func PasswordProblem(ctx context.Context, password, email string) string {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLength:
		return i18n.T(ctx, "account.password.too_short", "Min", strconv.Itoa(MinPasswordLength))
	case n > MaxPasswordLength:
		return i18n.T(ctx, "account.password.too_long", "Max", strconv.Itoa(MaxPasswordLength))
	case isCommon(password):
		return i18n.T(ctx, "account.password.common")
	case email != "" && strings.Contains(strings.ToLower(password), strings.ToLower(localPart(email))) && len(localPart(email)) >= 4:
		return i18n.T(ctx, "account.password.has_email")
	}
	return ""
}

func isCommon(password string) bool {
	p := strings.ToLower(password)
	if _, ok := commonPasswords[p]; ok {
		return true
	}
	// One character repeated, or a common word repeated ("passwordpassword").
	for size := 1; size <= len(p)/2; size++ {
		if len(p)%size == 0 && strings.Repeat(p[:size], len(p)/size) == p {
			if size < 4 {
				return true
			}
			if _, ok := commonPasswords[p[:size]]; ok {
				return true
			}
		}
	}
	// A common password padded with digits or symbols ("password1234!").
	base := strings.TrimRightFunc(p, func(r rune) bool { return unicode.IsDigit(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) })
	base = strings.TrimLeftFunc(base, func(r rune) bool { return unicode.IsDigit(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) })
	if len(base) >= 4 && base != p {
		if _, ok := commonPasswords[base]; ok {
			return true
		}
	}
	return false
}

func localPart(email string) string {
	local, _, _ := strings.Cut(email, "@")
	return local
}
