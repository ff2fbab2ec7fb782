package seed

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	mrand "math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"

	"belonging/internal/acyear"
	"belonging/internal/store"
)

// demoSurvey is a pulse survey of the demo data with made-up answers.
// Dates are days from today, so the demo always has surveys closed and
// open; answers come from a fixed pseudo-random sequence around mean.
type demoSurvey struct {
	institution, programme string
	activity               string // title of a current-year activity; "" for the programme
	title, phase           string // phase: single, pre or post (the post follows its pre)
	opens, closes          int    // days from today; closes is the last open day
	responses              int
	mean                   float64
	askYear                bool
	invited                int
	comments               []string
}

var demoSurveys = []demoSurvey{
	{institution: "northbridge", programme: "C100", activity: "Coffee mornings before Monday's Cell Biology lecture",
		title: "How do you feel about your course?", phase: "pre", opens: -70, closes: -57, responses: 24, mean: 2.8, invited: 45},
	{institution: "northbridge", programme: "C100", activity: "Coffee mornings before Monday's Cell Biology lecture",
		title: "How do you feel about your course?", phase: "post", opens: -16, closes: -3, responses: 21, mean: 3.8, invited: 45,
		comments: []string{"Having coffee with the lecturer made it easier to ask questions in the lecture.",
			"I met people who also get the early train.", "More seats in the foyer please!"}},
	{institution: "northbridge", programme: "C100",
		title: "Autumn belonging check-in", phase: "single", opens: -40, closes: -30, responses: 7, mean: 3.3, askYear: true, invited: 180,
		comments: []string{"It is hard to get to know people in big lectures."}},
	// Open whatever day the demo is loaded, so the student's side can be
	// tried at Northbridge, where the demo accounts are.
	{institution: "northbridge", programme: "C100",
		title: "How are you finding your course this term?", phase: "single", opens: -2, closes: 12, responses: 6, mean: 3.4, askYear: true, invited: 180,
		comments: []string{"The coffee mornings are the best part of Mondays."}},
	// The extended induction's students were surveyed before and after its
	// first term; Biomedical Science's first years, surveyed at the same
	// times, had no extended induction: the pair's comparison group
	// (seedComparisons).
	{institution: "northbridge", programme: "C100", activity: "Extended induction: study skills tutorials through terms 1 and 2",
		title: "Study skills and belonging", phase: "pre", opens: -70, closes: -57, responses: 26, mean: 2.9, invited: 180},
	{institution: "northbridge", programme: "C100", activity: "Extended induction: study skills tutorials through terms 1 and 2",
		title: "Study skills and belonging", phase: "post", opens: -16, closes: -3, responses: 23, mean: 3.5, invited: 180,
		comments: []string{"The tutorials in small groups meant I finally knew people in my year."}},
	{institution: "northbridge", programme: "B940",
		title: "Study skills and belonging", phase: "pre", opens: -70, closes: -57, responses: 22, mean: 2.9, invited: 120},
	{institution: "northbridge", programme: "B940",
		title: "Study skills and belonging", phase: "post", opens: -16, closes: -3, responses: 19, mean: 3.1, invited: 120},
	{institution: "eastmere", programme: "V100", activity: "History café",
		title: "How do you feel about the History café?", phase: "single", opens: -5, closes: 10, responses: 4, mean: 3.8, invited: 90},
}

// demoInstruments are questionnaires institutions added themselves.
var demoInstruments = []struct {
	institution, name, description string
	statements                     []string
}{
	{"northbridge", "Commuter student pulse", "For activities aimed at students who live at home and travel in.", []string{
		"I can take part in course activities without staying late or coming in specially.",
		"I have somewhere on campus to spend time between classes.",
		"I feel as much part of the course as students who live nearby.",
	}},
	{"eastmere", "History belonging check", "", []string{
		"I feel at home in the History department.",
		"I know who to ask when I am stuck.",
	}},
}

// seedInstruments adds the demo questionnaires unless the institution
// already has one of the same name.
func seedInstruments(ctx context.Context, tx pgx.Tx) error {
	for _, in := range demoInstruments {
		var id int64
		err := tx.QueryRow(ctx, `
			INSERT INTO survey_instruments (institution_id, name, description)
			SELECT i.id, $2, $3 FROM institutions i
			WHERE i.slug = $1 AND NOT EXISTS (SELECT 1 FROM survey_instruments x WHERE x.institution_id = i.id AND x.name = $2)
			RETURNING id`, in.institution, in.name, in.description).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			continue
		}
		if err != nil {
			return fmt.Errorf("instrument %q: %w", in.name, err)
		}
		for i, body := range in.statements {
			if _, err := tx.Exec(ctx, `INSERT INTO survey_statements (instrument_id, position, body) VALUES ($1, $2, $3)`, id, i+1, body); err != nil {
				return err
			}
		}
	}
	return nil
}

// seedSurveys adds the demo surveys and their answers, unless a survey
// with the same title and phase is already on the programme.
func seedSurveys(ctx context.Context, tx pgx.Tx, current int, today time.Time) error {
	london := acyear.London
	day := func(offset int) time.Time {
		t := today.In(london)
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, london).AddDate(0, 0, offset)
	}
	if err := seedInstruments(ctx, tx); err != nil {
		return err
	}
	var instrumentID int64
	if err := tx.QueryRow(ctx, `SELECT id FROM survey_instruments WHERE institution_id IS NULL AND version = 1 ORDER BY id LIMIT 1`).Scan(&instrumentID); err != nil {
		return fmt.Errorf("built-in instrument: %w", err)
	}
	var statements []int64
	rows, err := tx.Query(ctx, `SELECT id FROM survey_statements WHERE instrument_id = $1 ORDER BY position`, instrumentID)
	if err != nil {
		return err
	}
	if statements, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
		return err
	}
	var preID *int64
	for i, d := range demoSurveys {
		var institutionID, programmeID int64
		if err := tx.QueryRow(ctx, `SELECT p.institution_id, p.id FROM programmes p JOIN institutions i ON i.id = p.institution_id WHERE i.slug = $1 AND p.code = $2`,
			d.institution, d.programme).Scan(&institutionID, &programmeID); err != nil {
			return fmt.Errorf("programme %s: %w", d.programme, err)
		}
		var activityID *int64
		if d.activity != "" {
			activityID = new(int64)
			if err := tx.QueryRow(ctx, `SELECT id FROM activities WHERE programme_id = $1 AND academic_year = $2 AND title = $3`,
				programmeID, current, d.activity).Scan(activityID); err != nil {
				return fmt.Errorf("activity %q: %w", d.activity, err)
			}
		}
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM surveys WHERE programme_id = $1 AND title = $2 AND phase = $3)`,
			programmeID, d.title, d.phase).Scan(&exists); err != nil {
			return err
		}
		if exists {
			preID = nil
			continue
		}
		token, key := make([]byte, 16), make([]byte, 16)
		_, _ = rand.Read(token)
		_, _ = rand.Read(key)
		var pre *int64
		if d.phase == "post" {
			pre = preID
		}
		var id int64
		err := tx.QueryRow(ctx, `
			INSERT INTO surveys (institution_id, programme_id, activity_id, instrument_id, title, phase, pre_id, token, answered_key,
			                     opens_at, closes_at, invited, ask_year)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
			RETURNING id`, institutionID, programmeID, activityID, instrumentID, d.title, d.phase, pre,
			base64.RawURLEncoding.EncodeToString(token), key, day(d.opens), day(d.closes+1), d.invited, d.askYear).Scan(&id)
		if err != nil {
			return fmt.Errorf("survey %q: %w", d.title, err)
		}
		preID = &id
		gen := mrand.New(mrand.NewPCG(uint64(i+1), 2026))
		for n := 0; n < d.responses; n++ {
			latent := d.mean + gen.NormFloat64()*0.55
			scores := make([]int16, len(statements))
			for k := range scores {
				scores[k] = int16(max(1, min(5, math.Round(latent+gen.NormFloat64()*0.7))))
			}
			var year *int
			if d.askYear {
				y := 1 + n%3
				year = &y
			}
			comment := ""
			if n < len(d.comments) {
				comment = d.comments[n]
			}
			var responseID string
			if err := tx.QueryRow(ctx, `INSERT INTO survey_responses (institution_id, survey_id, year_of_study, comment) VALUES ($1, $2, $3, $4) RETURNING id::text`,
				institutionID, id, year, comment).Scan(&responseID); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO survey_answers (response_id, statement_id, score) SELECT $1::uuid, unnest($2::bigint[]), unnest($3::smallint[])`,
				responseID, statements, scores); err != nil {
				return err
			}
		}
		// A closed survey's responses are sealed: shuffled, as the upkeep
		// does when a survey closes.
		if !day(d.closes + 1).After(today) {
			if _, err := store.New(tx).SealSurvey(ctx, store.SealSurveyParams{ID: id, Now: today}); err != nil {
				return err
			}
			if _, err := store.New(tx).ShuffleResponses(ctx, id); err != nil {
				return err
			}
		}
	}
	return nil
}
