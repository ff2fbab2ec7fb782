package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// cpuMeter reads the processor time used by the app server and by the
// database's processes, from /proc. On this shared machine throughput moves
// with whatever else runs; the time each request costs the server and the
// database moves much less, and says where a page's time goes.
type cpuMeter struct {
	server     int
	postmaster int // 0 when the database is not a local cluster we can see
}

// clockTick is the unit of /proc's times (USER_HZ, 100 on Linux).
const clockTick = 10 * time.Millisecond

// findPostmaster finds the local cluster's postmaster from its data
// directory, or returns 0.
func findPostmaster(ctx context.Context, pool *pgxpool.Pool) int {
	var dir string
	if err := pool.QueryRow(ctx, "SHOW data_directory").Scan(&dir); err != nil {
		return 0
	}
	b, err := os.ReadFile(filepath.Join(dir, "postmaster.pid"))
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	return pid
}

// read returns the processor time the server and the database's processes
// have used so far.
func (m cpuMeter) read() (server, database time.Duration) {
	server, _ = procTimes(m.server)
	if m.postmaster == 0 {
		return server, 0
	}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if t, parent := procTimes(pid); parent == m.postmaster || pid == m.postmaster {
			database += t
		}
	}
	return server, database
}

// procTimes returns a process's user and system time, and its parent.
func procTimes(pid int) (time.Duration, int) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, 0
	}
	// The command name, in parentheses, may hold spaces: fields start
	// after its closing parenthesis.
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 13 {
		return 0, 0
	}
	parent, _ := strconv.Atoi(fields[1])
	user, _ := strconv.ParseInt(fields[11], 10, 64)
	system, _ := strconv.ParseInt(fields[12], 10, 64)
	return time.Duration(user+system) * clockTick, parent
}
