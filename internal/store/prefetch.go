package store

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

// A page made of several features' sections runs each section's reads one
// after another, a round trip each. Prefetch lets the page send the reads
// it knows it will make to PostgreSQL in one batch first: each section
// then runs its queries as it always does, and a Queries built on
// Prefetching answers each one from the batch's results when its SQL and
// arguments are the ones prefetched. A read nobody prefetched, or whose
// arguments differ, goes to the database as usual, so a list of reads that
// falls out of step with the sections costs round trips, never a wrong
// page. The results live in the request's context, each is used once, and
// a Queries inside a transaction (WithTx) never sees them.

// Batcher sends a batch of queries in one round trip (a pool, a
// connection or a transaction).
type Batcher interface {
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// Prefetching wraps db so that its queries are answered from the results
// Prefetch left in their context where it holds them.
func Prefetching(db DBTX) DBTX { return prefetchingDB{db} }

// Prefetch runs, in one batch on db, every read that reads makes on the
// Queries it is given (that Queries only records them; what they return
// there is empty or zero and means nothing), and returns a context that
// carries their results.
func Prefetch(ctx context.Context, db Batcher, reads func(q *Queries)) (context.Context, error) {
	rec := &recorder{}
	reads(New(rec))
	if len(rec.calls) == 0 {
		return ctx, nil
	}
	if err := sendBatch(ctx, db, rec.calls); err != nil {
		return ctx, err
	}
	return context.WithValue(ctx, prefetchKey{}, &prefetched{calls: rec.calls}), nil
}

// sendBatch runs calls in one batch on db and leaves each one's result in
// its rows.
func sendBatch(ctx context.Context, db Batcher, calls []call) error {
	// A read made twice with the same arguments (two sections wanting the
	// same rows) is sent once and answers both.
	b := &pgx.Batch{}
	first := make([]int, len(calls))
	for i, c := range calls {
		first[i] = slices.IndexFunc(calls[:i], func(d call) bool { return d.sql == c.sql && reflect.DeepEqual(d.args, c.args) })
		if first[i] < 0 {
			first[i] = i
			b.Queue(c.sql, c.args...)
		}
	}
	br := db.SendBatch(ctx, b)
	for i := range calls {
		if first[i] != i {
			calls[i].rows = calls[first[i]].rows
			continue
		}
		rows, err := br.Query()
		if err != nil {
			_ = br.Close()
			return err
		}
		buf, err := buffer(rows)
		if err != nil {
			_ = br.Close()
			return err
		}
		calls[i].rows = buf
	}
	return br.Close()
}

type prefetchKey struct{}

type prefetched struct {
	mu    sync.Mutex
	calls []call
}

type call struct {
	sql  string
	args []any
	rows *bufferedRows
	used bool
}

// take returns the unused prefetched result of sql with args, if ctx
// holds one.
func take(ctx context.Context, sql string, args []any) *bufferedRows {
	p, _ := ctx.Value(prefetchKey{}).(*prefetched)
	if p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := range p.calls {
		c := &p.calls[i]
		if !c.used && c.sql == sql && reflect.DeepEqual(c.args, args) {
			c.used = true
			return c.rows.replay()
		}
	}
	return nil
}

type prefetchingDB struct{ db DBTX }

func (d prefetchingDB) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	return d.db.Exec(ctx, sql, args...)
}

func (d prefetchingDB) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	if rows := take(ctx, sql, args); rows != nil {
		return rows, nil
	}
	return d.db.Query(ctx, sql, args...)
}

func (d prefetchingDB) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	if rows := take(ctx, sql, args); rows != nil {
		return bufferedRow{rows}
	}
	return d.db.QueryRow(ctx, sql, args...)
}

// recorder is the DBTX Prefetch hands the reads: it notes each query and
// answers it with no rows (a single row of zero values where one row is
// asked for). Writes are refused: only reads may be prefetched.
type recorder struct{ calls []call }

var errPrefetchWrite = errors.New("store: only reads can be prefetched")

func (r *recorder) Exec(context.Context, string, ...any) (pgconn.CommandTag, error) {
	return pgconn.CommandTag{}, errPrefetchWrite
}

func (r *recorder) Query(_ context.Context, sql string, args ...any) (pgx.Rows, error) {
	r.calls = append(r.calls, call{sql: sql, args: args})
	return &bufferedRows{}, nil
}

func (r *recorder) QueryRow(_ context.Context, sql string, args ...any) pgx.Row {
	r.calls = append(r.calls, call{sql: sql, args: args})
	return recordedRow{}
}

// recordedRow scans as a row of zero values, so that reads that stop at
// their first error go on to record the rest.
type recordedRow struct{}

func (recordedRow) Scan(...any) error { return nil }

// bufferedRows is a result read in full, replayed as pgx.Rows.
type bufferedRows struct {
	fields []pgconn.FieldDescription
	values [][][]byte
	tag    pgconn.CommandTag
	next   int
}

// buffer reads rows to the end, copying what pgx would reuse.
func buffer(rows pgx.Rows) (*bufferedRows, error) {
	defer rows.Close()
	b := &bufferedRows{fields: append([]pgconn.FieldDescription(nil), rows.FieldDescriptions()...)}
	for rows.Next() {
		raw := rows.RawValues()
		row := make([][]byte, len(raw))
		for i, v := range raw {
			if v != nil {
				row[i] = append(make([]byte, 0, len(v)), v...)
			}
		}
		b.values = append(b.values, row)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	b.tag = rows.CommandTag()
	return b, nil
}

// typeMaps lends the maps that decode buffered rows: a pgtype.Map caches
// as it decodes and is not safe for concurrent use. The app registers no
// types of its own, so a new map decodes as a connection's does.
var typeMaps = sync.Pool{New: func() any { return pgtype.NewMap() }}

// replay is b's rows from the first, for one reader: the same result may
// answer two reads.
func (b *bufferedRows) replay() *bufferedRows {
	return &bufferedRows{fields: b.fields, values: b.values, tag: b.tag}
}

func (b *bufferedRows) Close()                                       {}
func (b *bufferedRows) Err() error                                   { return nil }
func (b *bufferedRows) CommandTag() pgconn.CommandTag                { return b.tag }
func (b *bufferedRows) FieldDescriptions() []pgconn.FieldDescription { return b.fields }
func (b *bufferedRows) Conn() *pgx.Conn                              { return nil }
func (b *bufferedRows) TypeMap() *pgtype.Map                         { return pgtype.NewMap() }

func (b *bufferedRows) Next() bool {
	if b.next >= len(b.values) {
		return false
	}
	b.next++
	return true
}

func (b *bufferedRows) RawValues() [][]byte {
	if b.next == 0 {
		return nil
	}
	return b.values[b.next-1]
}

func (b *bufferedRows) Scan(dest ...any) error {
	m := typeMaps.Get().(*pgtype.Map)
	defer typeMaps.Put(m)
	return pgx.ScanRow(m, b.fields, b.RawValues(), dest...)
}

func (b *bufferedRows) Values() ([]any, error) {
	m := typeMaps.Get().(*pgtype.Map)
	defer typeMaps.Put(m)
	raw := b.RawValues()
	out := make([]any, len(raw))
	for i, v := range raw {
		if v == nil {
			continue
		}
		fd := b.fields[i]
		if t, ok := m.TypeForOID(fd.DataTypeOID); ok {
			val, err := t.Codec.DecodeValue(m, fd.DataTypeOID, fd.Format, v)
			if err != nil {
				return nil, err
			}
			out[i] = val
		} else if fd.Format == pgtype.TextFormatCode {
			out[i] = string(v)
		} else {
			out[i] = v
		}
	}
	return out, nil
}

// bufferedRow is the first row of a buffered result, as pgx.Row.
type bufferedRow struct{ rows *bufferedRows }

func (r bufferedRow) Scan(dest ...any) error {
	if !r.rows.Next() {
		return pgx.ErrNoRows
	}
	return r.rows.Scan(dest...)
}
