package main

import (
	"bytes"
	"context"
	"runtime"
	"strings"
	"testing"
)

// `belonging version` needs no configuration: an operator can ask any
// binary what it is before setting it up.
func TestVersionCommand(t *testing.T) {
	t.Setenv("DATABASE_URL", "")
	for _, arg := range []string{"version", "--version"} {
		var stdout, stderr bytes.Buffer
		if err := run(context.Background(), []string{arg}, nil, &stdout, &stderr); err != nil {
			t.Fatalf("belonging %s: %v\n%s", arg, err, stderr.String())
		}
		out := stdout.String()
		if !strings.HasPrefix(out, "belonging ") || !strings.Contains(out, "commit ") || !strings.Contains(out, "built with "+runtime.Version()) {
			t.Errorf("belonging %s printed %q, want the version, the commit and the Go release", arg, out)
		}
	}
}
