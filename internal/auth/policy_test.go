package auth

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"belonging/internal/reqctx"
)

// The people of the policy table, all of institution 1 but the
// coordinator. Department 10 holds programmes 100 and 200; module 1000
// serves programme 100.
var policyPeople = []struct {
	name string
	u    *reqctx.User
}{
	{"anon", nil},
	{"coordinator", &reqctx.User{ID: 2, IsCoordinator: true}},
	{"viewer", &reqctx.User{ID: 3, InstitutionID: 1, Memberships: []reqctx.Membership{
		{Role: reqctx.RoleViewer, DepartmentID: 10, DepartmentProgrammes: []int64{100, 200}}}}},
	{"member", &reqctx.User{ID: 4, InstitutionID: 1, Memberships: []reqctx.Membership{{Role: reqctx.RoleMember, ProgrammeID: 100}}}},
	{"leader", &reqctx.User{ID: 5, InstitutionID: 1, Memberships: []reqctx.Membership{
		{Role: reqctx.RoleModuleLeader, ModuleID: 1000, ModuleProgrammes: []int64{100}}}}},
	{"director", &reqctx.User{ID: 6, InstitutionID: 1, Memberships: []reqctx.Membership{{Role: reqctx.RoleDirector, ProgrammeID: 100}}}},
	{"admin", &reqctx.User{ID: 7, InstitutionID: 1, Memberships: []reqctx.Membership{{Role: reqctx.RoleAdmin}}}},
}

// policyTargets are the records the table asks about, as the access
// loaders describe them.
var policyTargets = map[string]Target{
	"programme":           {InstitutionID: 1, DepartmentID: 10, ProgrammeID: 100},
	"other programme":     {InstitutionID: 1, DepartmentID: 10, ProgrammeID: 200},
	"module":              {InstitutionID: 1, DepartmentID: 10, ModuleID: 1000, ModuleProgrammes: []int64{100}},
	"department":          {InstitutionID: 1, DepartmentID: 10},
	"institution":         {InstitutionID: 1},
	"module activity":     {InstitutionID: 1, DepartmentID: 10, ProgrammeID: 100, ModuleID: 1000, ModuleProgrammes: []int64{100}, People: []int64{4}},
	"plain activity":      {InstitutionID: 1, DepartmentID: 10, ProgrammeID: 100},
	"viewer's activity":   {InstitutionID: 1, DepartmentID: 10, ProgrammeID: 100, People: []int64{3}},
	"member's write-up":   {InstitutionID: 1, DepartmentID: 10, ProgrammeID: 100, Author: 4},
	"programme survey":    {InstitutionID: 1, DepartmentID: 10, ProgrammeID: 100},
	"activity survey":     {InstitutionID: 1, DepartmentID: 10, ProgrammeID: 100, ModuleID: 1000, ModuleProgrammes: []int64{100}, People: []int64{4}, ActivityID: 50},
	"partnered activity":  {InstitutionID: 1, DepartmentID: 10, ProgrammeID: 100, ModuleID: 1000, ModuleProgrammes: []int64{100}, People: []int64{4}, ActivityID: 60},
	"other institution's": {InstitutionID: 2, DepartmentID: 10, ProgrammeID: 100, ModuleID: 1000, ModuleProgrammes: []int64{100}, People: []int64{4}, Author: 4},
}

// TestCan is the policy written out by hand: for each action and target,
// which of anon, coordinator, viewer, member, leader, director and admin
// may (1) or may not (0). Another institution's record is refused to
// everyone, whatever the action.
func TestCan(t *testing.T) {
	actions := map[Action]string{Administer: "Administer", ViewProgramme: "ViewProgramme", PlanProgramme: "PlanProgramme",
		ViewModule: "ViewModule", ContributeModule: "ContributeModule", EditActivity: "EditActivity", EditCaseStudy: "EditCaseStudy",
		ReviewCaseStudy: "ReviewCaseStudy", ViewDepartment: "ViewDepartment", ViewInstitution: "ViewInstitution",
		AddActivity: "AddActivity", EditSurvey: "EditSurvey", ReadCaseStudyDraft: "ReadCaseStudyDraft",
		ReadCohortCounts: "ReadCohortCounts", CoCreateActivity: "CoCreateActivity", ManagePartners: "ManagePartners"}
	tests := []struct {
		action Action
		target string
		want   string // anon coordinator viewer member leader director admin
	}{
		{Administer, "institution", "0 0 0 0 0 0 1"},
		{ViewInstitution, "institution", "0 0 0 0 0 0 1"},
		{ViewDepartment, "department", "0 0 1 0 0 0 1"},
		{ViewProgramme, "programme", "0 0 1 1 1 1 1"},
		{ViewProgramme, "other programme", "0 0 1 0 0 0 1"},
		{PlanProgramme, "programme", "0 0 0 0 0 1 1"},
		{PlanProgramme, "other programme", "0 0 0 0 0 0 1"},
		{AddActivity, "programme", "0 0 0 0 1 1 1"},
		{AddActivity, "other programme", "0 0 0 0 0 0 1"},
		{ViewModule, "module", "0 0 1 1 1 1 1"},
		{ContributeModule, "module", "0 0 0 0 1 1 1"},
		{EditActivity, "module activity", "0 0 0 1 1 1 1"},
		{EditActivity, "plain activity", "0 0 0 0 0 1 1"},
		// A viewer named on a team still only views.
		{EditActivity, "viewer's activity", "0 0 0 0 0 1 1"},
		{EditCaseStudy, "member's write-up", "0 0 0 1 0 1 1"},
		{ReviewCaseStudy, "member's write-up", "0 0 0 0 0 1 1"},
		{ReadCaseStudyDraft, "member's write-up", "0 0 0 1 0 1 1"},
		{EditSurvey, "programme survey", "0 0 0 0 0 1 1"},
		{EditSurvey, "activity survey", "0 0 0 1 1 1 1"},
		{ReadCohortCounts, "programme", "0 0 0 1 1 1 1"},
		{ReadCohortCounts, "other programme", "0 0 0 0 0 0 1"},
		// Student partners: whoever edits an activity works on its partner
		// pages too; the director invites and removes partners.
		{CoCreateActivity, "partnered activity", "0 0 0 1 1 1 1"},
		{CoCreateActivity, "plain activity", "0 0 0 0 0 1 1"},
		{ManagePartners, "partnered activity", "0 0 0 0 0 1 1"},
		{ManagePartners, "other programme", "0 0 0 0 0 0 1"},
	}
	for action := range actions {
		tests = append(tests, struct {
			action Action
			target string
			want   string
		}{action, "other institution's", "0 0 0 0 0 0 0"})
	}
	for _, tt := range tests {
		target, ok := policyTargets[tt.target]
		if !ok {
			t.Fatalf("no target %q", tt.target)
		}
		var got []string
		for _, p := range policyPeople {
			got = append(got, map[bool]string{true: "1", false: "0"}[Can(p.u, tt.action, target)])
		}
		if diff := cmp.Diff(strings.Fields(tt.want), got); diff != "" {
			t.Errorf("Can(anon…admin, %s, %s) differs (-want +got):\n%s", actions[tt.action], tt.target, diff)
		}
	}
}

func TestScopeHelpers(t *testing.T) {
	u := &reqctx.User{ID: 9, InstitutionID: 1, Memberships: []reqctx.Membership{
		{Role: reqctx.RoleDirector, ProgrammeID: 100},
		{Role: reqctx.RoleDirector, ProgrammeID: 200},
		{Role: reqctx.RoleModuleLeader, ModuleID: 1000, ModuleProgrammes: []int64{100, 300}},
		{Role: reqctx.RoleModuleLeader, ModuleID: 2000, ModuleProgrammes: []int64{300}},
		{Role: reqctx.RoleMember, ProgrammeID: 400},
	}}
	for _, c := range []struct {
		name      string
		got, want []int64
	}{
		{"PlannedProgrammes", PlannedProgrammes(u), []int64{100, 200}},
		{"LedModules", LedModules(u), []int64{1000, 2000}},
		{"ContributableModules(100)", ContributableModules(u, 100), []int64{1000}},
		{"ContributableModules(300)", ContributableModules(u, 300), []int64{1000, 2000}},
		{"ContributableModules(400)", ContributableModules(u, 400), nil},
		{"ProgrammesOf", ProgrammesOf(u), []int64{100, 200, 300, 400}},
	} {
		if diff := cmp.Diff(c.want, c.got); diff != "" {
			t.Errorf("%s differs (-want +got):\n%s", c.name, diff)
		}
	}
}

func TestCanReadAndCollections(t *testing.T) {
	own := &reqctx.User{ID: 4, InstitutionID: 1}
	other := &reqctx.User{ID: 8, InstitutionID: 2}
	coordinator := &reqctx.User{ID: 2, IsCoordinator: true}
	for _, c := range []struct {
		visibility string
		want       string // anon own other coordinator
	}{
		{"public", "1 1 1 1"},
		{"network", "0 1 1 1"},
		{"institution", "0 1 0 0"},
		{"draft", "0 0 0 0"},
	} {
		var got []string
		for _, u := range []*reqctx.User{nil, own, other, coordinator} {
			got = append(got, fmt.Sprint(map[bool]int{true: 1}[CanRead(u, c.visibility, 1)]))
		}
		if diff := cmp.Diff(strings.Fields(c.want), got); diff != "" {
			t.Errorf("CanRead(anon/own/other/coordinator, %s, institution 1) differs (-want +got):\n%s", c.visibility, diff)
		}
	}
	curator := other
	network := func(shared bool) Collection { return Collection{OwnerID: curator.ID, Shared: shared} }
	// A team collection of programme 10 at institution 1, made by its
	// director; programme 11 is another programme there.
	director := &reqctx.User{ID: 5, InstitutionID: 1, Memberships: []reqctx.Membership{{Role: reqctx.RoleDirector, ProgrammeID: 10}}}
	member := &reqctx.User{ID: 6, InstitutionID: 1, Memberships: []reqctx.Membership{{Role: reqctx.RoleMember, ProgrammeID: 10}}}
	elsewhere := &reqctx.User{ID: 7, InstitutionID: 1, Memberships: []reqctx.Membership{{Role: reqctx.RoleMember, ProgrammeID: 11}}}
	leader := &reqctx.User{ID: 9, InstitutionID: 1, Memberships: []reqctx.Membership{{Role: reqctx.RoleModuleLeader, ModuleID: 3, ModuleProgrammes: []int64{10}}}}
	admin := &reqctx.User{ID: 12, InstitutionID: 1, Memberships: []reqctx.Membership{{Role: reqctx.RoleAdmin}}}
	otherDirector := &reqctx.User{ID: 13, InstitutionID: 2, Memberships: []reqctx.Membership{{Role: reqctx.RoleDirector, ProgrammeID: 10}}}
	team := func(shared bool) Collection {
		return Collection{OwnerID: director.ID, InstitutionID: 1, ProgrammeID: 10, Shared: shared}
	}
	for _, c := range []struct {
		name      string
		got, want bool
	}{
		{"CanReadCollection(curator, unshared)", CanReadCollection(curator, network(false)), true},
		{"CanReadCollection(someone else, unshared)", CanReadCollection(own, network(false)), false},
		{"CanReadCollection(someone else, shared)", CanReadCollection(own, network(true)), true},
		{"CanReadCollection(anon, shared)", CanReadCollection(nil, network(true)), false},
		{"CanChangeCollection(curator)", CanChangeCollection(curator, network(false)), true},
		{"CanChangeCollection(someone else)", CanChangeCollection(own, network(false)), false},
		{"CanChangeCollection(anon)", CanChangeCollection(nil, network(false)), false},

		{"CanReadCollection(director, private team)", CanReadCollection(director, team(false)), true},
		{"CanReadCollection(member, private team)", CanReadCollection(member, team(false)), true},
		{"CanReadCollection(another programme's member, private team)", CanReadCollection(elsewhere, team(false)), false},
		{"CanReadCollection(module leader on the programme, private team)", CanReadCollection(leader, team(false)), false},
		{"CanReadCollection(admin, private team)", CanReadCollection(admin, team(false)), false},
		{"CanReadCollection(another institution's director, private team)", CanReadCollection(otherDirector, team(false)), false},
		{"CanReadCollection(coordinator, private team)", CanReadCollection(coordinator, team(false)), false},
		{"CanReadCollection(another programme's member, shared team)", CanReadCollection(elsewhere, team(true)), true},
		{"CanReadCollection(admin, shared team)", CanReadCollection(admin, team(true)), true},
		{"CanReadCollection(another institution's director, shared team)", CanReadCollection(otherDirector, team(true)), false},
		{"CanReadCollection(coordinator, shared team)", CanReadCollection(coordinator, team(true)), false},
		{"CanReadCollection(anon, shared team)", CanReadCollection(nil, team(true)), false},
		{"CanChangeCollection(member, team)", CanChangeCollection(member, team(true)), true},
		{"CanChangeCollection(another programme's member, shared team)", CanChangeCollection(elsewhere, team(true)), false},
		{"CanChangeCollection(admin, shared team)", CanChangeCollection(admin, team(true)), false},
		{"CanChangeCollection(another institution's director, team)", CanChangeCollection(otherDirector, team(true)), false},
		{"CanChangeCollection(coordinator, shared team)", CanChangeCollection(coordinator, team(true)), false},

		{"CanCurate(coordinator)", CanCurate(coordinator), true},
		{"CanCurate(director)", CanCurate(director), true},
		{"CanCurate(member)", CanCurate(member), true},
		{"CanCurate(module leader)", CanCurate(leader), false},
		{"CanCurate(admin)", CanCurate(admin), false},
		{"CanCurate(anon)", CanCurate(nil), false},
	} {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}
