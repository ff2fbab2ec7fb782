package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"belonging/internal/store"
	"belonging/internal/testkit"
)

// ReportNetworkCaseStudies counts each institution's case studies first
// and then the institutions; what it gives must be what counting every
// publication and its distinct institutions gives, facet by facet. The
// seeded library's publications are spread over every visibility, with
// dimensions, years and strengths varied so that facets share
// institutions unevenly.
func TestNetworkCaseStudiesCountedAsFromEveryPublication(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool, _ := testkit.Pool(t, testkit.SeededDB(t))
	if _, err := pool.Exec(ctx, `
		UPDATE case_study_publications p
		SET visibility = (ARRAY['public', 'network', 'institution'])[1 + o.n % 3],
		    academic_year = 2021 + o.n % 4, evidence_strength = 1 + o.n % 5,
		    dimensions = CASE o.n % 4 WHEN 0 THEN '{peers}' WHEN 1 THEN '{peers,staff}' WHEN 2 THEN '{confidence,voice,peers}' ELSE '{}' END::text[]
		FROM (SELECT case_study_id, row_number() OVER (PARTITION BY institution_id ORDER BY case_study_id) AS n
		      FROM case_study_publications) o
		WHERE o.case_study_id = p.case_study_id`); err != nil {
		t.Fatal(err)
	}
	var shared, institutions int
	if err := pool.QueryRow(ctx, `SELECT count(*), count(DISTINCT institution_id) FROM case_study_publications
		WHERE visibility IN ('network', 'public')`).Scan(&shared, &institutions); err != nil {
		t.Fatal(err)
	}
	if shared < 10 || institutions < 2 {
		t.Fatalf("%d shared publications from %d institutions: want more to count", shared, institutions)
	}

	rows, err := pool.Query(ctx, `
		SELECT f.facet, f.value, count(*)::int, count(DISTINCT c.institution_id)::int
		FROM case_study_publications c
		CROSS JOIN LATERAL (VALUES ('kind', c.kind), ('stage', c.stage), ('placement', c.placement),
		    ('strength', c.evidence_strength::text), ('year', c.academic_year::text), ('all', '')) AS f (facet, value)
		WHERE c.visibility IN ('network', 'public')
		GROUP BY f.facet, f.value
		UNION ALL
		SELECT 'dimension', d, count(*)::int, count(DISTINCT c.institution_id)::int
		FROM case_study_publications c, unnest(c.dimensions) AS d
		WHERE c.visibility IN ('network', 'public')
		GROUP BY d
		UNION ALL
		SELECT 'sharing', '', count(*)::int, count(*)::int FROM institutions WHERE share_network_figures`)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for rows.Next() {
		var facet, value string
		var studies, insts int
		if err := rows.Scan(&facet, &value, &studies, &insts); err != nil {
			t.Fatal(err)
		}
		want = append(want, fmt.Sprintf("%s %s: %d from %d", facet, value, studies, insts))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}

	got, err := store.New(pool).ReportNetworkCaseStudies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, r := range got {
		lines = append(lines, fmt.Sprintf("%s %s: %d from %d", r.Facet, r.Value, r.CaseStudies, r.Institutions))
	}
	slices.Sort(want)
	slices.Sort(lines)
	if diff := cmp.Diff(want, lines); diff != "" {
		t.Errorf("network case study counts (-from every publication +reported):\n%s", diff)
	}
	if !slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, "dimension staff") }) {
		t.Errorf("no dimension counted among %q", lines)
	}
}
