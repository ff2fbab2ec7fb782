package testkit

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Fingerprint hashes the contents of every application table (sessions
// and sign-in throttling aside), so a test can show that a refused request
// changed nothing.
func Fingerprint(t testing.TB, pool *pgxpool.Pool) string {
	t.Helper()
	ctx := context.Background()
	rows, err := pool.Query(ctx, `
		SELECT tablename FROM pg_tables
		WHERE schemaname = 'public' AND tablename NOT IN ('sessions', 'signin_failures', 'schema_migrations')
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
		ident := pgx.Identifier{name}.Sanitize()
		sql += "(SELECT " + quote(name) + " || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM " + ident + " t)"
	}
	var sum string
	if err := pool.QueryRow(ctx, "SELECT md5("+sql+")").Scan(&sum); err != nil {
		t.Fatalf("fingerprint: %v", err)
	}
	return sum
}

func quote(s string) string { return "'" + s + "'" }
