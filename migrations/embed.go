// Package migrations holds the database schema as golang-migrate pairs
// (NNNNNN_name.up.sql / .down.sql), embedded in the binary.
package migrations

import "embed"

// FS holds every migration file.
//
//go:embed *.sql
var FS embed.FS
