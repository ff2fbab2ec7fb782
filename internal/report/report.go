// Package report builds the reports: a programme's, a department's, the
// institution's and the network's, each for one academic year with the
// year before beside it, as pages, CSV files and print. Every report runs
// a fixed number of set-based aggregate queries (GROUP BY, FILTER,
// GROUPING SETS) scoped by institution, whatever the number of
// programmes and activities, and hides every survey figure that rests on
// fewer than the survey threshold of responses; the network report also
// hides every figure that rests on fewer than the network threshold of
// institutions.
package report

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/access"
	"belonging/internal/acyear"
	"belonging/internal/db"
	"belonging/internal/i18n"
	"belonging/internal/store"
	"belonging/internal/suppress"
	page "belonging/web/pages/report"
)

// Handler serves the reports.
type Handler struct {
	Pool    *pgxpool.Pool
	Queries *store.Queries
	// Reads sends the reports' queries to a replica while it is close
	// enough behind the primary (nil: always the primary).
	Reads *db.Reads
	// Access loads the records the routes name and answers 404 or 403.
	Access *access.Loader
	// Now is the clock; tests may fix it.
	Now func() time.Time
	// MinGroup is the fewest survey responses a shown figure may rest on.
	MinGroup int
	// MinInstitutions is the fewest institutions a network figure may
	// rest on.
	MinInstitutions int
	// BaseURL starts the activity export's link back.
	BaseURL string

	network networkCache
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

// minGroup is the survey threshold in force: the same rule the survey
// pages use (internal/suppress).
func (h *Handler) minGroup() int { return suppress.MinGroup(h.MinGroup) }

// minInstitutions is the network threshold, never below 3.
func (h *Handler) minInstitutions() int { return max(h.MinInstitutions, 3) }

// years is how many academic years the timelines show, ending with the
// report's.
const years = 5

// yearParam reads ?year; anything that is not a plausible academic year
// is ignored in favour of the current one.
func yearParam(r *http.Request, current int) int {
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y >= 2000 && y <= 2100 {
		return y
	}
	return current
}

// yearChoices are the years offered in the year picker: five back from
// the current one and the next, and the one shown.
func yearChoices(shown, current int) []int {
	var out []int
	for y := current + 1; y >= current-years; y-- {
		out = append(out, y)
	}
	if shown > current+1 || shown < current-years {
		out = append(out, shown)
	}
	return out
}

// london is where survey dates are read, as the survey pages read them.
var london = acyear.London

// period is an academic year's dates: outcomes dated from From up to (not
// including) To; surveys that closed at or before midnight (UK time)
// starting To and after the one starting From.
type period struct {
	From, To                   time.Time
	SurveysFrom, SurveysTo     time.Time
	Year, StartMonth, LastYear int
}

func periodOf(firstYear, lastYear, startMonth int) period {
	from, _ := acyear.Bounds(firstYear, startMonth)
	_, to := acyear.Bounds(lastYear, startMonth)
	return period{From: from, To: to, Year: firstYear, LastYear: lastYear, StartMonth: startMonth,
		SurveysFrom: time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, london),
		SurveysTo:   time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, london)}
}

// periodText says in words which dates year y covers.
func periodText(ctx context.Context, y, startMonth int) string {
	from, to := acyear.Bounds(y, startMonth)
	return i18n.T(ctx, "report.period", "From", i18n.FullDate(ctx, from), "To", i18n.FullDate(ctx, to.AddDate(0, 0, -1)))
}

// surveyYear is the academic year a survey's results belong to: the year
// of its last day.
func surveyYear(closesAt time.Time, startMonth int) int {
	return acyear.Of(closesAt.In(london).Add(-time.Second), startMonth)
}

// inputs are the results of a report's aggregate queries.
type inputs struct {
	year       int
	startMonth int
	facets     []store.FacetRow
	coverage   []store.CoverageRow
	evidence   []store.EvidenceRow
	reach      []store.ReachRow
	// surveys are a programme's surveys one by one; a roll-up reads only
	// pulseYears, their sums.
	surveys    []store.SurveyRow
	pulseYears []store.PulseRow
	perSurvey  bool
}

// pulse builds the report's pulse survey figures from what load read.
func (in inputs) pulse(minGroup int, sup suppressor) pulse {
	if in.perSurvey {
		return tallyPulse(in.surveys, in.startMonth, minGroup, sup)
	}
	return pulseOf(in.pulseYears, minGroup, sup)
}

// read runs a report's queries in one read-only transaction, so that its
// figures come from one snapshot and agree with each other: on the
// replica when there is one close enough behind the primary (the source
// says how far), otherwise, or when the replica fails part way, on the
// primary. JIT compilation is turned off for it, since compiling costs
// these aggregates more than it saves, and sorts get room to stay in
// memory.
func (h *Handler) read(ctx context.Context, fn func(q *store.Queries) error) (db.Source, error) {
	return h.Reads.Read(ctx, h.Pool, func(pool *pgxpool.Pool) error { return readIn(ctx, pool, h.Queries, fn) })
}

func readIn(ctx context.Context, pool *pgxpool.Pool, queries *store.Queries, fn func(q *store.Queries) error) error {
	tx, err := pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	if _, err := tx.Exec(ctx, "SELECT set_config('jit', 'off', true), set_config('work_mem', '32MB', true)"); err != nil {
		return err
	}
	if err := fn(queries.WithTx(tx)); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// asOf says, for a page, how old figures read from src are: nothing for
// the primary's, which are current.
func asOf(ctx context.Context, src db.Source, now time.Time) string {
	if !src.Replica {
		return ""
	}
	if s := int(src.Lag(now).Round(time.Second) / time.Second); s >= 1 {
		return i18n.N(ctx, "report.as_of.seconds", s)
	}
	return i18n.T(ctx, "report.as_of.now")
}

// load runs the queries every report shares, whatever the scope's size.
// Activities are counted by the year they are planned for; outcomes by
// their date; surveys by the day they closed. A programme's report counts
// its own few activities from scratch (four queries); a department's, an
// institution's and the network's read the summaries that writes keep up
// to date (one query; see migration 31), and agree with a count from
// scratch; filtered by evaluation code, they too count from scratch. Surveys likewise: a programme's one by one, a roll-up's added up
// in the database.
func load(ctx context.Context, q *store.Queries, s store.ReportScope, year, startMonth, minGroup int, byActivity bool, now time.Time) (inputs, error) {
	in := inputs{year: year, startMonth: startMonth}
	var err error
	if s.ProgrammeID != 0 || s.Codes.Active() {
		in, err = countFromScratch(ctx, q, s, year, startMonth, byActivity)
	} else {
		in, err = readSummaries(ctx, q, s, year, startMonth)
	}
	if err != nil {
		return in, err
	}
	five := periodOf(year-years+1, year, startMonth)
	if s.ProgrammeID != 0 {
		in.perSurvey = true
		in.surveys, err = q.ReportSurveys(ctx, s, five.SurveysFrom, five.SurveysTo, now)
	} else {
		in.pulseYears, err = q.ReportPulse(ctx, s, five.SurveysFrom, five.SurveysTo, now, startMonth, minGroup)
	}
	return in, err
}

// countFromScratch counts a report's activities, coverage, evidence and reach from
// scratch.
func countFromScratch(ctx context.Context, q *store.Queries, s store.ReportScope, year, startMonth int, byActivity bool) (inputs, error) {
	in := inputs{year: year, startMonth: startMonth}
	var err error
	if in.facets, err = q.ReportFacets(ctx, s, year-years+1, year); err != nil {
		return in, err
	}
	if in.coverage, err = q.ReportCoverage(ctx, s, year-1, year); err != nil {
		return in, err
	}
	if in.evidence, err = q.ReportEvidence(ctx, s, year-1, year); err != nil {
		return in, err
	}
	if !s.Network {
		two := periodOf(year-1, year, startMonth)
		if in.reach, err = q.ReportReach(ctx, s, store.ReachParams{From: two.From, To: two.To, StartMonth: startMonth, ByActivity: byActivity}); err != nil {
			return in, err
		}
	}
	return in, nil
}

// readSummaries reads the same from the summaries: the kinds of activity and
// the totals for five years, the rest for two.
func readSummaries(ctx context.Context, q *store.Queries, s store.ReportScope, year, startMonth int) (inputs, error) {
	in := inputs{year: year, startMonth: startMonth}
	rows, err := q.ReportFigures(ctx, s, year-years+1, year)
	if err != nil {
		return in, err
	}
	in.facets, in.coverage, in.evidence, in.reach = store.SplitFigures(rows)
	if s.Network {
		in.reach = nil
	}
	return in, nil
}

func title(ctx context.Context, scope, year string) string {
	return i18n.T(ctx, "report.title", "Scope", scope, "Year", year)
}

// printed says on paper whose report it is and when it was made.
func printed(ctx context.Context, who string, now time.Time) string {
	return i18n.T(ctx, "report.printed", "Who", who, "On", i18n.FullDate(ctx, now.In(london)))
}

// address builds the addresses of one report with a query (nil for
// none): its page, its tables as CSV files, and the whole of it as a
// workbook.
type address struct {
	page, csv, xlsx func(q url.Values) string
}

// yearOnly is the query of academic year y.
func yearOnly(y int) url.Values { return url.Values{"year": {strconv.Itoa(y)}} }

// tableCSV makes the addresses of a report's tables as CSV, keeping the
// year and any other query (the programme table's sort).
func tableCSV(a address, year int, extra url.Values) func(string) string {
	return func(t string) string {
		q := yearOnly(year)
		q.Set("table", t)
		for k, v := range extra {
			q[k] = v
		}
		return a.csv(q)
	}
}

// reportLinks are the other pages a report points to.
func reportLinks(links ...page.Link) []page.Link { return links }
