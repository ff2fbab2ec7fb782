package activity

import (
	"sync"
	"time"

	page "belonging/web/pages/activity"
)

// byPlanVersion keeps what is worked out from a programme's plan alone (the
// plan page's drawn parts, the plan's export) by the programme's plan
// version, which every change to what they show raises in the same
// transaction (migration 000290; TestPlanVersionFollowsEveryTableThePlanReads).
// The version is read with the programme, before the plan's own reads, so
// what is kept at a version is never older than it. Past limit bytes the
// cache starts afresh.
type byPlanVersion[K comparable, V any] struct {
	mu      sync.Mutex
	entries map[K]keptAt[V]
	bytes   int
}

type keptAt[V any] struct {
	version int64
	value   V
	size    int
}

// planKeptBytes bounds what each cache keeps: a plan of 40 activities is
// about 40 KB of drawn parts, and its export about 20 KB.
const planKeptBytes = 8 << 20

// get returns what is kept for key at version.
func (c *byPlanVersion[K, V]) get(key K, version int64) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	return e.value, ok && e.version == version
}

// put keeps v, size bytes worked out at version, for key, unless
// something worked out at a later version is kept already.
func (c *byPlanVersion[K, V]) put(key K, version int64, v V, size int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	old, ok := c.entries[key]
	if ok && old.version > version {
		return
	}
	if c.entries == nil || c.bytes+size > planKeptBytes {
		c.entries, c.bytes = map[K]keptAt[V]{}, 0
	} else if ok {
		c.bytes -= old.size
	}
	c.entries[key] = keptAt[V]{version, v, size}
	c.bytes += size
}

// planKey names a plan page's drawn parts: besides the plan, they depend
// on the filter, the language and the hour (the next session is counted
// from today). A list filtered by evaluation code is not kept.
type planKey struct {
	programme int64
	year      int
	lang      string
	hour      int64
	filter    string
}

func newPlanKey(programme int64, year int, lang string, today time.Time, f page.PlanFilter) planKey {
	filter := f.Kind + "|" + f.Stage + "|" + f.Dimension + "|" + f.Status + "|" + f.Placement + "|" + f.YearOfStudy
	return planKey{programme: programme, year: year, lang: lang, hour: today.Truncate(time.Hour).Unix(), filter: filter}
}

// planParts are a plan page's parts drawn from its activities alone.
type planParts struct {
	figures  page.Figures
	years    []int32
	headline string
	coverage string
	list     string
}

func (p planParts) size() int { return len(p.headline) + len(p.coverage) + len(p.list) }

// exportKey names a plan's export.
type exportKey struct {
	programme int64
	year      int
}
