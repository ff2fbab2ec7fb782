package sso

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"belonging/internal/i18n"
)

// Secrets keeps OpenID Connect client secrets out of the database in clear
// text. A provider holds either a reference to where the operator keeps
// the secret, or the secret sealed with a key from the environment:
//
//   - "env:SSO_SECRET_NORTHBRIDGE": an environment variable whose name
//     starts SSO_SECRET_ (so an admin cannot point at any other setting,
//     such as the database password, and have it sent to a server they
//     control);
//   - "file:northbridge-entra": a file in SSO_SECRETS_DIR, named without
//     any path;
//   - sealed: AES-256-GCM with SSO_ENCRYPTION_KEY.
type Secrets struct {
	Key    []byte // SSO_ENCRYPTION_KEY; nil when not set
	Dir    string // SSO_SECRETS_DIR; "" when not set
	Getenv func(string) string
}

// sealedPurpose is bound into every sealed secret, so a sealed value cannot
// be passed off as anything else sealed with the same key.
var sealedPurpose = []byte("belonging oidc client secret v1")

var (
	envRef  = regexp.MustCompile(`^env:(SSO_SECRET_[A-Z0-9_]{1,64})$`)
	fileRef = regexp.MustCompile(`^file:([A-Za-z0-9][A-Za-z0-9._-]{0,99})$`)
)

// ErrNoSealingKey means a pasted secret cannot be kept, because the
// operator has not set SSO_ENCRYPTION_KEY.
var ErrNoSealingKey = errors.New("SSO_ENCRYPTION_KEY is not set")

// RefProblem says what is wrong with a secret reference, or "" when it is
// one the app will read.
func (s Secrets) RefProblem(ctx context.Context, ref string) string {
	switch {
	case envRef.MatchString(ref):
		return ""
	case fileRef.MatchString(ref):
		if s.Dir == "" {
			return i18n.T(ctx, "sso.provider.error.ref_no_dir")
		}
		return ""
	}
	return i18n.T(ctx, "sso.provider.error.ref_form")
}

// CanSeal reports whether pasted secrets can be kept (sealed).
func (s Secrets) CanSeal() bool { return len(s.Key) == 32 }

// Seal encrypts a secret for the database.
func (s Secrets) Seal(secret string) ([]byte, error) {
	if !s.CanSeal() {
		return nil, ErrNoSealingKey
	}
	aead, err := s.aead()
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return aead.Seal(nonce, nonce, []byte(secret), sealedPurpose), nil
}

// Open decrypts a sealed secret.
func (s Secrets) Open(sealed []byte) (string, error) {
	if !s.CanSeal() {
		return "", ErrNoSealingKey
	}
	aead, err := s.aead()
	if err != nil {
		return "", err
	}
	if len(sealed) < aead.NonceSize() {
		return "", errors.New("sealed secret is too short")
	}
	plain, err := aead.Open(nil, sealed[:aead.NonceSize()], sealed[aead.NonceSize():], sealedPurpose)
	if err != nil {
		return "", fmt.Errorf("open sealed secret (was SSO_ENCRYPTION_KEY changed?): %w", err)
	}
	return string(plain), nil
}

func (s Secrets) aead() (cipher.AEAD, error) {
	block, err := aes.NewCipher(s.Key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// Resolve reads the secret a reference points at.
func (s Secrets) Resolve(ref string) (string, error) {
	if problem := s.RefProblem(context.Background(), ref); problem != "" {
		return "", errors.New(problem)
	}
	if m := envRef.FindStringSubmatch(ref); m != nil {
		v := strings.TrimSpace(s.Getenv(m[1]))
		if v == "" {
			return "", fmt.Errorf("environment variable %s is not set", m[1])
		}
		return v, nil
	}
	name := fileRef.FindStringSubmatch(ref)[1]
	b, err := os.ReadFile(filepath.Join(s.Dir, name))
	if err != nil {
		return "", fmt.Errorf("read secret file %s: %w", name, err)
	}
	v := strings.TrimSpace(string(b))
	if v == "" {
		return "", fmt.Errorf("secret file %s is empty", name)
	}
	return v, nil
}

// clientSecret returns a provider's client secret, from its reference or
// its sealed copy.
func (s Secrets) clientSecret(ref string, sealed []byte) (string, error) {
	if ref != "" {
		return s.Resolve(ref)
	}
	return s.Open(sealed)
}
