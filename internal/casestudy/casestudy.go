// Package casestudy turns activities into shareable case studies: writing
// one pre-filled from its activity, the review that sharing beyond the
// institution needs, the library's search, collections and bookmarks.
package casestudy

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/sync/singleflight"

	"belonging/internal/access"
	"belonging/internal/auth"
	"belonging/internal/db"
	"belonging/internal/kept"
	"belonging/internal/notify"
	"belonging/internal/store"
	page "belonging/web/pages/casestudy"
)

// Handler serves the case study pages.
type Handler struct {
	Pool    *pgxpool.Pool
	Queries *store.Queries
	// Reads sends the library's searches to a replica while it is close
	// enough behind the primary (nil: always the primary).
	Reads *db.Reads
	// Access loads the records the routes name and answers 404 or 403.
	Access   *access.Loader
	Sessions *auth.Sessions
	// BaseURL makes absolute links for OpenGraph and the Atom feed.
	BaseURL string
	// Notify tells reviewers of a request and authors of a decision.
	Notify *notify.Notifier
	// ContextFor offers a new case study's context from its programme: the
	// "what belonging means here" note and the year's cohort profile, as
	// shown beyond the team (internal/cohort). Nil offers nothing.
	ContextFor func(ctx context.Context, institutionID, programmeID int64, year int) (string, error)

	// facets caches the counts of the library's unsearched lists, which
	// cover every readable case study and change slowly.
	facets facetCache
	// compiled keeps searches as PostgreSQL compiled them.
	compiled store.CompiledSearches
	// similar keeps each page's similar case studies until the library
	// changes.
	similar store.SimilarCache
	// searches keeps what searches found until the library changes, and
	// pages and groups the pages of results and the facets, drawn, from
	// them.
	searches kept.ByVersion[string, found]
	pages    kept.ByVersion[pageKey, []page.Hit]
	groups   kept.ByVersion[groupKey, drawnFacets]
}

// refID reads the id at the start of a readable address (paths.CaseStudy).
func refID(ref string) (int64, bool) {
	digits, _, _ := strings.Cut(ref, "-")
	id, err := strconv.ParseInt(digits, 10, 64)
	return id, err == nil && id > 0
}

// facetCache keeps facet counts for a minute, per reader scope and
// filters, when there is no search text.
type facetCache struct {
	mu      sync.Mutex
	entries map[string]facetEntry
	// kept numbers the counts kept, for what is drawn from them.
	kept int64
	// flight lets the readers who find the same counts missing wait for
	// one count rather than each counting the whole library.
	flight singleflight.Group
}

// load returns the counts kept for key, and the number they were kept
// under (each count kept gets a higher one), or counts them with count
// once however many readers ask at the same time, and keeps them. Counts a
// little past their minute are answered at once while one count runs
// behind them; older ones are waited for. The count runs apart from the
// asker's request, so that its end does not fail the others waiting.
func (c *facetCache) load(ctx context.Context, key string, count func(context.Context) ([]store.FacetCount, error)) ([]store.FacetCount, int64, error) {
	e, age, ok := c.lookup(key, time.Now())
	if ok && age <= 0 {
		return e.counts, e.number, nil
	}
	recount := func() (any, error) {
		if e, age, ok := c.lookup(key, time.Now()); ok && age <= 0 {
			return e, nil
		}
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), facetCountTime)
		defer cancel()
		counts, err := count(ctx)
		if err != nil {
			return nil, err
		}
		return c.put(key, counts, time.Now()), nil
	}
	if ok && age <= facetStale {
		c.flight.DoChan(key, recount)
		return e.counts, e.number, nil
	}
	// The asker waits for the shared count only as long as its own
	// request lasts: past its deadline it answers "took too long" while
	// the count goes on for the others.
	select {
	case res := <-c.flight.DoChan(key, recount):
		if res.Err != nil {
			return nil, 0, res.Err
		}
		e := res.Val.(facetEntry)
		return e.counts, e.number, nil
	case <-ctx.Done():
		return nil, 0, ctx.Err()
	}
}

// facetStale is how long past their minute counts are still answered
// while they are counted again.
const facetStale = 10 * time.Minute

// facetCountTime bounds a shared count of the library's facets.
const facetCountTime = 30 * time.Second

type facetEntry struct {
	counts  []store.FacetCount
	number  int64
	expires time.Time
}

// lookup returns the counts kept for key and how long ago they expired
// (zero or less: not yet).
func (c *facetCache) lookup(key string, now time.Time) (facetEntry, time.Duration, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	return e, now.Sub(e.expires), ok
}

func (c *facetCache) get(key string, now time.Time) ([]store.FacetCount, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || now.After(e.expires) {
		return nil, false
	}
	return e.counts, true
}

func (c *facetCache) put(key string, counts []store.FacetCount, now time.Time) facetEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) > 1000 {
		c.entries = map[string]facetEntry{}
	}
	c.kept++
	e := facetEntry{counts: counts, number: c.kept, expires: now.Add(time.Minute)}
	c.entries[key] = e
	return e
}
