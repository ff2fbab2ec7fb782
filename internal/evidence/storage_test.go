package evidence_test

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"belonging/internal/config"
	"belonging/internal/evidence"
	"belonging/internal/testkit"
)

// smallDisk mounts a tmpfs of the given size on dir (created if missing),
// a real file system that fills up, until the test ends.
func smallDisk(t *testing.T, dir, size string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size+",mode=0750", "tmpfs", dir).CombinedOutput(); err != nil {
		testkit.Missing(t, fmt.Sprintf("a small tmpfs to fill (mount needs root): %v %s", err, out))
	}
	t.Cleanup(func() { _ = exec.Command("umount", dir).Run() })
}

// leftovers lists the regular files under dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	return files
}

// A full file store (a directory or an S3 store), or a full upload spool,
// answers 507 with a page
// saying so and that nothing was saved; no row and no partial file is
// left behind. The spool lives beside the store under DATA_DIR, so a
// small disk there is what an upload fills first.
func TestFullStorageAnswers507AndSavesNothing(t *testing.T) {
	t.Parallel()
	line := "Attendance was recorded at the door and in the register.\n"
	for _, tc := range []struct {
		full string // the directory on the small disk
		size int    // of the upload, in bytes
	}{
		{"blobs", 230 << 10},
		{"spool", 230 << 10},
		// MinIO refuses a write that would leave its disk nearly full.
		{"s3", 6 << 20},
	} {
		full := tc.full
		notes := []byte(strings.Repeat(line, tc.size/len(line)))
		t.Run(full, func(t *testing.T) {
			t.Parallel()
			dataDir := t.TempDir()
			opts := []testkit.Option{func(c *config.Config) { c.DataDir = dataDir }}
			if full == "s3" {
				smallDisk(t, filepath.Join(dataDir, full), "8m")
				s3 := testkit.MinIOIn(t, filepath.Join(dataDir, full))
				opts = append(opts, func(c *config.Config) {
					c.BlobBackend, c.S3Endpoint, c.S3Bucket, c.S3AccessKey, c.S3SecretKey, c.S3Region, c.S3UseTLS =
						"s3", s3.Endpoint, s3.Bucket, s3.AccessKey, s3.SecretKey, s3.Region, false
				})
			} else {
				smallDisk(t, filepath.Join(dataDir, full), "64k")
			}
			app := testkit.NewApp(t, opts...)
			c := app.Client()
			c.SignIn(leader, testkit.DemoPassword)
			before := testkit.Scalar[int](t, app, `SELECT count(*) FROM evidence`)

			resp := post(t, c, fmt.Sprintf("/activities/%d/evidence", coffee(t, app)), fields("Door register", "attendance", "1"), &part{"file", "register.txt", notes})
			if resp.StatusCode != http.StatusInsufficientStorage {
				t.Fatalf("upload with the %s disk full = %d, want 507", full, resp.StatusCode)
			}
			text := resp.Text()
			for _, want := range []string{"The file store is full", "nothing was saved"} {
				if !strings.Contains(text, want) {
					t.Errorf("the 507 page does not say %q", want)
				}
			}
			if n := testkit.Scalar[int](t, app, `SELECT count(*) FROM evidence`); n != before {
				t.Errorf("evidence rows after the failed upload = %d, want %d", n, before)
			}
			if files := leftovers(t, filepath.Join(dataDir, "spool")); len(files) != 0 {
				t.Errorf("files left in the upload spool: %v", files)
			}
			if full != "s3" {
				if files := leftovers(t, filepath.Join(dataDir, full)); len(files) != 0 {
					t.Errorf("files left on the full disk: %v", files)
				}
			}
		})
	}
}

// Spooled uploads a crash left behind are swept once they are an hour old;
// younger ones may be uploads still being checked.
func TestSweepSpoolRemovesOnlyOldUploads(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	now := time.Now()
	for name, age := range map[string]time.Duration{"belonging-upload-old": 2 * time.Hour, "belonging-upload-new": time.Minute, "other-file": 2 * time.Hour} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, now.Add(-age), now.Add(-age)); err != nil {
			t.Fatal(err)
		}
	}
	if err := evidence.SweepSpool(dir, time.Hour, now); err != nil {
		t.Fatal(err)
	}
	var left []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if got, want := strings.Join(left, " "), "belonging-upload-new other-file"; got != want {
		t.Errorf("SweepSpool left %q, want %q", got, want)
	}
}

// The 507 page as a module leader meets it in Chromium, uploading to a
// full file store.
func TestBrowserFullFileStore(t *testing.T) {
	t.Parallel()
	dataDir := t.TempDir()
	smallDisk(t, filepath.Join(dataDir, "blobs"), "64k")
	app := testkit.NewApp(t, func(c *config.Config) { c.DataDir = dataDir })
	file := filepath.Join(t.TempDir(), "register.txt")
	if err := os.WriteFile(file, []byte(strings.Repeat("Name, present\n", 20000)), 0o644); err != nil {
		t.Fatal(err)
	}
	b := testkit.NewBrowser(t, app)
	b.SignIn(leader, testkit.DemoPassword)
	b.Open(fmt.Sprintf("/activities/%d/evidence/new", coffee(t, app)))
	b.Fill("#title", "Door register")
	b.Do(chromedp.SetValue(chromedp.CSS("#kind"), "attendance"))
	b.Do(chromedp.Click(chromedp.CSS(`input[name=strength][value="1"]`)))
	b.Do(chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{file}))
	b.Submit("form[enctype='multipart/form-data'] button[type=submit]")
	if got := b.Text("h1"); got != "The file store is full" {
		t.Errorf("heading after uploading to a full store = %q", got)
	}
	b.CheckAccessible()
	b.Screenshot("file-store-full")
}
