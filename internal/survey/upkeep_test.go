package survey_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"belonging/internal/store"
	"belonging/internal/survey"
	"belonging/internal/testkit"
)

// The upkeep adds the evidence of many closed pairs at once when told to
// (the scale loader does, over its connections): the same evidence, and
// the same audit entries, as one pair after another.
func TestUpkeepAddsPairsEvidenceConcurrentlyAsOneByOne(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	ctx := context.Background()
	coffee := coffeeID(t, app)
	pre := testkit.Scalar[int64](t, app, `SELECT id FROM surveys WHERE phase = 'pre' AND activity_id = $1`, coffee)
	post := testkit.Scalar[int64](t, app, `SELECT id FROM surveys WHERE phase = 'post' AND activity_id = $1`, coffee)

	// Twelve more closed pairs, on other activities of the institution,
	// copies of the seeded pair with scores shifted differently each.
	columns := testkit.Scalars[string](t, app, `SELECT column_name::text FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = 'surveys' AND column_name NOT IN ('id', 'token', 'activity_id', 'pre_id')
		ORDER BY ordinal_position`)
	list := strings.Join(columns, ", ")
	copySurvey := fmt.Sprintf(`INSERT INTO surveys (%[1]s, token, activity_id, pre_id)
		SELECT %[1]s, token || '-' || $2::bigint::text, $2::bigint, $3::bigint FROM surveys WHERE id = $1 RETURNING id`, list)
	others := testkit.Scalars[int64](t, app, `SELECT id FROM activities
		WHERE institution_id = (SELECT institution_id FROM activities WHERE id = $1) AND id <> $1 ORDER BY id LIMIT 12`, coffee)
	if len(others) < 12 {
		t.Fatalf("other activities = %d, want 12", len(others))
	}
	posts := []int64{post}
	for k, activity := range others {
		copyPair := func(from int64, preID *int64, shift int) int64 {
			to := testkit.Scalar[int64](t, app, copySurvey, from, activity, preID)
			testkit.Exec(t, app, `
				WITH src AS (SELECT id, institution_id, year_of_study, gen_random_uuid() AS nid FROM survey_responses WHERE survey_id = $1),
				responses AS (INSERT INTO survey_responses (id, institution_id, survey_id, year_of_study)
				              SELECT nid, institution_id, $2, year_of_study FROM src)
				INSERT INTO survey_answers (response_id, statement_id, score)
				SELECT src.nid, a.statement_id, least(5, greatest(1, a.score + $3))::smallint
				FROM survey_answers a JOIN src ON src.id = a.response_id`, from, to, shift)
			return to
		}
		p := copyPair(pre, nil, k%3-1)
		posts = append(posts, copyPair(post, &p, (k/3)%3-1))
	}

	// Each run starts from the same surveys: sealed, tallied, none past
	// retention, no pair's evidence yet.
	run := func(concurrency int) (evidence []string, audited int) {
		h := &survey.Handler{Pool: app.Pool, Queries: store.New(app.Pool), MinGroup: 10, Retention: 100 * 365 * 24 * time.Hour,
			Concurrency: concurrency}
		if err := h.Upkeep(ctx); err != nil {
			t.Fatalf("Upkeep() with Concurrency %d = %v", concurrency, err)
		}
		rows, err := app.Pool.Query(ctx, `
			SELECT concat_ws(' | ', a.title, s.token, e.title, e.kind, e.strength, e.instrument, e.sample_size, e.response_rate,
			                 e.notes, e.comparison, e.effect_size)
			FROM evidence e JOIN activities a ON a.id = e.activity_id JOIN surveys s ON s.id = e.survey_id
			WHERE e.survey_id = ANY ($1) ORDER BY s.token`, posts)
		if err != nil {
			t.Fatal(err)
		}
		evidence, err = pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		audited = testkit.Scalar[int](t, app, `SELECT count(*) FROM audit_log
			WHERE entity = 'evidence' AND action = 'create' AND actor_id IS NULL AND entity_id IN (SELECT id FROM evidence WHERE survey_id = ANY ($1))`, posts)
		testkit.Exec(t, app, `DELETE FROM audit_log WHERE entity = 'evidence' AND entity_id IN (SELECT id FROM evidence WHERE survey_id = ANY ($1))`, posts)
		testkit.Exec(t, app, `DELETE FROM evidence WHERE survey_id = ANY ($1)`, posts)
		return evidence, audited
	}
	// The first run also seals and tallies what the demo left open.
	oneByOne, auditedOne := run(1)
	if len(oneByOne) != 13 || auditedOne != 13 {
		t.Fatalf("one by one: %d pairs' evidence, %d audited, want 13 and 13:\n%s", len(oneByOne), auditedOne, strings.Join(oneByOne, "\n"))
	}
	again, _ := run(1)
	if diff := cmp.Diff(oneByOne, again); diff != "" {
		t.Fatalf("a second run one by one differs (-first +second):\n%s", diff)
	}
	together, auditedTogether := run(4)
	if diff := cmp.Diff(oneByOne, together); diff != "" {
		t.Errorf("evidence four at once (-one by one +four at once):\n%s", diff)
	}
	if auditedTogether != auditedOne {
		t.Errorf("audited four at once = %d, want %d", auditedTogether, auditedOne)
	}
}
