package auth

import (
	"sync"

	"belonging/internal/reqctx"
)

// personCacheSize bounds how many people one server keeps: more than an
// institution's staff signed in at once, a few megabytes at most.
const personCacheSize = 10000

// personCache keeps the signed-in people this server has loaded, each with
// the two counters it was read at (users.access_version and its
// institution's). A copy is used only while both still match what the
// session query read from the database in this request, so it is never
// older than the database. The people it hands out are shared between
// requests and must not be changed.
type personCache struct {
	mu      sync.RWMutex
	max     int
	entries map[int64]cachedPerson
}

type cachedPerson struct {
	user                        *reqctx.User
	version, institutionVersion int64
}

func newPersonCache(max int) *personCache {
	return &personCache{max: max, entries: make(map[int64]cachedPerson)}
}

// get returns the person with id as of the given counters, or nil.
func (c *personCache) get(id, version, institutionVersion int64) *reqctx.User {
	c.mu.RLock()
	e, ok := c.entries[id]
	c.mu.RUnlock()
	if !ok || e.version != version || e.institutionVersion != institutionVersion {
		return nil
	}
	return e.user
}

// put keeps u as read at the given counters. When full it forgets an
// arbitrary tenth of the people first: they are read again on their next
// request.
func (c *personCache) put(u *reqctx.User, version, institutionVersion int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[u.ID]; !ok && len(c.entries) >= c.max {
		drop := max(1, c.max/10)
		for id := range c.entries {
			if drop == 0 {
				break
			}
			delete(c.entries, id)
			drop--
		}
	}
	c.entries[u.ID] = cachedPerson{user: u, version: version, institutionVersion: institutionVersion}
}
