package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"belonging/internal/libsearch"
	"belonging/internal/store"
	"belonging/internal/testkit"
)

// A search's rarest required word comes with its share of the library
// from the table's statistics, and a kind filter finds the same matches
// whether the words count as common (the kind read from the table) or not
// (the kind narrowed in the index).
func TestRarestShareAndKindFilter(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool, _ := testkit.Pool(t, testkit.SeededDB(t))
	q := store.New(pool)
	testkit.PublishCopies(t, pool, 300, "Quokka walk", " The quokka came too.")
	if _, err := pool.Exec(ctx, `ANALYZE case_study_publications`); err != nil {
		t.Fatal(err)
	}
	compile := func(text string) store.SearchQueries {
		s := libsearch.Parse(text)
		c, err := q.CompileSearch(ctx, s.All(), s.Any(), s.Phrase(), s.Exact(), s.InTitle())
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	share := func(word string) float64 {
		return testkit.Scalar[float64](t, &testkit.App{Pool: pool}, `
			SELECT count(*) FILTER (WHERE search @@ to_tsquery('english', $1))::float8 / count(*) FROM case_study_publications`, word)
	}
	quokka, mentoring := share("quokka"), share("mentoring")
	if quokka < 0.5 || mentoring >= 0.5 || mentoring == 0 {
		t.Fatalf("the data does not test it: quokka in %.2f of publications, mentoring in %.2f", quokka, mentoring)
	}
	for _, c := range []struct {
		text     string
		min, max float64
	}{
		{"quokka", quokka - 0.05, quokka + 0.05},
		{"quokka mentoring", mentoring - 0.05, mentoring + 0.05},
		{"quokka -mentoring", quokka - 0.05, quokka + 0.05},
		{"xylophonist", 0, 0},
	} {
		if got := compile(c.text).RarestShare; got < c.min || got > c.max {
			t.Errorf("CompileSearch(%q).RarestShare = %.3f, want %.3f to %.3f", c.text, got, c.min, c.max)
		}
	}

	kind := testkit.Scalar[string](t, &testkit.App{Pool: pool}, `SELECT kind FROM case_study_publications WHERE title LIKE 'Quokka walk%' LIMIT 1`)
	matches := func(text string, rarest float64) []int64 {
		c := compile(text)
		got, err := q.LibraryMatches(ctx, store.LibraryQuery{Reader: store.Reader{SignedIn: true}, Match: c.All, InTitle: c.InTitle,
			Kinds: []string{kind}, RarestShare: rarest})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, m := range got {
			ids = append(ids, m.ID)
		}
		slices.Sort(ids)
		return slices.Compact(ids)
	}
	exact := 0
	for _, text := range []string{"quokka", "quokka walk", "quokka walk 7"} {
		common, rare := matches(text, 0.9), matches(text, 0)
		if len(rare) == 0 {
			t.Errorf("%q of kind %s: no matches, want some", text, kind)
		}
		if len(rare) <= store.CountCap {
			exact++
			if diff := cmp.Diff(rare, common); diff != "" {
				t.Errorf("%q of kind %s: matches as common words differ from as rare ones (-rare +common):\n%s", text, kind, diff)
			}
		} else if len(common) != len(rare) {
			t.Errorf("%q of kind %s: %d matches as common words, %d as rare", text, kind, len(common), len(rare))
		}
	}
	if exact == 0 {
		t.Error("no search had few enough matches to compare them one by one")
	}
}
