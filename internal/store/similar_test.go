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

// TestSimilarCacheFollowsTheLibrary keeps a page's similar case studies
// while the library stands still (no query on the second asking) and
// answers afresh once a publication changes: a withdrawn case study
// leaves the answer, and every kind of change raises the version.
func TestSimilarCacheFollowsTheLibrary(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool, counter := testkit.Pool(t, testkit.SeededDB(t))
	q := store.New(pool)
	version := func() int64 {
		t.Helper()
		v, err := q.LibraryVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}

	var p store.SimilarTo
	var title string
	if err := pool.QueryRow(ctx, `SELECT case_study_id, kind, stage, discipline, dimensions, title FROM case_study_publications
		WHERE visibility = 'public' ORDER BY case_study_id LIMIT 1`).Scan(&p.ID, &p.Kind, &p.Stage, &p.Discipline, &p.Dimensions, &title); err != nil {
		t.Fatal(err)
	}
	p.Words = libsearch.Related(title)
	describe := func() store.SimilarTo { return p }
	var cache store.SimilarCache
	anyone := store.Reader{}
	v1 := version()
	first, err := cache.Similar(ctx, q, v1, anyone, p.ID, describe, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) == 0 {
		t.Fatal("no similar case studies to a public one in the demo library")
	}
	before := counter.Count()
	again, err := cache.Similar(ctx, q, v1, anyone, p.ID, describe, 3)
	if err != nil {
		t.Fatal(err)
	}
	if n := counter.Count() - before; n != 0 || len(again) != len(first) || again[0].ID != first[0].ID {
		t.Errorf("asked again at the same version: %d queries and %d hits, want none and the same %d", n, len(again), len(first))
	}

	// Withdrawing the first similar case study raises the version and
	// takes it out of the answer.
	gone := first[0].ID
	var inst int64
	if err := pool.QueryRow(ctx, `SELECT institution_id FROM case_study_publications WHERE case_study_id = $1`, gone).Scan(&inst); err != nil {
		t.Fatal(err)
	}
	if n, err := q.DeletePublication(ctx, store.DeletePublicationParams{InstitutionID: inst, CaseStudyID: gone}); err != nil || n != 1 {
		t.Fatalf("DeletePublication: %d rows, %v", n, err)
	}
	v2 := version()
	if v2 <= v1 {
		t.Fatalf("library version %d after a withdrawal, was %d", v2, v1)
	}
	after, err := cache.Similar(ctx, q, v2, anyone, p.ID, describe, 3)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range after {
		if h.ID == gone {
			t.Errorf("case study %d still shown as similar after it was withdrawn", gone)
		}
	}
	// An answer worked out at the old version does not come back.
	if _, err := cache.Similar(ctx, q, v1, anyone, p.ID, describe, 3); err != nil {
		t.Fatal(err)
	}
	if again, _ := cache.Similar(ctx, q, v2, anyone, p.ID, describe, 3); len(again) != len(after) || len(after) > 0 && again[0].ID != after[0].ID {
		t.Errorf("after a late reader at the old version, the cache answers %v, want %v", again, after)
	}

	// Any write to the publications raises it: an update, and a delete
	// of several in one statement raises it once or more.
	for _, sql := range []string{
		`UPDATE case_study_publications SET title = title || '.' WHERE case_study_id = (SELECT min(case_study_id) FROM case_study_publications)`,
		`DELETE FROM case_study_publications WHERE case_study_id IN (SELECT case_study_id FROM case_study_publications ORDER BY case_study_id DESC LIMIT 2)`,
	} {
		was := version()
		if _, err := pool.Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
		if now := version(); now <= was {
			t.Errorf("%s: library version %d, was %d", sql, now, was)
		}
	}
}
