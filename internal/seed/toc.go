package seed

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// demoToc deepens the theory of change of one of this year's activities
// (whose six text parts the activity already has) into an Enhanced Theory
// of Change: its context, the mechanisms at work, each element linked to
// each outcome, and the evidence for its assumption. The parts with text
// on the activity stay as they are, so the reports read the same.
type demoToc struct {
	title, context string
	mechanisms     []string
	evidence       string
}

var demoTocs = []demoToc{
	{title: "Meet the Researcher: welcome week lab tours",
		context: "Many Biosciences students arrive without having met a researcher; first-generation and commuting students are the least likely to approach staff.",
		mechanisms: []string{"Meeting a researcher in a small group makes staff seem approachable.",
			"Seeing research in the first week lets students picture themselves doing it."},
		evidence: "Last year 148 of 160 first years came to a tour; the pulse survey after welcome week found more students who knew a member of staff by name."},
	{title: "Coffee mornings before Monday's Cell Biology lecture",
		context:    "A third of the cohort commute and arrive just before the lecture; there is nowhere to meet before it.",
		mechanisms: []string{"A table-talk question gives students something to say to someone new."},
		evidence:   "Estates confirmed the foyer is free before 10am all of term 1."},
	{title: "Extended induction: study skills tutorials through terms 1 and 2",
		context:    "Students arrive with very different experience of academic writing and exams.",
		mechanisms: []string{"A small group that meets all year becomes a place to ask what feels like a basic question."}},
}

func seedTocs(ctx context.Context, tx pgx.Tx, current int) error {
	for _, d := range demoTocs {
		var activity int64
		err := tx.QueryRow(ctx, `SELECT a.id FROM activities a JOIN institutions i ON i.id = a.institution_id
			WHERE i.slug = 'northbridge' AND a.title = $1 AND a.academic_year = $2`, d.title, current).Scan(&activity)
		if err != nil {
			return fmt.Errorf("theory of change of %q: %w", d.title, err)
		}
		// Loading the demo again leaves a theory of change already deepened.
		var done bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM toc_entries WHERE activity_id = $1 AND part = 'context')`,
			activity).Scan(&done); err != nil {
			return err
		}
		if done {
			continue
		}
		rows := [][2]string{{"context", d.context}}
		for _, m := range d.mechanisms {
			rows = append(rows, [2]string{"mechanism", m})
		}
		for i, r := range rows {
			if _, err := tx.Exec(ctx, `INSERT INTO toc_entries (institution_id, activity_id, part, position, body)
				SELECT institution_id, id, $2, $3, $4 FROM activities WHERE id = $1`, activity, r[0], i+1, r[1]); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO toc_links (institution_id, activity_id, outcome_id, element_id)
			SELECT o.institution_id, o.activity_id, o.id, e.id FROM toc_entries o
			JOIN toc_entries e ON e.activity_id = o.activity_id AND e.part = 'activity'
			WHERE o.activity_id = $1 AND o.part = 'outcome'`, activity); err != nil {
			return err
		}
		if d.evidence != "" {
			if _, err := tx.Exec(ctx, `UPDATE toc_entries SET evidence_note = $2,
				evidence_id = (SELECT min(id) FROM evidence WHERE activity_id = $1) WHERE activity_id = $1 AND part = 'assumption'`,
				activity, d.evidence); err != nil {
				return err
			}
		}
	}
	return nil
}

// tocEntries makes the theory-of-change entries of the activities loaded
// with triggers off, from their text.
func (g *generator) tocEntries(ctx context.Context) error {
	const chunk = 100
	return g.inTurns(ctx, (len(g.programmes)+chunk-1)/chunk, func(ctx context.Context, i int) error {
		var ids []int64
		for _, p := range g.programmes[i*chunk : min((i+1)*chunk, len(g.programmes))] {
			ids = append(ids, p.id)
		}
		_, err := g.pool.Exec(ctx, `SELECT toc_entries_from_text(ARRAY(SELECT id FROM activities WHERE programme_id = ANY ($1)))`, ids)
		return err
	})
}
