package people

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"time"
)

// invitationLifetime is how long an invitation link works.
const invitationLifetime = 7 * 24 * time.Hour

// newToken returns a 256-bit random token for a link and the SHA-256 hash
// that is stored in its place.
func newToken() (token string, hash []byte, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, err
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token), nil
}

func hashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

func nowUTC() time.Time { return time.Now().UTC() }
