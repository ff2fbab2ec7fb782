package sso

import (
	"context"
	"time"

	"github.com/crewjam/saml"

	"belonging/internal/store"
)

// ReplayCache records the ids of accepted SAML assertions in PostgreSQL,
// so an assertion is accepted once across every app server.
type ReplayCache struct {
	Queries *store.Queries
}

// Consume records id until expires, or answers saml.ErrAssertionReplayed
// when it was recorded before. The insert is one statement, so two
// servers given the same assertion at once cannot both accept it.
func (c *ReplayCache) Consume(id string, expires time.Time) error {
	// The SAML library's interface carries no context; the statement is a
	// primary-key insert, bounded here.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	n, err := c.Queries.ConsumeSAMLMessage(ctx, store.ConsumeSAMLMessageParams{ID: id, ExpiresAt: expires})
	if err != nil {
		return err
	}
	if n == 0 {
		return saml.ErrAssertionReplayed
	}
	return nil
}
