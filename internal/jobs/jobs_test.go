package jobs_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	netmail "net/mail"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"belonging/internal/config"
	"belonging/internal/jobs"
	"belonging/internal/mail"
	"belonging/internal/store"
	"belonging/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// greeting is a test email job: one message to To, named by Key.
type greeting struct {
	Key string `json:"key"`
	To  string `json:"to"`
}

func (greeting) Kind() string { return "test_greeting" }

// sender works greetings through a real SMTP server. Its first attempt at
// a key in failAfterSend sends and then fails, as a worker killed before
// its job is marked done would leave it, so the queue runs it again.
type sender struct {
	river.WorkerDefaults[greeting]
	mail          *mail.Sender
	failAfterSend string
	attempts      atomic.Int32
}

func (w *sender) Work(ctx context.Context, job *river.Job[greeting]) error {
	w.attempts.Add(1)
	m := mail.Message{To: netmail.Address{Address: job.Args.To}, Subject: "Hello", Text: "Hello", HTML: "<p>Hello</p>",
		MessageID: mail.NewMessageID("belonging.test")}
	if err := w.mail.Deliver(ctx, job.Args.Key, m); err != nil {
		return err
	}
	if job.Args.Key == w.failAfterSend && job.Attempt == 1 {
		return errors.New("the worker stopped after sending")
	}
	return nil
}

// start runs a queue, working greetings, on a new database.
func start(t *testing.T, failAfterSend string) (*jobs.Queue, *pgxpool.Pool, *testkit.SMTP, *sender) {
	t.Helper()
	srv := testkit.NewSMTP(t, testkit.SMTPOptions{})
	tr, err := mail.NewSMTP(config.Config{SMTPHost: srv.Host, SMTPPort: srv.Port, SMTPTLS: "starttls", SMTPAuth: "none",
		SMTPFrom: "Belonging <belonging@uni.example.ac.uk>", SMTPCAFile: srv.CAFile})
	if err != nil {
		t.Fatal(err)
	}
	pool, _ := testkit.Pool(t, testkit.EmptyDB(t))
	w := &sender{mail: &mail.Sender{Transport: tr, Queries: store.New(pool), Domain: "belonging.test"}, failAfterSend: failAfterSend}
	queue := jobs.New()
	jobs.Add[greeting](queue, "Email: a test greeting", w)
	if err := queue.Open(pool, jobs.Options{Work: true, RescueAfter: time.Hour, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}); err != nil {
		t.Fatal(err)
	}
	if err := queue.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := queue.Stop(context.Background()); err != nil {
			t.Errorf("stop the queue: %v", err)
		}
	})
	return queue, pool, srv, w
}

func enqueue(t *testing.T, queue *jobs.Queue, pool *pgxpool.Pool, args greeting, after error) error {
	t.Helper()
	ctx := context.Background()
	return store.InTx(ctx, pool, func(q *store.Queries) error {
		if err := queue.Enqueue(ctx, q, args, nil); err != nil {
			t.Fatalf("Enqueue: %v", err)
		}
		return after
	})
}

// An email enqueued in a transaction that rolls back is never sent; one
// enqueued in a transaction that commits is. The rolled-back one is
// enqueued first, so once the second has arrived the first would have too.
func TestRolledBackWriteSendsNothing(t *testing.T) {
	t.Parallel()
	queue, pool, srv, _ := start(t, "")
	errWrite := errors.New("the write failed after enqueuing its email")
	if err := enqueue(t, queue, pool, greeting{Key: "rolled-back", To: "a@uni.example.ac.uk"}, errWrite); !errors.Is(err, errWrite) {
		t.Fatalf("InTx = %v, want the write's error", err)
	}
	if err := enqueue(t, queue, pool, greeting{Key: "committed", To: "b@uni.example.ac.uk"}, nil); err != nil {
		t.Fatal(err)
	}
	srv.WaitMessages(t, 1)
	time.Sleep(2 * time.Second) // room for a wrong second message
	var to []string
	for _, m := range srv.Messages() {
		to = append(to, m.To...)
	}
	if len(to) != 1 || to[0] != "b@uni.example.ac.uk" {
		t.Errorf("messages sent to %v, want only the committed write's, to b@uni.example.ac.uk", to)
	}

	// Outside a transaction nothing is enqueued at all.
	if err := queue.Enqueue(context.Background(), store.New(pool), greeting{Key: "loose"}, nil); !errors.Is(err, jobs.ErrOutsideTransaction) {
		t.Errorf("Enqueue outside a transaction = %v, want ErrOutsideTransaction", err)
	}
}

// A job whose first attempt sent its email and then failed before the job
// was marked done (a worker killed there) is run again; the retry finds
// the email recorded and sends nothing, and the job completes.
func TestRetryAfterSendingDoesNotSendAgain(t *testing.T) {
	t.Parallel()
	queue, pool, srv, w := start(t, "reminder:1")
	if err := enqueue(t, queue, pool, greeting{Key: "reminder:1", To: "a@uni.example.ac.uk"}, nil); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		var state string
		if err := pool.QueryRow(ctx, `SELECT state::text FROM river_job WHERE kind = 'test_greeting'`).Scan(&state); err != nil {
			t.Fatal(err)
		}
		if state == "completed" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the job is %s after 30 s, want completed on its second attempt", state)
		}
	}
	if got := w.attempts.Load(); got != 2 {
		t.Errorf("attempts = %d, want 2 (the one that failed after sending, and its retry)", got)
	}
	if got := len(srv.Messages()); got != 1 {
		t.Errorf("messages sent = %d, want 1", got)
	}
}
