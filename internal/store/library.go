package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"belonging/internal/libsearch"
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
	Reader Reader
	// Match is the search as a tsquery (see CompileSearch); empty for a
	// list without search text.
	Match string
	// Phrase, a tsquery of the exact phrase the reader most likely means,
	// ranks the matches with it in their title or summary first.
	Phrase string
	// Exact is Match without synonyms and other spellings: matching the
	// words as typed ranks higher.
	Exact string
	// InTitle is Match for the title alone: a title with every word
	// ranks higher.
	InTitle      string
	Kinds        []string
	Stages       []string
	Dimensions   []string
	Placements   []string
	Disciplines  []string
	Strengths    []int
	Institutions []int64
	Years        []int
	// Codes filters by the evaluation codes of each case study's activity.
	Codes CodeFilter
	// Newest sorts by publication date; otherwise, with text, relevance.
	Newest bool
	Offset int
	Limit  int
}

// LibraryHit is one case study in the results.
type LibraryHit struct {
	ID      int64  `db:"case_study_id"`
	Title   string `db:"title"`
	Summary string `db:"summary"`
	Snippet string `db:"snippet"`
	// Cut says the snippet's text was cut short, so its last sentence
	// may be unfinished.
	Cut              bool      `db:"cut"`
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

// Snippet markers: markHeadlines puts these around matched words, and the
// page escapes the text before turning them into <mark> tags.
const (
	MarkStart = "\x01"
	MarkStop  = "\x02"
)

// Candidates and RecentWindow bound the work of a relevance search (see
// LibraryMatches): besides the counted matches, at most Candidates of the
// newest RecentWindow publications are ranked.
const (
	Candidates   = 200
	RecentWindow = 1000
)

func (q LibraryQuery) where(args pgx.NamedArgs) string {
	conds := []string{q.Reader.visibility(args)}
	if q.Match != "" {
		args["match"] = q.Match
		conds = append(conds, "p.search @@ @match::tsquery")
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
	if byCode := q.Codes.conditions("cs.institution_id", "cs.activity_id", args); len(byCode) > 0 {
		conds = append(conds, "EXISTS (SELECT 1 FROM case_studies cs WHERE cs.id = p.case_study_id AND "+strings.Join(byCode, " AND ")+")")
	}
	return strings.Join(conds, " AND ")
}

// SearchQueries are a search's queries as PostgreSQL reads them: each
// word stemmed, stop words gone. Passed back as tsquery values, they are
// parsed once per search rather than once per row.
type SearchQueries struct {
	All, Any, Phrase, Exact, InTitle string
	// Empty says the search has no searchable words (only stop words or
	// punctuation), which would match nothing.
	Empty bool
}

// CompileSearch turns a search's queries, in to_tsquery syntax (built by
// libsearch from the words typed, so they hold only words and operators),
// into tsquery text.
func (q *Queries) CompileSearch(ctx context.Context, all, anyWords, phrase, exact, inTitle string) (SearchQueries, error) {
	var s SearchQueries
	err := q.db.QueryRow(ctx, `
		SELECT a::text, numnode(a) = 0, to_tsquery('english', $2)::text, to_tsquery('english', $3)::text,
		       to_tsquery('english', $4)::text, to_tsquery('english', $5)::text
		FROM to_tsquery('english', $1) a`, all, anyWords, phrase, exact, inTitle).Scan(&s.All, &s.Empty, &s.Any, &s.Phrase, &s.Exact, &s.InTitle)
	return s, err
}

// CountCap bounds the counting of a text search: a search matching more
// than this many case studies (a single common word, say) reports "more
// than CountCap" and facet values without counts, rather than reading
// every match to count it exactly.
const CountCap = 200

// LibraryFacets counts every match by each facet in one query, the total
// among them. The library uses it without search text, where the counts
// change only when something is published, and keeps them a minute.
func (q *Queries) LibraryFacets(ctx context.Context, lq LibraryQuery) ([]FacetCount, error) {
	args := pgx.NamedArgs{}
	where := lq.where(args)
	rows, err := q.db.Query(ctx, `
		WITH m AS MATERIALIZED (
			SELECT p.kind, p.stage, p.dimensions, p.placement, p.discipline, p.evidence_strength, p.institution_id,
			       p.institution_name, p.academic_year
			FROM case_study_publications p
			WHERE `+where+`)
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

// LibrarySearch returns one page of results newest first: every case
// study the query allows without search text, or the matches of the text
// (for "order by newest").
func (q *Queries) LibrarySearch(ctx context.Context, lq LibraryQuery) ([]LibraryHit, error) {
	args := pgx.NamedArgs{"limit": lq.Limit, "offset": lq.Offset}
	where := lq.where(args)
	snippet := plainSnippet
	// A search's words change its best plan (see LibraryMatches), so a
	// search is planned for them; a list's filters do not, so a list is
	// prepared as the pool prepares every statement.
	queryArgs := []any{args}
	if lq.Match != "" {
		snippet, queryArgs = headline, []any{pgx.QueryExecModeExec, args}
	}
	order := `
		page AS (
			SELECT p.case_study_id, extract(epoch FROM p.published_at)::float8 AS sort_key FROM case_study_publications p
			WHERE ` + where + `
			ORDER BY p.published_at DESC, p.case_study_id DESC
			LIMIT @limit OFFSET @offset)`
	rows, err := q.db.Query(ctx, `
		WITH `+order+`
		SELECT p.case_study_id, p.title, p.summary, `+snippet+`, p.kind, p.stage, p.dimensions, p.placement,
		       p.discipline, p.institution_name, p.evidence_strength, p.academic_year, p.visibility, p.published_at
		FROM page JOIN case_study_publications p USING (case_study_id)
		ORDER BY page.sort_key DESC, p.case_study_id DESC`, queryArgs...)
	if err != nil {
		return nil, err
	}
	hits, err := pgx.CollectRows(rows, pgx.RowToStructByName[LibraryHit])
	if err == nil && lq.Match != "" {
		markHeadlines(hits, lq.Match)
	}
	return hits, err
}

// headline is the text a search result's snippet is picked from (see
// libsearch.Snippet): the summary and the start of the body. Marking a
// bounded text whole, rather than picking fragments, lets the snippet start
// where a sentence starts; markHeadlines marks its matched words.
const headline = `left(p.summary || ' ' || p.body, ` + headlineText + `) AS snippet,
	length(p.summary) + 1 + length(p.body) > ` + headlineText + ` AS cut`

// markHeadlines puts MarkStart and MarkStop around every word of the hits'
// snippets that matches the search, as ts_headline would, but in the app
// server: ts_headline parsed and stemmed every word of twenty 900-character
// texts for each page of results, a sixth of a search's database time,
// and the app servers are the part that scales out.
func markHeadlines(hits []LibraryHit, match string) {
	lexemes := libsearch.LexemesOf(match)
	for i := range hits {
		hits[i].Snippet = lexemes.Highlight(hits[i].Snippet, MarkStart, MarkStop)
	}
}

// headlineText bounds the characters marked for a snippet.
const headlineText = "900"

// plainSnippet is the snippet of a publication without search text: the
// start of its summary.
const plainSnippet = `left(p.summary, 400) AS snippet, length(p.summary) > 400 AS cut`

// LibraryMatch is one match of a text search, with its facets and its
// relevance.
type LibraryMatch struct {
	// Sample is true for the first CountCap+1 matches the index gives,
	// which are counted; false for the matches among the newest
	// publications, which are only ranked and carry only ID and Rank.
	Sample           bool     `db:"sample"`
	ID               int64    `db:"case_study_id"`
	Kind             string   `db:"kind"`
	Stage            string   `db:"stage"`
	Dimensions       []string `db:"dimensions"`
	Placement        string   `db:"placement"`
	Discipline       string   `db:"discipline"`
	EvidenceStrength int32    `db:"evidence_strength"`
	InstitutionID    int64    `db:"institution_id"`
	InstitutionName  string   `db:"institution_name"`
	AcademicYear     int32    `db:"academic_year"`
	Rank             float64  `db:"rank"`
}

// LibraryMatches finds the matches of a text search in one query, reading
// a bounded number of rows however many documents match: up to
// CountCap+1 matches through the GIN index (all of them when there are no
// more), which give the count and the facet counts, and the matches among
// the newest RecentWindow publications, so that new work is always
// ranked. Each comes with its relevance: ts_rank_cd (cover density, so
// words near each other count more), in which title words
// weigh most, then the summary's, then the body's, divided by 1 + the
// logarithm of the document's length (so a long write-up that repeats a
// word does not outrank a short one about it) and scaled below 1, and
// averaged with the same for the words as typed when the search was
// widened to synonyms (so the word typed counts more); plus a
// half when the title alone has every word; plus 1 when the title or
// summary has the exact phrase, which puts those first.
func (q *Queries) LibraryMatches(ctx context.Context, lq LibraryQuery) ([]LibraryMatch, error) {
	args := pgx.NamedArgs{"count_limit": CountCap + 1, "window": RecentWindow, "candidates": Candidates}
	where := lq.where(args)
	phraseFirst := ""
	byWords := "ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', p.search, @match::tsquery, 1|32)"
	if lq.Exact != "" && lq.Exact != lq.Match {
		args["exact"] = lq.Exact
		byWords = "(" + byWords + " + ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', p.search, @exact::tsquery, 1|32)) / 2"
	}
	if lq.Phrase != "" {
		args["phrase"] = lq.Phrase
		phraseFirst = "CASE WHEN p.search @@ @phrase::tsquery THEN 1 ELSE 0 END + "
	}
	titleAll := ""
	if lq.InTitle != "" {
		args["in_title"] = lq.InTitle
		titleAll = "CASE WHEN p.search @@ @in_title::tsquery THEN 0.5 ELSE 0 END + "
	}
	rank := `(` + phraseFirst + titleAll + byWords + `)::float8 AS rank`
	// The dimensions come as one string: this query is sent for its own
	// plan (below), so its rows come back as text, and two hundred text
	// arrays cost the app server more to parse than the words split.
	cols := `p.case_study_id, p.kind, p.stage, array_to_string(p.dimensions, ' '), p.placement, p.discipline,
		p.evidence_strength, p.institution_id, p.institution_name, p.academic_year, ` + rank
	// The newest publications' matches are only ranked, never counted, so
	// their facets are left empty rather than sent and decoded.
	rankOnly := `p.case_study_id, '', '', '', '', '', 0, 0::bigint, '', 0, ` + rank
	// Planned for each search's own words (QueryExecModeExec): a plan made
	// once for any words suits neither a common word, which the table scan
	// finds at once, nor a rare one, which only the index finds quickly.
	rows, err := q.db.Query(ctx, `
		(SELECT true AS sample, `+cols+` FROM case_study_publications p
		 WHERE `+where+`
		 LIMIT @count_limit)
		UNION ALL
		(SELECT false, `+rankOnly+` FROM (
			SELECT * FROM case_study_publications ORDER BY published_at DESC, case_study_id DESC LIMIT @window) p
		 WHERE `+where+`
		 LIMIT @candidates)`, pgx.QueryExecModeExec, args)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (LibraryMatch, error) {
		var m LibraryMatch
		var dimensions string
		err := row.Scan(&m.Sample, &m.ID, &m.Kind, &m.Stage, &dimensions, &m.Placement, &m.Discipline, &m.EvidenceStrength,
			&m.InstitutionID, &m.InstitutionName, &m.AcademicYear, &m.Rank)
		m.Dimensions = strings.Fields(dimensions)
		return m, err
	})
}

// LibraryHits returns the publications with the given ids, with snippets
// for the search text, in no particular order.
func (q *Queries) LibraryHits(ctx context.Context, ids []int64, match string) ([]LibraryHit, error) {
	rows, err := q.db.Query(ctx, `
		SELECT p.case_study_id, p.title, p.summary, `+headline+`, p.kind, p.stage, p.dimensions, p.placement,
		       p.discipline, p.institution_name, p.evidence_strength, p.academic_year, p.visibility, p.published_at
		FROM case_study_publications p
		WHERE p.case_study_id = ANY(@ids)`, pgx.NamedArgs{"ids": ids})
	if err != nil {
		return nil, err
	}
	hits, err := pgx.CollectRows(rows, pgx.RowToStructByName[LibraryHit])
	if err == nil {
		markHeadlines(hits, match)
	}
	return hits, err
}

// RecentPublications lists the newest publications the reader may see,
// for the Atom feed.
func (q *Queries) RecentPublications(ctx context.Context, r Reader, limit int) ([]LibraryHit, error) {
	args := pgx.NamedArgs{"limit": limit}
	rows, err := q.db.Query(ctx, `
		SELECT p.case_study_id, p.title, p.summary, `+plainSnippet+`, p.kind, p.stage, p.dimensions,
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
		SELECT p.case_study_id, p.title, p.summary, `+plainSnippet+`, p.kind, p.stage, p.dimensions,
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
