package main

import (
	"runtime/debug"
	"strings"
)

// defaultMemoryLimit is the Go runtime's soft memory limit for serve and
// worker when GOMEMLIMIT does not set one. The server's own data is a few
// tens of megabytes; what lifts its peak is garbage, above all the 19 MiB
// each password check leaves, which the collector would otherwise let
// grow to twice what was live. Near the limit the collector runs sooner
// instead; it never refuses memory, so a larger need (a big export) is met
// at the cost of more collection.
const defaultMemoryLimit = 100 << 20

// applyMemoryLimit sets the default soft memory limit unless GOMEMLIMIT
// (read by the runtime itself) sets one, and returns the limit in force.
func applyMemoryLimit(getenv func(string) string) int64 {
	if strings.TrimSpace(getenv("GOMEMLIMIT")) != "" {
		return debug.SetMemoryLimit(-1)
	}
	debug.SetMemoryLimit(defaultMemoryLimit)
	return defaultMemoryLimit
}
