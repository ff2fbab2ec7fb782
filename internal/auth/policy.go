package auth

import (
	"slices"

	"belonging/internal/reqctx"
	"belonging/internal/store"
)

// Action is something a person wants to do. Every handler names its action
// and asks Can; no handler decides access on its own.
type Action int

const (
	// Administer covers the institution's set-up: departments,
	// programmes, modules, people, imports and the audit log.
	Administer Action = iota + 1
	// ViewProgramme reads a programme: its plan, calendar and reports.
	ViewProgramme
	// PlanProgramme changes a programme's plan: any of its activities, its
	// calendar feed and copying the plan to next year.
	PlanProgramme
	// ViewModule reads a module and its activities.
	ViewModule
	// ContributeModule adds and edits activities on a module (module leaders).
	ContributeModule
	// EditActivity changes an activity, its sessions and (later) its
	// outcomes and evidence: the programme's planners, the leader of the
	// activity's module, and the activity's own lead and team.
	EditActivity
	// EditCaseStudy changes a case study's draft and publishes it within the
	// institution: its author and whoever may edit its activity.
	EditCaseStudy
	// ReviewCaseStudy approves sharing a case study beyond the institution:
	// the programme's director or an institution admin.
	ReviewCaseStudy
	// ViewDepartment reads a department's report, which rolls up its
	// programmes: the department's viewers and institution admins.
	ViewDepartment
	// ViewInstitution reads the institution's report: its admins.
	ViewInstitution
	// AddActivity adds an activity to a programme's plan: its planners on
	// any module, and module leaders on their own modules (see
	// ContributableModules).
	AddActivity
	// EditSurvey changes, closes or deletes a survey: for an activity's
	// survey whoever may edit the activity; for a whole programme's, its
	// planners.
	EditSurvey
	// ReadCaseStudyDraft reads a case study before it is published:
	// whoever may edit it or review it. Anyone else is answered as if it
	// did not exist.
	ReadCaseStudyDraft
	// ReadCohortCounts sees a programme's cohort profile unsuppressed: its
	// team (director, members, leaders of its modules). Anyone else who
	// views the programme sees counts below the survey threshold hidden.
	ReadCohortCounts

	// CoCreateActivity reads an activity as its student partners see it
	// and adds what they may: the activity's title, aims and how students
	// shape it, notes on its sessions and students' words on its outcomes.
	// Its partners may, and whoever may edit the activity.
	CoCreateActivity
	// ManagePartners invites student partners to an activity and removes
	// them: the programme's director (and institution admins).
	ManagePartners
)

// Target is the thing acted on, as loaded by the handler with a query
// already scoped to the person's institution. Fields that do not apply
// stay zero.
type Target struct {
	InstitutionID int64
	DepartmentID  int64
	// ProgrammeID is the programme itself, or the programme an activity
	// belongs to.
	ProgrammeID int64
	// ModuleID is the module itself, or the module an activity belongs to.
	ModuleID int64
	// ModuleProgrammes are the programmes the module serves.
	ModuleProgrammes []int64
	// People are an activity's lead and team.
	People []int64
	// Author wrote the case study.
	Author int64
	// ActivityID is the activity itself, or the activity a survey is
	// about; zero for a survey of the whole programme.
	ActivityID int64
}

// Can is the one authorisation decision: may u do a on t? A person from
// another institution, or nobody, may do nothing here; the checks of
// shared and public content (case studies, surveys) are their own actions.
func Can(u *reqctx.User, a Action, t Target) bool {
	if u == nil || u.InstitutionID == 0 || t.InstitutionID != u.InstitutionID {
		return false
	}
	// A student partner's account does nothing but co-create its
	// activities, whatever other memberships it is given.
	if u.StudentPartner {
		return a == CoCreateActivity && partnerOn(u, t.ActivityID)
	}
	if has(u, func(m reqctx.Membership) bool { return m.Role == reqctx.RoleAdmin }) {
		return true
	}
	switch a {
	case Administer, ViewInstitution:
		return false
	case ViewDepartment:
		return has(u, func(m reqctx.Membership) bool {
			return m.Role == reqctx.RoleViewer && m.DepartmentID != 0 && m.DepartmentID == t.DepartmentID
		})
	case ViewProgramme:
		return has(u, func(m reqctx.Membership) bool {
			switch m.Role {
			case reqctx.RoleDirector, reqctx.RoleMember:
				return m.ProgrammeID == t.ProgrammeID
			case reqctx.RoleViewer:
				return m.ProgrammeID == t.ProgrammeID || (m.DepartmentID != 0 && slices.Contains(m.DepartmentProgrammes, t.ProgrammeID))
			case reqctx.RoleModuleLeader:
				return slices.Contains(m.ModuleProgrammes, t.ProgrammeID)
			}
			return false
		})
	case PlanProgramme:
		return has(u, func(m reqctx.Membership) bool {
			return m.Role == reqctx.RoleDirector && m.ProgrammeID == t.ProgrammeID
		})
	case ViewModule:
		return has(u, func(m reqctx.Membership) bool {
			switch m.Role {
			case reqctx.RoleModuleLeader:
				return m.ModuleID == t.ModuleID
			case reqctx.RoleDirector, reqctx.RoleMember:
				return slices.Contains(t.ModuleProgrammes, m.ProgrammeID)
			case reqctx.RoleViewer:
				return (m.DepartmentID != 0 && m.DepartmentID == t.DepartmentID) || slices.Contains(t.ModuleProgrammes, m.ProgrammeID)
			}
			return false
		})
	case ContributeModule:
		return has(u, func(m reqctx.Membership) bool {
			return (m.Role == reqctx.RoleModuleLeader && m.ModuleID == t.ModuleID) ||
				(m.Role == reqctx.RoleDirector && slices.Contains(t.ModuleProgrammes, m.ProgrammeID))
		})
	case EditCaseStudy:
		return (t.Author == u.ID && Can(u, ViewProgramme, t)) || Can(u, EditActivity, t)
	case ReviewCaseStudy:
		return Can(u, PlanProgramme, t)
	case AddActivity:
		return Can(u, PlanProgramme, t) || len(ContributableModules(u, t.ProgrammeID)) > 0
	case EditSurvey:
		if t.ActivityID != 0 {
			return Can(u, EditActivity, t)
		}
		return Can(u, PlanProgramme, t)
	case ReadCaseStudyDraft:
		return Can(u, EditCaseStudy, t) || Can(u, ReviewCaseStudy, t)
	case ReadCohortCounts:
		return Can(u, ViewProgramme, t) && !onlyViewer(u, t)
	case CoCreateActivity:
		return partnerOn(u, t.ActivityID) || Can(u, EditActivity, t)
	case ManagePartners:
		return Can(u, PlanProgramme, t)
	case EditActivity:
		if Can(u, PlanProgramme, t) {
			return true
		}
		if t.ModuleID != 0 && has(u, func(m reqctx.Membership) bool { return m.Role == reqctx.RoleModuleLeader && m.ModuleID == t.ModuleID }) {
			return true
		}
		return slices.Contains(t.People, u.ID) && Can(u, ViewProgramme, t) && !onlyViewer(u, t)
	}
	return false
}

// CanRead decides who reads a published case study: anyone when public,
// anyone signed in (any institution, or a coordinator) when shared to the
// network, and only its own institution's people when shared there.
func CanRead(u *reqctx.User, visibility string, institutionID int64) bool {
	switch visibility {
	case "public":
		return true
	case "network":
		return u != nil && !u.StudentPartner
	case "institution":
		return u != nil && !u.StudentPartner && u.InstitutionID != 0 && u.InstitutionID == institutionID
	}
	return false
}

// LibraryReader is the same rule as CanRead in the form the library's
// queries take: public publications for everyone, network ones for anyone
// signed in, institution ones for that institution's people. Student
// partners read what the public reads. A test holds the two to the same
// answers.
func LibraryReader(u *reqctx.User) store.Reader {
	if u == nil || u.StudentPartner {
		return store.Reader{}
	}
	return store.Reader{SignedIn: true, InstitutionID: u.InstitutionID}
}

// CanViewNetwork says who reads the network report, which holds only
// figures institutions chose to share, combined and suppressed:
// coordinators, and institution admins comparing their own with the
// sector's.
func CanViewNetwork(u *reqctx.User) bool { return u != nil && (u.IsCoordinator || u.IsAdmin()) }

// onlyViewer reports whether u's only access to t's programme is read-only,
// so that naming a viewer on a team does not give them editing rights.
func onlyViewer(u *reqctx.User, t Target) bool {
	return !has(u, func(m reqctx.Membership) bool {
		switch m.Role {
		case reqctx.RoleDirector, reqctx.RoleMember:
			return m.ProgrammeID == t.ProgrammeID
		case reqctx.RoleModuleLeader:
			return slices.Contains(m.ModuleProgrammes, t.ProgrammeID)
		}
		return false
	})
}

func has(u *reqctx.User, pred func(reqctx.Membership) bool) bool {
	return slices.ContainsFunc(u.Memberships, pred)
}

// ContributableModules are the modules of programme programmeID that u
// leads: module leaders may add activities to their own modules.
func ContributableModules(u *reqctx.User, programmeID int64) []int64 {
	var ids []int64
	for _, m := range u.Memberships {
		if m.Role == reqctx.RoleModuleLeader && slices.Contains(m.ModuleProgrammes, programmeID) {
			ids = append(ids, m.ModuleID)
		}
	}
	return ids
}

// PlannedProgrammes are the programmes u directs, whose plans and case
// study reviews are theirs.
func PlannedProgrammes(u *reqctx.User) []int64 {
	return scopes(u, reqctx.RoleDirector, func(m reqctx.Membership) int64 { return m.ProgrammeID })
}

// LedModules are the modules u leads.
func LedModules(u *reqctx.User) []int64 {
	return scopes(u, reqctx.RoleModuleLeader, func(m reqctx.Membership) int64 { return m.ModuleID })
}

func scopes(u *reqctx.User, role string, id func(reqctx.Membership) int64) []int64 {
	ids := []int64{}
	for _, m := range u.Memberships {
		if m.Role == role && id(m) != 0 && !slices.Contains(ids, id(m)) {
			ids = append(ids, id(m))
		}
	}
	return ids
}

// ProgrammesOf returns the ids of the programmes u has a role on, directly
// or through a module or department, for "your programmes first" lists.
func ProgrammesOf(u *reqctx.User) []int64 {
	var ids []int64
	add := func(id int64) {
		if id != 0 && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	for _, m := range u.Memberships {
		add(m.ProgrammeID)
		for _, id := range m.ModuleProgrammes {
			add(id)
		}
		for _, id := range m.DepartmentProgrammes {
			add(id)
		}
	}
	return ids
}

// Collections of case studies (issue 23): coordinators keep network
// collections, programme teams keep theirs.

// Collection is a collection as the policy sees it. A team collection
// has its programme (and that programme's institution); a coordinator's
// has neither.
type Collection struct {
	OwnerID       int64
	InstitutionID int64
	ProgrammeID   int64
	// Shared is to the network for a coordinator's collection, to the
	// institution for a team's.
	Shared bool
}

// CanReadCollection says who reads a collection: a coordinator's, its
// curator and, once shared, anyone signed in; a team's, the programme's
// team (directors and members) and, once shared, everyone in its
// institution, never anyone outside it.
func CanReadCollection(u *reqctx.User, c Collection) bool {
	switch {
	case u == nil:
		return false
	case c.ProgrammeID == 0:
		return u.ID == c.OwnerID || c.Shared
	case u.InstitutionID == 0 || u.InstitutionID != c.InstitutionID:
		return false
	}
	return c.Shared || slices.Contains(TeamProgrammes(u), c.ProgrammeID)
}

// CanChangeCollection says who changes a collection: a coordinator's, only
// its curator; a team's, anyone on the programme's team.
func CanChangeCollection(u *reqctx.User, c Collection) bool {
	switch {
	case u == nil:
		return false
	case c.ProgrammeID == 0:
		return u.ID == c.OwnerID
	}
	return u.InstitutionID != 0 && u.InstitutionID == c.InstitutionID && slices.Contains(TeamProgrammes(u), c.ProgrammeID)
}

// CanCurate says who keeps collections of case studies: coordinators, and
// programme teams.
func CanCurate(u *reqctx.User) bool {
	return u != nil && (u.IsCoordinator || len(TeamProgrammes(u)) > 0)
}

// TeamProgrammes are the programmes whose team u is on, as director or
// member: those whose collections u keeps.
func TeamProgrammes(u *reqctx.User) []int64 {
	ids := []int64{}
	for _, m := range u.Memberships {
		if (m.Role == reqctx.RoleDirector || m.Role == reqctx.RoleMember) && m.ProgrammeID != 0 && !slices.Contains(ids, m.ProgrammeID) {
			ids = append(ids, m.ProgrammeID)
		}
	}
	return ids
}

// partnerOn reports whether u is a student partner on activity id.
func partnerOn(u *reqctx.User, id int64) bool {
	return id != 0 && has(u, func(m reqctx.Membership) bool { return m.Role == reqctx.RolePartner && m.ActivityID == id })
}

// PartnerActivities are the activities u co-creates as a student partner.
func PartnerActivities(u *reqctx.User) []int64 {
	return scopes(u, reqctx.RolePartner, func(m reqctx.Membership) int64 { return m.ActivityID })
}
