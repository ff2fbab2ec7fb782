package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// SurveyToMix is an open survey whose responses came from more than one
// transaction, so their transaction ids still say in which order they
// arrived.
type SurveyToMix struct {
	ID            int64 `db:"id"`
	InstitutionID int64 `db:"institution_id"`
}

// ListSurveysToMix returns the open, unsealed surveys whose responses were
// written by more than one transaction. It is hand-written because it
// reads xmin, the system column naming the transaction that wrote a row,
// which sqlc does not know; the count is over xmin's text because xid has
// no ordering to sort by.
func (q *Queries) ListSurveysToMix(ctx context.Context, now time.Time) ([]SurveyToMix, error) {
	rows, err := q.db.Query(ctx, `
		SELECT s.id, s.institution_id
		FROM surveys s
		JOIN survey_responses r ON r.survey_id = s.id
		WHERE NOT s.sealed AND s.opens_at <= @now AND s.closes_at > @now
		GROUP BY s.id, s.institution_id
		HAVING count(DISTINCT r.xmin::text) > 1
		ORDER BY s.id`, pgx.NamedArgs{"now": now})
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[SurveyToMix])
}

// VacuumResponses removes from the response tables' pages the row
// versions a shuffle replaced, which until then still carry the
// transaction ids and places they were written with. VACUUM cannot run
// inside a transaction, so it takes a connection of its own; it needs the
// app to own the tables (as it does when it runs its own migrations) and
// removes only versions no open transaction can still see.
func VacuumResponses(ctx context.Context, pool *pgxpool.Pool) error {
	_, err := pool.Exec(ctx, "VACUUM survey_responses, survey_answers", pgx.QueryExecModeSimpleProtocol)
	return err
}
