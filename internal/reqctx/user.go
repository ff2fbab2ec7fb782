package reqctx

import "strings"

// Role names, as stored in memberships.role.
const (
	RoleAdmin        = "admin"
	RoleDirector     = "director"
	RoleModuleLeader = "module_leader"
	RoleMember       = "member"
	RoleViewer       = "viewer"
	// RolePartner is a student partner on one activity they co-create.
	RolePartner = "partner"
)

// User is the signed-in person with their memberships, loaded once per
// request. The authorisation policy decides from it; pages read names from
// it.
type User struct {
	ID              int64
	Name            string
	Email           string
	InstitutionID   int64 // 0 for a coordinator without an institution
	InstitutionName string
	// InstitutionSlug names the institution in public addresses (its
	// accessibility statement and privacy notice); empty without one.
	InstitutionSlug string
	// YearStartMonth is the first month of the institution's academic year
	// (8, August, unless the institution set another).
	YearStartMonth int
	// Language is the institution's default language ("en" or "cy"; ""
	// without an institution), for a reader who has not chosen one.
	Language      string
	IsCoordinator bool
	// StudentPartner marks an account made for a student who co-creates
	// activities: it reaches only the partner pages, whatever its
	// memberships.
	StudentPartner bool
	Memberships    []Membership
}

// Membership is one (scope, role) pair. Exactly one of the scope ids is set,
// except for an institution admin, whose scope is the whole institution.
type Membership struct {
	Role         string `json:"role"`
	DepartmentID int64  `json:"department_id"`
	ProgrammeID  int64  `json:"programme_id"`
	ModuleID     int64  `json:"module_id"`
	// ActivityID is a partner membership's activity.
	ActivityID int64  `json:"activity_id"`
	Label      string `json:"label"`
	// ModuleProgrammes lists the programmes a module membership's module
	// serves; DepartmentProgrammes those of a department membership.
	ModuleProgrammes     []int64 `json:"module_programmes"`
	DepartmentProgrammes []int64 `json:"department_programmes"`
}

// IsAdmin reports whether the person administers their institution.
func (u *User) IsAdmin() bool {
	for _, m := range u.Memberships {
		if m.Role == RoleAdmin {
			return true
		}
	}
	return false
}

// FirstName returns the part of the name used in greetings: the first
// word that is not a title ("Dr Helen Carter" is greeted as Helen).
func (u *User) FirstName() string {
	words := strings.Fields(u.Name)
	for _, w := range words {
		switch strings.ToLower(strings.TrimSuffix(w, ".")) {
		case "dr", "prof", "professor", "mr", "mrs", "ms", "miss", "mx", "sir", "dame", "rev", "revd":
			continue
		}
		return w
	}
	return u.Name
}

// RoleLabel names a role for people.
func RoleLabel(role string) string {
	switch role {
	case RoleAdmin:
		return "Institution admin"
	case RoleDirector:
		return "Programme director"
	case RoleModuleLeader:
		return "Module leader"
	case RoleMember:
		return "Team member"
	case RoleViewer:
		return "Viewer"
	case RolePartner:
		return "Student partner"
	}
	return role
}
