package seed

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// seedCodes gives the demo activities plausible evaluation codes from the
// shipped vocabulary: the sub-type suggested for their kind, in person,
// the whole cohort (and commuters where the activity suits them),
// outcomes from their dimensions of belonging, and the risks the
// activity's kind addresses. Ideas stay uncoded, so the demo shows an
// activity waiting for its codes too.
func seedCodes(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
		INSERT INTO activity_codes (institution_id, activity_id, code_id)
		SELECT a.institution_id, a.id, c.id
		FROM activities a JOIN evaluation_codes c ON c.institution_id = a.institution_id
		WHERE a.status <> 'idea' AND (
		       (c.category = 'subtype' AND a.kind = ANY (c.suggested_for))
		    OR c.code IN ('in-person', 'whole-cohort')
		    OR (c.code = 'commuters' AND a.suits_commuters_carers)
		    OR (c.code = 'peer-connection' AND 'peers' = ANY (a.dimensions))
		    OR (c.code = 'staff-relationships' AND 'staff' = ANY (a.dimensions))
		    OR (c.code = 'academic-confidence' AND 'confidence' = ANY (a.dimensions))
		    OR (c.code = 'wellbeing' AND 'wellbeing' = ANY (a.dimensions))
		    OR (c.code = 'belonging' AND 'mattering' = ANY (a.dimensions))
		    OR (c.code = 'eorr-7' AND a.kind IN ('induction', 'extended_induction', 'mentoring', 'social', 'ambassadors'))
		    OR (c.code = 'eorr-6' AND a.kind IN ('small_group', 'meet_researcher', 'research_conference', 'extended_induction'))
		    OR (c.code = 'eorr-8' AND 'wellbeing' = ANY (a.dimensions)))
		ON CONFLICT DO NOTHING`)
	return err
}
