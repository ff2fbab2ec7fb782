package db

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Reads chooses where reads that may be a little out of date (reports,
// the case study library, exports) go: a streaming replica while it is at
// most MaxLag behind the primary, otherwise the primary itself.
//
// How far behind the replica is, is measured without writing anything:
// about once a second a request notes the primary's WAL insert position
// and the time just before it asked, and each read asks the replica how
// far it has replayed. Every transaction committed before a noted time
// ends at or before the position noted with it, so a replica that has
// replayed past that position holds everything committed before that
// time: its figures are as of the newest such time. A replica that is
// paused, falling behind or out of reach has replayed past no recent
// note, and reads go to the primary.
type Reads struct {
	Primary *pgxpool.Pool
	// Replica is nil when there is none: every read goes to Primary.
	Replica *pgxpool.Pool
	MaxLag  time.Duration
	// Now is the clock; tests may fix it.
	Now func() time.Time

	mu sync.Mutex
	// marks are the primary's WAL positions noted at times, oldest
	// first, going back a little over MaxLag.
	marks []walMark
	// resting is when a replica that failed to answer is asked again;
	// until then reads go to the primary without waiting for it.
	resting time.Time
}

type walMark struct {
	at  time.Time
	lsn int64
}

// markEvery is how often the primary's position is noted: the precision
// of the staleness a page states.
const markEvery = time.Second

// replicaRest is how long a replica that failed to answer is left alone.
const replicaRest = 5 * time.Second

// Source is where a read went.
type Source struct {
	Pool *pgxpool.Pool
	// Replica is set when Pool is the replica; AsOf is then the time its
	// data is complete up to (transactions committed later may be
	// missing). Reads from the primary are current.
	Replica bool
	AsOf    time.Time
}

// Lag says how far behind the source's data is at now: zero for the
// primary.
func (s Source) Lag(now time.Time) time.Duration {
	if !s.Replica {
		return 0
	}
	return now.Sub(s.AsOf)
}

func (r *Reads) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

// Choose picks the replica when it is close enough behind the primary,
// else the primary. It never fails: any doubt about the replica sends the
// read to the primary.
func (r *Reads) Choose(ctx context.Context) Source {
	primary := Source{Pool: r.Primary}
	if r.Replica == nil {
		return primary
	}
	now := r.now()
	r.mu.Lock()
	defer r.mu.Unlock()
	if now.Before(r.resting) {
		return primary
	}
	if n := len(r.marks); n == 0 || now.Sub(r.marks[n-1].at) >= markEvery {
		var lsn int64
		if err := r.Primary.QueryRow(ctx, `SELECT (pg_current_wal_insert_lsn() - '0/0')::bigint`).Scan(&lsn); err != nil {
			return primary
		}
		r.marks = append(r.marks, walMark{at: now, lsn: lsn})
	}
	// Keep the marks that could still show the replica close enough.
	keep := 0
	for keep < len(r.marks)-1 && now.Sub(r.marks[keep].at) > r.MaxLag+markEvery {
		keep++
	}
	r.marks = r.marks[keep:]

	askCtx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	var replayed *int64
	if err := r.Replica.QueryRow(askCtx, `SELECT (pg_last_wal_replay_lsn() - '0/0')::bigint`).Scan(&replayed); err != nil || replayed == nil {
		// Out of reach, or not a replica at all (the position is null on
		// a primary): leave it alone for a while.
		r.resting = now.Add(replicaRest)
		return primary
	}
	for i := len(r.marks) - 1; i >= 0; i-- {
		if m := r.marks[i]; m.lsn <= *replayed {
			if now.Sub(m.at) > r.MaxLag {
				return primary
			}
			return Source{Pool: r.Replica, Replica: true, AsOf: m.at}
		}
	}
	return primary
}

// Failed notes that a read from the replica failed, so the next reads go
// to the primary for a while.
func (r *Reads) Failed() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.resting = r.now().Add(replicaRest)
}

// Ago says how long ago a lag of d was, in whole seconds, for people:
// "a moment ago", "1 second ago", "12 seconds ago".
func Ago(d time.Duration) string {
	switch s := int(d.Round(time.Second) / time.Second); {
	case s < 1:
		return "a moment ago"
	case s == 1:
		return "1 second ago"
	default:
		return strconv.Itoa(s) + " seconds ago"
	}
}

// Read runs fn against the source Choose picks, and again against the
// primary when the replica fails part way (it is then left alone for a
// while), so a replica going away costs a read its retry, never an error
// page. With no Reads at all (nil), fn reads primary.
func (r *Reads) Read(ctx context.Context, primary *pgxpool.Pool, fn func(pool *pgxpool.Pool) error) (Source, error) {
	src := Source{Pool: primary}
	if r != nil {
		src = r.Choose(ctx)
	}
	err := fn(src.Pool)
	if err != nil && src.Replica && ctx.Err() == nil && Unavailable(err) {
		r.Failed()
		src = Source{Pool: primary}
		err = fn(primary)
	}
	return src, err
}
