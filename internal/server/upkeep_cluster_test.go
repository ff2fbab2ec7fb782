package server_test

import (
	"context"
	"testing"
	"time"

	"belonging/internal/testkit"
)

// Two servers started as `belonging serve` starts them, on one database
// with a survey past its retention period. The upkeep must purge it once:
// one deletion, one audit entry, however the servers' runs interleave.
// The survey's responses are locked while the servers start, so any
// server that would purge them is waiting at the same moment.
func TestUpkeepPurgesOnceAcrossTwoServers(t *testing.T) {
	t.Parallel()
	dbURL := testkit.SeededDB(t)
	pool, _ := testkit.Pool(t, dbURL)
	ctx := context.Background()

	var survey int64
	err := pool.QueryRow(ctx, `
		UPDATE surveys SET opens_at = now() - interval '5 years', closes_at = now() - interval '4 years'
		WHERE id = (SELECT min(survey_id) FROM survey_responses)
		RETURNING id`).Scan(&survey)
	if err != nil {
		t.Fatal(err)
	}
	lock, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Rollback(ctx)
	if _, err := lock.Exec(ctx, `SELECT 1 FROM survey_responses WHERE survey_id = $1 FOR UPDATE`, survey); err != nil {
		t.Fatal(err)
	}

	startServers(t, dbURL, t.TempDir())
	// Wait until every server that is going to delete the responses waits
	// on the lock (two when both servers run the purge, as each server's
	// own hourly loop did), then let them go.
	waitForLockWaiters(t, pool, "%DELETE FROM survey_responses%", "no server purged the survey past its retention")
	if err := lock.Rollback(ctx); err != nil {
		t.Fatal(err)
	}

	// Once the responses are gone, give a second purge time to write.
	for deadline := time.Now().Add(10 * time.Second); ; {
		var deleted bool
		if err := pool.QueryRow(ctx, `SELECT responses_deleted_on IS NOT NULL FROM surveys WHERE id = $1`, survey).Scan(&deleted); err != nil {
			t.Fatal(err)
		}
		if deleted {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the survey's responses were never deleted")
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(time.Second)
	var entries int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'delete_responses' AND entity = 'survey' AND entity_id = $1`, survey).Scan(&entries); err != nil {
		t.Fatal(err)
	}
	if entries != 1 {
		t.Errorf("audit entries for the purge of survey %d = %d, want 1", survey, entries)
	}
}
