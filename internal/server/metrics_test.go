package server_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"belonging/internal/config"
	"belonging/internal/server"
	"belonging/internal/testkit"
)

// production runs the test app as in production; no mail is sent here.
func production(c *config.Config) {
	c.Env, c.SMTPHost, c.SMTPPort, c.SMTPFrom = "production", "127.0.0.1", 25, "Belonging <no-reply@example.ac.uk>"
}

// In production /metrics is not open to anyone who can reach the app: on
// the app's address it needs METRICS_TOKEN, and without one it is served
// only on METRICS_ADDR.
func TestMetricsInProductionNeedTheTokenOnTheAppAddress(t *testing.T) {
	t.Parallel()
	open := testkit.NewApp(t, production)
	if resp := open.Client().Get("/metrics"); resp.StatusCode != http.StatusNotFound || strings.Contains(resp.Text(), "go_goroutines") {
		t.Errorf("production /metrics without METRICS_TOKEN = %d, want 404 and no metrics", resp.StatusCode)
	}

	app := testkit.NewApp(t, production, func(c *config.Config) { c.MetricsToken = "scrape-secret-0123456789" })
	c := app.Client()
	if resp := c.Get("/metrics"); resp.StatusCode != http.StatusUnauthorized || strings.Contains(resp.Text(), "go_goroutines") {
		t.Errorf("production /metrics without the token = %d, want 401", resp.StatusCode)
	}
	req, _ := http.NewRequest(http.MethodGet, app.URL+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer scrape-secret-0123456789")
	if resp := c.Do(req); resp.StatusCode != http.StatusOK || !strings.Contains(resp.Text(), "go_goroutines") {
		t.Errorf("production /metrics with the token = %d, want 200 with metrics", resp.StatusCode)
	}
}

// A production server serves its metrics on METRICS_ADDR (loopback unless
// set otherwise), beside the app.
func TestMetricsServedOnTheirOwnAddress(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t, production)
	cfg := app.Config
	cfg.ListenAddr, cfg.MetricsAddr = freeAddr(t), freeAddr(t)
	srv, err := server.New(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), app.Pool)
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx) }()
	defer func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}()
	var body string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		resp, err := http.Get("http://" + cfg.MetricsAddr + "/metrics")
		if err != nil {
			continue
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			body = string(b)
			break
		}
	}
	if !strings.Contains(body, "db_pool_connections") {
		t.Errorf("GET %s/metrics gave no metrics", cfg.MetricsAddr)
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
