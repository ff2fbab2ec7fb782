// Package audit records who changed what, when. Every write calls Record
// inside the write's own transaction, so a change and its audit row commit
// or fail together.
package audit

import (
	"context"
	"encoding/json"
	"reflect"

	"belonging/internal/reqctx"
	"belonging/internal/store"
)

// Change is one field's value before and after a write.
type Change struct {
	Before any `json:"before"`
	After  any `json:"after"`
}

// entry is one audited write.
type entry struct {
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

// Recorder writes audit entries on behalf of one actor in one
// institution. Every write records through one: By for the signed-in
// person, System for the upkeep and the seed, Actor where the person is
// known but not signed in (accepting an invitation, the command line).
type Recorder struct{ institutionID, actorID int64 }

// By returns the recorder for u's writes.
func By(u *reqctx.User) Recorder {
	if u == nil {
		return Recorder{}
	}
	return Recorder{institutionID: u.InstitutionID, actorID: u.ID}
}

// System returns the recorder for writes nobody asked for in an
// institution (0 for none): the upkeep, the seed.
func System(institutionID int64) Recorder { return Recorder{institutionID: institutionID} }

// Actor returns the recorder for person actorID of institutionID, for
// writes made before they are signed in.
func Actor(institutionID, actorID int64) Recorder {
	return Recorder{institutionID: institutionID, actorID: actorID}
}

// Record writes one entry with q, which must be the write's own
// transaction (see store.InTx).
func (rec Recorder) Record(ctx context.Context, q *store.Queries, action, entity string, id int64, changes map[string]Change) error {
	return write(ctx, q, entry{InstitutionID: rec.institutionID, ActorID: rec.actorID, Action: action, Entity: entity, EntityID: id, Changes: changes})
}

// write writes the entry with q, which should be the write's transaction.
func write(ctx context.Context, q *store.Queries, e entry) error {
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
