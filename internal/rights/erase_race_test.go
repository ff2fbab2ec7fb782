package rights_test

import (
	"context"
	"testing"
	"time"

	"belonging/internal/rights"
	"belonging/internal/store"
	"belonging/internal/testkit"
)

// TestNotificationAddedDuringErasureIsNotKept: a job adds notifications
// with INSERT … SELECT, reading the people as they were when its statement
// began. Here the erasure has pseudonymised and disabled Tom and removed
// his notifications but not yet committed when a job's statement picks him
// as a recipient; when the erasure commits, the job must not be left with
// a notification for him.
func TestNotificationAddedDuringErasureIsNotKept(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	ctx := t.Context()
	tom := testkit.Scalar[int64](t, app, `SELECT id FROM users WHERE email = $1`, leaderEmail)
	institution := testkit.Scalar[int64](t, app, `SELECT institution_id FROM users WHERE id = $1`, tom)

	// The erasure's first statements, as the handler runs them, uncommitted.
	erase, err := app.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer erase.Rollback(context.Background())
	q := store.New(erase)
	if _, err := q.ErasePerson(ctx, store.ErasePersonParams{Pseudonym: rights.Pseudonym(tom), PseudonymousEmail: rights.PseudonymousEmail(tom),
		InstitutionID: institution, ID: tom}); err != nil {
		t.Fatal(err)
	}
	if err := q.EraseNotifications(ctx, store.EraseNotificationsParams{InstitutionID: institution, UserID: tom}); err != nil {
		t.Fatal(err)
	}

	// A job's statement meanwhile, in the shape of the reminders' queries.
	added := make(chan error, 1)
	go func() {
		_, err := app.Pool.Exec(ctx, `
			INSERT INTO notifications (institution_id, user_id, kind, subject_key, data, delivery)
			SELECT u.institution_id, u.id, 'review_decided', 'case_study:erase-race', '{}', 'digest'
			FROM users u WHERE u.id = $1 AND u.disabled_at IS NULL`, tom)
		added <- err
	}()
	// Commit the erasure only once the job's statement waits for it (or
	// has finished, which is the defect: it did not wait).
	deadline := time.Now().Add(20 * time.Second)
	for waiting := false; !waiting; {
		select {
		case err := <-added:
			added <- err
			waiting = true
			continue
		default:
		}
		if err := app.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT FROM pg_locks WHERE NOT granted)`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if time.Now().After(deadline) {
			t.Fatal("the job's statement neither waited nor finished")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := erase.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-added; err != nil {
		t.Fatal(err)
	}
	if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM notifications WHERE user_id = $1`, tom); n != 0 {
		t.Errorf("notifications for the erased person = %d, want 0", n)
	}
}
