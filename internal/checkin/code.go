package checkin

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"strconv"
	"strings"
	"time"
)

// Window is how long a check-in code stands on the screen before the next
// replaces it.
const Window = 30 * time.Second

// codeLength is the characters of a code: 50 bits, far beyond guessing in
// the minute a code is accepted, and short enough to type from the screen.
const codeLength = 10

// pressWindows is how many windows after the page was opened its "I'm
// here" button still counts: two minutes to read the page and press.
const pressWindows = 4

// lowerBase32 writes codes in lower case, which is easier to read aloud
// and type on a phone.
var lowerBase32 = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// Keys signs the codes, button passes and cookies of check-in. Each use
// signs its own word with the app's signing key, so a value made for one
// use is refused by the others.
type Keys struct {
	Key []byte
}

// windowOf is the number of the 30-second window that holds t.
func windowOf(t time.Time) int64 { return t.Unix() / int64(Window/time.Second) }

// NextChange is when the code shown at now is replaced.
func NextChange(now time.Time) time.Time {
	return time.Unix((windowOf(now)+1)*int64(Window/time.Second), 0)
}

func (k Keys) sign(use string, session, window int64) []byte {
	m := hmac.New(sha256.New, k.Key)
	m.Write([]byte("check-in " + use + "\x00" + strconv.FormatInt(session, 10) + "\x00" + strconv.FormatInt(window, 10)))
	return m.Sum(nil)
}

// Code is the code of session shown on its screen at now.
func (k Keys) Code(session int64, now time.Time) string {
	return k.code(session, windowOf(now))
}

func (k Keys) code(session, window int64) string {
	return lowerBase32.EncodeToString(k.sign("code", session, window))[:codeLength]
}

// Valid reports whether code is session's code of the window holding now
// or of the one before it, so a code scanned just as the screen changed
// still works; anything older, made up or of another session is refused.
func (k Keys) Valid(session int64, code string, now time.Time) bool {
	w := windowOf(now)
	for _, window := range []int64{w, w - 1} {
		if hmac.Equal([]byte(code), []byte(k.code(session, window))) {
			return true
		}
	}
	return false
}

// Pass is the hidden value of the "I'm here" form of a page opened at now
// with a valid code: the window and its signature, so the button works
// for a little while after the code on the screen has moved on.
func (k Keys) Pass(session int64, now time.Time) string {
	w := windowOf(now)
	return strconv.FormatInt(w, 10) + "." + base64.RawURLEncoding.EncodeToString(k.sign("pass", session, w))
}

// PassValid reports whether pass was made for session, by a page opened
// no more than pressWindows windows before now.
func (k Keys) PassValid(session int64, pass string, now time.Time) bool {
	ws, mac, ok := strings.Cut(pass, ".")
	if !ok {
		return false
	}
	w, err := strconv.ParseInt(ws, 10, 64)
	if err != nil {
		return false
	}
	if age := windowOf(now) - w; age < 0 || age > pressWindows {
		return false
	}
	return hmac.Equal([]byte(mac), []byte(base64.RawURLEncoding.EncodeToString(k.sign("pass", session, w))))
}

// Mark is the value of the cookie a browser gets when it checks in at
// session: the same for every browser that did, so it says "this browser
// checked in here" and nothing more, and without the key it cannot be
// made up.
func (k Keys) Mark(session int64) string {
	return base64.RawURLEncoding.EncodeToString(k.sign("mark", session, 0))
}
