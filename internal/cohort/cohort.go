// Package cohort helps a programme team know its students: a cohort
// profile for each academic year (counts only, never a row per student),
// sentences on the plan that set the activities' reach against that
// profile, and a "what belonging means here" note the team writes with
// students.
//
// Counts are shown in full to the programme's team. Anyone else who may
// read the programme (a department's viewer, a case study's reader) sees
// a count only when it, and the rest of the cohort beside it, reach the
// survey threshold: the same rule the survey results follow.
package cohort

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/access"
	"belonging/internal/acyear"
	"belonging/internal/auth"
	"belonging/internal/store"
	"belonging/internal/suppress"
)

// Handler serves the cohort profile and the belonging note.
type Handler struct {
	Pool    *pgxpool.Pool
	Queries *store.Queries
	// Access loads the records the routes name and answers 404 or 403.
	Access   *access.Loader
	Sessions *auth.Sessions
	// MinGroup is the survey threshold (SURVEY_MIN_GROUP).
	MinGroup int
	// Now is the clock; tests may fix it.
	Now func() time.Time
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

func (h *Handler) minGroup() int { return suppress.MinGroup(h.MinGroup) }

// Group is one of the groups a profile counts, in the order the form and
// the page list them.
type Group struct {
	Field string
	Label string
}

// Groups are the groups of students a profile counts.
var Groups = []Group{
	{"commuting", "Commute to campus"},
	{"carers", "Have caring responsibilities"},
	{"first_in_family", "First in their family to go to university"},
	{"mature", "Mature students (21 or over when they started)"},
	{"international", "International students"},
	{"disabled", "Disabled students"},
}

// Profile is a cohort's size and its counts, in the order of Groups; a
// nil count is not known.
type Profile struct {
	Size   int
	Counts []*int
}

// Count is the count of the group with field, or nil.
func (p Profile) Count(field string) *int {
	for i, g := range Groups {
		if g.Field == field && i < len(p.Counts) {
			return p.Counts[i]
		}
	}
	return nil
}

func fromRow(r store.GetCohortProfileRow) Profile {
	p := Profile{Size: int(r.CohortSize)}
	for _, c := range []*int32{r.Commuting, r.Carers, r.FirstInFamily, r.Mature, r.International, r.Disabled} {
		if c == nil {
			p.Counts = append(p.Counts, nil)
			continue
		}
		n := int(*c)
		p.Counts = append(p.Counts, &n)
	}
	return p
}

// load reads a programme's profile for year; ok is false when it has none.
func load(ctx context.Context, q *store.Queries, institutionID, programmeID int64, year int) (Profile, time.Time, bool, error) {
	r, err := q.GetCohortProfile(ctx, store.GetCohortProfileParams{InstitutionID: institutionID, ProgrammeID: programmeID, AcademicYear: int32(year)})
	if errors.Is(err, pgx.ErrNoRows) {
		return Profile{}, time.Time{}, false, nil
	}
	if err != nil {
		return Profile{}, time.Time{}, false, err
	}
	return fromRow(r), r.UpdatedAt, true, nil
}

// Suppressed is the profile as shown beyond the programme team: a count
// is kept only when it and the rest of the cohort both reach min, so no
// group smaller than the threshold can be read directly or by
// subtraction. A cohort smaller than the threshold keeps no count.
func (p Profile) Suppressed(min int) Profile {
	out := Profile{Size: p.Size, Counts: make([]*int, len(p.Counts))}
	for i, c := range p.Counts {
		if c != nil && *c >= min && p.Size-*c >= min {
			out.Counts[i] = c
		}
	}
	return out
}

// Hidden reports whether the count at i was known but is hidden in the
// suppressed profile s.
func (p Profile) Hidden(s Profile, i int) bool { return p.Counts[i] != nil && s.Counts[i] == nil }

// currentYear is the academic year now for u's institution.
func (h *Handler) currentYear(startMonth int) int { return acyear.Of(h.now(), startMonth) }
