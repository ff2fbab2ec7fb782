package org_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"belonging/web/paths"
)

// An admin sees and retries the failed jobs of their own institution only:
// not another institution's, and not the upkeep's, which concern every
// institution and whose errors may name any of them (operators see those
// in the logs).
func TestFailedJobsAreTheInstitutionsOwn(t *testing.T) {
	t.Parallel()
	app, c := adminClient(t)
	insert := func(metadata, failure string) int64 {
		t.Helper()
		var jobID int64
		if err := app.Pool.QueryRow(context.Background(), `
			INSERT INTO river_job (args, kind, max_attempts, metadata, queue, state, attempt, attempted_at, finalized_at, errors)
			VALUES ('{}', 'survey_upkeep', 3, `+metadata+`, 'default', 'discarded', 3, now(), now(),
			        ARRAY[jsonb_build_object('at', now(), 'attempt', 3, 'error', $1::text, 'trace', '')])
			RETURNING id`, failure).Scan(&jobID); err != nil {
			t.Fatal(err)
		}
		return jobID
	}
	own := insert(`jsonb_build_object('institution_id', (SELECT id FROM institutions WHERE slug = 'northbridge'))`, "failure of our own institution")
	other := insert(`jsonb_build_object('institution_id', (SELECT id FROM institutions WHERE slug = 'eastmere'))`, "failure of another institution")
	system := insert(`'{}'::jsonb`, "failure of the upkeep")

	resp := c.Get(paths.AdminJobs)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s = %d, want 200", paths.AdminJobs, resp.StatusCode)
	}
	for failure, want := range map[string]bool{"failure of our own institution": true, "failure of another institution": false, "failure of the upkeep": false} {
		if got := strings.Contains(string(resp.Body), failure); got != want {
			t.Errorf("failed jobs page shows %q = %v, want %v", failure, got, want)
		}
	}
	for jobID, want := range map[int64]int{own: 303, other: 404, system: 404} {
		path := paths.RetryJob(jobID)
		if got := c.Post(path, nil).StatusCode; got != want {
			t.Errorf("POST %s (job %s) = %d, want %d", path, strconv.FormatInt(jobID, 10), got, want)
		}
	}
}
