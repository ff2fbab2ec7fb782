package notify_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"belonging/internal/server"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

// A notification's email is sent once when the worker sending it is
// killed mid-job: a `belonging worker` process takes the job, the mail
// server accepts the email, and the process is killed (SIGKILL) before the
// job is marked done, so the job is left running. A second server on the
// same database rescues it and runs it again; the retry finds the email
// recorded as sent and sends nothing.
//
// The notification's row is locked while the first worker runs, so it
// stops, after sending, at the update that marks the notification emailed.
func TestNotificationSentOnceWhenItsWorkerIsKilled(t *testing.T) {
	t.Parallel()
	bin := testkit.ToolPath(t, "BELONGING_BIN", "the belonging binary (make build)", "bin", "belonging")
	srv := testkit.NewSMTP(t, testkit.SMTPOptions{})
	dbURL := testkit.SeededDB(t)
	ctx := context.Background()

	// A web server that only enqueues (WORKERS=false): the module leader's
	// member of staff asks for review, which notes the director's email.
	web := testkit.NewAppWithDB(t, dbURL, viaSMTP(srv))
	author := web.Client()
	author.SignIn(member, testkit.DemoPassword)
	caseStudy := testkit.Scalar[int64](t, web, `SELECT id FROM case_studies WHERE title = $1`, reviewedCase)
	if resp := author.Post(paths.PublishCaseStudy(caseStudy), url.Values{"visibility": {"network"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("ask to share with the network = %d", resp.StatusCode)
	}
	notification := testkit.Scalar[int64](t, web, `SELECT n.id FROM notifications n JOIN users u ON u.id = n.user_id
		WHERE u.email = $1 AND n.kind = 'review_waiting' AND n.delivery = 'immediate'`, director)
	job := testkit.Scalar[int64](t, web, `SELECT id FROM river_job WHERE kind = 'notification_mail' AND args->>'notification_id' = $1`,
		strconv.FormatInt(notification, 10))
	subject := "Case study to review: " + reviewedCase
	sentToDirector := func() int {
		n := 0
		for _, m := range srv.Messages() {
			if l := m.Letter(t); l.Subject == subject && len(l.To) == 1 && l.To[0] == director {
				n++
			}
		}
		return n
	}

	lock, err := web.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Rollback(ctx)
	if _, err := lock.Exec(ctx, `SELECT 1 FROM notifications WHERE id = $1 FOR UPDATE`, notification); err != nil {
		t.Fatal(err)
	}

	var log bytes.Buffer
	worker := exec.Command(bin, "worker")
	worker.Env = append(os.Environ(), "APP_ENV=development", "DATABASE_URL="+dbURL, "BASE_URL="+web.URL, "DATA_DIR="+t.TempDir(),
		"SMTP_HOST="+srv.Host, "SMTP_PORT="+strconv.Itoa(srv.Port), "SMTP_TLS=starttls", "SMTP_AUTH=none", "SMTP_CA_FILE="+srv.CAFile,
		"SMTP_FROM=Belonging <belonging@northbridge.ac.uk>", "DB_LOCK_TIMEOUT=5m", "DB_STATEMENT_TIMEOUT=5m", "LOG_LEVEL=info")
	worker.Stdout, worker.Stderr = &log, &log
	if err := worker.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	t.Cleanup(func() {
		if !killed {
			_ = worker.Process.Kill()
			_ = worker.Wait()
		}
		if t.Failed() {
			t.Logf("the killed worker's log:\n%s", log.String())
		}
	})

	// The worker has sent the email and waits to mark it: kill it there.
	for deadline := time.Now().Add(90 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		waiting := testkit.Scalar[int](t, web, `SELECT count(*) FROM pg_stat_activity
			WHERE wait_event_type = 'Lock' AND query LIKE '%UPDATE notifications SET emailed_at%'`)
		if waiting == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no worker reached marking the notification emailed in 90 s (emails to the director: %d)", sentToDirector())
		}
	}
	if err := worker.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	killed = true
	_ = worker.Wait() // "signal: killed"
	if err := lock.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if got := sentToDirector(); got != 1 {
		t.Fatalf("emails to the director before the kill = %d, want 1", got)
	}
	if state := testkit.Scalar[string](t, web, `SELECT state::text FROM river_job WHERE id = $1`, job); state != "running" {
		t.Fatalf("the killed worker's job is %s, want running (left as the kill found it)", state)
	}

	// A second server, working the queue, takes jobs left running for a
	// minute to be dead (River allows no less) and runs them again.
	cfg := testkit.TestConfig(dbURL, &url.URL{Scheme: "http", Host: "127.0.0.1"})
	cfg.DataDir, cfg.Workers, cfg.JobRescueAfter = t.TempDir(), true, time.Minute
	viaSMTP(srv)(&cfg)
	pool, _ := testkit.Pool(t, dbURL)
	second, err := server.New(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), pool)
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- second.RunWorkers(runCtx) }()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("the second server's workers: %v", err)
		}
	})

	for deadline := time.Now().Add(4 * time.Minute); ; time.Sleep(200 * time.Millisecond) {
		var state string
		var attempt int
		if err := pool.QueryRow(ctx, `SELECT state::text, attempt FROM river_job WHERE id = $1`, job).Scan(&state, &attempt); err != nil {
			t.Fatal(err)
		}
		if state == "completed" {
			if attempt != 2 {
				t.Errorf("the job completed at attempt %d, want 2 (the killed one, then the retry)", attempt)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the killed worker's job is %s at attempt %d after 4 minutes, want completed by the second server", state, attempt)
		}
	}
	if got := sentToDirector(); got != 1 {
		t.Errorf("emails to the director = %d, want 1", got)
	}
	if n := testkit.Scalar[int](t, web, `SELECT count(*) FROM notifications WHERE id = $1 AND emailed_at IS NOT NULL`, notification); n != 1 {
		t.Error("the retried job did not mark the notification emailed")
	}
}
