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

// Tx returns the transaction q is bound to (inside InTx), so a library
// that writes with its own statements can join the write: the job queue's
// InsertTx enqueues in it, and the job commits or rolls back with the
// write. ok is false for queries on the pool.
func (q *Queries) Tx() (tx pgx.Tx, ok bool) {
	tx, ok = q.db.(pgx.Tx)
	return tx, ok
}
