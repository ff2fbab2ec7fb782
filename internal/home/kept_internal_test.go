package home

import (
	"testing"
	"time"

	"belonging/internal/store"
)

// A person's home is kept once, whatever the minute it was read at: the
// minute is the kept home's, not its key's, so a person reading their home
// all day holds one entry, not one a minute until the cache starts afresh.
func TestHomeKeptOncePerPerson(t *testing.T) {
	at := time.Date(2026, 12, 7, 9, 30, 0, 0, time.UTC)
	p := store.HomeParams{UserID: 7, InstitutionID: 1, ProgrammeIds: []int64{3, 4}, ModuleIds: []int64{9}, Now: at}
	later := p
	later.Now = at.Add(time.Minute)
	if newHomeKey(p) != newHomeKey(later) {
		t.Fatalf("the same person's home a minute apart has two keys: %+v, %+v", newHomeKey(p), newHomeKey(later))
	}
	other := p
	other.ModuleIds = nil
	if newHomeKey(p) == newHomeKey(other) {
		t.Fatal("a home read for other roles has the same key")
	}
	read, version, ok := splitVersion(p, []store.HomeRow{{List: "upcoming", Title: "Coffee morning"}, {List: "version", Total: 12, ProgrammeIds: []int64{3, 4, 5}}})
	if !ok || version != 12 || len(read.rows) != 1 || !read.at.Equal(at) || len(read.programmes) != 3 {
		t.Fatalf("splitVersion = %+v at %d, %v; want one row, the version 12 over three programmes, at 09:30", read, version, ok)
	}
}
