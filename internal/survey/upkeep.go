package survey

import (
	"context"
	"time"

	"golang.org/x/sync/errgroup"

	"belonging/internal/acyear"
	"belonging/internal/audit"
	"belonging/internal/store"
)

// Upkeep is the scheduled survey job: it makes the reports' pulse sums
// apply the survey threshold (migration 32); seals surveys that have
// closed (their responses shuffled) and mixes the responses of open ones;
// tallies the answers of sealed surveys, for the reports; adds the
// evidence of pairs that closed on their own dates with enough responses
// (before their responses can expire); then deletes the responses of
// surveys closed longer ago than the retention period. Last, it vacuums
// away the row versions the shuffles and deletions left behind.
func (h *Handler) Upkeep(ctx context.Context) error {
	now := h.now()
	if err := h.Queries.SetReportThreshold(ctx, h.minGroup()); err != nil {
		return err
	}
	sealed, err := h.sealClosed(ctx, now)
	if err != nil {
		return err
	}
	mixed, err := h.mixOpen(ctx, now)
	if err != nil {
		return err
	}
	if _, err := TallyClosed(ctx, h.Queries, now); err != nil {
		return err
	}
	pairs, err := h.Queries.ListPairsAwaitingEvidence(ctx, now)
	if err != nil {
		return err
	}
	if err := h.addPairsEvidence(ctx, pairs, now); err != nil {
		return err
	}
	if err := h.decideGroups(ctx, now); err != nil {
		return err
	}
	purged, err := h.PurgeExpired(ctx)
	if err != nil {
		return err
	}
	if sealed+mixed > 0 || purged > 0 {
		return store.VacuumResponses(ctx, h.Pool)
	}
	return nil
}

// addPairsEvidence adds the evidence of each pair, each in its own
// transaction, Concurrency at once (see Handler). Pairs are independent:
// each writes the evidence of its own activity, once.
func (h *Handler) addPairsEvidence(ctx context.Context, pairs []store.ListPairsAwaitingEvidenceRow, now time.Time) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(max(1, h.Concurrency))
	for _, p := range pairs {
		g.Go(func() error {
			return store.InTx(ctx, h.Pool, func(q *store.Queries) error {
				return h.addEvidence(ctx, q, p.InstitutionID, p.ID, now)
			})
		})
	}
	return g.Wait()
}

// SealClosed seals every survey that has closed since it last ran (see
// seal.go), each in its own transaction recorded as the system's work,
// then vacuums the row versions the shuffles replaced. It runs every
// minute, so results of a survey that closes on its own date appear within
// a minute or so; it returns how many surveys it sealed.
func (h *Handler) SealClosed(ctx context.Context) (int, error) {
	n, err := h.sealClosed(ctx, h.now())
	if err != nil || n == 0 {
		return n, err
	}
	return n, store.VacuumResponses(ctx, h.Pool)
}

func (h *Handler) sealClosed(ctx context.Context, now time.Time) (int, error) {
	due, err := h.Queries.ListSurveysToSeal(ctx, now)
	if err != nil {
		return 0, err
	}
	sealed := 0
	for _, s := range due {
		var done bool
		err := store.InTx(ctx, h.Pool, func(q *store.Queries) (err error) {
			done, err = seal(ctx, q, audit.System(s.InstitutionID), s.ID, now)
			return err
		})
		if err != nil {
			return sealed, err
		}
		if done {
			sealed++
		}
	}
	return sealed, nil
}

// mixOpen shuffles the responses of every open survey that has had
// responses from more than one transaction since it was last mixed, so
// their transaction ids and places no longer say in which order they
// arrived. It returns how many surveys it mixed.
func (h *Handler) mixOpen(ctx context.Context, now time.Time) (int, error) {
	surveys, err := h.Queries.ListSurveysToMix(ctx, now)
	if err != nil {
		return 0, err
	}
	mixed := 0
	for _, s := range surveys {
		err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
			n, err := q.LockOpenSurvey(ctx, store.LockOpenSurveyParams{ID: s.ID, Now: now})
			if err != nil || n == 0 {
				return err
			}
			mixed++
			_, err = shuffle(ctx, q, audit.System(s.InstitutionID), s.ID)
			return err
		})
		if err != nil {
			return mixed, err
		}
	}
	return mixed, nil
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

// PurgeExpired deletes the responses of every survey that closed more
// than the retention period ago, and returns how many responses went.
// Each survey is done in its own transaction, recorded in the audit log
// as the system's work, once: a survey another run has done (or is
// doing) is left alone.
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
