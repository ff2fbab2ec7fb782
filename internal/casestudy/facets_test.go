package casestudy

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"belonging/internal/i18n"
	"belonging/internal/store"
)

// Readers who open the library together while its counts are missing
// wait for one count of the whole library, not one each.
func TestFacetCountsMissingAreCountedOnce(t *testing.T) {
	var c facetCache
	var counted atomic.Int32
	release := make(chan struct{})
	want := []store.FacetCount{{Facet: "total", Count: 7}}
	count := func(context.Context) ([]store.FacetCount, error) {
		counted.Add(1)
		<-release
		return want, nil
	}
	const readers = 16
	var wg sync.WaitGroup
	got := make([][]store.FacetCount, readers)
	errs := make([]error, readers)
	var started sync.WaitGroup
	started.Add(readers)
	for i := range readers {
		wg.Go(func() {
			started.Done()
			got[i], _, errs[i] = c.load(t.Context(), "list", count)
		})
	}
	// Every reader has started; give them time to reach the count
	// before it finishes.
	started.Wait()
	time.Sleep(50 * time.Millisecond)
	close(release)
	wg.Wait()
	for i := range readers {
		if errs[i] != nil {
			t.Fatalf("reader %d: load = %v", i, errs[i])
		}
		if diff := cmp.Diff(want, got[i]); diff != "" {
			t.Errorf("reader %d: counts (-want +got):\n%s", i, diff)
		}
	}
	if n := counted.Load(); n != 1 {
		t.Errorf("%d readers at once counted the library %d times, want 1", readers, n)
	}
	// Kept: the next reader does not count again.
	if _, _, err := c.load(t.Context(), "list", count); err != nil || counted.Load() != 1 {
		t.Errorf("a later reader: load = %v after %d counts, want the kept counts", err, counted.Load())
	}
	// A failed count is not kept.
	failing := func(context.Context) ([]store.FacetCount, error) { return nil, errors.New("database unavailable") }
	if _, _, err := c.load(t.Context(), "other", failing); err == nil {
		t.Errorf("load with a failing count = nil error, want its error")
	}
	if _, ok := c.get("other", time.Now()); ok {
		t.Errorf("a failed count was kept")
	}
}

// Counts just past their minute are answered at once, and counted again
// once behind them; counts long past it are waited for.
func TestFacetCountsPastTheirMinuteAnswerWhileRecounted(t *testing.T) {
	var c facetCache
	old := []store.FacetCount{{Facet: "total", Count: 6}}
	fresh := []store.FacetCount{{Facet: "total", Count: 7}}
	c.put("list", old, time.Now().Add(-2*time.Minute))
	release, done := make(chan struct{}), make(chan struct{})
	var counted atomic.Int32
	count := func(context.Context) ([]store.FacetCount, error) {
		counted.Add(1)
		<-release
		defer close(done)
		return fresh, nil
	}
	// The count is held back: the answer cannot have waited for it.
	type answer struct {
		counts []store.FacetCount
		err    error
	}
	answered := make(chan answer, 1)
	go func() {
		counts, _, err := c.load(t.Context(), "list", count)
		answered <- answer{counts, err}
	}()
	var got []store.FacetCount
	var err error
	select {
	case a := <-answered:
		got, err = a.counts, a.err
	case <-time.After(5 * time.Second):
		close(release)
		t.Fatalf("load with counts a minute past waited for the count, want the kept counts at once")
	}
	if err != nil || !cmp.Equal(old, got) {
		t.Fatalf("load with counts a minute past = %v, %v, want the kept counts %v at once", got, err, old)
	}
	if got, _, err := c.load(t.Context(), "list", count); err != nil || !cmp.Equal(old, got) {
		t.Fatalf("a second load while counting = %v, %v, want the kept counts %v", got, err, old)
	}
	close(release)
	<-done
	// The count returned; it is kept just after.
	deadline := time.Now().Add(5 * time.Second)
	got, ok := c.get("list", time.Now())
	for !ok && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
		got, ok = c.get("list", time.Now())
	}
	if !ok || !cmp.Equal(fresh, got) {
		t.Errorf("after the count, kept counts = %v, %v, want %v", got, ok, fresh)
	}
	if n := counted.Load(); n != 1 {
		t.Errorf("counted %d times behind two readers, want 1", n)
	}
	// Counts long past their minute are not answered: the reader waits.
	c.put("long", old, time.Now().Add(-time.Hour))
	if got, _, err := c.load(t.Context(), "long", func(context.Context) ([]store.FacetCount, error) { return fresh, nil }); err != nil || !cmp.Equal(fresh, got) {
		t.Errorf("load with counts an hour old = %v, %v, want new counts %v", got, err, fresh)
	}
}

// A list's facets are drawn once for the counts kept, drawn again as soon
// as they are counted again, and drawn in each reader's language.
func TestListFacetsDrawnWithTheirCounts(t *testing.T) {
	var h Handler
	lq := store.LibraryQuery{Reader: store.Reader{InstitutionID: 1}}
	key := "list|" + filterKey(lq)
	drawn := func(ctx context.Context) string {
		t.Helper()
		// The counts are kept and fresh: nothing is counted, so no
		// database is needed.
		f, err := h.libraryFacets(ctx, nil, lq)
		if err != nil {
			t.Fatal(err)
		}
		_, fields := h.searchFacets(ctx, f, f.facets, lq)
		if fields == nil {
			t.Fatal("a list's facets were not drawn")
		}
		var b strings.Builder
		if err := fields.Render(ctx, &b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	en := i18n.WithLang(t.Context(), "en")
	h.facets.put(key, []store.FacetCount{{Facet: "institution", Value: "1", Label: "Northbridge", Count: 3}}, time.Now())
	if got := drawn(en); !strings.Contains(got, "Northbridge") || !strings.Contains(got, ">3<") || !strings.Contains(got, "Institution") {
		t.Fatalf("drawn from the first counts: %s", got)
	}
	h.facets.put(key, []store.FacetCount{{Facet: "institution", Value: "1", Label: "Northbridge", Count: 5}}, time.Now())
	if got := drawn(en); !strings.Contains(got, ">5<") {
		t.Errorf("drawn after the counts were counted again: %s; want the new count, 5", got)
	}
	if got := drawn(i18n.WithLang(t.Context(), "cy")); !strings.Contains(got, "Sefydliad") {
		t.Errorf("drawn in Welsh after English: %s; want the facet headed Sefydliad", got)
	}
}
