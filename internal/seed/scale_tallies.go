package seed

import "context"

// tallies tallies every closed survey's answers for the reports at once,
// as the survey upkeep would a batch at a time (TallyClosedSurveys): the
// same counts, added up in one pass over the answers. Batch by batch, each
// survey's responses are found one by one, scattered over the whole table
// (their ids are random), which at N=3 took most of the load's time. The
// upkeep that runs next finds nothing left to tally.
func (g *generator) tallies(ctx context.Context) error {
	tx, err := g.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `
		CREATE TEMPORARY TABLE due ON COMMIT DROP AS
		SELECT d.id FROM surveys d
		WHERE d.audience = 'students' AND d.closes_at <= now() AND d.sealed AND d.tallied_responses IS NULL AND d.responses_deleted_on IS NULL`); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `
		INSERT INTO survey_tallies (survey_id, statement_id, answered, agree, score_sum)
		SELECT r.survey_id, sa.statement_id, count(*), count(*) FILTER (WHERE sa.score >= 4), sum(sa.score)
		FROM due
		JOIN survey_responses r ON r.survey_id = due.id
		JOIN survey_answers sa ON sa.response_id = r.id
		GROUP BY r.survey_id, sa.statement_id`); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `
		UPDATE surveys s SET tallied_responses = coalesce(c.responses, 0)
		FROM due LEFT JOIN (SELECT r.survey_id, count(*) AS responses FROM survey_responses r GROUP BY r.survey_id) c ON c.survey_id = due.id
		WHERE s.id = due.id`); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
