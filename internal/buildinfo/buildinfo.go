// Package buildinfo says which build of the application is running: the
// module version and the version-control commit the Go toolchain stamps
// into every binary it builds from a checkout.
package buildinfo

import (
	"fmt"
	"runtime/debug"
)

// Info identifies a build.
type Info struct {
	// Version is the module version: a release tag such as v1.2.0, a
	// pseudo-version for an untagged commit, or "(devel)".
	Version string
	// Commit is the full commit hash, empty when the binary was built
	// outside a checkout or with -buildvcs=false.
	Commit string
	// CommitTime is the commit's time (RFC 3339), when known.
	CommitTime string
	// Modified reports uncommitted changes in the checkout at build time.
	Modified  bool
	GoVersion string
}

// Read returns the running binary's build information.
func Read() Info {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return Info{Version: "(unknown)"}
	}
	return fromBuildInfo(bi)
}

func fromBuildInfo(bi *debug.BuildInfo) Info {
	info := Info{Version: bi.Main.Version, GoVersion: bi.GoVersion}
	if info.Version == "" {
		info.Version = "(devel)"
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			info.Commit = s.Value
		case "vcs.time":
			info.CommitTime = s.Value
		case "vcs.modified":
			info.Modified = s.Value == "true"
		}
	}
	return info
}

// Short is the version with the commit's first twelve characters, as a
// trace or an error report names the build: "v1.2.0 (3f2c1a9b7d4e)".
func (i Info) Short() string {
	if i.Commit == "" {
		return i.Version
	}
	c := i.Commit
	if len(c) > 12 {
		c = c[:12]
	}
	if i.Modified {
		c += ", modified"
	}
	return fmt.Sprintf("%s (%s)", i.Version, c)
}

// String is the full description `belonging version` prints.
func (i Info) String() string {
	s := "belonging " + i.Version
	if i.Commit != "" {
		s += "\ncommit " + i.Commit
		if i.CommitTime != "" {
			s += " (" + i.CommitTime + ")"
		}
		if i.Modified {
			s += " with uncommitted changes"
		}
	} else {
		s += "\ncommit unknown (built without version control information)"
	}
	return s + "\nbuilt with " + i.GoVersion
}
