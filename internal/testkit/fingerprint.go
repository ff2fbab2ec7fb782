package testkit

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Fingerprint hashes the contents of every application table (sessions
// and sign-in throttling aside), so a test can show that a refused request
// changed nothing. Of the job queue's tables only the jobs themselves
// count, by what they are (id, kind, arguments), not by how far they have
// run: the queue's workers move them on, and keep their own bookkeeping,
// whatever a request does. Periodic jobs are left out: the clock enqueues
// them (the sealing of closed surveys every minute), not a request, and
// one due while a test takes its two fingerprints made them differ.
func Fingerprint(t testing.TB, pool *pgxpool.Pool) string {
	t.Helper()
	ctx := context.Background()
	rows, err := pool.Query(ctx, `
		SELECT tablename FROM pg_tables
		WHERE schemaname = 'public' AND tablename NOT IN ('sessions', 'signin_failures', 'schema_migrations')
		  AND (tablename NOT LIKE 'river\_%' OR tablename = 'river_job')
		ORDER BY tablename`)
	if err != nil {
		t.Fatalf("list tables: %v", err)
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatalf("list tables: %v", err)
	}
	var sql string
	for i, name := range tables {
		if i > 0 {
			sql += " || "
		}
		from := pgx.Identifier{name}.Sanitize()
		if name == "river_job" {
			from = "(SELECT id, kind, args FROM river_job WHERE NOT coalesce((metadata->>'periodic')::boolean, false))"
		}
		sql += "(SELECT " + quote(name) + " || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM " + from + " t)"
	}
	var sum string
	if err := pool.QueryRow(ctx, "SELECT md5("+sql+")").Scan(&sum); err != nil {
		t.Fatalf("fingerprint: %v", err)
	}
	return sum
}

func quote(s string) string { return "'" + s + "'" }
