package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"belonging/internal/blob"
	"belonging/internal/config"
	"belonging/internal/pgcluster"
	"belonging/internal/seed"
	"belonging/internal/testkit"
	"belonging/web/paths"
)

// The files an installation's people uploaded, to be found again after a
// restore byte for byte.
var uploads = []struct{ title, name string }{
	{"Sign-up sheet, week 1", "sign-up.pdf"},
	{"Attendance export", "attendance.pdf"},
}

func pdf(label string) []byte {
	return []byte("%PDF-1.4\n% " + label + "\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
}

// site is a running installation: its app and the people using it.
type site struct {
	app      *testkit.App
	director *testkit.Client
	admin    *testkit.Client
}

func openSite(t *testing.T, app *testkit.App) site {
	s := site{app: app, director: app.Client(), admin: app.Client()}
	s.director.SignIn("director@northbridge.ac.uk", testkit.DemoPassword)
	s.admin.SignIn("admin@northbridge.ac.uk", testkit.DemoPassword)
	return s
}

// The procedure of docs/operations.md: dump the database with pg_dump,
// then export the files; restore the dump into a new, empty database and
// import the files into a new store (Azure Blob storage here, as when
// moving off a VM's disk); check; and the restored installation shows the
// same pages and serves the same files.
func TestDumpAndRestore(t *testing.T) {
	bin := postgresTools(t)
	original := openSite(t, testkit.NewApp(t))
	activity := coffeeMornings(t, original.app)
	evidence := map[int64][]byte{}
	for _, u := range uploads {
		data := pdf(u.name)
		evidence[original.director.UploadEvidence(activity, u.title, u.name, data)] = data
	}

	// Back up: the database first, then the files (run again, the export
	// would add only files uploaded in between).
	dump := filepath.Join(t.TempDir(), "belonging.dump")
	command(t, filepath.Join(bin, "pg_dump"), "--format=custom", "--file="+dump, "--dbname="+original.app.DBURL)
	backup := t.TempDir()
	out := belonging(t, fsStore(original.app.DBURL, original.app.Config.DataDir), "files", "export", backup)
	if !strings.Contains(out, fmt.Sprintf(": %d files copied", len(uploads))) {
		t.Errorf("files export printed %q, want %d files copied", out, len(uploads))
	}

	// Restore into a database and a file store that have never seen it.
	fresh := testkit.BareDB(t)
	command(t, filepath.Join(bin, "pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--dbname="+fresh, dump)
	az := testkit.Azurite(t)
	azure := azureStore(fresh, az)
	belonging(t, azure, "files", "import", backup)
	if out := belonging(t, azure, "files", "check"); !strings.Contains(out, "0 of them missing") {
		t.Errorf("files check after the restore printed %q", out)
	}
	restored := openSite(t, testkit.NewAppWithDB(t, fresh, func(c *config.Config) {
		c.BlobBackend, c.AzureAccount, c.AzureKey, c.AzureContainer, c.AzureEndpoint = "azure", az.Account, az.Key, az.Container, az.Endpoint
	}))

	samePages(t, original, restored, activity, evidence)

	// check notices a file the database refers to and the store lacks.
	store, err := blob.NewAzure(context.Background(), az)
	if err != nil {
		t.Fatal(err)
	}
	objs, err := store.List(context.Background(), "evidence/")
	if err != nil || len(objs) == 0 {
		t.Fatalf("list the restored store: %d objects, %v", len(objs), err)
	}
	if err := store.Delete(context.Background(), objs[0].Key); err != nil {
		t.Fatal(err)
	}
	if _, err := runBelonging(t, azure, "files", "check"); err == nil || !strings.Contains(err.Error(), objs[0].Key) {
		t.Errorf("files check with %s gone = %v, want an error naming it", objs[0].Key, err)
	}
}

// The alternative for larger installations: a base backup with archived
// WAL restores the database to the last archived change, including
// changes made after the base backup, and incremental file exports before
// and after keep the files in step.
func TestBaseBackupAndArchivedWAL(t *testing.T) {
	bin := postgresTools(t)
	archive := worldWritableDir(t)
	primary := startCluster(t, "wal_level=replica", "archive_mode=on",
		fmt.Sprintf("archive_command='test ! -f %[1]s/%%f && cp %%p %[1]s/%%f'", archive))
	seeded := testkit.SeededDB(t)
	dump := filepath.Join(t.TempDir(), "seed.dump")
	command(t, filepath.Join(bin, "pg_dump"), "--format=custom", "--file="+dump, "--dbname="+seeded)
	command(t, filepath.Join(bin, "pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--dbname="+primary.URL(), dump)
	original := openSite(t, testkit.NewAppWithDB(t, primary.URL()))
	activity := coffeeMornings(t, original.app)
	evidence := map[int64][]byte{}
	upload := func(i int) {
		data := pdf(uploads[i].name)
		evidence[original.director.UploadEvidence(activity, uploads[i].title, uploads[i].name, data)] = data
	}

	// Nightly: a base backup, then the files.
	upload(0)
	base := filepath.Join(worldWritableDir(t), "base")
	command(t, filepath.Join(bin, "pg_basebackup"), "--pgdata="+base, "--wal-method=stream", "--checkpoint=fast", "--dbname="+primary.URL())
	backup := t.TempDir()
	files := fsStore(primary.URL(), original.app.Config.DataDir)
	belonging(t, files, "files", "export", backup)

	// During the day: more work, its WAL archived, its files exported.
	upload(1)
	var segment string
	if err := original.app.Pool.QueryRow(context.Background(), "SELECT pg_walfile_name(pg_switch_wal())").Scan(&segment); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the WAL segment "+segment+" to be archived", func() bool {
		_, err := os.Stat(filepath.Join(archive, segment))
		return err == nil
	})
	if out := belonging(t, files, "files", "export", backup); !strings.Contains(out, ": 1 files copied") {
		t.Errorf("second export printed %q, want only the new file copied", out)
	}

	// Restore: the base backup, replaying the archive to its end.
	conf, err := os.OpenFile(filepath.Join(base, "postgresql.auto.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conf, "restore_command = 'cp %s/%%f %%p'\n", archive)
	conf.Close()
	if err := os.WriteFile(filepath.Join(base, "recovery.signal"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	restoredDB, err := pgcluster.Start(context.Background(), pgcluster.Options{Dir: base, Temporary: true})
	if err != nil {
		t.Fatalf("start the restored cluster: %v", err)
	}
	t.Cleanup(func() { _ = restoredDB.Stop() })
	restoredFiles := t.TempDir()
	belonging(t, fsStore(restoredDB.URL(), restoredFiles), "files", "import", backup)
	restoredApp := testkit.NewAppWithDB(t, restoredDB.URL(), func(c *config.Config) { c.DataDir = restoredFiles })
	waitFor(t, "recovery to finish", func() bool {
		var inRecovery bool
		err := restoredApp.Pool.QueryRow(context.Background(), "SELECT pg_is_in_recovery()").Scan(&inRecovery)
		return err == nil && !inRecovery
	})
	if out := belonging(t, fsStore(restoredDB.URL(), restoredFiles), "files", "check"); !strings.Contains(out, "0 of them missing") {
		t.Errorf("files check after the restore printed %q", out)
	}
	samePages(t, original, openSite(t, restoredApp), activity, evidence)
}

// samePages compares what people see on the original and the restored
// installation: pages (with each server's own address and per-request
// nonces set aside) and evidence downloads, byte for byte.
func samePages(t *testing.T, original, restored site, activity int64, evidence map[int64][]byte) {
	t.Helper()
	var programme int64
	if err := original.app.Pool.QueryRow(context.Background(), "SELECT programme_id FROM activities WHERE id = $1", activity).Scan(&programme); err != nil {
		t.Fatal(err)
	}
	pages := []struct {
		who  func(site) *testkit.Client
		path string
	}{
		{director, paths.Home},
		{director, paths.Programmes},
		{director, paths.Programme(programme)},
		{director, paths.Activity(activity)},
		{director, paths.Library},
		{admin, paths.InstitutionRpt},
		{admin, paths.People},
		{admin, paths.AuditLog},
	}
	for _, p := range pages {
		before := p.who(original).Get(p.path)
		after := p.who(restored).Get(p.path)
		if before.StatusCode != http.StatusOK || after.StatusCode != before.StatusCode {
			t.Errorf("GET %s = %d before, %d after the restore; want 200 both", p.path, before.StatusCode, after.StatusCode)
			continue
		}
		a, b := normalise(before.Text(), original.app.URL), normalise(after.Text(), restored.app.URL)
		if a != b {
			t.Errorf("GET %s differs after the restore:\n%s", p.path, firstDifference(a, b))
		}
	}
	page := original.director.Get(paths.Activity(activity)).Text()
	for id, data := range evidence {
		path := paths.DownloadEvidence(id)
		if !strings.Contains(page, path) {
			t.Errorf("the activity page does not link %s", path)
		}
		resp := restored.director.Get(path)
		if resp.StatusCode != http.StatusOK || !bytes.Equal(resp.Body, data) {
			t.Errorf("GET %s after the restore = %d, %d bytes; want 200 and the %d bytes uploaded", path, resp.StatusCode, len(resp.Body), len(data))
		}
	}
}

func director(s site) *testkit.Client { return s.director }
func admin(s site) *testkit.Client    { return s.admin }

var nonce = regexp.MustCompile(`nonce="[^"]*"`)

func normalise(html, appURL string) string {
	html = strings.ReplaceAll(html, appURL, "APP")
	html = strings.ReplaceAll(html, strings.TrimPrefix(appURL, "http://"), "APP")
	return nonce.ReplaceAllString(html, `nonce=""`)
}

func firstDifference(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-120)
	return fmt.Sprintf("before: …%s…\nafter:  …%s…", a[from:min(len(a), i+120)], b[from:min(len(b), i+120)])
}

func coffeeMornings(t *testing.T, app *testkit.App) int64 {
	t.Helper()
	return testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title LIKE 'Coffee mornings%' AND academic_year = $1`, seed.CurrentYear())
}

// postgresTools returns the directory of pg_dump and its fellows: the
// server's, or where its initdb link on PATH points.
func postgresTools(t *testing.T) string {
	t.Helper()
	bin, err := pgcluster.FindBinaries()
	if err == nil {
		if _, statErr := os.Stat(filepath.Join(bin, "pg_basebackup")); statErr != nil {
			real, linkErr := filepath.EvalSymlinks(filepath.Join(bin, "initdb"))
			bin, err = filepath.Dir(real), linkErr
		}
	}
	if err == nil {
		_, err = os.Stat(filepath.Join(bin, "pg_basebackup"))
	}
	if err != nil {
		testkit.Missing(t, "PostgreSQL's pg_dump, pg_restore and pg_basebackup ("+err.Error()+")")
	}
	return bin
}

// startCluster starts a private PostgreSQL server with the given settings,
// stopped when the test ends.
func startCluster(t *testing.T, settings ...string) *pgcluster.Cluster {
	t.Helper()
	c, err := pgcluster.Start(context.Background(), pgcluster.Options{Dir: worldWritableDir(t), Temporary: true, Settings: settings})
	if err != nil {
		t.Fatalf("start a private cluster: %v", err)
	}
	t.Cleanup(func() { _ = c.Stop() })
	return c
}

// worldWritableDir is a temporary directory the postgres user can reach
// too, for a cluster run as that user when the tests run as root.
func worldWritableDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "belonging-backup-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	return dir
}

func fsStore(dbURL, dataDir string) map[string]string {
	return map[string]string{"DATABASE_URL": dbURL, "BLOB_BACKEND": "fs", "DATA_DIR": dataDir}
}

func azureStore(dbURL string, az blob.AzureConfig) map[string]string {
	return map[string]string{"DATABASE_URL": dbURL, "BLOB_BACKEND": "azure", "AZURE_STORAGE_ACCOUNT": az.Account,
		"AZURE_STORAGE_KEY": az.Key, "AZURE_STORAGE_CONTAINER": az.Container, "AZURE_STORAGE_ENDPOINT": az.Endpoint}
}

// belonging runs a belonging command in this process with the given
// settings, as an operator would at a shell, and returns what it printed.
func belonging(t *testing.T, env map[string]string, args ...string) string {
	t.Helper()
	out, err := runBelonging(t, env, args...)
	if err != nil {
		t.Fatalf("belonging %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func runBelonging(t *testing.T, env map[string]string, args ...string) (string, error) {
	t.Helper()
	// The settings last only for the command: testkit reads DATABASE_URL
	// to reach the test server, and must go on finding it there.
	for _, name := range []string{"DATABASE_URL", "BLOB_BACKEND", "DATA_DIR", "AZURE_STORAGE_ACCOUNT", "AZURE_STORAGE_KEY", "AZURE_STORAGE_CONTAINER", "AZURE_STORAGE_ENDPOINT"} {
		old, had := os.LookupEnv(name)
		os.Setenv(name, env[name])
		if had {
			defer os.Setenv(name, old)
		} else {
			defer os.Unsetenv(name)
		}
	}
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, nil, &stdout, &stderr)
	return stdout.String() + stderr.String(), err
}

func command(t *testing.T, name string, args ...string) {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, out)
	}
}

func waitFor(t *testing.T, what string, done func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !done() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
