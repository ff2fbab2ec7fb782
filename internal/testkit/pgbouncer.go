package testkit

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// PgBouncer starts a real PgBouncer (Debian's pgbouncer package) in
// transaction mode on a free loopback port, in front of the PostgreSQL
// server dbURL names, and returns dbURL's database through it. Its pool
// to the server is smaller than the app's, so transactions of different
// clients take turns on the same server connections, as in production:
// anything that leaves state on a connection between transactions meets
// another client's. It stops with the test.
func PgBouncer(t testing.TB, dbURL string) string {
	t.Helper()
	path, err := exec.LookPath("pgbouncer")
	if err != nil {
		if _, statErr := os.Stat("/usr/sbin/pgbouncer"); statErr != nil {
			Missing(t, "pgbouncer (apt-get install pgbouncer)")
		}
		path = "/usr/sbin/pgbouncer"
	}
	server, err := url.Parse(dbURL)
	if err != nil {
		t.Fatalf("database URL: %v", err)
	}
	// Its own folder in the shared temporary directory, which the postgres
	// user can enter (a test's TempDir is private to root).
	dir, err := os.MkdirTemp("", "belonging-pgbouncer-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	addr := FreeLoopbackAddr(t)
	ini := fmt.Sprintf(`[databases]
* = host=%s port=%s user=%s

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = %d
unix_socket_dir =
auth_type = any
pool_mode = transaction
default_pool_size = 3
max_client_conn = 200
server_lifetime = 3600
server_round_robin = 1
logfile = %s
`, server.Hostname(), server.Port(), server.User.Username(), addr.Port, filepath.Join(dir, "pgbouncer.log"))
	iniPath := filepath.Join(dir, "pgbouncer.ini")
	if err := os.WriteFile(iniPath, []byte(ini), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(path, "-q", iniPath)
	cmd.Dir = dir
	if os.Geteuid() == 0 {
		// PgBouncer refuses to run as root.
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: postgresCredential(t)}
	}
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start pgbouncer: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr.String()); err == nil {
			c.Close()
			break
		}
		select {
		case <-exited:
			log, _ := os.ReadFile(filepath.Join(dir, "pgbouncer.log"))
			t.Fatalf("pgbouncer stopped: %s%s", out.String(), log)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("pgbouncer did not listen on %s in 10 s", addr)
		}
	}
	through := *server
	through.Host = addr.String()
	return through.String()
}

// postgresCredential is the postgres user's, which the PostgreSQL tools
// run as when the tests run as root.
func postgresCredential(t testing.TB) *syscall.Credential {
	t.Helper()
	u, err := user.Lookup("postgres")
	if err != nil {
		t.Fatalf("running as root, but there is no postgres user to run PostgreSQL's tools as: %v", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
}
