package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// ComparisonCandidate is a before/after pair that may serve as another
// pair's comparison group, named by its survey after.
type ComparisonCandidate struct {
	PostID         int64     `db:"post_id"`
	Title          string    `db:"title"`
	ProgrammeCode  string    `db:"programme_code"`
	ProgrammeTitle string    `db:"programme_title"`
	ActivityTitle  string    `db:"activity_title"`
	PreOpens       time.Time `db:"pre_opens"`
	PreCloses      time.Time `db:"pre_closes"`
	PostOpens      time.Time `db:"post_opens"`
	PostCloses     time.Time `db:"post_closes"`
}

// ComparisonCandidates lists the institution's pairs surveyed at the same
// times as the pair whose survey after is postID: each of their surveys
// was open at some moment the matching survey of this pair was open (the
// windows overlap, before with before and after with after). The pair
// itself and other pairs of the same activity, whose students took part,
// are left out. An institution has at most a few hundred pairs.
func (q *Queries) ComparisonCandidates(ctx context.Context, institutionID, postID int64) ([]ComparisonCandidate, error) {
	rows, err := q.db.Query(ctx, `
		SELECT c.id AS post_id, c.title, p.code AS programme_code, p.title AS programme_title,
		       coalesce(a.title, '') AS activity_title,
		       cpre.opens_at AS pre_opens, cpre.closes_at AS pre_closes, c.opens_at AS post_opens, c.closes_at AS post_closes
		FROM surveys t
		JOIN surveys tpre ON tpre.id = t.pre_id
		JOIN surveys c ON c.institution_id = t.institution_id AND c.phase = 'post' AND c.id <> t.id
		JOIN surveys cpre ON cpre.id = c.pre_id
		JOIN programmes p ON p.id = c.programme_id
		LEFT JOIN activities a ON a.id = c.activity_id
		WHERE t.institution_id = @institution_id AND t.id = @post_id
		  AND c.activity_id IS DISTINCT FROM t.activity_id
		  AND cpre.opens_at < tpre.closes_at AND cpre.closes_at > tpre.opens_at
		  AND c.opens_at < t.closes_at AND c.closes_at > t.opens_at
		ORDER BY lower(p.code), lower(c.title), c.id`,
		pgx.NamedArgs{"institution_id": institutionID, "post_id": postID})
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[ComparisonCandidate])
}

// NamedComparison is the comparison pair a pair names, and whether it
// has been worked out with all four surveys closed.
type NamedComparison struct {
	ComparisonPostID int64      `db:"comparison_post_id"`
	DecidedAt        *time.Time `db:"decided_at"`
}

// GetSurveyComparison returns the comparison named by the pair whose
// survey after is postID (pgx.ErrNoRows: none).
func (q *Queries) GetSurveyComparison(ctx context.Context, institutionID, postID int64) (NamedComparison, error) {
	rows, err := q.db.Query(ctx, `SELECT comparison_post_id, decided_at FROM survey_comparisons
		WHERE institution_id = @institution_id AND post_id = @post_id`,
		pgx.NamedArgs{"institution_id": institutionID, "post_id": postID})
	if err != nil {
		return NamedComparison{}, err
	}
	return pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[NamedComparison])
}

// SetSurveyComparison names (or renames) a pair's comparison; it is to be
// worked out afresh.
func (q *Queries) SetSurveyComparison(ctx context.Context, institutionID, postID, comparisonPostID, chosenBy int64) error {
	_, err := q.db.Exec(ctx, `
		INSERT INTO survey_comparisons (institution_id, post_id, comparison_post_id, chosen_by)
		VALUES (@institution_id, @post_id, @comparison_post_id, @chosen_by)
		ON CONFLICT (post_id) DO UPDATE
		SET comparison_post_id = excluded.comparison_post_id, chosen_by = excluded.chosen_by, chosen_at = now(), decided_at = NULL`,
		pgx.NamedArgs{"institution_id": institutionID, "post_id": postID, "comparison_post_id": comparisonPostID, "chosen_by": chosenBy})
	return err
}

// DeleteSurveyComparison removes a pair's comparison; it reports how many
// it removed.
func (q *Queries) DeleteSurveyComparison(ctx context.Context, institutionID, postID int64) (int64, error) {
	tag, err := q.db.Exec(ctx, `DELETE FROM survey_comparisons WHERE institution_id = @institution_id AND post_id = @post_id`,
		pgx.NamedArgs{"institution_id": institutionID, "post_id": postID})
	return tag.RowsAffected(), err
}

// MarkComparisonDecided records that a comparison was worked out with
// its four surveys closed and sealed: their responses no longer change.
func (q *Queries) MarkComparisonDecided(ctx context.Context, postID int64, at time.Time) error {
	_, err := q.db.Exec(ctx, `UPDATE survey_comparisons SET decided_at = @at WHERE post_id = @post_id`,
		pgx.NamedArgs{"post_id": postID, "at": at})
	return err
}

// ComparisonToDecide is a comparison the upkeep is to work out.
type ComparisonToDecide struct {
	InstitutionID int64 `db:"institution_id"`
	PostID        int64 `db:"post_id"`
}

// ListComparisonsToDecide returns the comparisons not yet worked out whose
// four surveys have closed by now and been sealed.
func (q *Queries) ListComparisonsToDecide(ctx context.Context, now time.Time) ([]ComparisonToDecide, error) {
	rows, err := q.db.Query(ctx, `
		SELECT sc.institution_id, sc.post_id
		FROM survey_comparisons sc
		JOIN surveys t ON t.id = sc.post_id
		JOIN surveys tpre ON tpre.id = t.pre_id
		JOIN surveys c ON c.id = sc.comparison_post_id
		JOIN surveys cpre ON cpre.id = c.pre_id
		WHERE sc.decided_at IS NULL
		  AND t.sealed AND tpre.sealed AND c.sealed AND cpre.sealed
		  AND greatest(t.closes_at, tpre.closes_at, c.closes_at, cpre.closes_at) <= @now
		ORDER BY sc.post_id`, pgx.NamedArgs{"now": now})
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[ComparisonToDecide])
}

// SurveyEvidenceStrength returns the strength of the evidence a pair
// yielded (pgx.ErrNoRows: none yet).
func (q *Queries) SurveyEvidenceStrength(ctx context.Context, institutionID, surveyID int64) (int32, error) {
	var strength int32
	err := q.db.QueryRow(ctx, `SELECT strength FROM evidence WHERE institution_id = @institution_id AND survey_id = @survey_id`,
		pgx.NamedArgs{"institution_id": institutionID, "survey_id": surveyID}).Scan(&strength)
	return strength, err
}

// RaiseSurveyEvidenceParams is what Type 3 evidence says of a pair and its
// comparison group.
type RaiseSurveyEvidenceParams struct {
	InstitutionID, SurveyID int64
	Title, Notes            string
	Comparison, EffectSize  string
	SampleSize              int32
}

// RaiseSurveyEvidence makes a pair's Type 2 evidence Type 3, saying what
// the comparison group showed. It returns the evidence's id; no row: the
// pair has no Type 2 evidence.
func (q *Queries) RaiseSurveyEvidence(ctx context.Context, p RaiseSurveyEvidenceParams) (int64, error) {
	var id int64
	err := q.db.QueryRow(ctx, `
		UPDATE evidence SET strength = 3, title = @title, notes = @notes, comparison = @comparison,
		       effect_size = @effect_size, sample_size = @sample_size
		WHERE institution_id = @institution_id AND survey_id = @survey_id AND strength = 2
		RETURNING id`,
		pgx.NamedArgs{"institution_id": p.InstitutionID, "survey_id": p.SurveyID, "title": p.Title, "notes": p.Notes,
			"comparison": p.Comparison, "effect_size": p.EffectSize, "sample_size": p.SampleSize}).Scan(&id)
	return id, err
}
