package store_test

import (
	"context"
	"testing"

	"belonging/internal/libsearch"
	"belonging/internal/store"
	"belonging/internal/testkit"
)

// TestHighlightMarksWhatTsHeadlineMarks holds the app server's
// highlighting (libsearch.Lexemes.Highlight) to PostgreSQL's own: for every
// case study of the demo library and searches that stem words in every way
// the library's text does, the text marked in Go equals ts_headline's with
// HighlightAll, word for word.
func TestHighlightMarksWhatTsHeadlineMarks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool, _ := testkit.Pool(t, testkit.SeededDB(t))
	q := store.New(pool)
	searches := []string{
		"coffee mornings belonging", "mentoring -online", "commuter carers", "students", `"community garden"`,
		"studies studying", "induction welcome", "alumni mentors", "evaluated evaluation", "first-year", "staff's",
		"Meet the Researcher", "confidence 2024", "co-created resources", "happily happiness", "international",
	}
	compared := 0
	for _, text := range searches {
		parsed := libsearch.Parse(text)
		compiled, err := q.CompileSearch(ctx, parsed.All(), parsed.Any(), parsed.Phrase(), parsed.Exact(), parsed.InTitle())
		if err != nil {
			t.Fatal(err)
		}
		for _, match := range []string{compiled.All, compiled.Any} {
			rows, err := pool.Query(ctx, `
				SELECT case_study_id, left(summary || ' ' || body, 900),
				       ts_headline('english', left(summary || ' ' || body, 900), $1::tsquery,
				                   'StartSel='||$2||', StopSel='||$3||', HighlightAll=true')
				FROM case_study_publications ORDER BY case_study_id`, match, store.MarkStart, store.MarkStop)
			if err != nil {
				t.Fatal(err)
			}
			lexemes := libsearch.LexemesOf(match)
			for rows.Next() {
				var id int64
				var plain, want string
				if err := rows.Scan(&id, &plain, &want); err != nil {
					t.Fatal(err)
				}
				compared++
				if got := lexemes.Highlight(plain, store.MarkStart, store.MarkStop); got != want {
					t.Errorf("search %q (%s), case study %d: Highlight =\n  %q\nwant (ts_headline)\n  %q", text, match, id, got, want)
				}
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
		}
	}
	if compared < 100 {
		t.Errorf("compared %d texts, want the whole demo library for each search", compared)
	}
}
