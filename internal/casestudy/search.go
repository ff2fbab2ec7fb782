package casestudy

import (
	"context"
	"slices"

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

// partialMatches finds the case studies with some but not all of a
// search's words, best first, leaving out those already found with all
// of them. anyWords is the search as a tsquery of any wanted word.
func partialMatches(ctx context.Context, qs *store.Queries, lq store.LibraryQuery, anyWords string, found []int64) ([]page.Hit, error) {
	lq.Match, lq.Phrase, lq.Exact, lq.InTitle = anyWords, "", "", ""
	matches, err := qs.LibraryMatches(ctx, lq)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, id := range rankMatches(matches) {
		if !slices.Contains(found, id) {
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
	views := make([]page.Hit, len(hits))
	for i, hit := range hits {
		views[i] = hitView(hit)
	}
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
	views := make([]page.Hit, len(hits))
	for i, hit := range hits {
		views[i] = hitView(hit)
	}
	return views, nil
}
