package access

import "belonging/internal/auth"

// kind is a kind of record, for the wording of refusals.
type kind int

const (
	kindProgramme kind = iota + 1
	kindModule
	kindDepartment
	kindPerson
	kindActivity
	kindCaseStudy
	kindSurvey
	kindInstrument
	kindCollection
	// kindCuration is keeping collections at all, not one collection.
	kindCuration
	// kindIdentityProvider is an institution's sign-in set-up: its
	// identity providers and provisioning tokens.
	kindIdentityProvider
	kindJob
)

type refusalKey struct {
	kind   kind
	action auth.Action
}

// refusals are the fixed words of every 403 a loader answers: what the
// person may not do, and who can.
var refusals = map[refusalKey]string{
	{kindProgramme, auth.PlanProgramme}:     "You can see this programme but not change its plan, its calendar address or its surveys of the whole programme. Its programme director can.",
	{kindProgramme, auth.AddActivity}:       "You can see this programme's plan but not add to it. Its programme director can, and module leaders can add activities to their modules.",
	{kindModule, auth.ContributeModule}:     "You can see this module but not add to it. Its module leader and the directors of its programmes can.",
	{kindActivity, auth.EditActivity}:       "You can see this activity but not change it, record its outcomes and evidence, survey it or write it up. Its programme director, module leader or team can.",
	{kindCaseStudy, auth.EditCaseStudy}:     "Only the case study's authors and the activity's team can change it.",
	{kindCaseStudy, auth.ReviewCaseStudy}:   "Only the programme's director or an institution admin can approve sharing a case study beyond the institution.",
	{kindSurvey, auth.EditSurvey}:           "You can see this survey but not change it. The programme's director can, and for an activity's survey so can the activity's module leader and team.",
	{kindInstrument, auth.Administer}:       "Only your institution's administrators can add or change questionnaires. Every survey can use the built-in belonging pulse.",
	{kindCollection, 0}:                     "Only the collection's curator, or its programme's team, can change it.",
	{kindCuration, 0}:                       "Collections are kept by the network's coordinators and programme teams. You can bookmark case studies instead.",
	{kindIdentityProvider, auth.Administer}: "Only your institution's administrators can change how people sign in.",
	{kindProgramme, auth.PlanProgramme}:     "You can see this programme but not change its plan, its calendar address or its surveys of the whole programme. Its programme director can.",
	{kindProgramme, auth.AddActivity}:       "You can see this programme's plan but not add to it. Its programme director can, and module leaders can add activities to their modules.",
	{kindModule, auth.ContributeModule}:     "You can see this module but not add to it. Its module leader and the directors of its programmes can.",
	{kindActivity, auth.EditActivity}:       "You can see this activity but not change it, record its outcomes and evidence, survey it or write it up. Its programme director, module leader or team can.",
	{kindCaseStudy, auth.EditCaseStudy}:     "Only the case study's authors and the activity's team can change it.",
	{kindCaseStudy, auth.ReviewCaseStudy}:   "Only the programme's director or an institution admin can approve sharing a case study beyond the institution.",
	{kindSurvey, auth.EditSurvey}:           "You can see this survey but not change it. The programme's director can, and for an activity's survey so can the activity's module leader and team.",
	{kindInstrument, auth.Administer}:       "Only your institution's administrators can add or change questionnaires. Every survey can use the built-in belonging pulse.",
	{kindCollection, 0}:                     "Only the collection's curator, or its programme's team, can change it.",
	{kindCuration, 0}:                       "Collections are kept by the network's coordinators and programme teams. You can bookmark case studies instead.",
	{kindJob, auth.Administer}:              "Only your institution's administrators can see and retry failed background jobs.",
	// Student partners (internal/partner).
	{kindActivity, auth.CoCreateActivity}: "You can see this activity but not work on it as its student partners do. Its programme director, module leader, team and partners can.",
	{kindActivity, auth.ManagePartners}:   "Only the programme's director can invite or remove an activity's student partners.",
}

// refusal is the wording for refusing action on a record of kind k.
func refusal(k kind, action auth.Action) string {
	if s, ok := refusals[refusalKey{k, action}]; ok {
		return s
	}
	return "You can see this but not change it. Ask your programme director or your institution's administrators."
}
