package store_test

import (
	"context"
	"fmt"
	"testing"

	"belonging/internal/auth"
	"belonging/internal/libsearch"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/internal/testkit"
)

// TestSimilarPublicationsKeepToWhatTheReaderMayRead asks, for every
// publication and every kind of reader, for its similar case studies:
// none is the publication itself, none is one the reader may not read
// (auth.CanRead), and where the reader may read others of the same kind
// the first is of that kind.
func TestSimilarPublicationsKeepToWhatTheReaderMayRead(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool, _ := testkit.Pool(t, testkit.SeededDB(t))
	q := store.New(pool)

	// Every visibility at each institution, as in the library's test.
	if _, err := pool.Exec(ctx, `
		UPDATE case_study_publications p SET visibility = (ARRAY['public', 'network', 'institution'])[1 + n % 3]
		FROM (SELECT case_study_id, row_number() OVER (PARTITION BY institution_id ORDER BY case_study_id) AS n
		      FROM case_study_publications) o
		WHERE o.case_study_id = p.case_study_id`); err != nil {
		t.Fatal(err)
	}
	type publication struct {
		id, institution               int64
		visibility, kind, stage, disc string
		title                         string
		dimensions                    []string
	}
	rows, err := pool.Query(ctx, `SELECT case_study_id, institution_id, visibility, kind, stage, discipline, title, dimensions FROM case_study_publications`)
	if err != nil {
		t.Fatal(err)
	}
	var pubs []publication
	byID := map[int64]publication{}
	institutions := map[int64]bool{}
	for rows.Next() {
		var p publication
		if err := rows.Scan(&p.id, &p.institution, &p.visibility, &p.kind, &p.stage, &p.disc, &p.title, &p.dimensions); err != nil {
			t.Fatal(err)
		}
		pubs = append(pubs, p)
		byID[p.id] = p
		institutions[p.institution] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(institutions) < 2 {
		t.Fatalf("seeded publications cover %d institutions, want 2 or more", len(institutions))
	}

	readers := map[string]*reqctx.User{"anonymous": nil, "coordinator": {ID: 1, IsCoordinator: true}}
	for id := range institutions {
		readers[fmt.Sprintf("staff of institution %d", id)] = &reqctx.User{ID: 2, InstitutionID: id}
	}
	shown := 0
	for name, u := range readers {
		for _, p := range pubs {
			hits, err := q.SimilarPublications(ctx, auth.LibraryReader(u), store.SimilarTo{ID: p.id, Kind: p.kind, Stage: p.stage,
				Discipline: p.disc, Dimensions: p.dimensions, Words: libsearch.Related(p.title)}, 3)
			if err != nil {
				t.Fatal(err)
			}
			shown += len(hits)
			sameKind := false
			for _, o := range pubs {
				sameKind = sameKind || (o.id != p.id && o.kind == p.kind && auth.CanRead(u, o.visibility, o.institution))
			}
			for i, h := range hits {
				o := byID[h.ID]
				if h.ID == p.id {
					t.Errorf("SimilarPublications(%d) for %s holds the case study itself", p.id, name)
				}
				if !auth.CanRead(u, o.visibility, o.institution) {
					t.Errorf("SimilarPublications(%d) for %s holds %d, published to %s of institution %d", p.id, name, h.ID, o.visibility, o.institution)
				}
				if i == 0 && sameKind && o.kind != p.kind {
					t.Errorf("SimilarPublications(%d) for %s starts with a %s, want a %s", p.id, name, o.kind, p.kind)
				}
			}
		}
	}
	if shown == 0 {
		t.Fatal("SimilarPublications showed nothing to anyone")
	}
}
