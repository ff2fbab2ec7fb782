package report

import (
	"context"
	"fmt"
	"strconv"
	"time"

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
func staffSection(sb staffBelonging, minGroup int, csv func(string) string) page.Section {
	hidden := page.Cell{Text: fmt.Sprintf("Fewer than %d", minGroup), Kind: "hidden"}
	surveys := page.Table{ID: "staff-surveys", Caption: "Staff belonging surveys that closed this year", CSV: csv("staff-surveys"),
		Columns: []page.Column{{Label: "Survey"}, {Label: "Closed"}, {Label: "Responses", Num: true}},
		Empty:   "No staff belonging survey of this programme's team closed this year. Add one from the programme's surveys page."}
	for _, s := range sb.surveys {
		responses := page.Cell{Text: strconv.Itoa(int(s.Responses))}
		if int(s.Responses) < minGroup {
			responses = hidden
		}
		surveys.Rows = append(surveys.Rows, page.Row{Cells: []page.Cell{{Text: s.Title},
			{Text: s.ClosesAt.In(london).Add(-time.Second).Format("2 January 2006")}, responses}})
	}
	statements := page.Table{ID: "staff-statements", Caption: "Staff agreement with each statement", CSV: csv("staff-statements"),
		Columns: []page.Column{{Label: "Statement"}, {Label: "Answers", Num: true}, {Label: "Agree or strongly agree", Num: true}, {Label: "Average (out of 5)", Num: true}},
		Empty:   fmt.Sprintf("No staff survey this year had %d or more responses, so no figures are shown.", minGroup)}
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
	return page.Section{ID: "staff-belonging", Title: "Staff belonging",
		Intro: fmt.Sprintf("How the programme's team feels it belongs, from its own anonymous surveys. These figures are the team's, kept apart from students': no student figure in this report includes them. A survey shows figures only with %d or more responses, and only once it has closed.", minGroup),
		Figures: []page.Figure{{ID: "staff-surveys", Title: "Staff surveys", Table: surveys},
			{ID: "staff-statements", Title: "Agreement by statement", Table: statements}}}
}
