package testkit

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestMain(m *testing.M) { Main(m) }

// The accessibility check must be able to fail: a page with known faults
// yields the matching axe-core violations, and a sound page yields none.
func TestAxeReportsViolations(t *testing.T) {
	t.Parallel()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/good" {
			_, _ = w.Write([]byte(`<!doctype html><html lang="en"><head><title>Good</title></head><body><main><h1>Fine</h1><label for="a">Name</label><input id="a"></main></body></html>`))
			return
		}
		_, _ = w.Write([]byte(`<!doctype html><html><head><title>Bad</title></head><body><main><h1>Faults</h1><img src="/x.png"><input type="text"></main></body></html>`))
	}))
	defer ts.Close()
	b := NewBrowser(t, &App{URL: ts.URL, t: t})

	b.Open("/bad")
	found := map[string]bool{}
	for _, v := range b.Axe() {
		found[v.ID] = true
	}
	for _, want := range []string{"image-alt", "label", "html-has-lang"} {
		if !found[want] {
			t.Errorf("axe on a faulty page did not report %s (got %v)", want, found)
		}
	}

	b.Open("/good")
	if vs := b.Axe(); len(vs) != 0 {
		t.Errorf("axe on a sound page reported %d violations: %+v", len(vs), vs)
	}
}
