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
		if o.Size != int64(len(files[o.Key])) {
			t.Errorf("List: %s has size %d, want %d", o.Key, o.Size, len(files[o.Key]))
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

// Copy brings over what the destination lacks, and only that: run again,
// it copies what was added since, and replaces a file cut short.
func TestCopy(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src, err := blob.NewFS(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	dst, err := blob.NewFS(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	put := func(s blob.Store, key, data string) {
		if err := s.Put(ctx, key, strings.NewReader(data), int64(len(data)), "text/plain"); err != nil {
			t.Fatal(err)
		}
	}
	put(src, "evidence/1/aaa", "first")
	put(src, "evidence/2/bbb", "second file")
	copyAll := func(wantCopied, wantSkipped int) {
		t.Helper()
		res, err := blob.Copy(ctx, dst, src, "")
		if err != nil || res.Copied != wantCopied || res.Skipped != wantSkipped {
			t.Errorf("Copy() = %+v, %v; want %d copied, %d skipped", res, err, wantCopied, wantSkipped)
		}
	}
	copyAll(2, 0)
	copyAll(0, 2)
	put(src, "evidence/1/ccc", "added later")
	put(dst, "evidence/1/aaa", "fir") // as an interrupted copy might leave it (the directory store never does)
	copyAll(2, 1)
	for key, want := range map[string]string{"evidence/1/aaa": "first", "evidence/2/bbb": "second file", "evidence/1/ccc": "added later"} {
		r, err := dst.Open(ctx, key)
		if err != nil {
			t.Fatalf("Open(%s) after Copy: %v", key, err)
		}
		got, _ := io.ReadAll(r)
		r.Close()
		if string(got) != want {
			t.Errorf("%s = %q after Copy, want %q", key, got, want)
		}
	}
}
