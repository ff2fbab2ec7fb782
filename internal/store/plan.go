package store

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// PlanFilter chooses the activities of a programme's plan. Empty fields
// do not filter.
type PlanFilter struct {
	InstitutionID int64
	ProgrammeID   int64
	AcademicYear  int
	Today         time.Time
	Kind          string
	Stage         string
	Dimension     string
	Status        string
	Placement     string
	YearOfStudy   int
	// Codes filters by evaluation codes.
	Codes CodeFilter
}

// PlanRow is one activity as the plan lists it.
type PlanRow struct {
	ID             int64      `db:"id"`
	Title          string     `db:"title"`
	Kind           string     `db:"kind"`
	Stage          string     `db:"stage"`
	Dimensions     []string   `db:"dimensions"`
	Placement      string     `db:"placement"`
	Status         string     `db:"status"`
	Partnership    string     `db:"partnership"`
	AudienceYear   *int32     `db:"audience_year"`
	ChecklistTicks int32      `db:"checklist_ticks"`
	ModuleCode     string     `db:"module_code"`
	LeadName       string     `db:"lead_name"`
	Sessions       int32      `db:"sessions"`
	NextSession    *time.Time `db:"next_session"`
	FirstSession   *time.Time `db:"first_session"`
	// Partnered says students are the activity's partners.
	Partnered bool `db:"partnered"`
}

// ListPlan returns a programme's activities for one academic year, with
// the filters applied, in journey order: one query however many
// activities there are. The filter is built here because its conditions
// come and go with the filters chosen.
func (q *Queries) ListPlan(ctx context.Context, f PlanFilter) ([]PlanRow, error) {
	where := []string{
		"a.institution_id = @institution_id",
		"a.programme_id = @programme_id",
		"a.academic_year = @academic_year",
		"a.archived_at IS NULL",
	}
	args := pgx.NamedArgs{"institution_id": f.InstitutionID, "programme_id": f.ProgrammeID, "academic_year": f.AcademicYear, "today": f.Today}
	add := func(cond, name string, value any) {
		where = append(where, cond)
		args[name] = value
	}
	if f.Kind != "" {
		add("a.kind = @kind", "kind", f.Kind)
	}
	if f.Stage != "" {
		add("a.stage = @stage", "stage", f.Stage)
	}
	if f.Dimension != "" {
		add("a.dimensions @> ARRAY[@dimension::text]", "dimension", f.Dimension)
	}
	if f.Status != "" {
		add("a.status = @status", "status", f.Status)
	}
	if f.Placement != "" {
		add("a.placement = @placement", "placement", f.Placement)
	}
	if f.YearOfStudy != 0 {
		add("a.audience_year = @year_of_study", "year_of_study", f.YearOfStudy)
	}
	where = append(where, f.Codes.conditions("a.institution_id", "a.id", args)...)
	rows, err := q.db.Query(ctx, `
		SELECT a.id, a.title, a.kind, a.stage, a.dimensions, a.placement, a.status, a.partnership, a.audience_year,
		       (a.in_timetabled_hours::int + a.online_option::int + a.free_to_students::int + a.accessible::int
		        + a.suits_commuters_carers::int + a.alcohol_free::int + a.dietary_needs_met::int) AS checklist_ticks,
		       coalesce(m.code, '') AS module_code,
		       coalesce(lead.name, '') AS lead_name,
		       coalesce(s.sessions, 0)::int AS sessions,
		       s.next_session,
		       s.first_session,
		       coalesce(pt.partnered, false) AS partnered
		FROM activities a
		LEFT JOIN modules m ON m.id = a.module_id
		LEFT JOIN users lead ON lead.id = a.lead_id
		LEFT JOIN LATERAL (
		    SELECT count(*) AS sessions,
		           min(x.session_date) FILTER (WHERE x.session_date >= @today) AS next_session,
		           min(x.session_date) AS first_session
		    FROM activity_sessions x WHERE x.activity_id = a.id
		) s ON true
		-- Whether students are partners, looked up per activity through
		-- the index of partners' activities: as an EXISTS, PostgreSQL hashed
		-- every partner membership in the network on each call.
		LEFT JOIN LATERAL (
		    SELECT true AS partnered FROM memberships pm
		    WHERE pm.activity_id = a.id AND pm.role = 'partner' LIMIT 1
		) pt ON true
		WHERE `+strings.Join(where, " AND ")+`
		ORDER BY array_position(ARRAY['pre_arrival', 'welcome_week', 'term_1', 'term_2', 'term_3', 'transition', 'final_year', 'postgraduate'], a.stage),
		         s.first_session NULLS LAST, lower(a.title), a.id`, args)
	if err != nil {
		return nil, err
	}
	// Scanned by position: reflecting on names for every row of a large
	// plan showed in profiles.
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (PlanRow, error) {
		var r PlanRow
		err := row.Scan(&r.ID, &r.Title, &r.Kind, &r.Stage, &r.Dimensions, &r.Placement, &r.Status, &r.Partnership, &r.AudienceYear,
			&r.ChecklistTicks, &r.ModuleCode, &r.LeadName, &r.Sessions, &r.NextSession, &r.FirstSession, &r.Partnered)
		return r, err
	})
}
