package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/seed"
	"belonging/web/components"
	"belonging/web/paths"
)

// largestRun is the largest institution's reports under load.
type largestRun struct {
	results []result
	peak    int64
	data    [][2]string
}

// largestReaders is how many people read the largest institution's
// reports at once.
const largestReaders = 4

// measureLargest measures the reports of one institution as large as the
// whole network at N=1 (seed -largest), kept in a database of its own
// beside the scale data in the same cluster (loaded once), with a server
// of its own.
func measureLargest(ctx context.Context, o options, dbURL string) (*largestRun, error) {
	u, err := url.Parse(dbURL)
	if err != nil {
		return nil, err
	}
	name := pgx.Identifier{u.Path[1:] + "_largest"}
	target := *u
	target.Path = "/" + u.Path[1:] + "_largest"
	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		return nil, err
	}
	var exists bool
	err = pool.QueryRow(ctx, `SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1)`, u.Path[1:]+"_largest").Scan(&exists)
	if err == nil && !exists {
		_, err = pool.Exec(ctx, "CREATE DATABASE "+name.Sanitize())
	}
	pool.Close()
	if err != nil {
		return nil, err
	}
	if err := runApp(ctx, o.app, target.String(), "migrate", "up"); err != nil {
		return nil, err
	}
	if pool, err = pgxpool.New(ctx, target.String()); err != nil {
		return nil, err
	}
	defer pool.Close()
	var institutions int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM institutions`).Scan(&institutions); err != nil {
		return nil, err
	}
	if institutions == 0 {
		fmt.Println("Loading the largest institution (once, beside the scale data)...")
		if err := runApp(ctx, o.app, target.String(), "seed", "-scale", "1", "-largest"); err != nil {
			return nil, err
		}
	}
	var dept int64
	if err := pool.QueryRow(ctx, `
		SELECT d.id FROM departments d JOIN institutions i ON i.id = d.institution_id
		WHERE i.slug = $1 ORDER BY d.id LIMIT 1`, seed.LargestSlug).Scan(&dept); err != nil {
		return nil, fmt.Errorf("find the largest institution's first department: %w", err)
	}
	run := &largestRun{}
	for _, table := range []string{"programmes", "activities", "outcomes", "evidence", "surveys", "survey_responses"} {
		var n int64
		if err := pool.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
			return nil, err
		}
		run.data = append(run.data, [2]string{table, components.Number(int(n))})
	}

	srv, err := startServer(ctx, o.app, target.String(), false)
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	h := &harness{opts: o, base: srv.base, srv: srv, pool: pool, cpu: cpuMeter{server: srv.cmd.Process.Pid, postmaster: findPostmaster(ctx, pool)}}
	var admins []*http.Client
	for range largestReaders {
		c := h.newClient()
		status, err := h.do(ctx, c, request{method: http.MethodPost, path: paths.SignIn,
			form: url.Values{"email": {seed.LargestAccounts.Admin}, "password": {seed.DemoPassword}}})
		if err != nil {
			return nil, err
		}
		if status != http.StatusSeeOther {
			return nil, fmt.Errorf("sign in as %s: status %d", seed.LargestAccounts.Admin, status)
		}
		admins = append(admins, c)
	}
	admin := func(c int) *http.Client { return admins[c] }
	get := func(path string) func(int, int) request {
		return func(int, int) request { return request{method: http.MethodGet, path: path} }
	}
	for _, s := range []scenario{
		{name: "Largest institution: institution report (admin)", clients: largestReaders, cold: true, as: admin, next: get(paths.InstitutionRpt), want: 200},
		{name: "Largest institution: department report (admin)", clients: largestReaders, cold: true, as: admin, next: get(paths.DepartmentReport(dept, nil)), want: 200},
	} {
		r := h.measure(ctx, s)
		progress(r)
		run.results = append(run.results, r)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
	}
	for _, r := range run.results {
		run.peak = max(run.peak, r.peak)
	}
	return run, nil
}
