package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"

	"belonging/web/paths"
)

// An unsubscribe link names a person and a kind of notification, signed
// with the configured key (HMAC-SHA256, 128 bits kept) so nobody can make
// one for someone else. Links do not expire: an old email's link still
// only turns that kind off, which the person can undo in their settings.

// UnsubscribeToken returns the token of the link that turns kind off for
// person userID.
func UnsubscribeToken(key []byte, userID int64, kind string) string {
	payload := strconv.FormatInt(userID, 10) + "." + kind
	return base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." + base64.RawURLEncoding.EncodeToString(unsubscribeMAC(key, payload))
}

// ParseUnsubscribeToken checks token's signature and returns the person
// and kind it names.
func ParseUnsubscribeToken(key []byte, token string) (userID int64, kind string, ok bool) {
	if len(token) > 200 {
		return 0, "", false
	}
	p, m, found := strings.Cut(token, ".")
	if !found {
		return 0, "", false
	}
	payload, err1 := base64.RawURLEncoding.DecodeString(p)
	mac, err2 := base64.RawURLEncoding.DecodeString(m)
	if err1 != nil || err2 != nil || !hmac.Equal(mac, unsubscribeMAC(key, string(payload))) {
		return 0, "", false
	}
	id, kind, found := strings.Cut(string(payload), ".")
	userID, err := strconv.ParseInt(id, 10, 64)
	if !found || err != nil || userID <= 0 {
		return 0, "", false
	}
	if _, known := KindOf(kind); !known && kind != Digest {
		return 0, "", false
	}
	return userID, kind, true
}

func unsubscribeMAC(key []byte, payload string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte("belonging unsubscribe\x00" + payload))
	return h.Sum(nil)[:16]
}

func (n *Notifier) unsubscribeURL(userID int64, kind string) string {
	return n.BaseURL + paths.Unsubscribe(UnsubscribeToken(n.Key, userID, kind))
}
