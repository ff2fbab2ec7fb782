package retention_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/blob"
	"belonging/internal/retention"
	"belonging/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

var london = func() *time.Location {
	l, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err)
	}
	return l
}()

// Northbridge keeps evidence files and outcomes for two years after
// their activity's academic year ends; Eastmere has retention off. Every
// activity is put in the year 2029/30, then one of Northbridge's (old) and
// one of Eastmere's in 2028/29. The 2028/29 year ends on 31 July 2029, so
// Northbridge's old files and outcomes go on 1 August 2031 (UK time) and
// not a day before; nothing else goes, ever: not the newer activity's,
// not Eastmere's, not a link.
func TestRetentionDeletesExactlyWhatIsPastItsLimit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool, _ := testkit.Pool(t, testkit.SeededDB(t))
	files, err := blob.NewFS(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	exec(t, pool, `UPDATE activities SET academic_year = 2029`)
	exec(t, pool, `UPDATE institutions SET evidence_file_retention_years = 2, outcome_retention_years = 2 WHERE slug = 'northbridge'`)
	old := activityOf(t, pool, "northbridge", 0)
	kept := activityOf(t, pool, "northbridge", 1)
	other := activityOf(t, pool, "eastmere", 0)
	exec(t, pool, `UPDATE activities SET academic_year = 2028 WHERE id IN ($1, $2)`, old, other)

	oldFile := addFile(t, pool, files, old, "Attendance sheet, old year")
	keptFile := addFile(t, pool, files, kept, "Attendance sheet, this year")
	otherFile := addFile(t, pool, files, other, "Eastmere attendance sheet")
	link := ids(t, pool, `
		INSERT INTO evidence (institution_id, activity_id, title, kind, strength, link_url)
		SELECT institution_id, id, 'Report on the intranet', 'report', 1, 'https://intranet.example/report' FROM activities WHERE id = $1
		RETURNING id`, old)[0]
	for _, a := range []int64{old, kept, other} {
		exec(t, pool, `INSERT INTO outcomes (institution_id, activity_id, outcome_date, attendance) SELECT institution_id, id, DATE '2029-03-01', 40 FROM activities WHERE id = $1`, a)
	}
	// An outcome of the old activity that evidence is attached to: the
	// evidence stays, with the activity.
	attached := ids(t, pool, `
		UPDATE evidence SET outcome_id = (SELECT max(id) FROM outcomes WHERE activity_id = $1) WHERE id = $2 RETURNING id`, old, link)[0]

	evidenceBefore := ids(t, pool, `SELECT id FROM evidence ORDER BY id`)
	outcomesBefore := ids(t, pool, `SELECT id FROM outcomes ORDER BY id`)
	oldFiles := ids(t, pool, `SELECT id FROM evidence WHERE activity_id = $1 AND file_key IS NOT NULL ORDER BY id`, old)
	oldOutcomes := ids(t, pool, `SELECT id FROM outcomes WHERE activity_id = $1 ORDER BY id`, old)
	u := retention.Upkeep{Pool: pool, Blobs: files}

	// 31 July 2031, late evening in the UK (already 1 August in UTC+2):
	// the year has not yet been over for two whole years.
	res, err := u.Run(ctx, time.Date(2031, 7, 31, 23, 30, 0, 0, london))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(retention.Result{}, res); diff != "" {
		t.Errorf("Run(31 July 2031) deleted (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(evidenceBefore, ids(t, pool, `SELECT id FROM evidence ORDER BY id`)); diff != "" {
		t.Errorf("evidence after Run(31 July 2031) (-want +got):\n%s", diff)
	}

	res, err = u.Run(ctx, time.Date(2031, 8, 1, 0, 30, 0, 0, london))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(retention.Result{Files: len(oldFiles), Outcomes: len(oldOutcomes)}, res); diff != "" {
		t.Errorf("Run(1 August 2031) deleted (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(without(evidenceBefore, oldFiles), ids(t, pool, `SELECT id FROM evidence ORDER BY id`)); diff != "" {
		t.Errorf("evidence left (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(without(outcomesBefore, oldOutcomes), ids(t, pool, `SELECT id FROM outcomes ORDER BY id`)); diff != "" {
		t.Errorf("outcomes left (-want +got):\n%s", diff)
	}
	for key, want := range map[string]bool{oldFile: false, keptFile: true, otherFile: true} {
		if got := stored(t, files, key); got != want {
			t.Errorf("file %s stored = %v, want %v", key, got, want)
		}
	}
	var outcomeOfAttached *int64
	if err := pool.QueryRow(ctx, `SELECT outcome_id FROM evidence WHERE id = $1`, attached).Scan(&outcomeOfAttached); err != nil {
		t.Fatalf("evidence attached to a deleted outcome: %v", err)
	}
	if outcomeOfAttached != nil {
		t.Errorf("evidence %d outcome_id = %d, want none once its outcome is deleted", attached, *outcomeOfAttached)
	}

	// Each deletion is in the audit log once, as the system's, in
	// Northbridge.
	audited := func() []string {
		rows, err := pool.Query(ctx, `
			SELECT a.entity || ' ' || a.entity_id || ' ' || i.slug || ' ' || coalesce(a.actor_id::text, 'system')
			FROM audit_log a JOIN institutions i ON i.id = a.institution_id
			WHERE a.action = 'delete_past_retention' ORDER BY a.entity, a.entity_id`)
		if err != nil {
			t.Fatal(err)
		}
		got, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	var want []string
	for _, id := range oldFiles {
		want = append(want, fmt.Sprintf("evidence %d northbridge system", id))
	}
	for _, id := range oldOutcomes {
		want = append(want, fmt.Sprintf("outcome %d northbridge system", id))
	}
	if diff := cmp.Diff(want, audited()); diff != "" {
		t.Errorf("audit entries (-want +got):\n%s", diff)
	}

	// A later run finds nothing more to do.
	res, err = u.Run(ctx, time.Date(2031, 8, 2, 12, 0, 0, 0, london))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(retention.Result{}, res); diff != "" {
		t.Errorf("second Run deleted (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, audited()); diff != "" {
		t.Errorf("audit entries after a second run (-want +got):\n%s", diff)
	}
}

func exec(t *testing.T, pool *pgxpool.Pool, sql string, args ...any) {
	t.Helper()
	if _, err := pool.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func ids(t *testing.T, pool *pgxpool.Pool, sql string, args ...any) []int64 {
	t.Helper()
	rows, err := pool.Query(context.Background(), sql, args...)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return out
}

// activityOf returns the n-th activity (by id) of the institution.
func activityOf(t *testing.T, pool *pgxpool.Pool, slug string, n int) int64 {
	t.Helper()
	all := ids(t, pool, `SELECT a.id FROM activities a JOIN institutions i ON i.id = a.institution_id WHERE i.slug = $1 ORDER BY a.id`, slug)
	if len(all) <= n {
		t.Fatalf("%s has %d activities, want more than %d", slug, len(all), n)
	}
	return all[n]
}

// addFile stores a file in the store and adds it as evidence of the
// activity, returning its key.
func addFile(t *testing.T, pool *pgxpool.Pool, files blob.Store, activity int64, title string) string {
	t.Helper()
	data := []byte("date,attended\n2029-03-01,40\n")
	key := fmt.Sprintf("evidence/retention/%d-%d", activity, len(title))
	if err := files.Put(context.Background(), key, bytes.NewReader(data), int64(len(data)), "text/csv"); err != nil {
		t.Fatal(err)
	}
	exec(t, pool, `
		INSERT INTO evidence (institution_id, activity_id, title, kind, strength, file_key, file_name, content_type, size_bytes, sha256)
		SELECT institution_id, id, $2, 'attendance', 1, $3, 'attendance.csv', 'text/csv', $4, sha256($5) FROM activities WHERE id = $1`,
		activity, title, key, len(data), data)
	return key
}

func stored(t *testing.T, files blob.Store, key string) bool {
	t.Helper()
	objs, err := files.List(context.Background(), "evidence/")
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range objs {
		if o.Key == key {
			return true
		}
	}
	return false
}

func without(all, gone []int64) []int64 {
	out := []int64{}
	for _, id := range all {
		keep := true
		for _, g := range gone {
			keep = keep && g != id
		}
		if keep {
			out = append(out, id)
		}
	}
	return out
}
