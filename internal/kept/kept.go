// Package kept keeps what a server worked out from the database, by the
// version the database gave it, until the version moves on.
package kept

import "sync"

// ByVersion keeps values by key at a version: a version that the writes
// changing what the value shows raise in their own transaction (the plan's
// versions, migration 000290; a home's, migration 000300). The version is
// read before, or in the same snapshot as, what the value is worked out
// from, so a value kept at a version is never older than it. Past Limit
// bytes (8 MiB when zero) the cache starts afresh. The zero value is ready
// to use.
type ByVersion[K comparable, V any] struct {
	Limit int

	mu      sync.Mutex
	entries map[K]entry[V]
	bytes   int
}

type entry[V any] struct {
	version int64
	value   V
	size    int
}

const defaultLimit = 8 << 20

// Get returns what is kept for key at version.
func (c *ByVersion[K, V]) Get(key K, version int64) (V, bool) {
	v, at, ok := c.Latest(key)
	return v, ok && at == version
}

// Latest returns what is kept for key and the version it was kept at.
func (c *ByVersion[K, V]) Latest(key K) (v V, version int64, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	return e.value, e.version, ok
}

// Put keeps v, size bytes worked out at version, for key, unless
// something worked out at a later version is kept already.
func (c *ByVersion[K, V]) Put(key K, version int64, v V, size int) {
	c.put(key, version, v, size, true)
}

// Replace keeps v, size bytes worked out at version, for key, whatever is
// kept: for versions that are not ordered from one read to the next (a
// home's is a sum over programmes that change with it, so a later read's
// may be lower). Should an older read replace a newer, its version no
// longer reads the same and it is read again.
func (c *ByVersion[K, V]) Replace(key K, version int64, v V, size int) {
	c.put(key, version, v, size, false)
}

func (c *ByVersion[K, V]) put(key K, version int64, v V, size int, ordered bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	old, ok := c.entries[key]
	if ok && ordered && old.version > version {
		return
	}
	limit := c.Limit
	if limit == 0 {
		limit = defaultLimit
	}
	if c.entries == nil || c.bytes+size > limit {
		c.entries, c.bytes = map[K]entry[V]{}, 0
	} else if ok {
		c.bytes -= old.size
	}
	c.entries[key] = entry[V]{version, v, size}
	c.bytes += size
}
