package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"belonging/internal/server"
	"belonging/internal/testkit"
)

// `belonging worker` serves no pages, so its probes have an address of
// their own: healthy while the job queue's workers run, and not once they
// have stopped, so that a supervisor restarts a worker whose queue died.
func TestWorkerHealthFollowsTheQueue(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	cfg := app.Config
	cfg.Workers, cfg.WorkerHealthAddr = true, freeAddr(t)
	srv, err := server.New(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), app.Pool)
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.RunWorkers(ctx) }()
	defer func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("RunWorkers: %v", err)
		}
	}()
	status := func(path string) int {
		resp, err := http.Get("http://" + cfg.WorkerHealthAddr + path)
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for deadline := time.Now().Add(10 * time.Second); status("/healthz") == 0 && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
	for _, path := range []string{"/healthz", "/readyz"} {
		if got := status(path); got != http.StatusOK {
			t.Errorf("GET %s with the workers running = %d, want 200", path, got)
		}
	}
	if got := status("/reports"); got != http.StatusNotFound {
		t.Errorf("GET /reports on a worker's health address = %d, want 404: a worker serves no pages", got)
	}

	if err := srv.StopWorkers(); err != nil {
		t.Fatalf("StopWorkers: %v", err)
	}
	for _, path := range []string{"/healthz", "/readyz"} {
		if got := status(path); got != http.StatusServiceUnavailable {
			t.Errorf("GET %s with the workers stopped = %d, want 503", path, got)
		}
	}
}
