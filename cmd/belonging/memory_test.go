package main

import (
	"runtime/debug"
	"testing"
)

func TestMemoryLimitDefaultsUnlessSet(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })

	debug.SetMemoryLimit(1 << 40)
	if got := applyMemoryLimit(func(string) string { return "" }); got != defaultMemoryLimit {
		t.Errorf("applyMemoryLimit(unset) = %d, want %d", got, defaultMemoryLimit)
	}
	if got := debug.SetMemoryLimit(-1); got != defaultMemoryLimit {
		t.Errorf("memory limit after applyMemoryLimit(unset) = %d, want %d", got, defaultMemoryLimit)
	}
	// GOMEMLIMIT is the runtime's to read; the limit it set stays.
	debug.SetMemoryLimit(300 << 20)
	if got := applyMemoryLimit(func(k string) string { return map[string]string{"GOMEMLIMIT": "300MiB"}[k] }); got != 300<<20 {
		t.Errorf("applyMemoryLimit(GOMEMLIMIT=300MiB) = %d, want %d", got, 300<<20)
	}
}
