package home

import (
	"fmt"
	"slices"
	"time"

	"belonging/internal/store"
)

// A person's home lists (the Home query's rows) are kept by the home's
// version (migration 000300), which every write that could change them
// raises in its own transaction: a kept home is shown again while
// HomeVersion reads the version it was kept at, a cheap read in the batch
// the page sends anyway, instead of the Home query
// (TestHomeVersionFollowsEveryWriteHomeShows). A home read afresh always
// replaces the one kept: its version is a sum over programmes that change
// with it, so it may be lower than the last. What waits is counted from
// the minute's start, so a survey's closing or an invitation's expiry
// shows within the minute; any write shows at once.

// homeKey names a person's kept lists: the person and what the lists are
// read for (the programmes they direct, the modules they lead, whether they
// are an admin). Each person has one, of the minute it was read at.
type homeKey struct {
	user, institution int64
	admin             bool
	programmes        string
	modules           string
}

func newHomeKey(p store.HomeParams) homeKey {
	return homeKey{user: p.UserID, institution: p.InstitutionID, admin: p.IsAdmin,
		programmes: fmt.Sprint(p.ProgrammeIds), modules: fmt.Sprint(p.ModuleIds)}
}

// keptHome is the Home query's rows but its last, the programmes its
// version is summed over, and the minute they were read at.
type keptHome struct {
	rows       []store.HomeRow
	programmes []int64
	at         time.Time
}

// versionParams read the version of a home kept for p.
func (k keptHome) versionParams(p store.HomeParams) store.HomeVersionParams {
	return store.HomeVersionParams{InstitutionID: p.InstitutionID, UserID: p.UserID, ProgrammeIds: k.programmes,
		ModuleIds: p.ModuleIds, IsAdmin: p.IsAdmin}
}

// splitVersion parts the Home query's rows, read for p, from its last,
// which carries the version the lists were read at.
func splitVersion(p store.HomeParams, rows []store.HomeRow) (keptHome, int64, bool) {
	i := slices.IndexFunc(rows, func(r store.HomeRow) bool { return r.List == "version" })
	if i < 0 {
		return keptHome{rows: rows}, 0, false
	}
	v := rows[i]
	return keptHome{rows: slices.Delete(slices.Clone(rows), i, i+1), programmes: v.ProgrammeIds, at: p.Now}, v.Total, true
}

// size is about what k holds in bytes.
func (k keptHome) size() int {
	n := 8 * len(k.programmes)
	for _, r := range k.rows {
		n += 160 + len(r.Title) + len(r.Context) + len(r.Location)
	}
	return n
}

// homeMinute is the moment a home's lists are read at.
func homeMinute(now time.Time) time.Time { return now.Truncate(time.Minute) }
