package testkit

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
)

// PublishCopies publishes n copies of the seeded data's first network case
// study to the network, titled title+" 1" to title+" n" and with extra
// added to their text. Copy i is published n−i days ago, so the last is
// the newest.
func PublishCopies(t testing.TB, pool *pgxpool.Pool, n int, title, extra string) {
	t.Helper()
	_, err := pool.Exec(context.Background(), `
		WITH src AS (
			SELECT c.*, p.sections AS pub_sections, p.institution_type AS pub_type, p.institution_name AS pub_name
			FROM case_studies c JOIN case_study_publications p ON p.case_study_id = c.id
			WHERE p.visibility = 'network' ORDER BY c.id LIMIT 1),
		copies AS (
			INSERT INTO case_studies (institution_id, programme_id, activity_id, title, summary, what_we_did, kind, stage, dimensions,
			                          placement, discipline, academic_year, requested_visibility, review_state, evidence_strength)
			SELECT institution_id, programme_id, activity_id, $2 || ' ' || g, summary, what_we_did || $3, kind, stage,
			       dimensions, placement, discipline, academic_year, 'network', 'approved', evidence_strength
			FROM src, generate_series(1, $1::int) g
			RETURNING id, institution_id, title, summary, what_we_did, kind, stage, dimensions, placement, discipline, academic_year, evidence_strength)
		INSERT INTO case_study_publications (case_study_id, institution_id, visibility, title, summary, sections, body, kind, stage, dimensions,
		                                     placement, discipline, institution_type, institution_name, evidence_strength, academic_year, version, published_at)
		SELECT c.id, c.institution_id, 'network', c.title, c.summary, src.pub_sections, c.what_we_did, c.kind, c.stage, c.dimensions, c.placement,
		       c.discipline, src.pub_type, src.pub_name, c.evidence_strength, c.academic_year, 1,
		       now() - make_interval(days => $1::int - substring(c.title FROM '[0-9]+$')::int)
		FROM copies c, src`, n, title, extra)
	if err != nil {
		t.Fatalf("publish copies: %v", err)
	}
}
