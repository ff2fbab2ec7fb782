package report

import (
	"context"
	"strconv"
	"time"

	"belonging/internal/i18n"
	"belonging/internal/store"
	page "belonging/web/pages/report"
)

// staffBelonging reads a programme team's staff belonging surveys that
// closed in the year: each survey with its responses, and the answers,
// statement by statement, of those that reach the threshold. Students'
// figures never read these surveys (store.ReportScope's survey condition
// leaves them out), and this section never reads students'.
type staffBelonging struct {
	surveys []store.StaffBelongingSurveysRow
	answers []store.StaffBelongingAnswersRow
}

func loadStaffBelonging(ctx context.Context, q *store.Queries, institutionID, programmeID int64, year, startMonth, minGroup int, now time.Time) (staffBelonging, error) {
	p := periodOf(year, year, startMonth)
	var out staffBelonging
	var err error
	out.surveys, err = q.StaffBelongingSurveys(ctx, store.StaffBelongingSurveysParams{InstitutionID: institutionID, ProgrammeID: programmeID,
		FromAt: p.SurveysFrom, ToAt: p.SurveysTo, NowAt: now})
	if err != nil {
		return out, err
	}
	var counted []int64
	for _, s := range out.surveys {
		if int(s.Responses) >= minGroup {
			counted = append(counted, s.ID)
		}
	}
	if len(counted) == 0 {
		return out, nil
	}
	out.answers, err = q.StaffBelongingAnswers(ctx, store.StaffBelongingAnswersParams{InstitutionID: institutionID, SurveyIds: counted})
	return out, err
}

// staffSection is the programme report's "Staff belonging": the year's
// staff surveys, and agreement with each statement over those with at
// least minGroup responses. A survey, or a statement, with fewer answers
// shows no figure.
func staffSection(ctx context.Context, sb staffBelonging, minGroup int, csv func(string) string) page.Section {
	hidden := page.Cell{Text: i18n.T(ctx, "report.fewer_than_min", "Min", minGroup), Kind: "hidden"}
	surveys := page.Table{ID: "staff-surveys", Caption: i18n.T(ctx, "report.staff.surveys.caption"), CSV: csv("staff-surveys"),
		Columns: []page.Column{{Label: i18n.T(ctx, "report.col.survey")}, {Label: i18n.T(ctx, "report.col.closed")}, {Label: i18n.T(ctx, "report.col.responses"), Num: true}},
		Empty:   i18n.T(ctx, "report.staff.surveys.empty")}
	for _, s := range sb.surveys {
		responses := page.Cell{Text: strconv.Itoa(int(s.Responses))}
		if int(s.Responses) < minGroup {
			responses = hidden
		}
		surveys.Rows = append(surveys.Rows, page.Row{Cells: []page.Cell{{Text: s.Title},
			{Text: i18n.FullDate(ctx, s.ClosesAt.In(london).Add(-time.Second))}, responses}})
	}
	statements := page.Table{ID: "staff-statements", Caption: i18n.T(ctx, "report.staff.statements.caption"), CSV: csv("staff-statements"),
		Columns: []page.Column{{Label: i18n.T(ctx, "report.col.statement")}, {Label: i18n.T(ctx, "report.col.answers"), Num: true},
			{Label: i18n.T(ctx, "report.col.agree"), Num: true}, {Label: i18n.T(ctx, "report.col.average"), Num: true}},
		Empty: i18n.T(ctx, "report.staff.statements.empty", "Min", minGroup)}
	for _, a := range sb.answers {
		row := page.Row{Cells: []page.Cell{{Text: a.Body}}}
		if int(a.Answered) < minGroup {
			row.Cells = append(row.Cells, hidden, page.Cell{Text: "–"}, page.Cell{Text: "–"})
		} else {
			row.Cells = append(row.Cells, page.Cell{Text: strconv.Itoa(int(a.Answered))},
				page.Cell{Text: strconv.Itoa(percent(int(a.Agree), int(a.Answered))) + "%"},
				page.Cell{Text: strconv.FormatFloat(float64(a.ScoreSum)/float64(a.Answered), 'f', 1, 64)})
		}
		statements.Rows = append(statements.Rows, row)
	}
	return page.Section{ID: "staff-belonging", Title: i18n.T(ctx, "report.staff.title"),
		Intro: i18n.T(ctx, "report.staff.intro", "Min", minGroup),
		Figures: []page.Figure{{ID: "staff-surveys", Title: i18n.T(ctx, "report.staff.surveys.title"), Table: surveys},
			{ID: "staff-statements", Title: i18n.T(ctx, "report.staff.statements.title"), Table: statements}}}
}
