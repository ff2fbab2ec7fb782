package seed

import (
	"context"
	"fmt"
	"time"
)

// Survey sizes at N=1: every programme surveys its students once a year
// (75 answers each), and one activity in fifty from past years has a
// before-and-after pair (60 answers each side): about a million responses in all.
const (
	scaleProgrammeSurveyAnswers = 75
	scalePairEvery              = 50
	scalePairAnswers            = 60
)

// ScaleSurveyToken is the open survey of the bench programme, which `make
// bench` answers.
const ScaleSurveyToken = "scale-bench-survey-open"

// surveys adds the pulse surveys with COPY, then their responses and
// answers inside PostgreSQL: a million responses and eight million answers
// are quicker made where they are stored than sent there.
func (g *generator) surveys(ctx context.Context) error {
	var builtin int64
	if err := g.pool.QueryRow(ctx, `SELECT id FROM survey_instruments WHERE institution_id IS NULL ORDER BY id LIMIT 1`).Scan(&builtin); err != nil {
		return fmt.Errorf("the built-in questionnaire: %w", err)
	}
	// A closed survey is sealed: made up all at once, its responses have
	// no order to hide.
	cols := []string{"institution_id", "programme_id", "activity_id", "instrument_id", "title", "phase", "pre_id", "token", "answered_key",
		"opens_at", "closes_at", "invited", "ask_year", "created_by", "sealed"}
	key := []byte("scale-survey-key")
	now := time.Now()
	type planned struct {
		row       []any
		responses int
	}
	var singles []planned
	seq := 0
	token := func() string { seq++; return fmt.Sprintf("scale%017d", seq) }
	for j, p := range g.programmes {
		for y := 0; y < 3; y++ {
			year := g.year - 2 + y
			opens := time.Date(year, time.November, 10, 9, 0, 0, 0, time.UTC)
			closes := opens.AddDate(0, 0, 14)
			tok := token()
			if j == 0 && year == g.year {
				// The bench programme's survey this year is open.
				opens, closes, tok = time.Now().AddDate(0, 0, -7), time.Now().AddDate(0, 0, 30), ScaleSurveyToken
			} else if closes.After(time.Now()) {
				opens, closes = time.Now().AddDate(0, 0, -30), time.Now().AddDate(0, 0, -16)
			}
			singles = append(singles, planned{[]any{p.institution, p.id, nil, builtin, "Belonging check-in", "single", nil, tok, key,
				opens, closes, p.cohort, true, p.director, !closes.After(now)}, scaleProgrammeSurveyAnswers})
		}
	}
	var pres []planned
	for i, a := range g.activities {
		if i%scalePairEvery != 0 || a.year == g.year {
			continue
		}
		opens := time.Date(a.year, time.September, 25, 9, 0, 0, 0, time.UTC)
		pres = append(pres, planned{[]any{a.institution, a.programme, a.id, builtin, "How do you feel about your course?", "pre", nil, token(), key,
			opens, opens.AddDate(0, 0, 10), 120, false, nil, !opens.AddDate(0, 0, 10).After(now)}, scalePairAnswers})
	}
	var rows [][]any
	for _, s := range append(singles, pres...) {
		rows = append(rows, s.row)
	}
	first, err := g.copyBatches(ctx, "surveys", cols, rows)
	if err != nil {
		return err
	}
	// The post surveys follow their pre surveys, whose ids are now known.
	rows = rows[:0]
	for k, s := range pres {
		opens := s.row[9].(time.Time).AddDate(0, 3, 0)
		row := append([]any(nil), s.row...)
		row[5], row[6], row[7], row[9], row[10], row[14] = "post", first+int64(len(singles)+k), token(), opens, opens.AddDate(0, 0, 10), !opens.AddDate(0, 0, 10).After(now)
		rows = append(rows, row)
	}
	if _, err := g.copyBatches(ctx, "surveys", cols, rows); err != nil {
		return err
	}

	// Rows go in in the order of their (random) ids, so that the primary
	// keys grow at their ends rather than by a page split anywhere; the ids
	// stay as random as the app makes them.
	start := time.Now()
	if _, err := g.pool.Exec(ctx, `
		INSERT INTO survey_responses (id, institution_id, survey_id, year_of_study)
		SELECT gen_random_uuid() AS id, s.institution_id, s.id, CASE WHEN s.ask_year THEN 1 + (k % 3) END
		FROM surveys s, generate_series(1, CASE WHEN s.phase = 'single' THEN $1::int ELSE $2::int END) AS k
		WHERE s.token <> $3
		ORDER BY 1`, scaleProgrammeSurveyAnswers, scalePairAnswers, ScaleSurveyToken); err != nil {
		return fmt.Errorf("responses: %w", err)
	}
	fmt.Fprintf(g.out, "    survey_responses: %.0fs\n", time.Since(start).Seconds())
	// The answers are made by joining the responses to their surveys:
	// with statistics on them the planner reads the responses in the
	// order of their ids and sorts each one's eight answers, instead of
	// hashing and sorting them all at once (half the answers at N=1:
	// 10.8 s without, 8.5 s with). The scores are drawn in the order of
	// the sort either way, after it.
	if _, err := g.pool.Exec(ctx, "ANALYZE surveys, survey_responses, survey_statements"); err != nil {
		return err
	}

	// Answers lean towards agreement, more so after an activity than
	// before it, with every response answering all eight statements. Two
	// connections write them, each for half the responses.
	start = time.Now()
	halves := []string{"r.id < '80000000-0000-0000-0000-000000000000'", "r.id >= '80000000-0000-0000-0000-000000000000'"}
	err = g.inTurns(ctx, len(halves), func(ctx context.Context, i int) error {
		tx, err := g.pool.Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(ctx)
		if _, err := tx.Exec(ctx, "SELECT setseed($1)", 0.42-0.1*float64(i)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO survey_answers (response_id, statement_id, score)
			SELECT r.id, st.id, least(5, greatest(1, round(CASE s.phase WHEN 'post' THEN 3.7 ELSE 3.2 END + (random() + random() + random() - 1.5) * 1.6)))::smallint
			FROM survey_responses r
			JOIN surveys s ON s.id = r.survey_id
			JOIN survey_statements st ON st.instrument_id = s.instrument_id
			WHERE `+halves[i]+`
			ORDER BY r.id, st.id`); err != nil {
			return fmt.Errorf("answers: %w", err)
		}
		return tx.Commit(ctx)
	})
	fmt.Fprintf(g.out, "    survey_answers: %.0fs\n", time.Since(start).Seconds())
	return err
}
