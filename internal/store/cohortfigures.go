package store

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// CohortCount is one programme's count for one academic year and
// measure: numerator of denominator students.
type CohortCount struct {
	ProgrammeID  int64  `db:"programme_id"`
	AcademicYear int32  `db:"academic_year"`
	Measure      string `db:"measure"`
	Numerator    int32  `db:"numerator"`
	Denominator  int32  `db:"denominator"`
}

// InstitutionCohortFigures returns every cohort figure of an institution,
// for an import to compare its file against (a few per programme and
// year).
func (q *Queries) InstitutionCohortFigures(ctx context.Context, institutionID int64) ([]CohortCount, error) {
	rows, err := q.db.Query(ctx, `SELECT programme_id, academic_year, measure, numerator, denominator
		FROM cohort_figures WHERE institution_id = @institution_id`, pgx.NamedArgs{"institution_id": institutionID})
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[CohortCount])
}

// CohortCountWithReach is a cohort figure beside the plan's reach that
// year: students attending its activities' outcomes of those invited.
type CohortCountWithReach struct {
	CohortCount
	Attended int64 `db:"attended"`
	Invited  int64 `db:"invited"`
}

// ProgrammeCohortFigures returns a programme's cohort figures for the
// academic years from to to, latest year first, each with the plan's
// reach that year from the report summaries (migration 31).
func (q *Queries) ProgrammeCohortFigures(ctx context.Context, institutionID, programmeID int64, from, to int) ([]CohortCountWithReach, error) {
	rows, err := q.db.Query(ctx, `SELECT c.programme_id, c.academic_year, c.measure, c.numerator, c.denominator,
		       coalesce(f.attended, 0)::bigint AS attended, coalesce(f.invited, 0)::bigint AS invited
		FROM cohort_figures c
		LEFT JOIN programme_figures f ON f.programme_id = c.programme_id AND f.year = c.academic_year AND f.facet = 'all'
		WHERE c.institution_id = @institution_id AND c.programme_id = @programme_id AND c.academic_year BETWEEN @from_year AND @to_year
		ORDER BY c.academic_year DESC, c.measure`,
		pgx.NamedArgs{"institution_id": institutionID, "programme_id": programmeID, "from_year": from, "to_year": to})
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[CohortCountWithReach])
}

// ProgrammeCodes maps an institution's programme codes, lower-cased, to
// their ids.
func (q *Queries) ProgrammeCodes(ctx context.Context, institutionID int64) (map[string]int64, error) {
	rows, err := q.db.Query(ctx, `SELECT lower(code), id FROM programmes WHERE institution_id = @institution_id`,
		pgx.NamedArgs{"institution_id": institutionID})
	if err != nil {
		return nil, err
	}
	codes := map[string]int64{}
	var code string
	var id int64
	_, err = pgx.ForEachRow(rows, []any{&code, &id}, func() error { codes[code] = id; return nil })
	return codes, err
}

// PutCohortFigure adds or replaces one cohort figure.
func (q *Queries) PutCohortFigure(ctx context.Context, institutionID, importedBy int64, f CohortCount) error {
	_, err := q.db.Exec(ctx, `
		INSERT INTO cohort_figures (institution_id, programme_id, academic_year, measure, numerator, denominator, imported_by)
		VALUES (@institution_id, @programme_id, @academic_year, @measure, @numerator, @denominator, @imported_by)
		ON CONFLICT (programme_id, academic_year, measure) DO UPDATE
		SET numerator = excluded.numerator, denominator = excluded.denominator, imported_by = excluded.imported_by, imported_at = now()`,
		pgx.NamedArgs{"institution_id": institutionID, "programme_id": f.ProgrammeID, "academic_year": f.AcademicYear,
			"measure": f.Measure, "numerator": f.Numerator, "denominator": f.Denominator, "imported_by": importedBy})
	return err
}
