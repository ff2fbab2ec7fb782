package casestudy

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/a-h/templ"

	"belonging/internal/i18n"
	"belonging/internal/libsearch"
	"belonging/internal/store"
	page "belonging/web/pages/casestudy"
)

// fewMatches is how few case studies with all of a search's words leave
// room for those with some of them: below it, the library shows up to
// partialShown of those under their own heading.
const (
	fewMatches   = 5
	partialShown = 10
)

// found is what a search's matches come to: the total and the counts by
// facet of the counted sample (countMatches), the matches in order of
// relevance for a ranked search (rankMatches), and, where few case studies
// have every word, up to partialShown of those with some (partialMatches).
// For a list without search text (libraryFacets), its counts by facet.
type found struct {
	facets  []store.FacetCount
	total   int
	more    bool
	order   []int64
	partial []page.Hit
	// key names the search or list and version is the library's version
	// it was found at (for a list, the number its counts were kept
	// under), for what is drawn from it; key is empty for a search that
	// is not kept.
	key     string
	version int64
}

// size is about how many bytes f holds, for the cache's limit.
func (f found) size() int {
	n := 64 + 8*len(f.order)
	for _, c := range f.facets {
		n += 48 + len(c.Facet) + len(c.Value) + len(c.Label)
	}
	for _, hit := range f.partial {
		n += hitSize(hit)
	}
	return n
}

// hitSize is about how many bytes a result drawn for the page holds, its
// snippet's marked text included.
func hitSize(hit page.Hit) int {
	return 512 + 3*len(hit.Title) + len(hit.URL) + len(hit.Institution)
}

// searchMatches finds a search's matches (LibraryMatches), counts and
// ranks them. What it finds depends only on the published case studies,
// so it is kept by the library's version (LibraryVersion, raised by every
// change to them) for the same search by the same kind of reader, and
// worked out again once the library changes: a search typed again, or
// paged through, costs one small read. A filter by evaluation codes reads
// activities' codes, which the library's version does not follow, and is
// never kept. The searches kept take up to kept.ByVersion's limit (8 MiB)
// per server. What is returned is shared: do not change it.
func (h *Handler) searchMatches(ctx context.Context, qs *store.Queries, lq store.LibraryQuery, anyWords string, ranked bool) (found, error) {
	keep := !lq.Codes.Active()
	var key string
	var version int64
	if keep {
		var err error
		if version, err = qs.LibraryVersion(ctx); err != nil {
			return found{}, err
		}
		key = searchKey(lq, anyWords, ranked)
		if f, ok := h.searches.Get(key, version); ok {
			return f, nil
		}
	}
	matches, err := qs.LibraryMatches(ctx, lq)
	if err != nil {
		return found{}, err
	}
	var f found
	f.facets, f.total, f.more = countMatches(matches)
	if ranked {
		f.order = rankMatches(matches)
		if anyWords != "" && !f.more && f.total < fewMatches {
			if f.partial, err = partialMatches(ctx, qs, lq, anyWords, f.order); err != nil {
				return found{}, err
			}
		}
	}
	if keep {
		f.key, f.version = key, version
		h.searches.Put(key, version, f, f.size())
	}
	return f, nil
}

// pageKey names a page of a kept search's results.
type pageKey struct {
	search string
	offset int
}

// rankedPage draws the page of a ranked search's results from offset,
// with their snippets: kept with the search, by the library's version.
// What is returned is shared: do not change it.
func (h *Handler) rankedPage(ctx context.Context, qs *store.Queries, f found, lq store.LibraryQuery) ([]page.Hit, error) {
	key := pageKey{f.key, lq.Offset}
	if f.key != "" {
		if views, ok := h.pages.Get(key, f.version); ok {
			return views, nil
		}
	}
	ids := f.order[lq.Offset:min(lq.Offset+perPage, len(f.order))]
	hits, err := libraryHitsInOrder(ctx, qs, ids, lq.Match)
	if err != nil {
		return nil, err
	}
	views, size := hitViews(hits)
	if f.key != "" {
		h.pages.Put(key, f.version, views, size)
	}
	return views, nil
}

// listPage draws the page of a list, or of a search sorted by date (f,
// from searchMatches), from its offset, newest first. What it shows
// depends only on the published case studies, so it is kept by the
// library's version, as a ranked search's pages are, unless filtered by
// evaluation codes (which that version does not follow). What is returned
// is shared: do not change it.
func (h *Handler) listPage(ctx context.Context, qs *store.Queries, f found, lq store.LibraryQuery) ([]page.Hit, error) {
	key, version := pageKey{f.key, lq.Offset}, f.version
	if lq.Match == "" {
		// A list's f (libraryFacets) names the list, at the number of
		// its counts: its pages are kept by the library's version.
		if lq.Codes.Active() {
			key.search = ""
		} else {
			var err error
			if version, err = qs.LibraryVersion(ctx); err != nil {
				return nil, err
			}
		}
	}
	if key.search != "" {
		if views, ok := h.pages.Get(key, version); ok {
			return views, nil
		}
	}
	hits, err := qs.LibrarySearch(ctx, lq)
	if err != nil {
		return nil, err
	}
	views, size := hitViews(hits)
	if key.search != "" {
		h.pages.Put(key, version, views, size)
	}
	return views, nil
}

// groupKey names a kept search's facets as drawn in a language.
type groupKey struct{ search, lang string }

// drawnFacets are a search's facets, and drawn as the page shows them.
type drawnFacets struct {
	groups []page.FacetGroup
	fields templ.Component
}

// searchFacets is facetGroups for a kept search's or list's counts, with
// the facets drawn (page.FacetFields), kept with them at their version
// for each language: what they show depends on nothing else of the
// reader's (their choices are part of the key). For a search not kept,
// the groups of facets, not drawn. What is returned is shared: do not
// change it.
func (h *Handler) searchFacets(ctx context.Context, f found, facets []store.FacetCount, lq store.LibraryQuery) ([]page.FacetGroup, templ.Component) {
	if f.key == "" {
		return facetGroups(ctx, facets, lq), nil
	}
	key := groupKey{f.key, i18n.Lang(ctx)}
	if d, ok := h.groups.Get(key, f.version); ok {
		return d.groups, d.fields
	}
	groups := facetGroups(ctx, f.facets, lq)
	var b strings.Builder
	if err := page.FacetFields(groups, f.more).Render(ctx, &b); err != nil {
		return groups, nil
	}
	d := drawnFacets{groups, templ.Raw(b.String())}
	size := 2 * b.Len()
	for _, g := range groups {
		size += 64 + len(g.Label)
		for _, o := range g.Options {
			size += 96 + len(o.Value) + len(o.Label)
		}
	}
	h.groups.Put(key, f.version, d, size)
	return d.groups, d.fields
}

// searchKey names a search by everything LibraryMatches and
// partialMatches read of it: not the page shown.
func searchKey(lq store.LibraryQuery, anyWords string, ranked bool) string {
	return fmt.Sprintf("%q|%q|%q|%q|%q|%v|%v|", lq.Match, lq.Phrase, lq.Exact, lq.InTitle, anyWords, ranked, lq.Newest) + filterKey(lq)
}

// filterKey names a list or search by its reader and filters, evaluation
// codes included.
func filterKey(lq store.LibraryQuery) string {
	return fmt.Sprintf("%v|%q|%q|%q|%q|%q|%v|%v|%v|%q|%q", lq.Reader, lq.Kinds, lq.Stages, lq.Dimensions, lq.Placements, lq.Disciplines,
		lq.Strengths, lq.Institutions, lq.Years, lq.Codes.Types, lq.Codes.Risk)
}

// partialMatches finds the case studies with some but not all of a
// search's words, best first, leaving out those already found with all
// of them. anyWords is the search as a tsquery of any wanted word.
func partialMatches(ctx context.Context, qs *store.Queries, lq store.LibraryQuery, anyWords string, all []int64) ([]page.Hit, error) {
	lq.Match, lq.Phrase, lq.Exact, lq.InTitle = anyWords, "", "", ""
	matches, err := qs.LibraryMatches(ctx, lq)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, id := range rankMatches(matches) {
		if !slices.Contains(all, id) {
			ids = append(ids, id)
		}
		if len(ids) == partialShown {
			break
		}
	}
	hits, err := libraryHitsInOrder(ctx, qs, ids, anyWords)
	if err != nil {
		return nil, err
	}
	views, _ := hitViews(hits)
	return views, nil
}

// libraryHitsInOrder reads the publications with the given ids, with
// snippets for the search, in the order of the ids.
func libraryHitsInOrder(ctx context.Context, qs *store.Queries, ids []int64, match string) ([]store.LibraryHit, error) {
	hits, err := qs.LibraryHits(ctx, ids, match)
	if err != nil {
		return nil, err
	}
	at := map[int64]int{}
	for i, id := range ids {
		at[id] = i
	}
	slices.SortFunc(hits, func(a, b store.LibraryHit) int { return at[a.ID] - at[b.ID] })
	return hits, nil
}

// similarShown is how many similar case studies a case study's page shows.
const similarShown = 3

// similarTo finds the case studies most like a publication that the
// reader may also read, for its page: kept until the library changes.
func (h *Handler) similarTo(ctx context.Context, r store.Reader, pub store.GetPublicationRow) ([]page.Hit, error) {
	version, err := h.Queries.LibraryVersion(ctx)
	if err != nil {
		return nil, err
	}
	hits, err := h.similar.Similar(ctx, h.Queries, version, r, pub.CaseStudyID, func() store.SimilarTo {
		return store.SimilarTo{Kind: pub.Kind, Stage: pub.Stage, Discipline: pub.Discipline, Dimensions: pub.Dimensions,
			Words: libsearch.Related(pub.Title)}
	}, similarShown)
	if err != nil {
		return nil, err
	}
	views, _ := hitViews(hits)
	return views, nil
}
