package store

import (
	"context"
	"strings"
	"sync"
	"time"
)

// CompiledSearches keeps searches as PostgreSQL compiled them (stemmed,
// stop words gone; see CompileSearch), so that a search typed again, as
// the library's common searches are, skips that round trip. Compiling
// depends only on the words and the database's English text-search
// configuration, which a running server never sees change; the words'
// shares of the library (RarestShare) change as it grows, so a search is
// compiled again after compiledFor.
type CompiledSearches struct {
	mu      sync.Mutex
	entries map[string]compiledSearch
}

type compiledSearch struct {
	SearchQueries
	at time.Time
}

// compiledFor is how long a compiled search is kept.
const compiledFor = time.Hour

// compiledKept bounds the searches kept; past it the cache starts afresh.
const compiledKept = 2000

// Compile is CompileSearch, asking PostgreSQL only for a search not seen
// before.
func (c *CompiledSearches) Compile(ctx context.Context, q *Queries, all, anyWords, phrase, exact, inTitle string) (SearchQueries, error) {
	key := strings.Join([]string{all, anyWords, phrase, exact, inTitle}, "\x00")
	c.mu.Lock()
	kept, ok := c.entries[key]
	c.mu.Unlock()
	if ok && time.Since(kept.at) < compiledFor {
		return kept.SearchQueries, nil
	}
	compiled, err := q.CompileSearch(ctx, all, anyWords, phrase, exact, inTitle)
	if err != nil {
		return compiled, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= compiledKept {
		c.entries = map[string]compiledSearch{}
	}
	c.entries[key] = compiledSearch{compiled, time.Now()}
	return compiled, nil
}
