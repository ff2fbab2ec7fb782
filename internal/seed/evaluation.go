package seed

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// demoCohortFigures are continuation and attainment figures, as an
// institution's student records would give them, for the programmes whose
// plans the demo shows: per year back from the current one, how many of
// the cohort continued (or attained a good degree) of how many.
var demoCohortFigures = []struct {
	programme   string
	yearsBack   int
	measure     string
	numerator   int
	denominator int
}{
	{"C100", 4, "continuation", 151, 176}, {"C100", 3, "continuation", 156, 181},
	{"C100", 2, "continuation", 158, 178}, {"C100", 1, "continuation", 166, 183},
	{"C100", 4, "attainment", 121, 158}, {"C100", 3, "attainment", 119, 150},
	{"C100", 2, "attainment", 127, 161}, {"C100", 1, "attainment", 131, 163},
	{"B940", 3, "continuation", 98, 118}, {"B940", 2, "continuation", 101, 121},
	{"B940", 1, "continuation", 103, 119},
	// A small cohort: suppressed for anyone outside the programme team.
	{"C7A1", 1, "continuation", 6, 8},
}

// seedCohortFigures loads Northbridge's cohort outcome figures.
func seedCohortFigures(ctx context.Context, tx pgx.Tx, current int) error {
	for _, f := range demoCohortFigures {
		_, err := tx.Exec(ctx, `
			INSERT INTO cohort_figures (institution_id, programme_id, academic_year, measure, numerator, denominator)
			SELECT p.institution_id, p.id, $2, $3, $4, $5
			FROM programmes p JOIN institutions i ON i.id = p.institution_id
			WHERE i.slug = 'northbridge' AND p.code = $1
			ON CONFLICT DO NOTHING`, f.programme, current-f.yearsBack, f.measure, f.numerator, f.denominator)
		if err != nil {
			return fmt.Errorf("cohort figures of %s: %w", f.programme, err)
		}
	}
	return nil
}

// seedComparisons names Biomedical Science's before/after pair as the
// comparison group of the extended induction's pair. All four surveys have
// closed, so the upkeep works the comparison out on its first run and the
// pair's evidence becomes Type 3 when the comparison holds.
func seedComparisons(ctx context.Context, tx pgx.Tx, current int) error {
	_, err := tx.Exec(ctx, `
		INSERT INTO survey_comparisons (institution_id, post_id, comparison_post_id)
		SELECT t.institution_id, t.id, c.id
		FROM surveys t
		JOIN activities a ON a.id = t.activity_id
		JOIN programmes tp ON tp.id = t.programme_id
		JOIN surveys c ON c.institution_id = t.institution_id AND c.phase = 'post' AND c.activity_id IS NULL
		JOIN programmes cp ON cp.id = c.programme_id
		WHERE t.phase = 'post' AND tp.code = 'C100' AND cp.code = 'B940'
		  AND a.academic_year = $1 AND a.title = $2 AND c.title = $3
		ON CONFLICT DO NOTHING`, current, "Extended induction: study skills tutorials through terms 1 and 2", "Study skills and belonging")
	return err
}
