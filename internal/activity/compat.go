package activity

import (
	"net/http"

	"belonging/internal/access"
	"belonging/internal/auth"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web/components"
)

// The forwards below keep features that still load through this package
// compiling while they move onto internal/access; this file is removed
// once every feature loads through access.

// LoadProgramme loads the programme named in the route's "id" for
// viewing (see access.Loader.Programme).
func LoadProgramme(w http.ResponseWriter, r *http.Request, q *store.Queries) (store.GetProgrammeRow, bool) {
	p, ok := access.New(q).Programme(w, r, auth.ViewProgramme)
	return p.GetProgrammeRow, ok
}

// LoadActivity loads activity id for viewing (see
// access.Loader.ActivityByID).
func LoadActivity(w http.ResponseWriter, r *http.Request, q *store.Queries, id int64) (store.GetActivityRow, bool) {
	a, ok := access.New(q).ActivityByID(w, r, id, auth.ViewProgramme)
	return a.GetActivityRow, ok
}

// ActivityTarget describes an activity to the policy (see
// access.ActivityTarget).
func ActivityTarget(a store.GetActivityRow) auth.Target { return access.ActivityTarget(a) }

// Header describes a programme for the top of its pages (see
// access.ProgrammeHeader).
func Header(u *reqctx.User, p store.GetProgrammeRow, year int) components.ProgrammeHeader {
	return access.ProgrammeHeader(u, access.Programme{GetProgrammeRow: p, Target: access.ProgrammeTarget(p)}, year)
}
