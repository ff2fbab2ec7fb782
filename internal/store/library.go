package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Reader says which publications a person may read: public ones always;
// network ones when signed in; institution ones of their own institution.
type Reader struct {
	SignedIn      bool
	InstitutionID int64
}

// visibility is the SQL condition for what the reader may see.
func (r Reader) visibility(args pgx.NamedArgs) string {
	if !r.SignedIn {
		return "p.visibility = 'public'"
	}
	args["reader_institution"] = r.InstitutionID
	return "(p.visibility IN ('network', 'public') OR (p.visibility = 'institution' AND p.institution_id = @reader_institution))"
}

// LibraryQuery is a search of the case study library.
type LibraryQuery struct {
	Reader       Reader
	Text         string
	Kinds        []string
	Stages       []string
	Dimensions   []string
	Placements   []string
	Disciplines  []string
	Strengths    []int
	Institutions []int64
	Years        []int
	// Newest sorts by publication date; otherwise, with text, relevance.
	Newest bool
	Offset int
	Limit  int
}

// LibraryHit is one case study in the results.
type LibraryHit struct {
	ID               int64     `db:"case_study_id"`
	Title            string    `db:"title"`
	Summary          string    `db:"summary"`
	Snippet          string    `db:"snippet"`
	Kind             string    `db:"kind"`
	Stage            string    `db:"stage"`
	Dimensions       []string  `db:"dimensions"`
	Placement        string    `db:"placement"`
	Discipline       string    `db:"discipline"`
	InstitutionName  string    `db:"institution_name"`
	EvidenceStrength int32     `db:"evidence_strength"`
	AcademicYear     int32     `db:"academic_year"`
	Visibility       string    `db:"visibility"`
	PublishedAt      time.Time `db:"published_at"`
}

// FacetCount is how many results have one value of one facet.
type FacetCount struct {
	Facet string `db:"facet"`
	Value string `db:"value"`
	Label string `db:"label"`
	Count int    `db:"n"`
}

// Snippet markers: ts_headline puts these around matched words, and the
// page escapes the text before turning them into <mark> tags.
const (
	MarkStart = "\x01"
	MarkStop  = "\x02"
)

// Candidates bounds the work of a relevance search: only this many
// matches, title matches and the newest first, are ranked with ts_rank,
// however many documents match.
const Candidates = 300

func (q LibraryQuery) where(args pgx.NamedArgs) string {
	conds := []string{q.Reader.visibility(args)}
	if q.Text != "" {
		args["text"] = q.Text
		conds = append(conds, "p.search @@ websearch_to_tsquery('english', @text)")
	}
	add := func(column, name string, values any, n int) {
		if n > 0 {
			args[name] = values
			conds = append(conds, fmt.Sprintf("%s = ANY(@%s)", column, name))
		}
	}
	add("p.kind", "kinds", q.Kinds, len(q.Kinds))
	add("p.stage", "stages", q.Stages, len(q.Stages))
	add("p.placement", "placements", q.Placements, len(q.Placements))
	add("p.discipline", "disciplines", q.Disciplines, len(q.Disciplines))
	add("p.evidence_strength", "strengths", q.Strengths, len(q.Strengths))
	add("p.institution_id", "institutions", q.Institutions, len(q.Institutions))
	add("p.academic_year", "years", q.Years, len(q.Years))
	if len(q.Dimensions) > 0 {
		args["dimensions"] = q.Dimensions
		conds = append(conds, "p.dimensions && @dimensions::text[]")
	}
	return strings.Join(conds, " AND ")
}

// QueryIsEmpty reports whether the text has no searchable words (only
// stop words or punctuation), which would match nothing.
func (q *Queries) QueryIsEmpty(ctx context.Context, text string) (bool, error) {
	var n int
	err := q.db.QueryRow(ctx, "SELECT numnode(websearch_to_tsquery('english', $1))", text).Scan(&n)
	return n == 0, err
}

// CountCap bounds the counting of a text search: a search matching more
// than this many case studies (a single common word, say) reports "more
// than CountCap" and facet values without counts, rather than reading
// every match to count it exactly.
const CountCap = 1000

// LibraryFacets counts the results by each facet in one query, the total
// among them. With limit > 0 it reads at most limit+1 matches, so a total
// above limit means "more than limit" and the counts cover only those.
func (q *Queries) LibraryFacets(ctx context.Context, lq LibraryQuery, limit int) ([]FacetCount, error) {
	args := pgx.NamedArgs{}
	where := lq.where(args)
	bound := ""
	if limit > 0 {
		args["count_limit"] = limit + 1
		bound = "LIMIT @count_limit"
	}
	rows, err := q.db.Query(ctx, `
		WITH m AS MATERIALIZED (
			SELECT p.kind, p.stage, p.dimensions, p.placement, p.discipline, p.evidence_strength, p.institution_id,
			       p.institution_name, p.academic_year
			FROM case_study_publications p
			WHERE `+where+`
			`+bound+`)
		SELECT 'total' AS facet, '' AS value, '' AS label, count(*)::int AS n FROM m
		UNION ALL SELECT 'kind', kind, '', count(*)::int FROM m GROUP BY kind
		UNION ALL SELECT 'stage', stage, '', count(*)::int FROM m GROUP BY stage
		UNION ALL SELECT 'dimension', d, '', count(*)::int FROM m, unnest(m.dimensions) AS d GROUP BY d
		UNION ALL SELECT 'placement', placement, '', count(*)::int FROM m GROUP BY placement
		UNION ALL SELECT 'discipline', discipline, '', count(*)::int FROM m WHERE discipline <> '' GROUP BY discipline
		UNION ALL SELECT 'strength', evidence_strength::text, '', count(*)::int FROM m GROUP BY evidence_strength
		UNION ALL SELECT 'institution', institution_id::text, min(institution_name), count(*)::int FROM m GROUP BY institution_id
		UNION ALL SELECT 'year', academic_year::text, '', count(*)::int FROM m GROUP BY academic_year`, args)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[FacetCount])
}

// LibrarySearch returns one page of results. With text and relevance
// order, matches are narrowed to at most 2×Candidates (the newest title
// matches and the newest matches anywhere, each found through an index
// without reading the rest) before ts_rank reads their full text, and the
// best Candidates of those are the ones that can be paged through.
// Snippets are built only for the page shown, from the summary and the
// start of the body.
func (q *Queries) LibrarySearch(ctx context.Context, lq LibraryQuery) ([]LibraryHit, error) {
	args := pgx.NamedArgs{"limit": lq.Limit, "offset": lq.Offset}
	where := lq.where(args)
	snippet := "left(p.summary, 300)"
	if lq.Text != "" {
		snippet = `ts_headline('english', left(p.summary || ' ' || p.body, 2000), websearch_to_tsquery('english', @text),
			'StartSel=` + MarkStart + `, StopSel=` + MarkStop + `, MaxWords=40, MinWords=18, MaxFragments=2, FragmentDelimiter=" … "')`
	}
	// page holds the ids of the page's results with the key they are
	// ordered by, so the outer query keeps that order.
	var order string
	if lq.Text == "" || lq.Newest {
		order = `
			page AS (
				SELECT p.case_study_id, extract(epoch FROM p.published_at)::float8 AS sort_key FROM case_study_publications p
				WHERE ` + where + `
				ORDER BY p.published_at DESC, p.case_study_id DESC
				LIMIT @limit OFFSET @offset)`
	} else {
		args["candidates"] = Candidates
		order = `
			candidates AS (
				(SELECT p.case_study_id FROM case_study_publications p
				 WHERE ` + where + ` AND p.title_vec @@ websearch_to_tsquery('english', @text)
				 ORDER BY p.published_at DESC, p.case_study_id DESC
				 LIMIT @candidates)
				UNION
				(SELECT p.case_study_id FROM case_study_publications p
				 WHERE ` + where + `
				 ORDER BY p.published_at DESC, p.case_study_id DESC
				 LIMIT @candidates)),
			page AS (
				SELECT p.case_study_id, ts_rank('{0.1, 0.2, 0.4, 1.0}', p.search, websearch_to_tsquery('english', @text))::float8 AS sort_key
				FROM case_study_publications p JOIN candidates USING (case_study_id)
				ORDER BY sort_key DESC, p.case_study_id DESC
				LIMIT @limit OFFSET @offset)`
	}
	rows, err := q.db.Query(ctx, `
		WITH `+order+`
		SELECT p.case_study_id, p.title, p.summary, `+snippet+` AS snippet, p.kind, p.stage, p.dimensions, p.placement,
		       p.discipline, p.institution_name, p.evidence_strength, p.academic_year, p.visibility, p.published_at
		FROM page JOIN case_study_publications p USING (case_study_id)
		ORDER BY page.sort_key DESC, p.case_study_id DESC`, args)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[LibraryHit])
}

// RecentPublications lists the newest publications the reader may see,
// for the Atom feed.
func (q *Queries) RecentPublications(ctx context.Context, r Reader, limit int) ([]LibraryHit, error) {
	args := pgx.NamedArgs{"limit": limit}
	rows, err := q.db.Query(ctx, `
		SELECT p.case_study_id, p.title, p.summary, left(p.summary, 300) AS snippet, p.kind, p.stage, p.dimensions,
		       p.placement, p.discipline, p.institution_name, p.evidence_strength, p.academic_year, p.visibility, p.published_at
		FROM case_study_publications p
		WHERE `+r.visibility(args)+` AND p.visibility IN ('network', 'public')
		ORDER BY p.published_at DESC, p.case_study_id DESC
		LIMIT @limit`, args)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[LibraryHit])
}

// Bookmarked lists the reader's bookmarked case studies that they may
// still read.
func (q *Queries) Bookmarked(ctx context.Context, r Reader, userID int64) ([]LibraryHit, error) {
	args := pgx.NamedArgs{"user_id": userID}
	rows, err := q.db.Query(ctx, `
		SELECT p.case_study_id, p.title, p.summary, left(p.summary, 300) AS snippet, p.kind, p.stage, p.dimensions,
		       p.placement, p.discipline, p.institution_name, p.evidence_strength, p.academic_year, p.visibility, p.published_at
		FROM bookmarks b JOIN case_study_publications p ON p.case_study_id = b.case_study_id
		WHERE b.user_id = @user_id AND `+r.visibility(args)+`
		ORDER BY b.created_at DESC
		LIMIT 500`, args)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[LibraryHit])
}
