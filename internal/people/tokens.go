package people

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"time"
)

// InvitationLifetime is how long an invitation link works.
const InvitationLifetime = 7 * 24 * time.Hour

// newInvitationToken returns a new invitation's link token, the random
// salt it is derived from and the SHA-256 hash stored to find it. The
// token is an HMAC of the salt with the signing key, so the job that
// emails the invitation rebuilds it from the salt, and neither the job
// queue nor the invitations table ever holds a usable link.
func newInvitationToken(key []byte) (token string, salt, hash []byte, err error) {
	salt = make([]byte, 32)
	if _, err := rand.Read(salt); err != nil {
		return "", nil, nil, err
	}
	token = InvitationToken(key, salt)
	return token, salt, hashToken(token), nil
}

// InvitationToken is the link token derived from salt: 256 bits. The mail
// job rebuilds an invitation's link with it, and so may a test.
func InvitationToken(key, salt []byte) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("belonging invitation link\x00"))
	mac.Write(salt)
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

func hashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

func nowUTC() time.Time { return time.Now().UTC() }
