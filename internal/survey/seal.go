package survey

import (
	"context"
	"time"

	"belonging/internal/audit"
	"belonging/internal/store"
)

// While a survey is open, each response is written by its own
// transaction, so PostgreSQL's bookkeeping keeps the order they arrived
// in: the transaction id in every row (xmin), and the place each row lies
// in the table (ctid). Nothing else about a response is kept.
//
// When a survey closes, its responses are sealed: rewritten in random
// order, under new random ids, by one transaction (shuffle), and the
// survey marked sealed in that same transaction. Results, reports and
// evidence read sealed surveys only, so no figure is shown while the
// order could still be read. The row versions the shuffle replaced are
// then vacuumed away (store.VacuumResponses). The hourly upkeep also
// mixes the responses of open surveys the same way, so that while a
// survey is open the order is kept for at most about an hour.

// shuffle rewrites survey surveyID's responses in random order with q,
// which must be the caller's transaction, and records that rec did it.
// It returns how many responses it rewrote.
func shuffle(ctx context.Context, q *store.Queries, rec audit.Recorder, surveyID int64) (int, error) {
	n, err := q.ShuffleResponses(ctx, surveyID)
	if err != nil || n == 0 {
		return 0, err
	}
	return int(n), rec.Record(ctx, q, "shuffle_responses", "survey", surveyID, map[string]audit.Change{"responses": {Before: n, After: n}})
}

// seal seals survey surveyID when it has closed by now and is not sealed
// yet: it marks it sealed and shuffles its responses with q, the caller's
// transaction. Marking it first takes the survey's row lock, which waits
// for answers being stored and turns later ones away (InsertResponse).
// It reports whether it sealed the survey.
func seal(ctx context.Context, q *store.Queries, rec audit.Recorder, surveyID int64, now time.Time) (bool, error) {
	n, err := q.SealSurvey(ctx, store.SealSurveyParams{ID: surveyID, Now: now})
	if err != nil || n == 0 {
		return false, err
	}
	_, err = shuffle(ctx, q, rec, surveyID)
	return err == nil, err
}
