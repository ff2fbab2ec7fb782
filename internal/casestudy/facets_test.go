package casestudy

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

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
			got[i], errs[i] = c.load(t.Context(), "list", count)
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
	if _, err := c.load(t.Context(), "list", count); err != nil || counted.Load() != 1 {
		t.Errorf("a later reader: load = %v after %d counts, want the kept counts", err, counted.Load())
	}
	// A failed count is not kept.
	failing := func(context.Context) ([]store.FacetCount, error) { return nil, errors.New("database unavailable") }
	if _, err := c.load(t.Context(), "other", failing); err == nil {
		t.Errorf("load with a failing count = nil error, want its error")
	}
	if _, ok := c.get("other", time.Now()); ok {
		t.Errorf("a failed count was kept")
	}
}
