package auth

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"belonging/internal/reqctx"
	"belonging/internal/store"
)

// TestCanStudentPartner holds a student partner's account to co-creating
// its own activities: every other action on every target is refused, even
// with a staff membership added to the account by mistake. A member of
// staff who partners an activity keeps their staff rights and gains that
// activity's partner pages.
func TestCanStudentPartner(t *testing.T) {
	partner := &reqctx.User{ID: 11, InstitutionID: 1, StudentPartner: true, Memberships: []reqctx.Membership{
		{Role: reqctx.RolePartner, ActivityID: 60}}}
	mistaken := &reqctx.User{ID: 12, InstitutionID: 1, StudentPartner: true, Memberships: []reqctx.Membership{
		{Role: reqctx.RolePartner, ActivityID: 60}, {Role: reqctx.RoleDirector, ProgrammeID: 100}, {Role: reqctx.RoleAdmin}}}
	staff := &reqctx.User{ID: 13, InstitutionID: 1, Memberships: []reqctx.Membership{
		{Role: reqctx.RoleMember, ProgrammeID: 200}, {Role: reqctx.RolePartner, ActivityID: 60}}}
	for action := Administer; action <= ManagePartners; action++ {
		for name, target := range policyTargets {
			for _, c := range []struct {
				who  string
				u    *reqctx.User
				want bool
			}{
				{"partner", partner, action == CoCreateActivity && name == "partnered activity"},
				{"partner with staff roles", mistaken, action == CoCreateActivity && name == "partnered activity"},
			} {
				if got := Can(c.u, action, target); got != c.want {
					t.Errorf("Can(%s, action %d, %s) = %v, want %v", c.who, action, name, got, c.want)
				}
			}
		}
	}
	if !Can(staff, CoCreateActivity, policyTargets["partnered activity"]) {
		t.Errorf("Can(staff partner, CoCreateActivity, partnered activity) = false, want true")
	}
	if Can(staff, CoCreateActivity, policyTargets["plain activity"]) {
		t.Errorf("Can(staff partner, CoCreateActivity, plain activity) = true, want false")
	}
	if !Can(staff, ViewProgramme, policyTargets["other programme"]) {
		t.Errorf("Can(staff partner, ViewProgramme, their own programme) = false, want true")
	}
	if diff := cmp.Diff([]int64{60}, PartnerActivities(partner)); diff != "" {
		t.Errorf("PartnerActivities differs (-want +got):\n%s", diff)
	}

	// The library: a student partner reads what the public reads.
	for visibility, want := range map[string]bool{"public": true, "network": false, "institution": false, "draft": false} {
		if got := CanRead(partner, visibility, 1); got != want {
			t.Errorf("CanRead(partner, %s, their institution) = %v, want %v", visibility, got, want)
		}
	}
	if diff := cmp.Diff(store.Reader{}, LibraryReader(partner)); diff != "" {
		t.Errorf("LibraryReader(partner) differs from the public's (-want +got):\n%s", diff)
	}
}
