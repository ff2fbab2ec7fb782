package buildinfo

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	const commit = "3f2c1a9b7d4e5f60718293a4b5c6d7e8f9012345"
	tests := []struct {
		name      string
		bi        debug.BuildInfo
		short     string
		mentioned []string // in String()
	}{
		{
			name: "release built from a clean checkout",
			bi: debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.0"}, Settings: []debug.BuildSetting{
				{Key: "vcs.revision", Value: commit}, {Key: "vcs.time", Value: "2026-11-30T10:00:00Z"}, {Key: "vcs.modified", Value: "false"}}},
			short:     "v1.2.0 (3f2c1a9b7d4e)",
			mentioned: []string{"belonging v1.2.0", "commit " + commit + " (2026-11-30T10:00:00Z)", "built with go1.26.8"},
		},
		{
			name: "development build with local changes",
			bi: debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261130100000-3f2c1a9b7d4e+dirty"}, Settings: []debug.BuildSetting{
				{Key: "vcs.revision", Value: commit}, {Key: "vcs.modified", Value: "true"}}},
			short:     "v0.0.0-20261130100000-3f2c1a9b7d4e+dirty (3f2c1a9b7d4e, modified)",
			mentioned: []string{"with uncommitted changes"},
		},
		{
			name:      "built without version control",
			bi:        debug.BuildInfo{GoVersion: "go1.26.8"},
			short:     "(devel)",
			mentioned: []string{"belonging (devel)", "commit unknown"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info := fromBuildInfo(&tt.bi)
			if got := info.Short(); got != tt.short {
				t.Errorf("Short() = %q, want %q", got, tt.short)
			}
			for _, want := range tt.mentioned {
				if !strings.Contains(info.String(), want) {
					t.Errorf("String() = %q, want it to contain %q", info.String(), want)
				}
			}
		})
	}
}

// The test binary itself has build information: the version command
// never prints an empty version.
func TestRead(t *testing.T) {
	info := Read()
	if info.Version == "" || !strings.HasPrefix(info.GoVersion, "go") {
		t.Errorf("Read() = %+v, want a version and the Go release", info)
	}
}
