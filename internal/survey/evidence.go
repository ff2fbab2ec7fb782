package survey

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"belonging/internal/audit"
	"belonging/internal/store"
	page "belonging/web/pages/survey"
)

// A closed before/after pair of an activity's surveys, with enough
// responses on both sides, yields one Type 2 evidence item for the
// activity. It is added when the pair closes: by Close, in the
// transaction that closes the second survey, or by Upkeep for pairs that
// close on their own dates. Pages only read it (pairResult), so looking
// at a survey never writes.

// evidenceResult is what a pair's evidence says: title once it is
// stored, sentence as soon as the pair yields it.
type evidenceResult struct {
	title    string
	sentence string
}

// pairEvidence is the evidence item a pair yields, worked out but not yet
// stored.
type pairEvidence struct {
	activityID, postID int64
	title, sentence    string
	notes, instrument  string
	comparison, effect string
	sample             int32
	rate               *int32
}

// storedEvidence returns the evidence of the pair whose survey after is
// postID, and whether it has been added.
func storedEvidence(ctx context.Context, q *store.Queries, institutionID, postID int64) (evidenceResult, bool, error) {
	existing, err := q.GetSurveyEvidence(ctx, store.GetSurveyEvidenceParams{InstitutionID: institutionID, SurveyID: &postID})
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return evidenceResult{}, false, nil
	case err != nil:
		return evidenceResult{}, false, err
	}
	sentence, _, _ := strings.Cut(existing.Notes, "\n\n")
	return evidenceResult{title: existing.Title, sentence: sentence}, true, nil
}

// draftEvidence works out the evidence of the pair whose survey after is
// postID, reading with q. It reports false while the pair yields none:
// not a pair of an activity, not both closed by now and sealed, responses
// deleted, or fewer than the threshold of responses on either side.
func (h *Handler) draftEvidence(ctx context.Context, q *store.Queries, institutionID, postID int64, now time.Time) (pairEvidence, bool, error) {
	post, err := q.GetSurvey(ctx, store.GetSurveyParams{InstitutionID: institutionID, ID: postID})
	if err != nil {
		return pairEvidence{}, false, err
	}
	if post.PreID == nil || post.ActivityID == nil {
		return pairEvidence{}, false, nil
	}
	pre, err := q.GetSurvey(ctx, store.GetSurveyParams{InstitutionID: institutionID, ID: *post.PreID})
	if err != nil {
		return pairEvidence{}, false, err
	}
	if now.Before(pre.ClosesAt) || now.Before(post.ClosesAt) || !pre.Sealed || !post.Sealed ||
		pre.ResponsesDeletedOn != nil || post.ResponsesDeletedOn != nil {
		return pairEvidence{}, false, nil
	}
	threshold := h.minGroup()
	if int(pre.Responses) < threshold || int(post.Responses) < threshold {
		return pairEvidence{}, false, nil
	}
	preScores, err := q.ResponseScores(ctx, pre.ID)
	if err != nil {
		return pairEvidence{}, false, err
	}
	postScores, err := q.ResponseScores(ctx, post.ID)
	if err != nil {
		return pairEvidence{}, false, err
	}
	c := Compare(Summarise(preScores), Summarise(postScores))
	// The pair's rate counts every invitation: each student was invited
	// to both surveys.
	together, rate := "", (*int32)(nil)
	if pre.Invited != nil && post.Invited != nil {
		invitations := int(*pre.Invited) + int(*post.Invited)
		r, _ := responseRate(c.Pre.N+c.Post.N, invitations)
		together = fmt.Sprintf("Together, %d responses of %d invitations (%d%%). ", c.Pre.N+c.Post.N, invitations, r)
		r32 := int32(r)
		rate = &r32
	}
	e := pairEvidence{activityID: *post.ActivityID, postID: post.ID, sentence: c.Sentence(),
		title:      fmt.Sprintf("%s before and after: %s (95%% CI %s to %s)", post.InstrumentName, Signed(c.Diff), Signed(c.Low), Signed(c.High)),
		instrument: fmt.Sprintf("%s, version %d", post.InstrumentName, post.InstrumentVersion),
		notes: fmt.Sprintf("%s\n\nBefore the activity: %s, mean %.2f (SD %.2f). After: %s, mean %.2f (SD %.2f). %s"+
			"Responses are anonymous and unpaired, so the two surveys are compared as independent groups (Welch's t-interval).",
			c.Sentence(), responsesOf(c.Pre.N, pre.Invited), c.Pre.Mean, c.Pre.SD, responsesOf(c.Post.N, post.Invited), c.Post.Mean, c.Post.SD, together),
		comparison: fmt.Sprintf("Anonymous pulse survey before (%d responses, %s) and after (%d responses, %s) the activity",
			c.Pre.N, page.Span(pre.OpensAt.In(london), pre.ClosesAt.In(london)), c.Post.N, page.Span(post.OpensAt.In(london), post.ClosesAt.In(london))),
		sample: int32(c.Pre.N + c.Post.N), rate: rate}
	if c.DOK {
		e.effect = fmt.Sprintf("Cohen's d = %.2f (%s)", c.D, EffectWord(c.D))
	}
	return e, true, nil
}

// responseRate is responses of invited as a whole percentage, rounded to
// the nearest (23 of 80 is 29%) and at most 100; false when nobody was
// invited.
func responseRate(responses, invited int) (int, bool) {
	if invited <= 0 {
		return 0, false
	}
	return min(100, (responses*100+invited/2)/invited), true
}

// responsesOf says how many answered a survey and, when it knows how many
// were invited, the response rate: "11 of 40 invited (28%)".
func responsesOf(n int, invited *int32) string {
	if invited == nil {
		return fmt.Sprintf("%d responses", n)
	}
	r, _ := responseRate(n, int(*invited))
	return fmt.Sprintf("%d of %d invited (%d%%)", n, *invited, r)
}

// addEvidence adds the evidence of the pair whose survey after is postID
// with q, which must be the caller's transaction, when the pair yields it
// and it is not there yet. Results cannot change once both surveys have
// closed, so it is added once; the unique index on evidence.survey_id
// makes a concurrent second attempt add nothing. The system records it in
// the audit log: nobody wrote it.
func (h *Handler) addEvidence(ctx context.Context, q *store.Queries, institutionID, postID int64, now time.Time) error {
	if _, stored, err := storedEvidence(ctx, q, institutionID, postID); err != nil || stored {
		return err
	}
	e, ready, err := h.draftEvidence(ctx, q, institutionID, postID, now)
	if err != nil || !ready {
		return err
	}
	id, err := q.InsertSurveyEvidence(ctx, store.InsertSurveyEvidenceParams{InstitutionID: institutionID, ActivityID: e.activityID,
		Title: e.title, Notes: e.notes, Instrument: e.instrument, SampleSize: &e.sample, ResponseRate: e.rate, Comparison: e.comparison,
		EffectSize: e.effect, SurveyID: &e.postID})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil // added meanwhile by another transaction
	}
	if err != nil {
		return err
	}
	return audit.System(institutionID).Record(ctx, q, "create", "evidence", id,
		audit.Created(map[string]any{"title": e.title, "kind": "survey", "strength": 2, "activity_id": e.activityID,
			"survey_id": e.postID, "sample_size": int64(e.sample)}))
}

// pairResult is what the pages say of the pair whose survey after is
// postID: its stored evidence, or, until the upkeep adds it, the sentence
// it will carry. It writes nothing.
func (h *Handler) pairResult(ctx context.Context, q *store.Queries, institutionID, postID int64) (evidenceResult, error) {
	res, stored, err := storedEvidence(ctx, q, institutionID, postID)
	if err != nil || stored {
		return res, err
	}
	e, ready, err := h.draftEvidence(ctx, q, institutionID, postID, h.now())
	if err != nil || !ready {
		return evidenceResult{}, err
	}
	return evidenceResult{sentence: e.sentence}, nil
}
