// Package reqctx carries the few cross-cutting values a request needs
// everywhere, pages included: the signed-in person, the CSP nonce, the
// request id, a flash message and how many things wait for the person.
// Everything else is passed explicitly.
package reqctx

import "context"

type key int

const (
	userKey key = iota
	nonceKey
	requestIDKey
	flashKey
	pathKey
	waitingKey
)

// WithUser returns ctx carrying the signed-in person.
func WithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey, u)
}

// UserFrom returns the signed-in person, or nil for an anonymous request.
func UserFrom(ctx context.Context) *User {
	u, _ := ctx.Value(userKey).(*User)
	return u
}

// WithNonce returns ctx carrying the Content-Security-Policy nonce.
func WithNonce(ctx context.Context, nonce string) context.Context {
	return context.WithValue(ctx, nonceKey, nonce)
}

// Nonce returns the request's CSP nonce for inline script tags.
func Nonce(ctx context.Context) string {
	n, _ := ctx.Value(nonceKey).(string)
	return n
}

// WithRequestID returns ctx carrying the request id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey, id)
}

// RequestID returns the request id, shown on error pages so that a person
// can quote it and an operator can find the log line.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// Flash is a one-off message shown after a redirect.
type Flash struct {
	Kind    string // "success", "info" or "error"
	Message string
}

// WithFlash returns ctx carrying the flash message to show.
func WithFlash(ctx context.Context, f Flash) context.Context {
	return context.WithValue(ctx, flashKey, f)
}

// FlashFrom returns the flash message to show, if any.
func FlashFrom(ctx context.Context) (Flash, bool) {
	f, ok := ctx.Value(flashKey).(Flash)
	return f, ok && f.Message != ""
}

// WithPath returns ctx carrying the request path, so navigation can mark
// the current page.
func WithPath(ctx context.Context, path string) context.Context {
	return context.WithValue(ctx, pathKey, path)
}

// Path returns the request path.
func Path(ctx context.Context) string {
	p, _ := ctx.Value(pathKey).(string)
	return p
}

// WithWaiting returns ctx carrying how many things wait for the person,
// for the count in the navigation.
func WithWaiting(ctx context.Context, n int) context.Context {
	return context.WithValue(ctx, waitingKey, n)
}

// Waiting returns how many things wait for the person (0 when unknown).
func Waiting(ctx context.Context) int {
	n, _ := ctx.Value(waitingKey).(int)
	return n
}
