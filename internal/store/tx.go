package store

import (
	"context"

	"github.com/jackc/pgx/v5"

	"belonging/internal/db"
)

// InTx runs fn with queries bound to one transaction: committed when fn
// returns nil, rolled back otherwise (and on panic). Every write that
// records an audit entry uses it, so the change and its entry commit or
// fail together.
func InTx(ctx context.Context, b db.Beginner, fn func(q *Queries) error) error {
	return db.WithTx(ctx, b, func(tx pgx.Tx) error { return fn(New(tx)) })
}

// InGenericPlans runs fn's reads in a read-only transaction whose
// prepared statements use their generic plans (see db.WithGenericPlans).
func InGenericPlans(ctx context.Context, b db.Beginner, fn func(q *Queries) error) error {
	return db.WithGenericPlans(ctx, b, func(tx pgx.Tx) error { return fn(New(tx)) })
}
