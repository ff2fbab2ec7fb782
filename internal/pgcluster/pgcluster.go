// Package pgcluster runs a private PostgreSQL cluster from the PostgreSQL
// binaries installed on the machine, so that development and tests need no
// database server set up by hand.
//
// A cluster lives in one directory. A persistent cluster (make run) keeps its
// data between starts; a temporary one (make test) is created with fsync off
// and removed when it stops. When the process runs as root the cluster is run
// as the "postgres" operating-system user, because initdb and postgres refuse
// to run as root.
//
// That user must be able to enter every directory above the cluster's. A
// checkout in root's home directory or in a `mktemp -d` folder (mode 0700)
// is closed to it, so a new cluster asked for there is kept under
// RelocatedBase instead (Cluster.Dir says where), and devpg prints where.
package pgcluster

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5"
)

// Options says where and how to run a cluster.
type Options struct {
	// Dir holds the cluster's data. It is created when missing.
	Dir string
	// Temporary turns durability off (fsync, synchronous commit) for speed;
	// the caller removes Dir after Stop.
	Temporary bool
	// Database is created when missing; it names the database in URL.
	Database string
	// Log receives the server's output; nil discards it.
	Log io.Writer
	// Settings are server settings as name=value, given on the command
	// line when the server starts (`make bench` sizes shared_buffers).
	Settings []string
	// ReplicaOf, when set, is the connection URL of a running primary:
	// a new cluster is then a streaming replica of it, copied with
	// pg_basebackup, read-only and following the primary's changes.
	ReplicaOf string
}

// RelocatedBase holds the clusters of a root-run process whose own
// directory the postgres user cannot enter: root creates it (mode 0755) and
// each cluster in it belongs to postgres.
var RelocatedBase = "/var/lib/belonging-devpg"

// Cluster is a running private PostgreSQL server.
type Cluster struct {
	dir    string
	port   int
	bin    string
	runAs  *syscall.Credential
	dbName string
	// relocated is set when dir is under RelocatedBase instead of the
	// directory asked for.
	relocated bool
}

// URL returns a connection string for the cluster's database.
func (c *Cluster) URL() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.port, c.dbName)
}

// Port returns the TCP port the server listens on (127.0.0.1 only).
func (c *Cluster) Port() int { return c.port }

// Dir returns the directory the cluster's data is in: Options.Dir, unless
// the cluster had to be kept under RelocatedBase. A temporary cluster's
// caller removes it after Stop.
func (c *Cluster) Dir() string { return c.dir }

// Relocated reports whether the cluster is kept under RelocatedBase
// because the postgres user cannot reach Options.Dir.
func (c *Cluster) Relocated() bool { return c.relocated }

// Start initialises the cluster when Dir is empty, starts the server on a
// free port and makes sure the database exists.
func Start(ctx context.Context, opts Options) (*Cluster, error) {
	if opts.Database == "" {
		opts.Database = "belonging"
	}
	bin, err := FindBinaries()
	if err != nil {
		return nil, err
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, err
	}
	c := &Cluster{dir: dir, bin: bin, dbName: opts.Database}
	if os.Geteuid() == 0 {
		cred, err := postgresUser()
		if err != nil {
			return nil, err
		}
		c.runAs = cred
	}
	// The parent must be traversable by the postgres user; the cluster
	// directory itself is private to it.
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, fmt.Errorf("create cluster directory: %w", err)
	}
	if c.runAs != nil && !c.canEnter(filepath.Dir(dir)) {
		if dir, err = c.relocate(dir, opts.Temporary); err != nil {
			return nil, err
		}
		c.dir, c.relocated = dir, true
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create cluster directory: %w", err)
	}
	if c.runAs != nil {
		if err := chownTree(dir, int(c.runAs.Uid), int(c.runAs.Gid)); err != nil {
			return nil, err
		}
	}
	if pid, running := c.runningPID(); running {
		return nil, fmt.Errorf("a PostgreSQL server (pid %d) is already running in %s; stop it first", pid, dir)
	}
	if _, err := os.Stat(filepath.Join(dir, "PG_VERSION")); errors.Is(err, os.ErrNotExist) && opts.ReplicaOf != "" {
		// -R writes the primary's address and standby.signal, so the copy
		// starts as a hot standby streaming from it.
		if err := c.run(ctx, opts.Log, "pg_basebackup", "-D", dir, "-R", "-X", "stream", "--checkpoint=fast", "--no-sync", "-d", opts.ReplicaOf); err != nil {
			return nil, fmt.Errorf("pg_basebackup: %w", err)
		}
	} else if errors.Is(err, os.ErrNotExist) {
		args := []string{"-D", dir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"}
		if opts.Temporary {
			args = append(args, "--no-sync")
		}
		if err := c.run(ctx, opts.Log, "initdb", args...); err != nil {
			return nil, fmt.Errorf("initdb: %w", err)
		}
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	c.port = port
	serverOpts := []string{
		"-p", strconv.Itoa(port),
		"-k", dir,
		"-c", "listen_addresses=127.0.0.1",
		"-c", "max_connections=200",
	}
	if opts.Temporary {
		serverOpts = append(serverOpts, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	for _, s := range opts.Settings {
		serverOpts = append(serverOpts, "-c", s)
	}
	logFile := filepath.Join(dir, "server.log")
	if err := c.run(ctx, opts.Log, "pg_ctl", "start", "-w", "-t", "60", "-D", dir, "-l", logFile, "-o", strings.Join(serverOpts, " ")); err != nil {
		tail, _ := os.ReadFile(logFile)
		return nil, fmt.Errorf("pg_ctl start: %w\n%s", err, lastLines(string(tail), 10))
	}
	if opts.ReplicaOf != "" {
		return c, nil
	}
	if err := c.ensureDatabase(ctx); err != nil {
		_ = c.Stop()
		return nil, err
	}
	return c, nil
}

// Stop shuts the server down, letting it finish cleanly.
func (c *Cluster) Stop() error {
	return c.run(context.Background(), nil, "pg_ctl", "stop", "-w", "-m", "fast", "-D", c.dir)
}

// Kill stops the server at once, as a crash would; tests use it to see how
// the application behaves when its database goes away.
func (c *Cluster) Kill() error {
	return c.run(context.Background(), nil, "pg_ctl", "stop", "-w", "-m", "immediate", "-D", c.dir)
}

func (c *Cluster) ensureDatabase(ctx context.Context) error {
	url := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.port)
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return fmt.Errorf("connect to private cluster: %w", err)
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", c.dbName).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{c.dbName}.Sanitize())
	return err
}

func (c *Cluster) runningPID() (int, bool) {
	b, err := os.ReadFile(filepath.Join(c.dir, "postmaster.pid"))
	if err != nil {
		return 0, false
	}
	first, _, _ := strings.Cut(string(b), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(first))
	if err != nil || pid <= 0 {
		return 0, false
	}
	if err := syscall.Kill(pid, 0); err != nil {
		return 0, false
	}
	return pid, true
}

// canEnter reports whether the postgres user can make dir its working
// directory, by starting a harmless program (pg_ctl --version) there as
// that user: the kernel's answer, with ACLs and groups as they are.
func (c *Cluster) canEnter(dir string) bool {
	cmd := exec.Command(filepath.Join(c.bin, "pg_ctl"), "--version")
	cmd.Dir = dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.runAs}
	return cmd.Run() == nil
}

// relocate picks the directory under RelocatedBase that stands in for
// dir, which the postgres user cannot reach: the same one on every run
// for a kept cluster, a fresh one for a temporary cluster. A cluster
// already initialised in dir cannot be moved without its owner's say, so
// that is an error naming the cause and the fixes.
func (c *Cluster) relocate(dir string, temporary bool) (string, error) {
	blocked := filepath.Dir(dir)
	for p := blocked; p != filepath.Dir(p) && !c.canEnter(filepath.Dir(p)); p = filepath.Dir(p) {
		blocked = filepath.Dir(p)
	}
	if _, err := os.Stat(filepath.Join(dir, "PG_VERSION")); err == nil {
		return "", fmt.Errorf("the PostgreSQL cluster in %s cannot be started: this runs as root, so PostgreSQL runs as the postgres user, "+
			"who cannot enter %s; let it in (chmod o+x %s), move the checkout somewhere it can enter, or run as another user", dir, blocked, blocked)
	}
	if err := os.MkdirAll(RelocatedBase, 0o755); err != nil {
		return "", fmt.Errorf("the postgres user cannot enter %s, and the cluster could not be kept in %s instead: %w; "+
			"let it in (chmod o+x %s), move the checkout, or run as another user", blocked, RelocatedBase, err, blocked)
	}
	if err := os.Chmod(RelocatedBase, 0o755); err != nil {
		return "", err
	}
	if temporary {
		return os.MkdirTemp(RelocatedBase, "temp-")
	}
	sum := sha256.Sum256([]byte(dir))
	return filepath.Join(RelocatedBase, filepath.Base(dir)+"-"+hex.EncodeToString(sum[:6])), nil
}

func (c *Cluster) run(ctx context.Context, log io.Writer, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, c.tool(name), args...)
	cmd.Dir = c.dir
	var out strings.Builder
	if log != nil {
		cmd.Stdout = io.MultiWriter(log, &out)
	} else {
		cmd.Stdout = &out
	}
	cmd.Stderr = cmd.Stdout
	if c.runAs != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.runAs}
		cmd.Env = append(os.Environ(), "HOME="+c.dir)
	}
	// pg_ctl leaves the server running in the background; it must not be
	// killed with our process group when the caller is interrupted.
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w: %s", name, err, lastLines(out.String(), 10))
	}
	return nil
}

// tool is where the PostgreSQL program name is: beside initdb, or, when
// only the server's programs are there (links to them on PATH), in the
// installed version's own directory.
func (c *Cluster) tool(name string) string {
	path := filepath.Join(c.bin, name)
	if _, err := os.Stat(path); err == nil {
		return path
	}
	if real, err := filepath.EvalSymlinks(filepath.Join(c.bin, "initdb")); err == nil {
		if _, err := os.Stat(filepath.Join(filepath.Dir(real), name)); err == nil {
			return filepath.Join(filepath.Dir(real), name)
		}
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	sort.Slice(matches, func(i, j int) bool { return versionOf(matches[i]) > versionOf(matches[j]) })
	if len(matches) > 0 {
		return matches[0]
	}
	return path
}

// FindBinaries returns the directory holding initdb, pg_ctl and postgres:
// the one on PATH when initdb is there, otherwise the newest version under
// /usr/lib/postgresql/*/bin (Debian's layout, where PATH has only wrappers).
func FindBinaries() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		dir := filepath.Dir(p)
		if _, err := os.Stat(filepath.Join(dir, "pg_ctl")); err == nil {
			return dir, nil
		}
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	sort.Slice(matches, func(i, j int) bool { return versionOf(matches[i]) > versionOf(matches[j]) })
	if len(matches) > 0 {
		return filepath.Dir(matches[0]), nil
	}
	return "", errors.New("PostgreSQL binaries not found: install PostgreSQL (initdb, pg_ctl, postgres) or set DATABASE_URL")
}

func versionOf(initdbPath string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(initdbPath))))
	return v
}

func postgresUser() (*syscall.Credential, error) {
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, errors.New(`running as root, but there is no "postgres" user to run PostgreSQL as: create one (useradd --system postgres) or run as another user`)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

func chownTree(dir string, uid, gid int) error {
	return filepath.Walk(dir, func(path string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(path, uid, gid)
	})
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
