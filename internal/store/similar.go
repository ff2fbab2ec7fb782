package store

import (
	"context"
	"sync"

	"github.com/jackc/pgx/v5"
)

// SimilarTo describes the case study whose neighbours are wanted.
type SimilarTo struct {
	ID          int64
	Kind, Stage string
	Discipline  string
	Dimensions  []string
	// Words are the distinctive words of its title in to_tsquery syntax,
	// any one enough to match (see libsearch.Related); empty for none.
	Words string
}

// similarCandidates bounds how many publications are scored for "similar
// case studies" on each side: those sharing a title word that a scan
// finds first, and the newest of the same kind (read in order from the
// kind's index). The page runs this on every view, so the bound is small:
// scoring is what costs, each candidate's search vector read in full.
const similarCandidates = 30

// SimilarPublications returns up to limit publications the reader may
// see that are most like the given one: the same kind counts most, then
// the same stage, shared dimensions, the same discipline, and how well
// their text matches its title's words. It scores a bounded set of
// candidates, so the cost does not grow with the library; only the
// chosen few are read whole.
func (q *Queries) SimilarPublications(ctx context.Context, r Reader, s SimilarTo, limit int) ([]LibraryHit, error) {
	args := pgx.NamedArgs{"id": s.ID, "kind": s.Kind, "stage": s.Stage, "discipline": s.Discipline, "dimensions": s.Dimensions,
		"limit": limit, "candidates": similarCandidates, "words": s.Words}
	vis := r.visibility(args)
	text, byWords := "0", ""
	if s.Words != "" {
		text = "ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', p.search, to_tsquery('english', @words), 1|32)"
		byWords = `(SELECT p.case_study_id FROM case_study_publications p
			 WHERE ` + vis + ` AND p.case_study_id <> @id AND p.search @@ to_tsquery('english', @words)
			 LIMIT @candidates)
			UNION`
	}
	rows, err := q.db.Query(ctx, `
		WITH c AS (
			`+byWords+`
			(SELECT p.case_study_id FROM case_study_publications p
			 WHERE `+vis+` AND p.case_study_id <> @id AND p.kind = @kind
			 ORDER BY p.published_at DESC, p.case_study_id DESC
			 LIMIT @candidates)),
		best AS (
			SELECT p.case_study_id,
			       CASE WHEN p.kind = @kind THEN 2 ELSE 0 END
			       + CASE WHEN p.stage = @stage THEN 1 ELSE 0 END
			       + 0.5 * (SELECT count(*) FROM unnest(p.dimensions) d WHERE d = ANY (@dimensions::text[]))
			       + CASE WHEN @discipline <> '' AND p.discipline = @discipline THEN 0.5 ELSE 0 END
			       + 3 * `+text+` AS score
			FROM c JOIN case_study_publications p USING (case_study_id)
			ORDER BY score DESC, p.case_study_id DESC
			LIMIT @limit)
		SELECT p.case_study_id, p.title, p.summary, `+plainSnippet+`, p.kind, p.stage, p.dimensions, p.placement,
		       p.discipline, p.institution_name, p.evidence_strength, p.academic_year, p.visibility, p.published_at
		FROM best JOIN case_study_publications p USING (case_study_id)
		ORDER BY best.score DESC, p.case_study_id DESC`, pgx.QueryExecModeExec, args)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[LibraryHit])
}

// SimilarCache keeps each page's similar case studies by the library's
// version (LibraryVersion, raised by every change to the published case
// studies): the same publication read by the same kind of reader gets the
// same answer until the library changes, and working it out is most of
// what a case study's page costs the database. A version read before a
// change may be paired with the answer after it, never the other way
// round, so a kept answer is never older than its version.
type SimilarCache struct {
	mu      sync.Mutex
	version int64
	entries map[similarKey][]LibraryHit
}

type similarKey struct {
	id     int64
	reader Reader
	limit  int
}

// similarKept bounds the answers kept; past it the cache starts afresh.
const similarKept = 20000

// Similar is SimilarPublications for the publication id, asking PostgreSQL
// only for an answer not kept at the library's version; describe gives
// what the publication is like (its title's words take some working
// out), called only then. The hits returned are shared: do not change
// them.
func (c *SimilarCache) Similar(ctx context.Context, q *Queries, version int64, r Reader, id int64, describe func() SimilarTo, limit int) ([]LibraryHit, error) {
	key := similarKey{id, r, limit}
	c.mu.Lock()
	hits, ok := c.entries[key]
	ok = ok && c.version == version
	c.mu.Unlock()
	if ok {
		return hits, nil
	}
	s := describe()
	s.ID = id
	hits, err := q.SimilarPublications(ctx, r, s, limit)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case version < c.version:
		// Read before a change another request has already seen: use
		// the answer, keep nothing.
		return hits, nil
	case version > c.version || c.entries == nil || len(c.entries) >= similarKept:
		c.version, c.entries = version, map[similarKey][]LibraryHit{}
	}
	c.entries[key] = hits
	return hits, nil
}
