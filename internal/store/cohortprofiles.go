package store

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// ProgrammeCohortProfiles returns every year's cohort profile of a
// programme, oldest first, in the shape SaveCohortProfile writes.
func (q *Queries) ProgrammeCohortProfiles(ctx context.Context, institutionID, programmeID int64) ([]SaveCohortProfileParams, error) {
	rows, err := q.db.Query(ctx, `
		SELECT institution_id, programme_id, academic_year, cohort_size,
		       commuting, carers, first_in_family, mature, international, disabled
		FROM cohort_profiles
		WHERE institution_id = @institution_id AND programme_id = @programme_id
		ORDER BY academic_year`,
		pgx.NamedArgs{"institution_id": institutionID, "programme_id": programmeID})
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[SaveCohortProfileParams])
}
