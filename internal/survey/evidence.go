package survey

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"belonging/internal/audit"
	"belonging/internal/db"
	"belonging/internal/store"
)

// evidenceResult is what a pair's evidence says, when it exists.
type evidenceResult struct {
	title    string
	sentence string
}

// ensureEvidence makes sure a closed pre/post pair of an activity with
// enough responses on both sides has its Type 2 evidence item, and returns
// it. The item is added once: results cannot change after both surveys
// close, and the unique index on evidence.survey_id makes a second,
// concurrent attempt add nothing. Pairs not ready yet return nothing.
func (h *Handler) ensureEvidence(ctx context.Context, institutionID, postID int64) (evidenceResult, error) {
	post, err := h.Queries.GetSurvey(ctx, store.GetSurveyParams{InstitutionID: institutionID, ID: postID})
	if err != nil {
		return evidenceResult{}, err
	}
	if post.PreID == nil || post.ActivityID == nil {
		return evidenceResult{}, nil
	}
	existing, err := h.Queries.GetSurveyEvidence(ctx, store.GetSurveyEvidenceParams{InstitutionID: institutionID, SurveyID: &post.ID})
	switch {
	case err == nil:
		sentence, _, _ := strings.Cut(existing.Notes, "\n\n")
		return evidenceResult{title: existing.Title, sentence: sentence}, nil
	case !errors.Is(err, pgx.ErrNoRows):
		return evidenceResult{}, err
	}
	pre, err := h.Queries.GetSurvey(ctx, store.GetSurveyParams{InstitutionID: institutionID, ID: *post.PreID})
	if err != nil {
		return evidenceResult{}, err
	}
	now := h.now()
	if now.Before(pre.ClosesAt) || now.Before(post.ClosesAt) || pre.ResponsesDeletedOn != nil || post.ResponsesDeletedOn != nil {
		return evidenceResult{}, nil
	}
	threshold := h.minGroup()
	if int(pre.Responses) < threshold || int(post.Responses) < threshold {
		return evidenceResult{}, nil
	}
	preScores, err := h.Queries.ResponseScores(ctx, pre.ID)
	if err != nil {
		return evidenceResult{}, err
	}
	postScores, err := h.Queries.ResponseScores(ctx, post.ID)
	if err != nil {
		return evidenceResult{}, err
	}
	c := Compare(Summarise(preScores), Summarise(postScores))
	title := fmt.Sprintf("%s before and after: %s (95%% CI %s to %s)", post.InstrumentName, Signed(c.Diff), Signed(c.Low), Signed(c.High))
	instrument := fmt.Sprintf("%s, version %d", post.InstrumentName, post.InstrumentVersion)
	notes := fmt.Sprintf("%s\n\nBefore the activity: %d responses, mean %.2f (SD %.2f). After: %d responses, mean %.2f (SD %.2f). "+
		"Responses are anonymous and unpaired, so the two surveys are compared as independent groups (Welch's t-interval).",
		c.Sentence(), c.Pre.N, c.Pre.Mean, c.Pre.SD, c.Post.N, c.Post.Mean, c.Post.SD)
	comparison := fmt.Sprintf("Anonymous pulse survey before (%d responses, %s to %s) and after (%d responses, %s to %s) the activity",
		c.Pre.N, pre.OpensAt.In(london).Format("2 Jan 2006"), lastDay(pre.ClosesAt).Format("2 Jan 2006"),
		c.Post.N, post.OpensAt.In(london).Format("2 Jan 2006"), lastDay(post.ClosesAt).Format("2 Jan 2006"))
	effect := ""
	if c.DOK {
		effect = fmt.Sprintf("Cohen's d = %.2f (%s)", c.D, EffectWord(c.D))
	}
	sample := int32(c.Pre.N + c.Post.N)
	var rate *int32
	if post.Invited != nil && *post.Invited > 0 {
		r := int32(min(100, c.Post.N*100/int(*post.Invited)))
		rate = &r
	}
	err = db.WithTx(ctx, h.Pool, func(tx pgx.Tx) error {
		q := h.Queries.WithTx(tx)
		id, err := q.InsertSurveyEvidence(ctx, store.InsertSurveyEvidenceParams{InstitutionID: institutionID, ActivityID: *post.ActivityID,
			Title: title, Notes: notes, Instrument: instrument, SampleSize: &sample, ResponseRate: rate, Comparison: comparison,
			EffectSize: effect, SurveyID: &post.ID})
		if errors.Is(err, pgx.ErrNoRows) {
			return nil // added meanwhile by another request
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, q, audit.Entry{InstitutionID: institutionID, Action: "create", Entity: "evidence", EntityID: id,
			Changes: audit.Created(map[string]any{"title": title, "kind": "survey", "strength": 2, "activity_id": *post.ActivityID,
				"survey_id": post.ID, "sample_size": int64(sample)})})
	})
	if err != nil {
		return evidenceResult{}, err
	}
	return evidenceResult{title: title, sentence: c.Sentence()}, nil
}

// Upkeep is the scheduled survey job: it keeps the reports' pulse sums
// to the survey threshold; tallies the answers of surveys
// that have closed, for the reports; adds the evidence of pairs that
// closed with enough responses (before their responses can expire); then
// deletes the responses of surveys closed longer ago than the retention
// period.
func (h *Handler) Upkeep(ctx context.Context) error {
	now := h.now()
	if err := h.Queries.SetReportThreshold(ctx, h.minGroup()); err != nil {
		return err
	}
	if _, err := TallyClosed(ctx, h.Queries, now); err != nil {
		return err
	}
	pairs, err := h.Queries.ListPairsAwaitingEvidence(ctx, now)
	if err != nil {
		return err
	}
	for _, p := range pairs {
		if _, err := h.ensureEvidence(ctx, p.InstitutionID, p.ID); err != nil {
			return err
		}
	}
	_, err = h.PurgeExpired(ctx)
	return err
}

// TallyClosed tallies the answers of every survey closed by now that has
// not been tallied, a batch at a time, and returns how many it tallied.
// Reports count the rest live, so a survey is in them the moment it
// closes.
func TallyClosed(ctx context.Context, q *store.Queries, now time.Time) (int64, error) {
	var total int64
	for {
		n, err := q.TallyClosedSurveys(ctx, now)
		total += n
		if err != nil || n == 0 {
			return total, err
		}
	}
}

// PurgeExpired deletes the responses, and the record of which browsers
// answered, of every survey that closed more than the retention period
// ago, and returns how many responses went. Each survey is done in its
// own transaction, recorded in the audit log as the system's work.
func (h *Handler) PurgeExpired(ctx context.Context) (int64, error) {
	now := h.now()
	surveys, err := h.Queries.ListSurveysPastRetention(ctx, now.Add(-h.retention()))
	if err != nil {
		return 0, err
	}
	var total int64
	for _, s := range surveys {
		err := db.WithTx(ctx, h.Pool, func(tx pgx.Tx) error {
			q := h.Queries.WithTx(tx)
			n, err := q.DeleteSurveyResponses(ctx, s.ID)
			if err != nil {
				return err
			}
			if err := q.DeleteSurveySubmissions(ctx, s.ID); err != nil {
				return err
			}
			today := now.In(london)
			if err := q.MarkResponsesDeleted(ctx, store.MarkResponsesDeletedParams{ID: s.ID, Today: &today}); err != nil {
				return err
			}
			total += n
			return audit.Record(ctx, q, audit.Entry{InstitutionID: s.InstitutionID, Action: "delete_responses", Entity: "survey", EntityID: s.ID,
				Changes: map[string]audit.Change{"responses": {Before: n, After: 0}}})
		})
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// DefaultRetention is how long responses are kept after a survey closes
// unless configured otherwise: three years.
const DefaultRetention = 1095 * 24 * time.Hour

func (h *Handler) retention() time.Duration {
	if h.Retention <= 0 {
		return DefaultRetention
	}
	return h.Retention
}
