package notify_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"belonging/internal/acyear"
	"belonging/internal/audit"
	"belonging/internal/config"
	"belonging/internal/jobs"
	"belonging/internal/mail"
	"belonging/internal/notify"
	"belonging/internal/store"
	"belonging/internal/testkit"
)

// The notification benchmarks run in `make bench`, once each:
//
//	go test -run '^$' -bench . -benchtime 1x ./internal/notify/
//
// BenchmarkOutcomesDueAtScale needs the scale data: make bench points
// BENCH_SCALE_DATABASE_URL at the database it loaded.

// benchNotifier is a Notifier on pool whose queue enqueues only, or also
// works the jobs (sending through transport) when work is set.
func benchNotifier(b *testing.B, pool *pgxpool.Pool, transport mail.Transport, work bool) (*notify.Notifier, *jobs.Queue) {
	b.Helper()
	queue := jobs.New()
	n := &notify.Notifier{Pool: pool, Queries: store.New(pool), Queue: queue,
		Sender:  &mail.Sender{Transport: transport, Queries: store.New(pool), Domain: "belonging.test"},
		BaseURL: "http://belonging.test", Key: []byte("the key that signs links in the benchmark's emails")}
	n.Register(queue)
	if err := queue.Open(pool, jobs.Options{Work: work, RescueAfter: time.Hour, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}); err != nil {
		b.Fatal(err)
	}
	return n, queue
}

func percentileMS(d []time.Duration, p int) float64 {
	s := slices.Clone(d)
	slices.Sort(s)
	return float64(s[(len(s)-1)*p/100]) / float64(time.Millisecond)
}

// BenchmarkEnqueueInWrite measures what enqueuing an email adds to the
// write that causes it: the write of asking for a case study's review
// (its review state and an audit entry, committed), a thousand times
// without and a thousand times with one notification email enqueued in
// its transaction, taken in turns so both meet the same load. It reports
// each one's p50 and p99 and the difference at p50 (target: under 1 ms).
func BenchmarkEnqueueInWrite(b *testing.B) {
	pool, _ := testkit.Pool(b, testkit.SeededDB(b))
	_, queue := benchNotifier(b, pool, nil, false)
	ctx := context.Background()
	var inst, caseStudy int64
	if err := pool.QueryRow(ctx, `SELECT institution_id, id FROM case_studies WHERE title = $1`, reviewedCase).Scan(&inst, &caseStudy); err != nil {
		b.Fatal(err)
	}
	sender := &mail.Sender{Domain: "belonging.test"}
	next := int64(0)
	write := func(enqueue bool) time.Duration {
		start := time.Now()
		err := store.InTx(ctx, pool, func(q *store.Queries) error {
			if err := q.SetReview(ctx, store.SetReviewParams{InstitutionID: inst, ID: caseStudy, RequestedVisibility: "network", ReviewState: "pending"}); err != nil {
				return err
			}
			if err := audit.System(inst).Record(ctx, q, "request_review", "case_study", caseStudy, nil); err != nil {
				return err
			}
			if !enqueue {
				return nil
			}
			next++
			return queue.Enqueue(ctx, q, notify.NotificationMail{NotificationID: next, MessageID: sender.NewMessageID()}, jobs.For(inst, jobs.QueueMail))
		})
		if err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	const rounds = 1000
	for range 50 { // warm the pool and the plans
		write(true)
		write(false)
	}
	var with, without []time.Duration
	for b.Loop() {
		for i := range 2 * rounds {
			if i%2 == 0 {
				without = append(without, write(false))
			} else {
				with = append(with, write(true))
			}
		}
	}
	b.ReportMetric(percentileMS(without, 50), "write-p50-ms")
	b.ReportMetric(percentileMS(with, 50), "write+enqueue-p50-ms")
	b.ReportMetric(percentileMS(with, 50)-percentileMS(without, 50), "enqueue-adds-p50-ms")
	b.ReportMetric(percentileMS(without, 99), "write-p99-ms")
	b.ReportMetric(percentileMS(with, 99), "write+enqueue-p99-ms")
}

// errRollBack ends a benchmark's transaction without keeping anything.
var errRollBack = errors.New("rolled back: the benchmark keeps nothing")

// BenchmarkOutcomesDueAtScale moves 10,000 sessions of the scale data
// with no outcome to two days ago, then times the hourly look-up that
// finds the outcomes due, notes a reminder for each activity's lead and
// module leader, and enqueues their emails (target: 10,000 reminders in
// under 30 s). Everything is done in one transaction that is rolled back,
// so the scale data is left as it was.
func BenchmarkOutcomesDueAtScale(b *testing.B) {
	url := os.Getenv("BENCH_SCALE_DATABASE_URL")
	if url == "" {
		testkit.Missing(b, "the scale data (BENCH_SCALE_DATABASE_URL; make bench sets it)")
		return
	}
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer pool.Close()
	n, _ := benchNotifier(b, pool, nil, false)
	today := acyear.Today()
	for b.Loop() {
		var sessions, noted, queued int
		var took time.Duration
		err := store.InTx(ctx, pool, func(q *store.Queries) error {
			tx, _ := q.Tx()
			tag, err := tx.Exec(ctx, `
				UPDATE activity_sessions SET session_date = $1
				WHERE id IN (SELECT s.id FROM activity_sessions s JOIN activities a ON a.id = s.activity_id
				             WHERE a.lead_id IS NOT NULL AND a.archived_at IS NULL
				               AND NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.session_id = s.id)
				             ORDER BY s.id LIMIT 10000)`, today.AddDate(0, 0, -2))
			if err != nil {
				return err
			}
			sessions = int(tag.RowsAffected())
			start := time.Now()
			if noted, err = n.OutcomesDue(ctx, q, today); err != nil {
				return err
			}
			took = time.Since(start)
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'notification_mail' AND state = 'available'`).Scan(&queued); err != nil {
				return err
			}
			return errRollBack
		})
		if !errors.Is(err, errRollBack) {
			b.Fatal(err)
		}
		b.ReportMetric(float64(sessions), "sessions-due")
		b.ReportMetric(float64(noted), "reminders-noted")
		b.ReportMetric(float64(queued), "emails-queued")
		b.ReportMetric(took.Seconds(), "s-to-find-note-and-queue")
	}
}

// BenchmarkSendNotifications sends 10,000 notification emails, already
// queued, through the test SMTP server (STARTTLS, a connection each) with
// the queue's mail workers, and reports the rate (target: at least 200
// messages a second).
func BenchmarkSendNotifications(b *testing.B) {
	const emails = 10000
	pool, _ := testkit.Pool(b, testkit.SeededDB(b))
	srv := testkit.NewSMTP(b, testkit.SMTPOptions{})
	transport, err := mail.NewSMTP(config.Config{SMTPHost: srv.Host, SMTPPort: srv.Port, SMTPTLS: "starttls", SMTPAuth: "none",
		SMTPFrom: "Belonging <belonging@northbridge.ac.uk>", SMTPCAFile: srv.CAFile})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for b.Loop() {
		_, insert := benchNotifier(b, pool, transport, false)
		err := store.InTx(ctx, pool, func(q *store.Queries) error {
			tx, _ := q.Tx()
			rows, err := tx.Query(ctx, `
				INSERT INTO notifications (institution_id, user_id, kind, subject_key, data, delivery)
				SELECT u.institution_id, u.id, 'outcome_due', 'bench:' || g || ':' || clock_timestamp(),
				       jsonb_build_object('session_id', g, 'activity_id', 1, 'title', 'Coffee mornings', 'date', '2027-03-08', 'programme', 'C100'),
				       'immediate'
				FROM generate_series(1, $1::int) g
				JOIN users u ON u.email = 'leader@northbridge.ac.uk'
				RETURNING id, institution_id`, emails)
			if err != nil {
				return err
			}
			var params []river.InsertManyParams
			for rows.Next() {
				var id, inst int64
				if err := rows.Scan(&id, &inst); err != nil {
					return err
				}
				params = append(params, river.InsertManyParams{Args: notify.NotificationMail{NotificationID: id, MessageID: "<bench-" + strconv.FormatInt(id, 10) + "@belonging.test>"},
					InsertOpts: jobs.For(inst, jobs.QueueMail)})
			}
			if err := rows.Err(); err != nil {
				return err
			}
			return insert.EnqueueMany(ctx, q, params)
		})
		if err != nil {
			b.Fatal(err)
		}
		_, work := benchNotifier(b, pool, transport, true)
		start := time.Now()
		if err := work.Start(ctx); err != nil {
			b.Fatal(err)
		}
		for deadline := start.Add(10 * time.Minute); ; time.Sleep(50 * time.Millisecond) {
			var waiting int
			if err := pool.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'notification_mail' AND state <> 'completed'`).Scan(&waiting); err != nil {
				b.Fatal(err)
			}
			if waiting == 0 {
				break
			}
			if time.Now().After(deadline) {
				b.Fatalf("%d of %d emails still to send after 10 minutes", waiting, emails)
			}
		}
		took := time.Since(start)
		if err := work.Stop(ctx); err != nil {
			b.Fatal(err)
		}
		if got := len(srv.Messages()); got < emails {
			b.Errorf("the mail server received %d messages, want at least %d", got, emails)
		}
		b.ReportMetric(float64(emails)/took.Seconds(), "emails/s")
		b.ReportMetric(took.Seconds(), "s-for-10000")
	}
}
