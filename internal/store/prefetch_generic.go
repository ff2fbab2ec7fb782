package store

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// PrefetchGenericPlans is Prefetch for reads that PostgreSQL would plan
// afresh on every call although their best plan does not change with
// their values (see db.WithGenericPlans): the batch runs in a read-only
// transaction whose prepared statements use their generic plans, begun
// and committed within the same round trip.
func PrefetchGenericPlans(ctx context.Context, db Batcher, reads func(q *Queries)) (context.Context, error) {
	return Prefetch(ctx, genericPlans{db}, reads)
}

// genericPlans sends each batch between the statements that open and
// close such a transaction, and hides their results from the reader.
type genericPlans struct{ db Batcher }

func (g genericPlans) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	wrapped := &pgx.Batch{}
	wrapped.Queue("BEGIN READ ONLY")
	wrapped.Queue("SET LOCAL plan_cache_mode = force_generic_plan")
	wrapped.QueuedQueries = append(wrapped.QueuedQueries, b.QueuedQueries...)
	wrapped.Queue("COMMIT")
	return &genericPlanResults{BatchResults: g.db.SendBatch(ctx, wrapped)}
}

// genericPlanResults reads past the transaction's opening statements
// before the first result; Close reads its COMMIT. Should a read fail,
// the transaction is left aborted and the pool discards the connection
// (a connection not idle is never reused).
type genericPlanResults struct {
	pgx.BatchResults
	opened bool
	err    error
}

func (g *genericPlanResults) open() error {
	if !g.opened {
		g.opened = true
		for range 2 {
			if _, err := g.BatchResults.Exec(); err != nil {
				g.err = err
				break
			}
		}
	}
	return g.err
}

func (g *genericPlanResults) Exec() (pgconn.CommandTag, error) {
	if err := g.open(); err != nil {
		return pgconn.CommandTag{}, err
	}
	return g.BatchResults.Exec()
}

func (g *genericPlanResults) Query() (pgx.Rows, error) {
	if err := g.open(); err != nil {
		return nil, err
	}
	return g.BatchResults.Query()
}

func (g *genericPlanResults) QueryRow() pgx.Row {
	if err := g.open(); err != nil {
		return errRow{err}
	}
	return g.BatchResults.QueryRow()
}

// errRow is a row that could not be read.
type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }
