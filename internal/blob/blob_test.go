package blob_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"sort"
	"strings"
	"testing"

	"belonging/internal/blob"
	"belonging/internal/testkit"
)

func TestFS(t *testing.T) {
	t.Parallel()
	s, err := blob.NewFS(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	contract(t, s)
	if err := s.Put(context.Background(), "../../etc/passwd", strings.NewReader("x"), 1, "text/plain"); err == nil {
		t.Error("a key climbing out of the directory was accepted")
	}
}

func TestS3(t *testing.T) {
	t.Parallel()
	s, err := blob.NewS3(context.Background(), testkit.MinIO(t))
	if err != nil {
		t.Fatal(err)
	}
	contract(t, s)
}

// contract is what every store must do.
func contract(t *testing.T, s blob.Store) {
	ctx := context.Background()
	files := map[string][]byte{
		"evidence/1/aaa": []byte("attendance,count\nweek 1,42\n"),
		"evidence/1/bbb": bytes.Repeat([]byte{0, 1, 2, 3}, 300_000), // 1.2 MB of binary
		"evidence/2/ccc": {},
	}
	for key, data := range files {
		if err := s.Put(ctx, key, bytes.NewReader(data), int64(len(data)), "application/octet-stream"); err != nil {
			t.Fatalf("Put(%s): %v", key, err)
		}
	}
	for key, want := range files {
		r, err := s.Open(ctx, key)
		if err != nil {
			t.Fatalf("Open(%s): %v", key, err)
		}
		got, err := io.ReadAll(r)
		r.Close()
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("Open(%s) read %d bytes (%v), want %d identical bytes", key, len(got), err, len(want))
		}
	}
	if _, err := s.Open(ctx, "evidence/9/missing"); !errors.Is(err, blob.ErrNotFound) {
		t.Errorf("Open(missing) error = %v, want ErrNotFound", err)
	}
	objs, err := s.List(ctx, "evidence/1/")
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, o := range objs {
		keys = append(keys, o.Key)
		if o.Modified.IsZero() {
			t.Errorf("List: %s has no modification time", o.Key)
		}
	}
	sort.Strings(keys)
	if strings.Join(keys, ",") != "evidence/1/aaa,evidence/1/bbb" {
		t.Errorf("List(evidence/1/) = %v", keys)
	}
	if err := s.Delete(ctx, "evidence/1/aaa"); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if err := s.Delete(ctx, "evidence/1/aaa"); err != nil {
		t.Errorf("Delete of a missing key = %v, want nil", err)
	}
	if _, err := s.Open(ctx, "evidence/1/aaa"); !errors.Is(err, blob.ErrNotFound) {
		t.Errorf("Open after Delete error = %v, want ErrNotFound", err)
	}
	if err := s.Put(ctx, "evidence/1/short", strings.NewReader("abc"), 10, "text/plain"); err == nil {
		t.Error("Put accepted fewer bytes than its size")
	}
}

func TestAzure(t *testing.T) {
	t.Parallel()
	cfg := testkit.Azurite(t)
	s, err := blob.NewAzure(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	contract(t, s)

	missing := cfg
	missing.Container = "no-such-container"
	if _, err := blob.NewAzure(context.Background(), missing); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("NewAzure(missing container) error = %v, want one saying it does not exist", err)
	}
	wrongKey := cfg
	wrongKey.Key = "d3Jvbmcga2V5"
	if _, err := blob.NewAzure(context.Background(), wrongKey); err == nil {
		t.Error("NewAzure accepted a wrong account key")
	}
}
