package seed

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/sync/errgroup"

	"belonging/internal/auth"
	"belonging/internal/vocab"
)

// Scale sizes at N=1: what a national network might hold.
const (
	scaleActivitiesPerProg    = 66 // over three academic years: ~200,000 in all
	scaleSessionsPerActivity  = 3
	scaleCaseStudyEvery       = 2 // one case study per two activities: 100,000
	scaleOutcomesPerActivity  = 1.5
	scaleBenchProgrammeActive = 40 // activities this year in the bench's programme
)

// shape is how generated data is laid out: how many institutions, and
// departments, programmes and modules in each; and the name the accounts'
// email domain and the institutions' slugs start with.
type shape struct {
	institutions, departments, programmes, modules int
	name                                           string
}

// scaleShape is a national network at scale n: 100n institutions of 30
// programmes (3,000n programmes in all).
func scaleShape(n int) shape {
	return shape{institutions: 100 * n, departments: 5, programmes: 30, modules: 40, name: "scale"}
}

// largestShape is one institution as large as the whole network at N=1:
// 3,000 programmes in 25 departments, and so about 200,000 activities.
var largestShape = shape{institutions: 1, departments: 25, programmes: 3000, modules: 4000, name: "largest"}

// Accounts are the sign-ins of generated data `make bench` uses, all with
// DemoPassword: the director of the first programme of the first
// institution (whose plan has 40 activities this year), a network
// coordinator, and the first institution's admin.
type Accounts struct{ Director, Coordinator, Admin string }

func (s shape) accounts() Accounts {
	return Accounts{Director: "director-0-0@" + s.name + ".example", Coordinator: "coordinator@" + s.name + ".example", Admin: "admin-0@" + s.name + ".example"}
}

// ScaleAccounts are the sign-ins of the scale data, LargestAccounts of
// the largest institution.
var (
	ScaleAccounts   = scaleShape(1).accounts()
	LargestAccounts = largestShape.accounts()
)

// LargestSlug is the largest institution's slug.
var LargestSlug = largestShape.name + "-0"

// Scale generates a network of institutions for benchmarks, N times the
// sizes above, with PostgreSQL COPY. It refuses a database that already
// holds data, and reports progress to out.
//
// upkeep, if not nil, runs the app's own upkeep on the loaded data (the
// survey tallies and the evidence of before-and-after pairs) before the
// report summaries are built, on the load's connections.
func Scale(ctx context.Context, pool *pgxpool.Pool, n int, upkeep Upkeep, out io.Writer) error {
	if n < 1 || n > 20 {
		return fmt.Errorf("scale must be from 1 to 20, not %d", n)
	}
	return generate(ctx, pool, scaleShape(n), uint64(n), upkeep, out)
}

// Largest generates one institution as large as the whole network at N=1,
// for measuring the reports of the largest institution there could be.
func Largest(ctx context.Context, pool *pgxpool.Pool, upkeep Upkeep, out io.Writer) error {
	return generate(ctx, pool, largestShape, 1000, upkeep, out)
}

// Upkeep is work the app does on its data that a load should have done
// too, given the connections to do it on.
type Upkeep func(context.Context, *pgxpool.Pool) error

func generate(ctx context.Context, pool *pgxpool.Pool, sh shape, seed uint64, upkeep Upkeep, out io.Writer) error {
	var existing int
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM institutions").Scan(&existing); err != nil {
		return err
	}
	if existing > 0 {
		return fmt.Errorf("the database already holds %d institutions: scale data goes into an empty, migrated database", existing)
	}
	hash, err := auth.HashPassword(ctx, DemoPassword)
	if err != nil {
		return err
	}
	load, checked, err := loadingPool(ctx, pool)
	if err != nil {
		return err
	}
	defer load.Close()
	if checked {
		fmt.Fprintln(out, "  (not a superuser: foreign keys are checked row by row, which is slower)")
	}
	g := &generator{pool: load, out: out, shape: sh, rng: rand.New(rand.NewPCG(seed, 42)), year: CurrentYear(), hash: hash, started: time.Now()}
	built, err := g.deferIndexes(ctx, "activities", "activity_sessions", "outcomes", "evidence", "case_studies",
		"case_study_publications", "survey_responses")
	if err != nil {
		return err
	}
	steps := []struct {
		name string
		fn   func(context.Context) error
	}{
		{"institutions, departments, programmes and modules", g.structure},
		{"people and roles", g.people},
		{"activities", g.genActivities},
		{"sessions", g.sessions},
		{"outcomes", g.outcomes},
		{"evidence", g.evidence},
		{"case studies", g.caseStudies},
		{"pulse surveys and their responses", g.surveys},
		{"indexes and the planner's statistics", built},
		{"survey tallies", g.tallies},
		{"evidence from before-and-after surveys", func(ctx context.Context) error {
			if upkeep == nil {
				return nil
			}
			return upkeep(ctx, g.pool)
		}},
		{"theory-of-change entries", g.tocEntries},
		{"report summaries", g.summaries},
	}
	for _, s := range steps {
		start := time.Now()
		if err := s.fn(ctx); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		fmt.Fprintf(out, "  %-52s %6.1fs\n", s.name, time.Since(start).Seconds())
	}
	if _, err := pool.Exec(ctx, "ANALYZE"); err != nil {
		return err
	}
	acc := sh.accounts()
	fmt.Fprintf(out, "Generated data loaded in %.0fs. Sign in as %s, %s or %s (password %s).\n",
		time.Since(g.started).Seconds(), acc.Director, acc.Admin, acc.Coordinator, DemoPassword)
	return nil
}

// loadingPool opens connections for the load that skip triggers and
// per-row foreign-key checks (session_replication_role = replica): the
// generator writes rows it made consistent, and a statement per row
// checking them doubled the time of the largest tables. That needs a
// superuser; without one the load runs with the checks (checked is true).
// The triggers skipped keep the report summaries, which the last step
// builds from scratch.
func loadingPool(ctx context.Context, pool *pgxpool.Pool) (load *pgxpool.Pool, checked bool, err error) {
	cfg := pool.Config().Copy()
	cfg.MaxConns = 4
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return nil, false, err
	}
	_, err = conn.Exec(ctx, "SET session_replication_role = replica")
	if err == nil {
		_, err = conn.Exec(ctx, "RESET session_replication_role")
	} else {
		checked = true
	}
	conn.Release()
	cfg.AfterConnect = func(ctx context.Context, c *pgx.Conn) error {
		// Room to sort each index, and the answers, in memory; and no
		// wait for the disk at each commit (the upkeep commits once per
		// pair): a load cut short by a crash is loaded again anyway.
		set := "SET maintenance_work_mem = '512MB'; SET work_mem = '256MB'; SET synchronous_commit = off"
		if !checked {
			set += "; SET session_replication_role = replica"
		}
		_, err := c.Exec(ctx, set)
		return err
	}
	load, err = pgxpool.NewWithConfig(ctx, cfg)
	return load, checked, err
}

type generator struct {
	pool    *pgxpool.Pool
	out     io.Writer
	shape   shape
	rng     *rand.Rand
	year    int
	hash    string
	started time.Time

	institutions []int64
	programmes   []scaleProgramme
	modules      map[int64][]int64 // by institution
	activities   []scaleActivity
}

type scaleProgramme struct {
	id, institution, director int64
	discipline                string
	cohort                    int
	modules                   []int64
}

type scaleActivity struct {
	id, institution, programme int64
	year                       int
	kind, stage, placement     string
	dimensions                 []string
	title                      string
	discipline                 string
}

// copyRows copies rows into table and returns the first id they were
// given. The app's tables use identity columns and the generator is the
// only writer, so the ids are contiguous; copyRows checks that they are.
func (g *generator) copyRows(ctx context.Context, table string, columns []string, rows [][]any) (first int64, err error) {
	seq := ""
	if err := g.pool.QueryRow(ctx, `SELECT coalesce(pg_get_serial_sequence(table_name, 'id'), '') FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = $1 AND column_name = 'id'
		UNION ALL SELECT '' LIMIT 1`, table).Scan(&seq); err != nil {
		return 0, err
	}
	var last int64
	if seq != "" {
		if err := g.pool.QueryRow(ctx, "SELECT coalesce(max(id), 0) FROM "+pgx.Identifier{table}.Sanitize()).Scan(&last); err != nil {
			return 0, err
		}
	}
	n, err := g.pool.CopyFrom(ctx, pgx.Identifier{table}, columns, pgx.CopyFromRows(rows))
	if err != nil {
		return 0, err
	}
	if n != int64(len(rows)) {
		return 0, fmt.Errorf("copied %d of %d rows", n, len(rows))
	}
	if seq == "" {
		return 0, nil
	}
	var lo, hi, count int64
	if err := g.pool.QueryRow(ctx, "SELECT min(id), max(id), count(*) FROM "+pgx.Identifier{table}.Sanitize()+" WHERE id > $1", last).Scan(&lo, &hi, &count); err != nil {
		return 0, err
	}
	if count != n || hi-lo+1 != n {
		return 0, fmt.Errorf("%s ids are not contiguous after COPY", table)
	}
	return lo, nil
}

func (g *generator) structure(ctx context.Context) error {
	sh := g.shape
	var inst [][]any
	for i := 0; i < sh.institutions; i++ {
		// Four in five share their figures with the network report.
		inst = append(inst, []any{fmt.Sprintf("%s-%d", sh.name, i), fmt.Sprintf("%s %s", universityNames[i%len(universityNames)], universitySuffix(i)),
			institutionKinds[i%len(institutionKinds)], i%5 != 4})
	}
	first, err := g.copyRows(ctx, "institutions", []string{"slug", "name", "kind", "share_network_figures"}, inst)
	if err != nil {
		return err
	}
	var depts [][]any
	for i := range inst {
		g.institutions = append(g.institutions, first+int64(i))
		for d := 0; d < sh.departments; d++ {
			depts = append(depts, []any{first + int64(i), departmentName(d)})
		}
	}
	firstDept, err := g.copyRows(ctx, "departments", []string{"institution_id", "name"}, depts)
	if err != nil {
		return err
	}
	var mods [][]any
	for i, instID := range g.institutions {
		for m := 0; m < sh.modules; m++ {
			dept := firstDept + int64(i*sh.departments+m%sh.departments)
			mods = append(mods, []any{instID, dept, fmt.Sprintf("M%03d", m), moduleTitle(m), 20})
		}
	}
	firstMod, err := g.copyRows(ctx, "modules", []string{"institution_id", "department_id", "code", "title", "credits"}, mods)
	if err != nil {
		return err
	}
	g.modules = map[int64][]int64{}
	for i, instID := range g.institutions {
		for m := 0; m < sh.modules; m++ {
			g.modules[instID] = append(g.modules[instID], firstMod+int64(i*sh.modules+m))
		}
	}
	var progs [][]any
	for i, instID := range g.institutions {
		for p := 0; p < sh.programmes; p++ {
			discipline := generatedDisciplines[(p+i)%len(generatedDisciplines)]
			cohort := 40 + g.rng.IntN(220)
			dept := firstDept + int64(i*sh.departments+p%sh.departments)
			progs = append(progs, []any{instID, dept, fmt.Sprintf("P%03d", p), "BSc " + discipline, "ug", discipline, cohort, 3})
			g.programmes = append(g.programmes, scaleProgramme{institution: instID, discipline: discipline, cohort: cohort})
		}
	}
	firstProg, err := g.copyRows(ctx, "programmes", []string{"institution_id", "department_id", "code", "title", "level", "subject_area", "cohort_size", "years"}, progs)
	if err != nil {
		return err
	}
	var links [][]any
	for i := range g.programmes {
		p := &g.programmes[i]
		p.id = firstProg + int64(i)
		mods := g.modules[p.institution]
		for k := 0; k < 8; k++ {
			m := mods[(i*3+k)%len(mods)]
			p.modules = append(p.modules, m)
			links = append(links, []any{p.institution, p.id, m, 1 + k%3})
		}
	}
	_, err = g.copyRows(ctx, "programme_modules", []string{"institution_id", "programme_id", "module_id", "year_of_study"}, links)
	return err
}

func (g *generator) people(ctx context.Context) error {
	sh := g.shape
	var users [][]any
	type role struct {
		user       int
		inst, prog int64
		mod        int64
		role       string
	}
	var roles []role
	add := func(inst *int64, email, name string, coordinator bool) int {
		users = append(users, []any{inst, email, name, g.hash, coordinator})
		return len(users) - 1
	}
	add(nil, sh.accounts().Coordinator, "Casey Coordinator", true)
	for i, instID := range g.institutions {
		id := instID
		roles = append(roles, role{user: add(&id, fmt.Sprintf("admin-%d@%s.example", i, sh.name), fmt.Sprintf("Admin %d", i), false), inst: instID, role: "admin"})
	}
	for j := range g.programmes {
		p := g.programmes[j]
		inst := p.institution
		u := add(&inst, fmt.Sprintf("director-%d-%d@%s.example", j/sh.programmes, j%sh.programmes, sh.name), fmt.Sprintf("Director %d", j), false)
		roles = append(roles, role{user: u, inst: inst, prog: p.id, role: "director"})
		g.programmes[j].director = int64(u)
		if j%3 == 0 {
			l := add(&inst, fmt.Sprintf("leader-%d@%s.example", j, sh.name), fmt.Sprintf("Module Leader %d", j), false)
			roles = append(roles, role{user: l, inst: inst, mod: p.modules[0], role: "module_leader"})
		}
	}
	first, err := g.copyRows(ctx, "users", []string{"institution_id", "email", "name", "password_hash", "is_coordinator"}, users)
	if err != nil {
		return err
	}
	for j := range g.programmes {
		g.programmes[j].director += first
	}
	var ms [][]any
	for _, r := range roles {
		var prog, mod *int64
		if r.prog != 0 {
			prog = &r.prog
		}
		if r.mod != 0 {
			mod = &r.mod
		}
		ms = append(ms, []any{r.inst, first + int64(r.user), r.role, prog, mod})
	}
	_, err = g.copyRows(ctx, "memberships", []string{"institution_id", "user_id", "role", "programme_id", "module_id"}, ms)
	return err
}

func (g *generator) genActivities(ctx context.Context) error {
	cols := []string{"institution_id", "programme_id", "module_id", "academic_year", "title", "kind", "stage", "dimensions", "placement",
		"level", "in_timetabled_hours", "online_option", "free_to_students", "accessible", "suits_commuters_carers", "alcohol_free",
		"dietary_needs_met", "partnership", "aims", "toc_activities", "toc_outcomes", "lead_id", "audience_level", "audience_year",
		"cohort_size", "status", "created_by"}
	var rows [][]any
	for j, p := range g.programmes {
		perYear := []int{scaleActivitiesPerProg / 3, scaleActivitiesPerProg / 3, scaleActivitiesPerProg - 2*(scaleActivitiesPerProg/3)}
		if j == 0 {
			perYear[2] = scaleBenchProgrammeActive
		}
		for y := 0; y < 3; y++ {
			year := g.year - 2 + y
			for k := 0; k < perYear[y]; k++ {
				kind := vocab.Kinds[g.rng.IntN(len(vocab.Kinds)-1)].Value
				stage := vocab.Stages[g.rng.IntN(len(vocab.Stages)-1)].Value
				dims := pick(g.rng, vocab.Dimensions.Values(), 1+g.rng.IntN(3))
				placement := vocab.Placements[g.rng.IntN(3)].Value
				var mod *int64
				if g.rng.IntN(2) == 0 {
					m := p.modules[g.rng.IntN(len(p.modules))]
					mod = &m
				}
				status := "completed"
				if year == g.year {
					status = []string{"idea", "planned", "scheduled", "running"}[g.rng.IntN(4)]
				} else if g.rng.IntN(2) == 0 {
					status = "evaluated"
				}
				title := fmt.Sprintf("%s for %s students %s", activityTitles[kind], p.discipline, titleTails[g.rng.IntN(len(titleTails))])
				b := func() bool { return g.rng.IntN(3) > 0 }
				rows = append(rows, []any{p.institution, p.id, mod, year, title, kind, stage, dims, placement, "programme", b(), b(), b(), b(), b(), b(), b(),
					[]string{"for", "with", "by"}[g.rng.IntN(3)], "Help students feel they belong on the course.", "Sessions run by staff and students.",
					"Students know each other and staff better.", p.director, "ug", 1 + g.rng.IntN(3), p.cohort, status, p.director})
				g.activities = append(g.activities, scaleActivity{institution: p.institution, programme: p.id, year: year, kind: kind, stage: stage,
					placement: placement, dimensions: dims, title: title, discipline: p.discipline})
			}
		}
	}
	first, err := g.copyBatches(ctx, "activities", cols, rows)
	if err != nil {
		return err
	}
	for i := range g.activities {
		g.activities[i].id = first + int64(i)
	}
	return nil
}

// summaries builds the report summaries (migrations 31 and 32) of everything
// loaded, which the triggers skipped during the load keep in step with
// later writes: a hundred programmes at a time, two at once.
func (g *generator) summaries(ctx context.Context) error {
	const chunk = 100
	return g.inTurns(ctx, (len(g.programmes)+chunk-1)/chunk, func(ctx context.Context, i int) error {
		var ids []int64
		for _, p := range g.programmes[i*chunk : min((i+1)*chunk, len(g.programmes))] {
			ids = append(ids, p.id)
		}
		_, err := g.pool.Exec(ctx, `SELECT refresh_programme_figures($1), refresh_programme_pulse($1)`, ids)
		return err
	})
}

// deferIndexes drops the tables' indexes that back no constraint, so that
// the load does not grow them row by row, and returns the step that
// builds them again, two at once, each sorted in one pass.
func (g *generator) deferIndexes(ctx context.Context, tables ...string) (func(context.Context) error, error) {
	rows, err := g.pool.Query(ctx, `
		SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
		FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
		WHERE t.relname = ANY ($1) AND t.relnamespace = current_schema()::regnamespace
		  AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = i.indexrelid)
		ORDER BY 1`, tables)
	if err != nil {
		return nil, err
	}
	defs, err := pgx.CollectRows(rows, pgx.RowToStructByPos[struct{ Name, Def string }])
	if err != nil {
		return nil, err
	}
	for _, d := range defs {
		if _, err := g.pool.Exec(ctx, "DROP INDEX "+d.Name); err != nil {
			return nil, err
		}
	}
	return func(ctx context.Context) error {
		err := g.inTurns(ctx, len(defs), func(ctx context.Context, i int) error {
			_, err := g.pool.Exec(ctx, defs[i].Def)
			return err
		})
		if err != nil {
			return err
		}
		// The steps after this one read what was loaded, query by query
		// (the upkeep drafts each pair's evidence from its responses).
		// Without statistics the planner takes the freshly loaded tables
		// for small and scans a whole table for each pair's scores in
		// parallel: 2 pairs a second at N=1 instead of 150.
		_, err = g.pool.Exec(ctx, "ANALYZE")
		return err
	}, nil
}

// inTurns runs task(0) to task(n-1) on two connections at once, in that
// order; the first error stops the rest.
func (g *generator) inTurns(ctx context.Context, n int, task func(context.Context, int) error) error {
	eg, ctx := errgroup.WithContext(ctx)
	eg.SetLimit(2)
	for i := range n {
		eg.Go(func() error { return task(ctx, i) })
	}
	return eg.Wait()
}

// copyBatches copies rows in batches, reporting progress, and returns the
// first id given.
func (g *generator) copyBatches(ctx context.Context, table string, cols []string, rows [][]any) (int64, error) {
	const batch = 50000
	var first int64
	for start := 0; start < len(rows); start += batch {
		end := min(start+batch, len(rows))
		id, err := g.copyRows(ctx, table, cols, rows[start:end])
		if err != nil {
			return 0, err
		}
		if start == 0 {
			first = id
		}
		fmt.Fprintf(g.out, "    %s: %d of %d\n", table, end, len(rows))
	}
	return first, nil
}

func (g *generator) sessions(ctx context.Context) error {
	var rows [][]any
	for _, a := range g.activities {
		from := time.Date(a.year, time.September, 20, 0, 0, 0, 0, time.UTC)
		for s := 0; s < scaleSessionsPerActivity; s++ {
			day := from.AddDate(0, 0, g.rng.IntN(300))
			start := 9 + g.rng.IntN(8)
			rows = append(rows, []any{a.institution, a.id, day, clockAt(start), clockAt(start + 1 + g.rng.IntN(2)), "Room " + fmt.Sprint(g.rng.IntN(400))})
		}
	}
	_, err := g.copyBatches(ctx, "activity_sessions", []string{"institution_id", "activity_id", "session_date", "start_time", "end_time", "location"}, rows)
	return err
}

func clockAt(hour int) pgtype.Time {
	return pgtype.Time{Microseconds: int64(min(hour, 23)) * 3600e6, Valid: true}
}

func (g *generator) outcomes(ctx context.Context) error {
	var rows [][]any
	for i, a := range g.activities {
		count := 1
		if i%2 == 0 {
			count = 2
		}
		if a.year == g.year && i%3 == 0 {
			count = 0
		}
		for k := 0; k < count; k++ {
			invited := 60 + g.rng.IntN(200)
			rows = append(rows, []any{a.institution, a.id, time.Date(a.year, time.October, 1+k*14, 0, 0, 0, 0, time.UTC),
				g.rng.IntN(invited), invited, "Went well.", "Start earlier.", 1 + g.rng.IntN(5)})
		}
	}
	_, err := g.copyBatches(ctx, "outcomes", []string{"institution_id", "activity_id", "outcome_date", "attendance", "invited", "what_worked", "what_to_change", "aims_met"}, rows)
	return err
}

func (g *generator) evidence(ctx context.Context) error {
	var rows [][]any
	for i, a := range g.activities {
		if i%4 != 0 {
			continue
		}
		strength := 1 + g.rng.IntN(3)
		var sample *int
		if strength >= 2 {
			s := 20 + g.rng.IntN(200)
			sample = &s
		}
		rows = append(rows, []any{a.institution, a.id, "Attendance and feedback", "attendance", strength, sample, fmt.Sprintf("https://evidence.scale.example/%d", a.id)})
	}
	_, err := g.copyBatches(ctx, "evidence", []string{"institution_id", "activity_id", "title", "kind", "strength", "sample_size", "link_url"}, rows)
	return err
}

func (g *generator) caseStudies(ctx context.Context) error {
	var drafts, pubs [][]any
	names := map[int64]string{}
	rows, err := g.pool.Query(ctx, "SELECT id, name FROM institutions")
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		names[id] = name
	}
	var chosen []scaleActivity
	for i, a := range g.activities {
		if i%scaleCaseStudyEvery == 0 {
			chosen = append(chosen, a)
		}
	}
	visibilities := []string{"network", "network", "network", "public", "institution"}
	for i, a := range chosen {
		title, summary, body := g.caseStudyText(a)
		visibility := visibilities[i%len(visibilities)]
		review := "approved"
		if visibility == "institution" {
			review = "none"
		}
		drafts = append(drafts, []any{a.institution, a.programme, a.id, title, summary, body, a.kind, a.stage, a.dimensions, a.placement,
			a.discipline, a.year, visibility, review, 1 + g.rng.IntN(3)})
	}
	first, err := g.copyBatches(ctx, "case_studies", []string{"institution_id", "programme_id", "activity_id", "title", "summary",
		"what_we_did", "kind", "stage", "dimensions", "placement", "discipline", "academic_year", "requested_visibility", "review_state",
		"evidence_strength"}, drafts)
	if err != nil {
		return err
	}
	for i, a := range chosen {
		d := drafts[i]
		sections, err := json.Marshal([]map[string]string{{"id": "what-we-did", "title": "What we did", "markdown": d[5].(string)}})
		if err != nil {
			return err
		}
		pubs = append(pubs, []any{first + int64(i), a.institution, d[12], d[3], d[4], sections, d[5], a.kind, a.stage, a.dimensions,
			a.placement, a.discipline, "University", names[a.institution], d[14], a.year, 1,
			time.Now().Add(-time.Duration(g.rng.IntN(3*365*24)) * time.Hour)})
	}
	// Publications arrive over time, so a real table holds them roughly in
	// the order they were published; the generated one does too.
	slices.SortFunc(pubs, func(a, b []any) int { return a[17].(time.Time).Compare(b[17].(time.Time)) })
	// Their search vectors are most of the load's work: two connections
	// share it, taking turns at chunks so that the table stays in order.
	return g.copyInTurns(ctx, "case_study_publications", []string{"case_study_id", "institution_id", "visibility", "title", "summary",
		"sections", "body", "kind", "stage", "dimensions", "placement", "discipline", "institution_type", "institution_name",
		"evidence_strength", "academic_year", "version", "published_at"}, pubs)
}

// copyInTurns copies rows of a table without generated ids over two
// connections at once, each taking the next chunk in turn.
func (g *generator) copyInTurns(ctx context.Context, table string, cols []string, rows [][]any) error {
	const chunk = 2000
	err := g.inTurns(ctx, (len(rows)+chunk-1)/chunk, func(ctx context.Context, i int) error {
		part := rows[i*chunk : min((i+1)*chunk, len(rows))]
		_, err := g.pool.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(part))
		return err
	})
	if err == nil {
		fmt.Fprintf(g.out, "    %s: %d\n", table, len(rows))
	}
	return err
}

// caseStudyText writes about 2 KB of plausible prose. Common words
// ("students", "belonging") appear in nearly every document, as they do in
// real case studies; the partners and places named are drawn from a pool
// of several hundred phrases, so a search for one of them matches a few
// hundred documents, not most of them.
func (g *generator) caseStudyText(a scaleActivity) (title, summary, body string) {
	title = fmt.Sprintf("%s: %s", a.title, caseTitleTails[g.rng.IntN(len(caseTitleTails))])
	summary = fmt.Sprintf("%s in %s. %s", activityTitles[a.kind], strings.ToLower(vocab.Stages.Label(a.stage)), caseSentences[g.rng.IntN(len(caseSentences))])
	var b strings.Builder
	for b.Len() < 2000 {
		b.WriteString(caseSentences[g.rng.IntN(len(caseSentences))])
		b.WriteString(" ")
		if g.rng.IntN(8) == 0 {
			fmt.Fprintf(&b, "In %s we worked with %s %s. ", a.discipline, partnerQualifiers[g.rng.IntN(len(partnerQualifiers))], partners[g.rng.IntN(len(partners))])
		}
	}
	return title, summary, b.String()
}

// departmentName names the d-th department of a generated institution.
func departmentName(d int) string {
	if d < len(departmentNames) {
		return departmentNames[d]
	}
	return fmt.Sprintf("%s %d", departmentNames[d%len(departmentNames)], d/len(departmentNames)+1)
}

func pick(rng *rand.Rand, from []string, n int) []string {
	idx := rng.Perm(len(from))[:n]
	var out []string
	for _, v := range from {
		for _, i := range idx {
			if from[i] == v {
				out = append(out, v)
			}
		}
	}
	return out
}

func universitySuffix(i int) string {
	return []string{"University", "Metropolitan University", "College", "Institute"}[i/len(universityNames)%4]
}

func moduleTitle(m int) string {
	return []string{"Foundations", "Methods", "Practice", "Skills", "Project", "Contemporary Issues", "Research Design", "Placement"}[m%8] + fmt.Sprintf(" %d", m/8+1)
}

var (
	universityNames  = []string{"Ashford", "Brampton", "Carlow", "Dunmore", "Easthaven", "Fairley", "Glenrock", "Hollis", "Ivybridge", "Juniper", "Kestrel", "Larkfield", "Marsden", "Newhaven", "Oakhurst", "Penmore", "Queensgate", "Redbrook", "Stanmore", "Thornbury", "Upton", "Valemont", "Westbury", "Yarrow", "Zennor"}
	institutionKinds = []string{"Research-intensive university", "Teaching-focused university", "Specialist institution", "Further education college"}
	departmentNames  = []string{"School of Sciences", "School of Humanities", "School of Health", "Business School", "School of Arts",
		"School of Engineering", "School of Law", "School of Education", "School of Computing", "School of Nursing",
		"School of Psychology", "School of Mathematics", "School of Music", "School of Architecture", "School of Social Sciences",
		"School of Languages", "School of Medicine", "School of Geography", "School of Chemistry", "School of Physics",
		"School of Biology", "School of History", "School of Design", "School of Economics", "School of Sport"}
	activityTitles = map[string]string{"induction": "Induction day", "extended_induction": "Extended induction", "social": "Coffee mornings",
		"meet_researcher": "Meet the Researcher", "research_conference": "Student research conference", "mentoring": "Peer mentoring",
		"ambassadors": "Student ambassadors", "small_group": "Learning communities", "co_created_resource": "A student-made guide",
		"shared_space": "A shared common room", "other": "Belonging project"}
	titleTails     = []string{"in the first weeks", "before core lectures", "across the year", "for commuters", "with final-year students", "online and on campus"}
	caseTitleTails = []string{"what we learned", "belonging for everyone", "a case study", "building community", "small changes, big difference", "starting well"}
	caseSentences  = []string{
		"Students told us they wanted to feel part of a community of staff and students.",
		"We ran the sessions inside timetabled hours so that commuter students and carers could come.",
		"Attendance was highest in the first weeks of term and fell away in reading week.",
		"Student partners helped us design the programme and chose the themes.",
		"A short pulse survey before and after showed agreement rising on most statements.",
		"Staff found it easier to get to know students by name.",
		"We learned to book rooms early and to order more food than expected.",
		"The cost was modest: refreshments and a few hours of staff time each week.",
		"Quieter students said the structured questions helped them join in.",
		"We would advise others to start small, ask students what would help, and keep it going all year.",
		"Belonging matters for continuation, and this was a practical way to build it into the curriculum.",
		"Our evaluation combined attendance, feedback cards and a comparison with the previous year.",
	}
	partnerQualifiers = []string{"the city's", "a local", "our", "the county's", "a neighbouring", "the regional"}
	partners          = []string{"archivists", "employers", "alumni mentors", "students' union", "community garden", "chaplaincy",
		"theatre company", "careers service", "museum", "sports centre", "hospital trust", "primary schools", "food bank",
		"housing association", "football club", "orchestra", "botanic garden", "observatory", "law centre", "refugee charity",
		"science festival", "makerspace", "radio station", "newspaper", "allotment society", "climbing wall", "cycling club",
		"wildlife trust", "youth theatre", "film society", "chess club", "choir", "debating society", "coding club",
		"arts council", "heritage railway", "lifeboat station", "zoo", "aquarium", "planetarium", "brewery", "bakery",
		"record office", "gallery", "dance company", "rowing club", "book festival", "poetry society", "photography club",
		"volunteer centre", "nursing home", "veterinary practice", "engineering firm", "design studio", "law firm",
		"accountancy practice", "software company", "publisher", "bookshop", "cathedral"}
)
