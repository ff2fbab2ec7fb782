package store

import "github.com/jackc/pgx/v5"

// CodeFilter chooses activities by their evaluation codes (see
// internal/codes): one of Types (a type is given with its sub-types), and
// Risk. Empty fields do not filter.
type CodeFilter struct {
	Types []string
	Risk  string
}

// Active reports whether the filter chooses anything.
func (f CodeFilter) Active() bool { return len(f.Types) > 0 || f.Risk != "" }

// conditions are the filter's SQL conditions on the activity whose
// institution and id are the SQL expressions institution and activity,
// with their arguments added to args.
func (f CodeFilter) conditions(institution, activity string, args pgx.NamedArgs) []string {
	var out []string
	carries := func(name string, value any, match string) {
		args[name] = value
		out = append(out, `EXISTS (SELECT 1 FROM activity_codes ac JOIN evaluation_codes ec ON ec.institution_id = ac.institution_id AND ec.id = ac.code_id
			WHERE ac.institution_id = `+institution+` AND ac.activity_id = `+activity+` AND `+match+`)`)
	}
	if len(f.Types) > 0 {
		carries("code_types", f.Types, "ec.code = ANY (@code_types::text[])")
	}
	if f.Risk != "" {
		carries("code_risk", f.Risk, "ec.code = @code_risk")
	}
	return out
}
