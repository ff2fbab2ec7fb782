package store_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"belonging/internal/libsearch"
	"belonging/internal/store"
	"belonging/internal/testkit"
)

// A search typed again is answered as PostgreSQL compiled it the first
// time, without asking again; a new search is compiled.
func TestCompiledSearchesAreKept(t *testing.T) {
	pool, _ := testkit.Pool(t, testkit.EmptyDB(t))
	qs := store.New(pool)
	var c store.CompiledSearches
	compile := func(text string) (store.SearchQueries, error) {
		s := libsearch.Parse(text)
		return c.Compile(t.Context(), qs, s.All(), s.Any(), s.Phrase(), s.Exact(), s.InTitle())
	}
	s := libsearch.Parse("coffee commuters")
	want, err := qs.CompileSearch(t.Context(), s.All(), s.Any(), s.Phrase(), s.Exact(), s.InTitle())
	if err != nil {
		t.Fatal(err)
	}
	if got, err := compile("coffee commuters"); err != nil || !cmp.Equal(want, got) {
		t.Fatalf("Compile(coffee commuters) = %+v, %v, want %+v", got, err, want)
	}
	// With the database gone, the kept search still answers and a new
	// one cannot.
	pool.Close()
	if got, err := compile("coffee commuters"); err != nil || !cmp.Equal(want, got) {
		t.Errorf("Compile(coffee commuters) again = %+v, %v, want %+v from the kept searches", got, err, want)
	}
	if _, err := compile("alumni mentors"); err == nil {
		t.Errorf("Compile(alumni mentors), never seen, with the database closed = nil error, want it to ask the database")
	}
}
