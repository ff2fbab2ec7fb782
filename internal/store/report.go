package store

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// ReportScope chooses what a report counts: one institution, narrowed to
// a department or to one programme; or, for the network report, every
// institution that shares its figures with the network. The aggregate
// queries below build their conditions from it, so each report takes the
// same fixed number of queries however many programmes and activities it
// covers.
type ReportScope struct {
	InstitutionID int64
	DepartmentID  int64
	ProgrammeID   int64
	// Network counts the institutions that share figures instead of one.
	Network bool
	// Codes, when active, narrows the activities counted to those carrying
	// evaluation codes. The summaries hold only the unfiltered totals, so a
	// filtered report counts from scratch.
	Codes CodeFilter
}

// institution is the tenancy condition on the table aliased x.
func (s ReportScope) institution(x string, args pgx.NamedArgs) string {
	if s.Network {
		return x + ".institution_id IN (SELECT i.id FROM institutions i WHERE i.share_network_figures)"
	}
	args["institution_id"] = s.InstitutionID
	return x + ".institution_id = @institution_id"
}

// where is the whole condition on rows of the table aliased x (which has
// institution_id and programme_id), joined to its programme as p. A
// programme's own report includes it when archived; roll-ups leave
// archived programmes out. Activities (always aliased a) also meet the
// code filter.
func (s ReportScope) where(x string, args pgx.NamedArgs) string {
	conds := []string{s.institution(x, args), "p.institution_id = " + x + ".institution_id"}
	switch {
	case s.ProgrammeID != 0:
		conds = append(conds, x+".programme_id = @programme_id")
		args["programme_id"] = s.ProgrammeID
	case s.DepartmentID != 0:
		conds = append(conds, "p.department_id = @department_id", "p.archived_at IS NULL")
		args["department_id"] = s.DepartmentID
	default:
		conds = append(conds, "p.archived_at IS NULL")
	}
	if x == "a" { // activities: narrowed by their codes
		conds = append(conds, s.Codes.conditions(x+".institution_id", x+".id", args)...)
	}
	return strings.Join(conds, " AND ")
}

// collect runs a report query and reads its rows into T by column name,
// prepared as the pool prepares every statement (cached, or only described
// through PgBouncer, where a named statement may not be on the next
// transaction's server connection).
func collect[T any](ctx context.Context, q *Queries, sql string, args pgx.NamedArgs) ([]T, error) {
	return collectRows[T](ctx, q, sql, args)
}

// collectPlanned is collect for a query planned afresh for its values
// every time: the roll-ups' evidence figures join per-activity aggregates
// whose best plan for a department differs from that for an institution,
// and the plan PostgreSQL keeps for any values loops over a whole
// institution's activities for each one.
func collectPlanned[T any](ctx context.Context, q *Queries, sql string, args pgx.NamedArgs) ([]T, error) {
	return collectRows[T](ctx, q, sql, pgx.QueryExecModeExec, args)
}

func collectRows[T any](ctx context.Context, q *Queries, sql string, modeAndArgs ...any) ([]T, error) {
	rows, err := q.db.Query(ctx, sql, modeAndArgs...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[T])
}

// institutions counts the institutions behind a group of rows x, which
// only the network report needs; elsewhere it is 0, saving a sort.
func (s ReportScope) institutions(x string) string {
	if s.Network {
		return "count(DISTINCT " + x + ".institution_id)::int"
	}
	return "0"
}

// evidenceAndOutcomes joins each activity a to its strongest evidence, as
// ev.strongest (null: none), and to whether it has outcomes, as
// oc.activity_id (null: none) and oc.attendance (whether one records
// attendance). A programme's few activities are each looked up by their
// id, a plan that suits every programme, so it is prepared once; a
// roll-up's many are grouped in one pass.
func (s ReportScope) evidenceAndOutcomes(args pgx.NamedArgs) string {
	if s.ProgrammeID != 0 {
		return `LEFT JOIN LATERAL (SELECT max(e.strength) AS strongest FROM evidence e
	           WHERE e.institution_id = a.institution_id AND e.activity_id = a.id) ev ON true
		LEFT JOIN LATERAL (SELECT max(o.activity_id) AS activity_id, bool_or(o.attendance IS NOT NULL) AS attendance FROM outcomes o
		           WHERE o.institution_id = a.institution_id AND o.activity_id = a.id) oc ON true`
	}
	return `LEFT JOIN (SELECT e.activity_id, max(e.strength) AS strongest FROM evidence e
	           WHERE ` + s.institution("e", args) + ` GROUP BY e.activity_id) ev
	       ON ev.activity_id = a.id
		LEFT JOIN (SELECT o.activity_id, bool_or(o.attendance IS NOT NULL) AS attendance FROM outcomes o
		           WHERE ` + s.institution("o", args) + ` GROUP BY o.activity_id) oc
		       ON oc.activity_id = a.id`
}

// reachByActivity is, for each activity a in scope and academic year
// (years starting in @start_month), its outcomes dated from @from up to
// @to that record attendance and how many were invited (their own count,
// or else the activity's), counted and added up: so that what is added
// up over activities counts each activity once without sorting for it.
// A programme's few activities each look up their outcomes by their id, a
// plan that suits every programme (the plan kept for any programme would
// otherwise read the institution's outcomes of the dates); a roll-up's
// many are joined to the institution's outcomes in one pass.
func (s ReportScope) reachByActivity(args pgx.NamedArgs) string {
	const year = `extract(year FROM o.outcome_date - make_interval(months => @start_month - 1))::int`
	const reach = `count(*) AS outcomes, sum(o.attendance) AS attended, sum(coalesce(o.invited, a.cohort_size)) AS invited`
	const counted = `o.outcome_date >= @from AND o.outcome_date < @to
	      AND o.attendance IS NOT NULL AND coalesce(o.invited, a.cohort_size) > 0`
	if s.ProgrammeID != 0 {
		return `SELECT o.year, a.kind, a.id AS activity_id, a.title, a.institution_id, o.outcomes, o.attended, o.invited
		    FROM activities a
		    JOIN programmes p ON p.id = a.programme_id
		    CROSS JOIN LATERAL (SELECT ` + year + ` AS year, ` + reach + ` FROM outcomes o
		        WHERE o.institution_id = a.institution_id AND o.activity_id = a.id AND ` + counted + `
		        GROUP BY 1) o
		    WHERE ` + s.where("a", args) + ` AND a.archived_at IS NULL`
	}
	return `SELECT ` + year + ` AS year, a.kind, a.id AS activity_id, a.title, a.institution_id, ` + reach + `
	    FROM outcomes o
	    JOIN activities a ON a.institution_id = o.institution_id AND a.id = o.activity_id
	    JOIN programmes p ON p.id = a.programme_id
	    WHERE ` + s.where("a", args) + ` AND ` + s.institution("o", args) + `
	      AND a.archived_at IS NULL AND ` + counted + `
	    GROUP BY 1, a.id`
}

// closedSurveys is the condition on students' surveys s in scope that
// closed after @from, by @to and by @now, whose responses are sealed
// (shuffled, see internal/survey/seal.go) and still kept. Staff belonging
// surveys never join a student figure.
func (s ReportScope) closedSurveys(args pgx.NamedArgs) string {
	return s.where("s", args) + `
	  AND s.closes_at > @from AND s.closes_at <= @to AND s.closes_at <= @now AND s.sealed AND s.responses_deleted_on IS NULL
	  AND s.audience = 'students'`
}

// checklistTicks adds up the inclusivity checklist of activity a.
const checklistTicks = `(a.in_timetabled_hours::int + a.online_option::int + a.free_to_students::int + a.accessible::int
	+ a.suits_commuters_carers::int + a.alcohol_free::int + a.dietary_needs_met::int)`

// theoryComplete says activity a has every part of its theory of change.
const theoryComplete = `(a.toc_inputs <> '' AND a.toc_activities <> '' AND a.toc_outputs <> '' AND a.toc_outcomes <> ''
	AND a.toc_impact <> '' AND a.toc_assumptions <> '')`

// FacetRow counts a year's activities with one value of one facet
// (status, kind, stage, placement or partnership), or all of them (facet
// "all"), with how many meet each point of the inclusivity checklist.
type FacetRow struct {
	Year                 int32  `db:"year"`
	Facet                string `db:"facet"`
	Value                string `db:"value"`
	Activities           int32  `db:"activities"`
	Institutions         int32  `db:"institutions"`
	InTimetabledHours    int32  `db:"in_timetabled_hours"`
	OnlineOption         int32  `db:"online_option"`
	FreeToStudents       int32  `db:"free_to_students"`
	Accessible           int32  `db:"accessible"`
	SuitsCommutersCarers int32  `db:"suits_commuters_carers"`
	AlcoholFree          int32  `db:"alcohol_free"`
	DietaryNeedsMet      int32  `db:"dietary_needs_met"`
	// CoCreated counts, in the row of all activities (zero in the others),
	// those made with or by students or with student partners.
	CoCreated int32 `db:"co_created"`
}

// ReportFacets counts the activities of the academic years from to to by
// each facet, in one pass (GROUPING SETS).
func (q *Queries) ReportFacets(ctx context.Context, s ReportScope, from, to int) ([]FacetRow, error) {
	args := pgx.NamedArgs{"from_year": from, "to_year": to}
	return collect[FacetRow](ctx, q, `
		SELECT a.academic_year AS year,
		       CASE WHEN GROUPING(a.status) = 0 THEN 'status'
		            WHEN GROUPING(a.kind) = 0 THEN 'kind'
		            WHEN GROUPING(a.stage) = 0 THEN 'stage'
		            WHEN GROUPING(a.placement) = 0 THEN 'placement'
		            WHEN GROUPING(a.partnership) = 0 THEN 'partnership'
		            ELSE 'all' END AS facet,
		       coalesce(a.status, a.kind, a.stage, a.placement, a.partnership, '') AS value,
		       count(*)::int AS activities,
		       `+s.institutions("a")+` AS institutions,
		       count(*) FILTER (WHERE a.in_timetabled_hours)::int AS in_timetabled_hours,
		       count(*) FILTER (WHERE a.online_option)::int AS online_option,
		       count(*) FILTER (WHERE a.free_to_students)::int AS free_to_students,
		       count(*) FILTER (WHERE a.accessible)::int AS accessible,
		       count(*) FILTER (WHERE a.suits_commuters_carers)::int AS suits_commuters_carers,
		       count(*) FILTER (WHERE a.alcohol_free)::int AS alcohol_free,
		       count(*) FILTER (WHERE a.dietary_needs_met)::int AS dietary_needs_met,
		       CASE WHEN GROUPING(a.status, a.kind, a.stage, a.placement, a.partnership) = 31
		            THEN count(*) FILTER (WHERE a.partnership <> 'for'
		                 OR EXISTS (SELECT 1 FROM memberships pm WHERE pm.activity_id = a.id AND pm.role = 'partner'))
		            ELSE 0 END::int AS co_created
		FROM activities a
		JOIN programmes p ON p.id = a.programme_id
		WHERE `+s.where("a", args)+`
		  AND a.archived_at IS NULL AND a.academic_year BETWEEN @from_year AND @to_year
		GROUP BY a.academic_year, GROUPING SETS ((a.status), (a.kind), (a.stage), (a.placement), (a.partnership), ())`, args)
}

// CoverageRow counts a year's activities for one belonging dimension, in
// one journey stage or (Stage "") in any, and the programmes with an
// activity there.
type CoverageRow struct {
	Year         int32  `db:"year"`
	Stage        string `db:"stage"`
	Dimension    string `db:"dimension"`
	Activities   int32  `db:"activities"`
	Programmes   int32  `db:"programmes"`
	Institutions int32  `db:"institutions"`
}

// ReportCoverage counts activities by stage and dimension (the coverage
// map) and by dimension alone, for the academic years from to to.
func (q *Queries) ReportCoverage(ctx context.Context, s ReportScope, from, to int) ([]CoverageRow, error) {
	args := pgx.NamedArgs{"from_year": from, "to_year": to}
	return collect[CoverageRow](ctx, q, `
		SELECT x.year, coalesce(x.stage, '') AS stage, x.dimension,
		       sum(x.activities)::int AS activities,
		       count(DISTINCT x.programme_id)::int AS programmes,
		       `+s.institutions("x")+` AS institutions
		FROM (
		    SELECT a.academic_year AS year, a.stage, d.dimension::text AS dimension, a.programme_id, a.institution_id,
		           count(*) AS activities
		    FROM activities a
		    JOIN programmes p ON p.id = a.programme_id
		    CROSS JOIN LATERAL unnest(a.dimensions) AS d (dimension)
		    WHERE `+s.where("a", args)+`
		      AND a.archived_at IS NULL AND a.academic_year BETWEEN @from_year AND @to_year
		    GROUP BY a.academic_year, a.stage, d.dimension, a.programme_id, a.institution_id
		) x
		GROUP BY x.year, x.dimension, GROUPING SETS ((x.stage), ())`, args)
}

// EvidenceRow counts a year's activities whose strongest evidence is of
// one type (0: none), with what else they have recorded.
type EvidenceRow struct {
	Year       int32 `db:"year"`
	Strongest  int32 `db:"strongest"`
	Activities int32 `db:"activities"`
	// Finished activities are completed or evaluated.
	Finished          int32 `db:"finished"`
	WithOutcomes      int32 `db:"with_outcomes"`
	FinishedNoOutcome int32 `db:"finished_no_outcome"`
	WithAttendance    int32 `db:"with_attendance"`
	TheoryOfChange    int32 `db:"theory_of_change"`
	Institutions      int32 `db:"institutions"`
}

// ReportEvidence counts the activities of the academic years from to to
// by the strength of their strongest evidence.
func (q *Queries) ReportEvidence(ctx context.Context, s ReportScope, from, to int) ([]EvidenceRow, error) {
	args := pgx.NamedArgs{"from_year": from, "to_year": to}
	run := collectPlanned[EvidenceRow]
	if s.ProgrammeID != 0 {
		run = collect[EvidenceRow]
	}
	return run(ctx, q, `
		SELECT a.academic_year AS year, coalesce(ev.strongest, 0)::int AS strongest,
		       count(*)::int AS activities,
		       count(*) FILTER (WHERE a.status IN ('completed', 'evaluated'))::int AS finished,
		       count(oc.activity_id)::int AS with_outcomes,
		       count(*) FILTER (WHERE a.status IN ('completed', 'evaluated') AND oc.activity_id IS NULL)::int AS finished_no_outcome,
		       count(*) FILTER (WHERE oc.attendance)::int AS with_attendance,
		       count(*) FILTER (WHERE `+theoryComplete+`)::int AS theory_of_change,
		       `+s.institutions("a")+` AS institutions
		FROM activities a
		JOIN programmes p ON p.id = a.programme_id
		`+s.evidenceAndOutcomes(args)+`
		WHERE `+s.where("a", args)+`
		  AND a.archived_at IS NULL AND a.academic_year BETWEEN @from_year AND @to_year
		GROUP BY a.academic_year, coalesce(ev.strongest, 0)`, args)
}

// ReachRow adds up the attendance recorded at outcomes in one academic
// year (by the outcome's date): for all activities, for one kind, or (in
// a programme's report) for one activity.
type ReachRow struct {
	Year         int32  `db:"year"`
	Kind         string `db:"kind"`
	ActivityID   int64  `db:"activity_id"`
	Title        string `db:"title"`
	Outcomes     int32  `db:"outcomes"`
	Activities   int32  `db:"activities"`
	Attended     int64  `db:"attended"`
	Invited      int64  `db:"invited"`
	Institutions int32  `db:"institutions"`
}

// ReachParams are the dates a reach query covers: outcomes dated from
// From up to (not including) To, placed in academic years that start in
// StartMonth.
type ReachParams struct {
	From, To   time.Time
	StartMonth int
	// ByActivity adds a row per activity.
	ByActivity bool
}

// ReportReach adds up attendance against the students invited (the
// outcome's own count, or else the activity's) at outcomes that record
// both.
func (q *Queries) ReportReach(ctx context.Context, s ReportScope, r ReachParams) ([]ReachRow, error) {
	args := pgx.NamedArgs{"from": r.From, "to": r.To, "start_month": r.StartMonth}
	sets, activity := "(), (x.kind)", "0::bigint AS activity_id, ''::text AS title"
	if r.ByActivity {
		sets += ", (x.activity_id, x.title)"
		activity = "coalesce(x.activity_id, 0) AS activity_id, coalesce(x.title, '') AS title"
	}
	return collect[ReachRow](ctx, q, `
		SELECT x.year, coalesce(x.kind, '') AS kind, `+activity+`,
		       sum(x.outcomes)::int AS outcomes,
		       count(*)::int AS activities,
		       sum(x.attended)::bigint AS attended,
		       sum(x.invited)::bigint AS invited,
		       `+s.institutions("x")+` AS institutions
		FROM (`+s.reachByActivity(args)+`) x
		GROUP BY x.year, GROUPING SETS (`+sets+`)`, args)
}

// SurveyRow is one closed survey's answers: for one belonging dimension
// (statements measuring it), or, with Overall, for every statement.
// Responses is set on the overall row.
type SurveyRow struct {
	SurveyID      int64     `db:"survey_id"`
	Title         string    `db:"title"`
	Phase         string    `db:"phase"`
	ClosesAt      time.Time `db:"closes_at"`
	InstitutionID int64     `db:"institution_id"`
	ProgrammeID   int64     `db:"programme_id"`
	Overall       bool      `db:"overall"`
	Dimension     string    `db:"dimension"`
	Responses     int32     `db:"responses"`
	Answered      int32     `db:"answered"`
	Agree         int32     `db:"agree"`
	ScoreSum      int64     `db:"score_sum"`
}

// surveyAnswers are the answers, per statement, and the responses of the
// surveys in the CTE scoped (id, institution_id, tallied_responses). Closed
// surveys are read from their tallies; one that closed since the last
// upkeep is counted from its answers.
const surveyAnswers = `answers AS MATERIALIZED (
		    SELECT t.survey_id, t.statement_id, t.answered, t.agree, t.score_sum
		    FROM scoped JOIN survey_tallies t ON t.survey_id = scoped.id
		    WHERE scoped.tallied_responses IS NOT NULL
		    UNION ALL
		    SELECT r.survey_id, sa.statement_id, count(*), count(*) FILTER (WHERE sa.score >= 4), sum(sa.score)
		    FROM scoped
		    JOIN survey_responses r ON r.institution_id = scoped.institution_id AND r.survey_id = scoped.id
		    JOIN survey_answers sa ON sa.response_id = r.id
		    WHERE scoped.tallied_responses IS NULL
		    GROUP BY r.survey_id, sa.statement_id
		),
		responses AS MATERIALIZED (
		    SELECT scoped.id AS survey_id, scoped.tallied_responses AS responses
		    FROM scoped WHERE scoped.tallied_responses IS NOT NULL
		    UNION ALL
		    SELECT r.survey_id, count(*)
		    FROM scoped
		    JOIN survey_responses r ON r.institution_id = scoped.institution_id AND r.survey_id = scoped.id
		    WHERE scoped.tallied_responses IS NULL
		    GROUP BY r.survey_id
		)`

// ReportSurveys counts the answers to the surveys that closed after From
// and by To (and by now), by dimension and overall. Suppression is the
// caller's: these are raw counts.
func (q *Queries) ReportSurveys(ctx context.Context, s ReportScope, from, to, now time.Time) ([]SurveyRow, error) {
	args := pgx.NamedArgs{"from": from, "to": to, "now": now}
	return collect[SurveyRow](ctx, q, `
		WITH scoped AS MATERIALIZED (
		    SELECT s.id, s.institution_id, s.tallied_responses
		    FROM surveys s
		    JOIN programmes p ON p.id = s.programme_id
		    WHERE `+s.closedSurveys(args)+`
		),
		`+surveyAnswers+`
		SELECT v.id AS survey_id, v.title, v.phase, v.closes_at, v.institution_id, v.programme_id,
		       GROUPING(st.dimension) = 1 AS overall,
		       coalesce(st.dimension, '') AS dimension,
		       max(rs.responses)::int AS responses,
		       sum(x.answered)::int AS answered,
		       sum(x.agree)::int AS agree,
		       sum(x.score_sum)::bigint AS score_sum
		FROM answers x
		JOIN surveys v ON v.id = x.survey_id
		JOIN responses rs ON rs.survey_id = x.survey_id
		JOIN survey_statements st ON st.id = x.statement_id
		GROUP BY v.id, v.title, v.phase, v.closes_at, v.institution_id, v.programme_id, GROUPING SETS ((st.dimension), ())
		ORDER BY v.closes_at, v.id`, args)
}

// PulseRow adds up a year's pulse survey answers under one dimension of
// belonging, or (Dimension "") under every statement, over the surveys
// that count: those with at least the threshold of responses, and, under a
// dimension, only where a survey's answers under it reach the threshold on
// their own. Asked says a counted survey asked about the dimension, whether
// or not its answers reached the threshold.
type PulseRow struct {
	Year         int32  `db:"year"`
	Dimension    string `db:"dimension"`
	Surveys      int32  `db:"surveys"`
	Responses    int32  `db:"responses"`
	Answered     int32  `db:"answered"`
	Agree        int32  `db:"agree"`
	ScoreSum     int64  `db:"score_sum"`
	Institutions int32  `db:"institutions"`
	Asked        bool   `db:"asked"`
}

// ReportPulse adds up, in the database, the answers to the surveys that
// closed after From and by To (and by now), by academic year (of each
// survey's last day, in years starting in startMonth) and dimension, for
// reports that show only those sums: a roll-up covers thousands of
// surveys, whose rows ReportSurveys would send one by one. Tallied surveys
// come from their monthly sums (migration 32) while those apply minGroup;
// the rest are counted survey by survey.
func (q *Queries) ReportPulse(ctx context.Context, s ReportScope, from, to, now time.Time, startMonth, minGroup int) ([]PulseRow, error) {
	args := pgx.NamedArgs{"from": from, "to": to, "now": now, "start_month": startMonth, "min_group": minGroup}
	var kept string
	switch {
	case s.Network:
		kept = `institution_pulse f WHERE f.institution_id IN (SELECT i.id FROM institutions i WHERE i.share_network_figures)`
	case s.DepartmentID != 0:
		args["institution_id"], args["department_id"] = s.InstitutionID, s.DepartmentID
		kept = `programme_pulse f JOIN programmes p ON p.id = f.programme_id
		    WHERE p.institution_id = @institution_id AND p.department_id = @department_id AND p.archived_at IS NULL`
	default:
		args["institution_id"] = s.InstitutionID
		kept = `institution_pulse f WHERE f.institution_id = @institution_id`
	}
	year := func(date string) string {
		return `(extract(year FROM ` + date + `) - CASE WHEN extract(month FROM ` + date + `) >= @start_month THEN 0 ELSE 1 END)::int`
	}
	return collectPlanned[PulseRow](ctx, q, `
		WITH summarised AS (SELECT (SELECT min_group FROM report_settings) = @min_group AS yes),
		kept AS (
		    SELECT f.institution_id, `+year("f.month")+` AS year, f.dimension, f.surveys, f.responses,
		           f.answered, f.agree, f.score_sum, f.asked
		    FROM `+kept+`
		      AND (SELECT yes FROM summarised)
		      AND f.month >= date_trunc('month', @from::timestamptz AT TIME ZONE 'Europe/London')
		      AND f.month < date_trunc('month', @to::timestamptz AT TIME ZONE 'Europe/London')
		),
		scoped AS MATERIALIZED (
		    SELECT s.id, s.institution_id, s.tallied_responses, s.closes_at
		    FROM surveys s
		    JOIN programmes p ON p.id = s.programme_id
		    WHERE `+s.closedSurveys(args)+` AND s.tallied_responses IS NULL
		    UNION ALL
		    SELECT s.id, s.institution_id, s.tallied_responses, s.closes_at
		    FROM surveys s
		    JOIN programmes p ON p.id = s.programme_id
		    WHERE NOT (SELECT yes FROM summarised) AND `+s.closedSurveys(args)+` AND s.tallied_responses IS NOT NULL
		),
		`+surveyAnswers+`,
		per AS (
		    SELECT x.survey_id, GROUPING(st.dimension) = 1 AS overall, coalesce(st.dimension, '') AS dimension,
		           sum(x.answered) AS answered, sum(x.agree) AS agree, sum(x.score_sum) AS score_sum
		    FROM answers x JOIN survey_statements st ON st.id = x.statement_id
		    GROUP BY x.survey_id, GROUPING SETS ((st.dimension), ())
		),
		counted AS (
		    SELECT v.id, v.institution_id, rs.responses, `+year("((v.closes_at AT TIME ZONE 'Europe/London') - interval '1 second')")+` AS year
		    FROM scoped v
		    JOIN responses rs ON rs.survey_id = v.id
		    WHERE rs.responses >= @min_group
		),
		live AS (
		    SELECT c.institution_id, c.year, p.dimension,
		           count(*) FILTER (WHERE p.overall) AS surveys,
		           coalesce(sum(c.responses) FILTER (WHERE p.overall), 0) AS responses,
		           coalesce(sum(p.answered) FILTER (WHERE p.overall OR p.answered >= @min_group), 0) AS answered,
		           coalesce(sum(p.agree) FILTER (WHERE p.overall OR p.answered >= @min_group), 0) AS agree,
		           coalesce(sum(p.score_sum) FILTER (WHERE p.overall OR p.answered >= @min_group), 0) AS score_sum,
		           count(*) FILTER (WHERE NOT p.overall) AS asked
		    FROM per p JOIN counted c ON c.id = p.survey_id
		    WHERE p.overall OR p.dimension <> ''
		    GROUP BY c.institution_id, c.year, p.dimension
		),
		both_parts AS (
		    SELECT institution_id, year, dimension, surveys, responses, answered, agree, score_sum, asked FROM kept
		    UNION ALL
		    SELECT institution_id, year, dimension, surveys, responses, answered, agree, score_sum, asked FROM live
		),
		by_institution AS (
		    SELECT institution_id, year, dimension, sum(surveys) AS surveys, sum(responses) AS responses, sum(answered) AS answered,
		           sum(agree) AS agree, sum(score_sum) AS score_sum, sum(asked) AS asked
		    FROM both_parts GROUP BY institution_id, year, dimension
		)
		SELECT year, dimension, sum(surveys)::int AS surveys, sum(responses)::int AS responses,
		       sum(answered)::int AS answered, sum(agree)::int AS agree, sum(score_sum)::bigint AS score_sum,
		       count(*) FILTER (WHERE surveys > 0 OR answered > 0)::int AS institutions, true AS asked
		FROM by_institution
		WHERE surveys > 0 OR asked > 0
		GROUP BY year, dimension
		ORDER BY year, dimension`, args)
}

// SetReportThreshold makes the pulse sums (migration 32) apply minGroup,
// recomputing them if they applied another.
func (q *Queries) SetReportThreshold(ctx context.Context, minGroup int) error {
	_, err := q.db.Exec(ctx, `UPDATE report_settings SET min_group = $1 WHERE min_group <> $1`, minGroup)
	return err
}

// ProgrammeFigures are one programme's figures for a year, for the table
// of programmes in department and institution reports.
type ProgrammeFigures struct {
	ID             int64  `db:"id"`
	Code           string `db:"code"`
	Title          string `db:"title"`
	DepartmentID   int64  `db:"department_id"`
	Department     string `db:"department"`
	Activities     int32  `db:"activities"`
	Curricular     int32  `db:"curricular"`
	CoCreated      int32  `db:"co_created"`
	ChecklistTicks int32  `db:"checklist_ticks"`
	// Cells is how many of the coverage map's stage × dimension cells
	// have an activity.
	Cells int32 `db:"cells"`
	// Evidence counts activities by their strongest evidence.
	NoEvidence int32 `db:"no_evidence"`
	Type1      int32 `db:"type1"`
	Type2      int32 `db:"type2"`
	Type3      int32 `db:"type3"`
	Attended   int64 `db:"attended"`
	Invited    int64 `db:"invited"`
	Responses  int32 `db:"responses"`
}

// ProgrammeFiguresParams say which year: activities planned for Year,
// outcomes dated in [From, To), surveys closed in (From, To] and by Now.
type ProgrammeFiguresParams struct {
	Year          int
	From, To, Now time.Time
}

// ReportProgrammes returns every active programme in scope with its
// figures, in one query, programmes without activities included: each
// programme's headline and reach rows of the summaries (migration 31), and the
// responses to its surveys that closed in the year, counted as they
// stand (a survey's count is kept once it is tallied).
func (q *Queries) ReportProgrammes(ctx context.Context, s ReportScope, f ProgrammeFiguresParams) ([]ProgrammeFigures, error) {
	args := pgx.NamedArgs{"year": f.Year, "from": f.From, "to": f.To, "now": f.Now}
	programmes := []string{s.institution("p", args), "p.archived_at IS NULL"}
	if s.DepartmentID != 0 {
		programmes = append(programmes, "p.department_id = @department_id")
		args["department_id"] = s.DepartmentID
	}
	return collectPlanned[ProgrammeFigures](ctx, q, `
		WITH responses AS MATERIALIZED (
		    SELECT s.programme_id,
		           sum(coalesce(s.tallied_responses,
		               (SELECT count(*) FROM survey_responses r WHERE r.institution_id = s.institution_id AND r.survey_id = s.id))) AS responses
		    FROM surveys s
		    JOIN programmes p ON p.id = s.programme_id
		    WHERE `+s.closedSurveys(args)+`
		    GROUP BY s.programme_id
		)
		SELECT p.id, p.code, p.title, d.id AS department_id, d.name AS department,
		       coalesce(f.activities, 0) AS activities, coalesce(f.curricular, 0) AS curricular,
		       coalesce(f.co_created, 0) AS co_created,
		       coalesce(f.in_timetabled_hours + f.online_option + f.free_to_students + f.accessible
		                + f.suits_commuters_carers + f.alcohol_free + f.dietary_needs_met, 0) AS checklist_ticks,
		       coalesce(f.cells, 0) AS cells,
		       coalesce(f.no_evidence, 0) AS no_evidence, coalesce(f.type1, 0) AS type1,
		       coalesce(f.type2, 0) AS type2, coalesce(f.type3, 0) AS type3,
		       coalesce(rc.attended, 0) AS attended, coalesce(rc.invited, 0) AS invited,
		       coalesce(rs.responses, 0)::int AS responses
		FROM programmes p
		JOIN departments d ON d.institution_id = p.institution_id AND d.id = p.department_id
		LEFT JOIN programme_figures f ON f.programme_id = p.id AND f.year = @year AND f.facet = 'all' AND f.value = ''
		LEFT JOIN programme_figures rc ON rc.programme_id = p.id AND rc.year = @year AND rc.facet = 'reach' AND rc.value = ''
		LEFT JOIN responses rs ON rs.programme_id = p.id
		WHERE `+strings.Join(programmes, " AND ")+`
		ORDER BY p.code, p.id`, args)
}

// ActivityFigures is one activity of a programme's year with what has
// been recorded about it, for the programme report's "what is missing".
type ActivityFigures struct {
	ID             int64  `db:"id"`
	Title          string `db:"title"`
	Kind           string `db:"kind"`
	Stage          string `db:"stage"`
	Status         string `db:"status"`
	HasAims        bool   `db:"has_aims"`
	TheoryOfChange int32  `db:"theory_of_change"`
	Outcomes       int32  `db:"outcomes"`
	WithAttendance int32  `db:"with_attendance"`
	Evidence       int32  `db:"evidence"`
	Strongest      int32  `db:"strongest"`
	// Happened is set when the activity has sessions and the last has
	// ended: it took place, whatever its status says.
	Happened bool `db:"happened"`
}

// ReportActivities lists a programme's activities of one academic year
// with counts of their outcomes and evidence, and whether their sessions
// are all over by now. Each activity's counts are probes by its id, so
// one plan serves every programme (planned afresh it cost more to plan,
// 0.7 ms, than to run).
func (q *Queries) ReportActivities(ctx context.Context, institutionID, programmeID int64, year int, now time.Time) ([]ActivityFigures, error) {
	return collect[ActivityFigures](ctx, q, `
		SELECT a.id, a.title, a.kind, a.stage, a.status, a.aims <> '' AS has_aims,
		       ((a.toc_inputs <> '')::int + (a.toc_activities <> '')::int + (a.toc_outputs <> '')::int
		        + (a.toc_outcomes <> '')::int + (a.toc_impact <> '')::int + (a.toc_assumptions <> '')::int) AS theory_of_change,
		       coalesce(oc.outcomes, 0)::int AS outcomes, coalesce(oc.with_attendance, 0)::int AS with_attendance,
		       coalesce(ev.items, 0)::int AS evidence, coalesce(ev.strongest, 0)::int AS strongest,
		       coalesce(ss.last_end <= @now, false) AS happened
		FROM activities a
		LEFT JOIN LATERAL (SELECT max(s.ends_at) AS last_end
		           FROM activity_sessions s WHERE s.institution_id = a.institution_id AND s.activity_id = a.id) ss ON true
		LEFT JOIN LATERAL (SELECT count(*) AS outcomes, count(o.attendance) AS with_attendance
		           FROM outcomes o WHERE o.institution_id = a.institution_id AND o.activity_id = a.id) oc ON true
		LEFT JOIN LATERAL (SELECT count(*) AS items, max(e.strength) AS strongest
		           FROM evidence e WHERE e.institution_id = a.institution_id AND e.activity_id = a.id) ev ON true
		WHERE a.institution_id = @institution_id AND a.programme_id = @programme_id AND a.academic_year = @year
		  AND a.archived_at IS NULL
		ORDER BY array_position(ARRAY['pre_arrival', 'welcome_week', 'term_1', 'term_2', 'term_3', 'transition', 'final_year', 'postgraduate'], a.stage),
		         lower(a.title), a.id`,
		pgx.NamedArgs{"institution_id": institutionID, "programme_id": programmeID, "year": year, "now": now})
}

// CaseStudyFacetRow counts case studies published to the network (or
// publicly) with one value of one facet, and the institutions they come
// from. Facet "sharing" counts the institutions that share figures.
type CaseStudyFacetRow struct {
	Facet        string `db:"facet"`
	Value        string `db:"value"`
	CaseStudies  int32  `db:"case_studies"`
	Institutions int32  `db:"institutions"`
}

// ReportNetworkCaseStudies counts the case studies shared beyond their
// institutions by kind, stage, dimension, placement, evidence strength
// and academic year: only what institutions chose to publish. Each
// institution's case studies are counted by each facet first (hashed,
// from an index that holds only these columns), then the institutions'
// counts summed and the institutions counted: a count of distinct
// institutions over every row would sort the library once per facet.
func (q *Queries) ReportNetworkCaseStudies(ctx context.Context) ([]CaseStudyFacetRow, error) {
	return collect[CaseStudyFacetRow](ctx, q, `
		WITH per_institution AS (
		    SELECT CASE WHEN GROUPING(c.kind) = 0 THEN 'kind'
		                WHEN GROUPING(c.stage) = 0 THEN 'stage'
		                WHEN GROUPING(c.placement) = 0 THEN 'placement'
		                WHEN GROUPING(c.evidence_strength) = 0 THEN 'strength'
		                WHEN GROUPING(c.academic_year) = 0 THEN 'year'
		                ELSE 'all' END AS facet,
		           coalesce(c.kind, c.stage, c.placement, c.evidence_strength::text, c.academic_year::text, '') AS value,
		           count(*) AS case_studies
		    FROM case_study_publications c
		    WHERE c.visibility IN ('network', 'public')
		    GROUP BY GROUPING SETS ((c.institution_id, c.kind), (c.institution_id, c.stage), (c.institution_id, c.placement),
		                            (c.institution_id, c.evidence_strength), (c.institution_id, c.academic_year), (c.institution_id))
		    UNION ALL
		    SELECT 'dimension', d.dimension, count(*)
		    FROM case_study_publications c CROSS JOIN LATERAL unnest(c.dimensions) AS d (dimension)
		    WHERE c.visibility IN ('network', 'public')
		    GROUP BY c.institution_id, d.dimension
		)
		SELECT facet, value, sum(case_studies)::int AS case_studies, count(*)::int AS institutions
		FROM per_institution
		GROUP BY facet, value
		UNION ALL
		SELECT 'sharing', '', count(*)::int, count(*)::int FROM institutions i WHERE i.share_network_figures`, nil)
}
