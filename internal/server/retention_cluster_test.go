package server_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"

	"belonging/internal/blob"
	"belonging/internal/testkit"
)

// Two servers started as `belonging serve` starts them, on one database
// and one file store, with an evidence file past its institution's
// retention. It must be deleted once: one audit entry, the file gone from
// the store, however the servers' runs interleave. The evidence row is
// locked while the servers start, so any server that would delete it is
// waiting at the same moment.
func TestRetentionDeletesOnceAcrossTwoServers(t *testing.T) {
	t.Parallel()
	dbURL := testkit.SeededDB(t)
	pool, _ := testkit.Pool(t, dbURL)
	ctx := context.Background()
	dataDir := t.TempDir()
	files, err := blob.NewFS(filepath.Join(dataDir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	data := []byte("date,attended\n2000-10-01,30\n")
	key := "evidence/retention-cluster/attendance"
	if err := files.Put(ctx, key, bytes.NewReader(data), int64(len(data)), "text/csv"); err != nil {
		t.Fatal(err)
	}
	var evidence int64
	err = pool.QueryRow(ctx, `
		WITH old AS (
			UPDATE activities SET academic_year = 2000
			WHERE id = (SELECT min(a.id) FROM activities a JOIN institutions i ON i.id = a.institution_id WHERE i.slug = 'northbridge')
			RETURNING institution_id, id),
		kept AS (UPDATE institutions SET evidence_file_retention_years = 1 WHERE slug = 'northbridge')
		INSERT INTO evidence (institution_id, activity_id, title, kind, strength, file_key, file_name, content_type, size_bytes, sha256)
		SELECT institution_id, id, 'Attendance, 2000', 'attendance', 1, $1, 'attendance.csv', 'text/csv', $2, sha256($3) FROM old
		RETURNING id`, key, len(data), data).Scan(&evidence)
	if err != nil {
		t.Fatal(err)
	}
	lock, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Rollback(ctx)
	if _, err := lock.Exec(ctx, `SELECT 1 FROM evidence WHERE id = $1 FOR UPDATE`, evidence); err != nil {
		t.Fatal(err)
	}

	startServers(t, dbURL, dataDir)
	n := waitForLockWaiters(t, pool, "%DELETE FROM evidence%", "no server deleted the evidence file past its retention")
	t.Logf("servers waiting to delete the file: %d", n)
	if err := lock.Rollback(ctx); err != nil {
		t.Fatal(err)
	}

	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		var left int
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM evidence WHERE id = $1`, evidence).Scan(&left); err != nil {
			t.Fatal(err)
		}
		if left == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the evidence file past its retention was never deleted")
		}
	}
	time.Sleep(time.Second)
	var entries int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'delete_past_retention' AND entity = 'evidence' AND entity_id = $1 AND actor_id IS NULL`, evidence).Scan(&entries); err != nil {
		t.Fatal(err)
	}
	if entries != 1 {
		t.Errorf("audit entries for the deletion of evidence %d = %d, want 1", evidence, entries)
	}
	objs, err := files.List(ctx, "evidence/")
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range objs {
		if o.Key == key {
			t.Errorf("file %s is still in the store after its record was deleted", key)
		}
	}
}
