package testkit

import (
	"net"
	"os"
	"path/filepath"
	"testing"
)

// ToolPath returns where a test tool is: the path in the environment
// variable env, or rel under the module root, where `make tools` puts it.
// A missing tool skips the test, or fails it under CI.
func ToolPath(t testing.TB, env, what string, rel ...string) string {
	t.Helper()
	path := os.Getenv(env)
	if path == "" {
		path = filepath.Join(append([]string{ModuleRoot(t)}, rel...)...)
	}
	if _, err := os.Stat(path); err != nil {
		Missing(t, what+" ("+path+"; run `make tools`)")
	}
	return path
}

// FreeLoopbackAddr returns a loopback address with a port free at the
// moment, for a server the test starts.
func FreeLoopbackAddr(t testing.TB) *net.TCPAddr {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr)
}
