package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"belonging/internal/auth"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/internal/testkit"
)

// TestLibraryVisibilityMatchesCanRead holds the library's SQL rule for
// who reads a publication (store.Reader) to the policy's (auth.CanRead):
// for every reader and every publication of either institution at every
// visibility, the library lists exactly what CanRead allows.
func TestLibraryVisibilityMatchesCanRead(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool, _ := testkit.Pool(t, testkit.SeededDB(t))
	q := store.New(pool)

	// Give the seeded publications every visibility in turn, so each
	// institution has some of each.
	if _, err := pool.Exec(ctx, `
		UPDATE case_study_publications p SET visibility = (ARRAY['public', 'network', 'institution'])[1 + n % 3]
		FROM (SELECT case_study_id, row_number() OVER (PARTITION BY institution_id ORDER BY case_study_id) AS n
		      FROM case_study_publications) o
		WHERE o.case_study_id = p.case_study_id`); err != nil {
		t.Fatal(err)
	}
	type publication struct {
		id, institution int64
		visibility      string
	}
	rows, err := pool.Query(ctx, `SELECT case_study_id, institution_id, visibility FROM case_study_publications`)
	if err != nil {
		t.Fatal(err)
	}
	var pubs []publication
	institutions := map[int64]bool{}
	seen := map[string]bool{}
	for rows.Next() {
		var p publication
		if err := rows.Scan(&p.id, &p.institution, &p.visibility); err != nil {
			t.Fatal(err)
		}
		pubs = append(pubs, p)
		institutions[p.institution] = true
		seen[p.visibility] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(institutions) < 2 || len(seen) != 3 {
		t.Fatalf("seeded publications cover %d institutions and visibilities %v, want 2 or more and all three", len(institutions), seen)
	}

	readers := map[string]*reqctx.User{"anonymous": nil, "coordinator": {ID: 1, IsCoordinator: true}}
	for id := range institutions {
		readers[fmt.Sprintf("staff of institution %d", id)] = &reqctx.User{ID: 2, InstitutionID: id}
	}
	for name, u := range readers {
		var want []int64
		for _, p := range pubs {
			if auth.CanRead(u, p.visibility, p.institution) {
				want = append(want, p.id)
			}
		}
		hits, err := q.LibrarySearch(ctx, store.LibraryQuery{Reader: auth.LibraryReader(u), Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, h := range hits {
			got = append(got, h.ID)
		}
		slices.Sort(want)
		slices.Sort(got)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("library for %s differs from CanRead (-CanRead +library):\n%s", name, diff)
		}
	}
}
