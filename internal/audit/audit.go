// Package audit records who changed what, when. Every write calls Record
// inside the write's own transaction, so a change and its audit row commit
// or fail together.
package audit

import (
	"context"
	"encoding/json"
	"reflect"

	"belonging/internal/store"
)

// Change is one field's value before and after a write.
type Change struct {
	Before any `json:"before"`
	After  any `json:"after"`
}

// Entry is one audited write.
type Entry struct {
	InstitutionID int64 // 0 for writes outside any institution
	ActorID       int64 // 0 for the system (seed, scheduled jobs)
	Action        string
	Entity        string
	EntityID      int64
	Changes       map[string]Change
}

// Diff returns the fields whose values differ between before and after. A
// field missing from before is a new value; one missing from after, removed.
func Diff(before, after map[string]any) map[string]Change {
	out := map[string]Change{}
	for k, a := range after {
		b, had := before[k]
		if !had || !reflect.DeepEqual(b, a) {
			out[k] = Change{Before: b, After: a}
		}
	}
	for k, b := range before {
		if _, has := after[k]; !has {
			out[k] = Change{Before: b}
		}
	}
	return out
}

// Created returns every field of a new record as a change from nothing.
func Created(after map[string]any) map[string]Change { return Diff(nil, after) }

// Record writes the entry with q, which should be the write's transaction.
func Record(ctx context.Context, q *store.Queries, e Entry) error {
	changes := e.Changes
	if changes == nil {
		changes = map[string]Change{}
	}
	b, err := json.Marshal(changes)
	if err != nil {
		return err
	}
	return q.InsertAudit(ctx, store.InsertAuditParams{
		InstitutionID: nullable(e.InstitutionID),
		ActorID:       nullable(e.ActorID),
		Action:        e.Action,
		Entity:        e.Entity,
		EntityID:      e.EntityID,
		Changes:       b,
	})
}

func nullable(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}
