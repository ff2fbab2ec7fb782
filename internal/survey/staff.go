package survey

import (
	"context"

	"belonging/internal/i18n"
	"belonging/internal/store"
	page "belonging/web/pages/survey"
)

// Staff belonging: a programme team answers its own anonymous survey on
// the built-in staff questionnaire (migration 200). It is a survey like
// students' — the same tables, link, sealing, threshold and
// results-after-close — whose audience is "staff": it takes only staff
// questionnaires, runs once for the whole team (never an activity's,
// never a pair or a baseline), and stays out of every student figure
// (the student lists, the tallies behind the pulse, the reports' survey
// scope). The programme report shows it apart (internal/report).

// Survey audiences, as stored in survey_instruments.audience and
// surveys.audience.
const (
	audienceStudents = "students"
	audienceStaff    = "staff"
)

func (c newContext) audience() string {
	if c.staff {
		return audienceStaff
	}
	return audienceStudents
}

// staffRows are a programme team's staff belonging surveys, for the
// programme's surveys page.
func (h *Handler) staffRows(ctx context.Context, institutionID, programmeID int64) ([]page.Row, error) {
	list, err := h.Queries.ListStaffSurveys(ctx, store.ListStaffSurveysParams{InstitutionID: institutionID, ProgrammeID: programmeID})
	if err != nil {
		return nil, err
	}
	now := h.now()
	out := make([]page.Row, 0, len(list))
	for _, s := range list {
		row := page.Row{ID: s.ID, Title: s.Title, Phase: "single", Opens: s.OpensAt.In(london), Closes: s.ClosesAt.In(london),
			State: stateAt(now, s.OpensAt, s.ClosesAt), Responses: int(s.Responses), About: i18n.T(ctx, "surveyadmin.list.programme_team")}
		if s.Invited != nil {
			row.Invited = int(*s.Invited)
		}
		out = append(out, row)
	}
	return out, nil
}

// staffRespondView turns the response page to the team: it is about their
// team, and asks no year of study.
func staffRespondView(ctx context.Context, v *page.Respond) {
	v.Staff, v.Activity, v.AskYear, v.Years = true, i18n.T(ctx, "survey.staff.team"), false, nil
}
