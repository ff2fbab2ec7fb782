// Package jobs is the application's job queue: River on the app's own
// PostgreSQL. Every piece of background work is a job: the emails (each
// enqueued in the transaction of the write that causes it, so a write that
// rolls back sends nothing) and the upkeep, which runs as periodic jobs
// that the elected leader among all servers enqueues once per period.
//
// Features register their workers and periodic jobs on a Queue; the server
// opens it, inserting only, or also working when it runs the workers.
package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"

	"belonging/internal/store"
)

// The queues jobs run in: mail has its own workers, so a long upkeep never
// holds up an email and a slow mail server never holds up the upkeep.
const (
	QueueDefault = river.QueueDefault
	QueueMail    = "mail"
)

// Queue is the job queue: the workers and periodic jobs registered on it,
// and, once opened, the River client that enqueues and works them.
type Queue struct {
	workers  *river.Workers
	labels   map[string]string
	periodic []*river.PeriodicJob
	client   *river.Client[pgx.Tx]
	working  bool
}

// New returns a queue with nothing registered.
func New() *Queue { return &Queue{workers: river.NewWorkers(), labels: map[string]string{}} }

// Add registers w as the worker of its kind of job, which admins see
// described as label.
func Add[T river.JobArgs](q *Queue, label string, w river.Worker[T]) {
	var args T
	q.labels[args.Kind()] = label
	river.AddWorker(q.workers, w)
}

// Label describes a kind of job for people.
func (q *Queue) Label(kind string) string {
	if l, ok := q.labels[kind]; ok {
		return l
	}
	return kind
}

// Every runs a job with args once per period across all servers: the
// elected leader enqueues it at each multiple of period (UTC, so every
// server agrees where a period starts) and when it is elected, and the
// queue refuses a second job of the kind in the same period, so a change
// of leader cannot run it twice.
func (q *Queue) Every(period time.Duration, args river.JobArgs) {
	q.periodic = append(q.periodic, river.NewPeriodicJob(aligned(period),
		func() (river.JobArgs, *river.InsertOpts) {
			return args, &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: period}}
		},
		&river.PeriodicJobOpts{ID: args.Kind(), RunOnStart: true}))
}

// aligned is a schedule firing at every multiple of period since the zero
// time (the top of each hour, for an hour).
type aligned time.Duration

func (a aligned) Next(t time.Time) time.Time {
	p := time.Duration(a)
	return t.Truncate(p).Add(p)
}

// FailedJobRetention is how long failed jobs (with their arguments and
// errors) stay for admins to see and retry.
const FailedJobRetention = 30 * 24 * time.Hour

// Options say how the queue runs on this server.
type Options struct {
	// Work runs the workers here; without it the queue only enqueues.
	Work bool
	// RescueAfter is how long a job may run before it is taken for dead
	// (its server killed) and retried elsewhere.
	RescueAfter time.Duration
	// PollOnly makes the workers look for new jobs every second instead
	// of listening for them, for PgBouncer in transaction mode, where
	// LISTEN does not work; leader election then takes up to a few
	// seconds longer.
	PollOnly bool
	Logger   *slog.Logger
}

// Open connects the queue to the database through pool.
func (q *Queue) Open(pool *pgxpool.Pool, opts Options) error {
	cfg := &river.Config{
		Workers:              q.workers,
		Logger:               opts.Logger,
		RescueStuckJobsAfter: opts.RescueAfter,
		// River's own default is an hour; the upkeep's periodic jobs keep a
		// day of history, so each period's job is still there to refuse a
		// second one.
		CompletedJobRetentionPeriod: 25 * time.Hour,
		DiscardedJobRetentionPeriod: FailedJobRetention,
		CancelledJobRetentionPeriod: FailedJobRetention,
		MaxAttempts:                 12,
		PollOnly:                    opts.PollOnly,
		// A queue fetches at most as many jobs as it has free workers, then
		// waits this long before fetching again: River's default 100 ms
		// caps the mail queue's 16 workers at 160 emails a second, however
		// fast the mail server is.
		FetchCooldown: 20 * time.Millisecond,
	}
	if opts.Work {
		cfg.Queues = map[string]river.QueueConfig{
			QueueDefault: {MaxWorkers: 4},
			QueueMail:    {MaxWorkers: 16},
		}
		cfg.PeriodicJobs = q.periodic
	}
	client, err := river.NewClient(riverpgxv5.New(pool), cfg)
	if err != nil {
		return fmt.Errorf("job queue: %w", err)
	}
	q.client, q.working = client, opts.Work
	return nil
}

// Start starts working jobs, when the queue was opened to work.
func (q *Queue) Start(ctx context.Context) error {
	if !q.working {
		return nil
	}
	return q.client.Start(ctx)
}

// Working reports whether this server works the queue and its workers
// have not stopped: false once they stop, whether asked to or not.
func (q *Queue) Working() bool {
	if !q.working {
		return false
	}
	select {
	case <-q.client.Stopped():
		return false
	default:
		return true
	}
}

// Stop lets running jobs finish until ctx ends, then cancels them; a
// cancelled job is retried later, by this server or another.
func (q *Queue) Stop(ctx context.Context) error {
	if !q.working {
		return nil
	}
	err := q.client.Stop(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		return q.client.StopAndCancel(stopCtx)
	}
	return err
}

// ErrOutsideTransaction is returned when a job is enqueued with queries
// that are not bound to a transaction: a job must commit with the write
// that causes it.
var ErrOutsideTransaction = errors.New("jobs are enqueued in the transaction of the write that causes them (store.InTx)")

// Enqueue inserts a job in the transaction q is bound to: it exists only
// if that transaction commits.
func (q *Queue) Enqueue(ctx context.Context, in *store.Queries, args river.JobArgs, opts *river.InsertOpts) error {
	tx, ok := in.Tx()
	if !ok {
		return ErrOutsideTransaction
	}
	_, err := q.client.InsertTx(ctx, tx, args, opts)
	return err
}

// EnqueueMany inserts jobs in the transaction q is bound to.
func (q *Queue) EnqueueMany(ctx context.Context, in *store.Queries, params []river.InsertManyParams) error {
	if len(params) == 0 {
		return nil
	}
	tx, ok := in.Tx()
	if !ok {
		return ErrOutsideTransaction
	}
	_, err := q.client.InsertManyTx(ctx, tx, params)
	return err
}

// Retry makes a failed job available to run again now, in the transaction
// in is bound to.
func (q *Queue) Retry(ctx context.Context, in *store.Queries, id int64) error {
	tx, ok := in.Tx()
	if !ok {
		return ErrOutsideTransaction
	}
	_, err := q.client.JobRetryTx(ctx, tx, id)
	return err
}

// metadata is what the app records on a job beside River's own fields.
type metadata struct {
	// InstitutionID is the institution the job concerns; absent for the
	// upkeep, which concerns the whole installation. Admins see and retry
	// the failed jobs of their institution and of the installation.
	InstitutionID int64 `json:"institution_id,omitempty"`
	// Notice marks the email telling admins of a failed job, whose own
	// failure must not make another such email.
	Notice string `json:"notice,omitempty"`
}

// For returns insert options for a job about an institution, in queue.
func For(institutionID int64, queue string) *river.InsertOpts {
	b, _ := json.Marshal(metadata{InstitutionID: institutionID})
	return &river.InsertOpts{Metadata: b, Queue: queue}
}

// FailureNotice returns insert options for the email telling an
// institution's admins that a job failed.
func FailureNotice(institutionID int64) *river.InsertOpts {
	b, _ := json.Marshal(metadata{InstitutionID: institutionID, Notice: "job_failed"})
	return &river.InsertOpts{Metadata: b, Queue: QueueMail}
}

// Permanent wraps an error that retrying cannot fix (a mail server that
// refuses a recipient): the job stops at once and shows as failed.
func Permanent(err error) error { return river.JobCancel(err) }

// State names, as River stores them.
const (
	StateDiscarded = string(rivertype.JobStateDiscarded)
	StateCancelled = string(rivertype.JobStateCancelled)
	StateRetryable = string(rivertype.JobStateRetryable)
)

// Periodic registers run as the work of periodic jobs with args of type T,
// once per period across all servers (see Every), each run allowed up to
// timeout.
func Periodic[T river.JobArgs](q *Queue, label string, period, timeout time.Duration, run func(context.Context) error) {
	var args T
	Add(q, label, periodicWorker[T]{run: run, timeout: timeout})
	q.Every(period, args)
}

type periodicWorker[T river.JobArgs] struct {
	river.WorkerDefaults[T]
	run     func(context.Context) error
	timeout time.Duration
}

func (w periodicWorker[T]) Work(ctx context.Context, _ *river.Job[T]) error { return w.run(ctx) }

func (w periodicWorker[T]) Timeout(*river.Job[T]) time.Duration { return w.timeout }
