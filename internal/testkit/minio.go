package testkit

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"belonging/internal/blob"
)

// MinIO starts a real S3-compatible server (MinIO, built by `make tools`
// into .cache/bin, or $MINIO_PATH) on a free loopback port for the test,
// with a new bucket, and returns how to reach it. It stops with the test.
func MinIO(t testing.TB) blob.S3Config {
	t.Helper()
	return MinIOIn(t, t.TempDir())
}

// MinIOIn is MinIO keeping its data in dir, such as a small disk a test
// fills up.
func MinIOIn(t testing.TB, dir string) blob.S3Config {
	t.Helper()
	path := ToolPath(t, "MINIO_PATH", "the MinIO server", ".cache", "bin", "minio")
	addr := FreeLoopbackAddr(t).String()
	cmd := exec.Command(path, "server", dir, "--address", addr, "--quiet")
	cmd.Env = append(os.Environ(), "MINIO_ROOT_USER=belonging-test", "MINIO_ROOT_PASSWORD=belonging-test-secret",
		"MINIO_BROWSER=off", "MINIO_UPDATE=off", "HOME="+dir)
	if err := cmd.Start(); err != nil {
		t.Fatalf("start minio: %v", err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_, _ = cmd.Process.Wait()
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/minio/health/live")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("minio did not become healthy at %s", addr)
		}
		time.Sleep(100 * time.Millisecond)
	}
	cfg := blob.S3Config{Endpoint: addr, Bucket: "evidence-test", AccessKey: "belonging-test", SecretKey: "belonging-test-secret", Region: "us-east-1"}
	client, err := minio.New(addr, &minio.Options{Creds: credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""), Region: cfg.Region})
	if err != nil {
		t.Fatal(err)
	}
	if err := client.MakeBucket(context.Background(), cfg.Bucket, minio.MakeBucketOptions{Region: cfg.Region}); err != nil {
		t.Fatalf("make bucket: %v", err)
	}
	return cfg
}
