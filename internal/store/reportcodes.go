package store

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// CodedActivities returns which of a programme's activities of one
// academic year carry the codes the filter asks for: at most the
// programme's activities of that year.
func (q *Queries) CodedActivities(ctx context.Context, institutionID, programmeID int64, year int, f CodeFilter) (map[int64]bool, error) {
	args := pgx.NamedArgs{"institution_id": institutionID, "programme_id": programmeID, "year": year}
	sql := `SELECT a.id FROM activities a
		WHERE a.institution_id = @institution_id AND a.programme_id = @programme_id AND a.academic_year = @year`
	for _, c := range f.conditions("a.institution_id", "a.id", args) {
		sql += " AND " + c
	}
	rows, err := q.db.Query(ctx, sql, args)
	if err != nil {
		return nil, err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, err
	}
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}
