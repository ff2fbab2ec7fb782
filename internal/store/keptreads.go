package store

import (
	"context"
	"fmt"
	"reflect"
	"strings"

	"belonging/internal/kept"
)

// KeptReads keeps what some of a page's prefetched reads returned, for
// each of the page's keys (an activity's id), at a version the database
// raises in the same transaction as every write that could change them
// (ActivityPageVersion, migration 000305), so that the page sends only the
// version and its other reads while nothing has changed. The version is
// read in the batch before the reads it stands for, so what is kept at a
// version is never older than it. A version is read for a scope (the
// activity's programme) and kept reads are used only for the same scope.
// The zero value is ready to use.
type KeptReads struct {
	c kept.ByVersion[int64, keptCalls]
}

// ActivityPageKept names the reads of an activity's page that
// ActivityPageVersion stands for (by their sqlc names): each reads only
// rows whose writes raise it (TestActivityPageVersionFollowsEveryWrite),
// and nothing that changes with the clock. Its surveys (whose responses
// come all day) and the institution's codes are read each time.
var ActivityPageKept = []string{"ListActivitySessions", "ListActivityTeam", "TocSummary", "ListActivityOutcomes",
	"ListActivityCaseStudies", "ListActivityEvidence", "ListActivityCodes", "ListActivityPartners"}

type keptCalls struct {
	scope int64
	rows  map[string]*bufferedRows
}

// keeps reports whether sql is one of the queries named.
func keeps(names []string, sql string) bool {
	name, ok := strings.CutPrefix(sql, "-- name: ")
	if !ok {
		return false
	}
	name, _, _ = strings.Cut(name, " ")
	for _, n := range names {
		if n == name {
			return true
		}
	}
	return false
}

// callID names a read by its query and the values of its arguments (an
// argument passed by pointer by the value it points to).
func callID(c call) string {
	var b strings.Builder
	b.WriteString(c.sql)
	for _, a := range c.args {
		v := reflect.ValueOf(a)
		for v.Kind() == reflect.Pointer && !v.IsNil() {
			v = v.Elem()
		}
		b.WriteByte(0)
		if v.IsValid() && !(v.Kind() == reflect.Pointer && v.IsNil()) {
			fmt.Fprint(&b, v.Interface())
		} else {
			b.WriteString("NULL")
		}
	}
	return b.String()
}

// PrefetchKept is Prefetch for a page whose reads named in keep k keeps
// under key. version makes one read, first in the batch, of one row: the scope
// the version was read for and the version (both bigint); no row keeps
// nothing. Reads kept at the version read are not sent; when the version
// has moved on, they are read again in a second round trip and kept at
// the new version.
func PrefetchKept(ctx context.Context, db Batcher, k *KeptReads, keep []string, key int64, version func(q *Queries), reads func(q *Queries)) (context.Context, error) {
	rec := &recorder{}
	version(New(rec))
	if len(rec.calls) != 1 {
		return ctx, fmt.Errorf("store: PrefetchKept: the version is %d reads, not one", len(rec.calls))
	}
	reads(New(rec))
	calls := rec.calls[1:]
	held, heldAt, ok := k.c.Latest(key)

	// The version first, then every read but those held. ids names the
	// reads kept ("" for the others).
	ids := make([]string, len(calls))
	send := []call{rec.calls[0]}
	var sentAt, heldIdx []int
	for i, c := range calls {
		if keeps(keep, c.sql) {
			ids[i] = callID(c)
			if _, has := held.rows[ids[i]]; ok && has {
				heldIdx = append(heldIdx, i)
				continue
			}
		}
		sentAt = append(sentAt, i)
		send = append(send, c)
	}
	if err := sendBatch(ctx, db, send); err != nil {
		return ctx, err
	}
	for j, i := range sentAt {
		calls[i].rows = send[j+1].rows
	}
	var scope, at int64
	if err := (bufferedRow{send[0].rows.replay()}).Scan(&scope, &at); err != nil {
		// No version (no such activity): nothing is kept, and a held
		// read asked for runs on its own.
		var sent []call
		for _, i := range sentAt {
			sent = append(sent, calls[i])
		}
		return context.WithValue(ctx, prefetchKey{}, &prefetched{calls: sent}), nil
	}
	fresh := ok && held.scope == scope && heldAt == at
	if fresh {
		for _, i := range heldIdx {
			calls[i].rows = held.rows[ids[i]]
		}
	} else if len(heldIdx) > 0 {
		again := make([]call, len(heldIdx))
		for j, i := range heldIdx {
			again[j] = calls[i]
		}
		if err := sendBatch(ctx, db, again); err != nil {
			return ctx, err
		}
		for j, i := range heldIdx {
			calls[i].rows = again[j].rows
		}
	}

	// Keep what was read at this version, with what was held at it.
	var added []int
	for i, id := range ids {
		if _, has := held.rows[id]; id != "" && !(fresh && has) {
			added = append(added, i)
		}
	}
	if len(added) > 0 {
		now := keptCalls{scope: scope, rows: map[string]*bufferedRows{}}
		size := 0
		if fresh {
			for id, rows := range held.rows {
				now.rows[id] = rows
				size += rows.size()
			}
		}
		for _, i := range added {
			if _, has := now.rows[ids[i]]; !has {
				now.rows[ids[i]] = calls[i].rows
				size += calls[i].rows.size()
			}
		}
		if ok && held.scope == scope {
			k.c.Put(key, at, now, size)
		} else {
			k.c.Replace(key, at, now, size)
		}
	}
	return context.WithValue(ctx, prefetchKey{}, &prefetched{calls: calls}), nil
}

// size is about how many bytes b holds.
func (b *bufferedRows) size() int {
	n := 64 + 32*len(b.fields)
	for _, row := range b.values {
		n += 24 * len(row)
		for _, v := range row {
			n += len(v)
		}
	}
	return n
}
