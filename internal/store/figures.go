package store

import (
	"context"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

// FigureRow is one row of the report summaries (programme_figures and
// institution_figures, migration 31) added up over a department, an
// institution or the network: the counts of one academic year under one
// value of one facet. Which counts a row carries depends on its facet.
type FigureRow struct {
	// FacetRow holds the year, facet and value, the activities, and the
	// points of the inclusivity checklist they meet.
	FacetRow
	Finished          int32 `db:"finished"`
	WithOutcomes      int32 `db:"with_outcomes"`
	FinishedNoOutcome int32 `db:"finished_no_outcome"`
	WithAttendance    int32 `db:"with_attendance"`
	TheoryOfChange    int32 `db:"theory_of_change"`
	Outcomes          int32 `db:"outcomes"`
	Attended          int64 `db:"attended"`
	Invited           int64 `db:"invited"`
	// Programmes have a nonzero row here (Institutions, in FacetRow,
	// likewise for the network).
	Programmes int32 `db:"programmes"`
}

// figureCounts are the summaries' counts, added up.
const figureCounts = `sum(f.activities)::int AS activities, sum(f.in_timetabled_hours)::int AS in_timetabled_hours,
	sum(f.online_option)::int AS online_option, sum(f.free_to_students)::int AS free_to_students,
	sum(f.accessible)::int AS accessible, sum(f.suits_commuters_carers)::int AS suits_commuters_carers,
	sum(f.alcohol_free)::int AS alcohol_free, sum(f.dietary_needs_met)::int AS dietary_needs_met,
	sum(f.finished)::int AS finished, sum(f.with_outcomes)::int AS with_outcomes,
	sum(f.finished_no_outcome)::int AS finished_no_outcome, sum(f.with_attendance)::int AS with_attendance,
	sum(f.theory_of_change)::int AS theory_of_change, sum(f.outcomes)::int AS outcomes,
	sum(f.attended)::bigint AS attended, sum(f.invited)::bigint AS invited, sum(f.co_created)::int AS co_created`

// ReportFigures reads a department's, an institution's or the network's
// summaries for the academic years from to to: the kinds of activity and
// the totals for every year, the other facets for the last two. An
// institution's come from its own row of sums, a department's are added
// up from its programmes' (a few hundred rows at most), the network's
// from the sharing institutions'. Rows with nothing counted are left out,
// as a count from scratch would have none.
func (q *Queries) ReportFigures(ctx context.Context, s ReportScope, from, to int) ([]FigureRow, error) {
	args := pgx.NamedArgs{"from_year": from, "to_year": to, "last_two": to - 1}
	years := `f.year BETWEEN @from_year AND @to_year AND (f.year >= @last_two OR f.facet IN ('kind', 'all'))`
	var sql string
	switch {
	case s.Network:
		sql = `SELECT f.year, f.facet, f.value, ` + figureCounts + `, sum(f.programmes)::int AS programmes,
		       count(*) FILTER (WHERE f.activities > 0)::int AS institutions
		FROM institution_figures f
		WHERE f.institution_id IN (SELECT i.id FROM institutions i WHERE i.share_network_figures) AND ` + years + `
		GROUP BY f.year, f.facet, f.value
		HAVING sum(f.activities) > 0`
	case s.DepartmentID != 0:
		args["institution_id"], args["department_id"] = s.InstitutionID, s.DepartmentID
		// Each programme's rows are found by key (OFFSET 0 keeps the
		// planner from scanning every programme's rows instead).
		sql = `SELECT f.year, f.facet, f.value, ` + figureCounts + `,
		       count(*) FILTER (WHERE f.activities > 0)::int AS programmes, 0 AS institutions
		FROM programmes p
		CROSS JOIN LATERAL (SELECT * FROM programme_figures f WHERE f.programme_id = p.id AND ` + years + ` OFFSET 0) f
		WHERE p.institution_id = @institution_id AND p.department_id = @department_id AND p.archived_at IS NULL
		GROUP BY f.year, f.facet, f.value
		HAVING sum(f.activities) > 0`
	default:
		args["institution_id"] = s.InstitutionID
		sql = `SELECT f.year, f.facet, f.value, f.activities, f.in_timetabled_hours, f.online_option, f.free_to_students,
		       f.accessible, f.suits_commuters_carers, f.alcohol_free, f.dietary_needs_met, f.finished, f.with_outcomes,
		       f.finished_no_outcome, f.with_attendance, f.theory_of_change, f.outcomes, f.attended, f.invited,
		       f.co_created, f.programmes, 0 AS institutions
		FROM institution_figures f
		WHERE f.institution_id = @institution_id AND ` + years + ` AND f.activities > 0`
	}
	return collect[FigureRow](ctx, q, sql, args)
}

// SplitFigures turns summary rows into the rows of the queries that count from
// scratch (ReportFacets, ReportCoverage, ReportEvidence, ReportReach
// without activities), so that reports read either the same way.
func SplitFigures(rows []FigureRow) (facets []FacetRow, coverage []CoverageRow, evidence []EvidenceRow, reach []ReachRow) {
	for _, r := range rows {
		switch r.Facet {
		case "status", "kind", "stage", "placement", "partnership", "all":
			facets = append(facets, r.FacetRow)
		case "cell":
			stage, dimension, _ := strings.Cut(r.Value, ":")
			coverage = append(coverage, CoverageRow{Year: r.Year, Stage: stage, Dimension: dimension, Activities: r.Activities,
				Programmes: r.Programmes, Institutions: r.Institutions})
		case "dimension":
			coverage = append(coverage, CoverageRow{Year: r.Year, Dimension: r.Value, Activities: r.Activities,
				Programmes: r.Programmes, Institutions: r.Institutions})
		case "evidence":
			strongest, _ := strconv.Atoi(r.Value)
			evidence = append(evidence, EvidenceRow{Year: r.Year, Strongest: int32(strongest), Activities: r.Activities,
				Finished: r.Finished, WithOutcomes: r.WithOutcomes, FinishedNoOutcome: r.FinishedNoOutcome,
				WithAttendance: r.WithAttendance, TheoryOfChange: r.TheoryOfChange, Institutions: r.Institutions})
		case "reach":
			reach = append(reach, ReachRow{Year: r.Year, Kind: r.Value, Outcomes: r.Outcomes, Activities: r.Activities,
				Attended: r.Attended, Invited: r.Invited, Institutions: r.Institutions})
		}
	}
	return facets, coverage, evidence, reach
}
