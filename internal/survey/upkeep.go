package survey

import (
	"context"
	"time"

	"belonging/internal/acyear"
	"belonging/internal/audit"
	"belonging/internal/store"
)

// Upkeep is the scheduled survey job: it makes the reports' pulse sums
// apply the survey threshold (migration 32); tallies the answers of surveys
// that have closed, for the reports; adds the evidence of pairs that
// closed on their own dates with enough responses (before their
// responses can expire); then deletes the responses of surveys closed
// longer ago than the retention period.
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
		err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
			return h.addEvidence(ctx, q, p.InstitutionID, p.ID, now)
		})
		if err != nil {
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
// own transaction, recorded in the audit log as the system's work, once:
// a survey another run has done (or is doing) is left alone.
func (h *Handler) PurgeExpired(ctx context.Context) (int64, error) {
	now := h.now()
	surveys, err := h.Queries.ListSurveysPastRetention(ctx, now.Add(-h.retention()))
	if err != nil {
		return 0, err
	}
	var total int64
	for _, s := range surveys {
		err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
			today := acyear.DateOf(now)
			claimed, err := q.MarkResponsesDeleted(ctx, store.MarkResponsesDeletedParams{ID: s.ID, Today: &today})
			if err != nil || claimed == 0 {
				return err
			}
			n, err := q.DeleteSurveyResponses(ctx, s.ID)
			if err != nil {
				return err
			}
			if err := q.DeleteSurveySubmissions(ctx, s.ID); err != nil {
				return err
			}
			total += n
			return audit.System(s.InstitutionID).Record(ctx, q, "delete_responses", "survey", s.ID,
				map[string]audit.Change{"responses": {Before: n, After: 0}})
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
