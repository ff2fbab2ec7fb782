package report

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"belonging/internal/access"
	"belonging/internal/acyear"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/store"
	"belonging/internal/survey"
	"belonging/internal/toc"
	"belonging/web/paths"
)

// The evaluation record of an activity as a spreadsheet: the activity
// export (export.go) laid out a sheet per table, with the activity's
// pulse surveys (their totals, only where they rest on enough responses)
// and the result of any comparison group. Cells are typed: counts and
// means are numbers, dates are dates.

// evaluationRecord is what the workbook's sheets are filled from.
type evaluationRecord struct {
	Export
	Surveys     []surveyFigures
	Comparisons []survey.GroupResult
	MinGroup    int
}

// surveyFigures is one of the activity's surveys: its dates and, when it
// has closed with at least the threshold of responses, its belonging
// score.
type surveyFigures struct {
	ID            int64
	Title, Phase  string
	Opens, Closes time.Time
	Invited       *int
	// Shown: closed, sealed, responses kept and at least the threshold;
	// Note says why not otherwise.
	Shown   bool
	Note    string
	Summary survey.Summary
}

// workbookSheet is one sheet of the record: its name, and how its rows
// (header first) are made; no rows at all leaves the sheet out. Adding a
// sheet to the record is one function here and one line in
// evaluationSheets.
type workbookSheet struct {
	name string
	rows func(r evaluationRecord) [][]any
}

var evaluationSheets = []workbookSheet{
	{"Activity", activitySheet},
	{"Evaluation codes", codesSheet},
	{"Theory of change", theorySheet},
	{"Sessions", sessionsSheet},
	{"Outcomes", outcomesSheet},
	{"Evidence", evidenceSheet},
	{"Surveys", surveysSheet},
	{"Comparison group", comparisonSheet},
}

func activitySheet(r evaluationRecord) [][]any {
	a := r.Activity
	var dims []string
	for _, d := range a.Dimensions {
		dims = append(dims, d.Label)
	}
	rows := [][]any{{"Field", "Value"},
		{"Title", a.Title},
		{"Institution", r.Institution.Name},
		{"Programme", r.Programme.Code + " " + r.Programme.Title},
		{"Academic year", a.AcademicYear.Label},
		{"Kind", a.Kind.Label},
		{"Journey stage", a.JourneyStage.Label},
		{"Belonging dimensions", strings.Join(dims, "; ")},
		{"Placement", a.Placement.Label},
		{"Level", a.Level.Label},
		{"Status", a.Status.Label},
		{"Aims", a.Aims},
		{"Co-created with students", a.Partnership.Label},
		{"Audience", a.Audience.Level.Label},
		{"Students invited", optional(a.Audience.StudentsInvited)},
	}
	if a.Module != nil {
		rows = append(rows, []any{"Module", a.Module.Code + " " + a.Module.Title})
	}
	attended, invited := 0, 0
	for _, o := range r.Outcomes {
		if o.Attendance != nil && o.Invited != nil {
			attended += *o.Attendance
			invited += *o.Invited
		}
	}
	rows = append(rows, []any{"Sessions", len(r.Sessions)}, []any{"Outcomes recorded", len(r.Outcomes)},
		[]any{"Total attendance", r.EvidenceSummary.TotalAttended})
	if invited > 0 {
		rows = append(rows, []any{"Reach (attended of invited, where both recorded)", fmt.Sprintf("%d of %d (%d%%)", attended, invited, percent(attended, invited))})
	}
	rows = append(rows, []any{"Evidence items", r.EvidenceSummary.Items})
	if r.EvidenceSummary.Strongest > 0 {
		rows = append(rows, []any{"Strongest evidence", strengthLabel(english, r.EvidenceSummary.Strongest)})
	}
	return append(rows, []any{"Exported", r.ExportedAt.Format(time.DateOnly)})
}

// codesSheet lists the activity's evaluation codes (type, delivery mode,
// beneficiaries, outcomes, risks); an uncoded activity has no such sheet.
func codesSheet(r evaluationRecord) [][]any {
	if len(r.Codes) == 0 {
		return nil
	}
	rows := [][]any{{"Category", "Code", "Label"}}
	for _, c := range r.Codes {
		rows = append(rows, []any{c.Category, c.Code, c.Label})
	}
	return rows
}

func sessionsSheet(r evaluationRecord) [][]any {
	rows := [][]any{{"Date", "Starts", "Ends"}}
	for _, s := range r.Sessions {
		rows = append(rows, []any{date(s.Date), s.Start, s.End})
	}
	return rows
}

func outcomesSheet(r evaluationRecord) [][]any {
	rows := [][]any{{"Reference", "Date", "Attendance", "Invited", "Reach %", "Aims met (1–5)", "What worked", "What to change", "Next steps"}}
	for _, o := range r.Outcomes {
		rows = append(rows, []any{o.Ref, date(o.Date), optional(o.Attendance), optional(o.Invited), optional(o.ReachPercent),
			optional(o.AimsMet), o.WhatWorked, o.WhatToChange, o.NextSteps})
	}
	return rows
}

func evidenceSheet(r evaluationRecord) [][]any {
	rows := [][]any{{"Title", "Kind", "Strength", "Type", "Instrument", "Sample size", "Response rate %", "Comparison", "Effect size", "Outcome", "Added"}}
	for _, e := range r.Evidence {
		outcome := ""
		if e.OutcomeRef != nil {
			outcome = *e.OutcomeRef
		}
		rows = append(rows, []any{e.Title, e.Kind, e.Strength, e.StrengthLabel, e.Instrument, optional(e.SampleSize), optional(e.ResponseRate),
			e.Comparison, e.EffectSize, outcome, date(e.Added)})
	}
	return rows
}

func surveysSheet(r evaluationRecord) [][]any {
	rows := [][]any{{"Survey", "Phase", "Opened", "Closed", "Invited", "Responses", "Mean belonging score (1–5)", "SD", "Note"}}
	for _, s := range r.Surveys {
		row := []any{s.Title, s.Phase, s.Opens, s.Closes, optional(s.Invited)}
		if s.Shown {
			row = append(row, s.Summary.N, round2(s.Summary.Mean), round2(s.Summary.SD), "")
		} else {
			row = append(row, nil, nil, nil, s.Note)
		}
		rows = append(rows, row)
	}
	return rows
}

func comparisonSheet(r evaluationRecord) [][]any {
	if len(r.Comparisons) == 0 {
		return nil
	}
	rows := [][]any{{"Comparison group", "Took part before (n)", "mean", "Took part after (n)", "mean", "Comparison before (n)", "mean",
		"Comparison after (n)", "mean", "Difference in differences", "95% low", "95% high", "Holds", "Result"}}
	for _, c := range r.Comparisons {
		if !c.Ready {
			rows = append(rows, []any{c.Name, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, "no", "Not all four surveys have closed."})
			continue
		}
		d := c.DiD
		holds, result := "yes", d.Sentence()+" "+strings.Join(survey.DiDCaveats, " ")
		if len(c.Missing) > 0 {
			holds, result = "no", strings.Join(c.Missing, " ")
		}
		// Below the threshold no figure is shown, as on the survey pages.
		row := []any{c.Name}
		for _, g := range []survey.Summary{d.TookPartBefore, d.TookPartAfter, d.ComparisonBefore, d.ComparisonAfter} {
			if holds == "yes" {
				row = append(row, g.N, round2(g.Mean))
			} else {
				row = append(row, nil, nil)
			}
		}
		if holds == "yes" {
			row = append(row, round2(d.Change), round2(d.Low), round2(d.High))
		} else {
			row = append(row, nil, nil, nil)
		}
		rows = append(rows, append(row, holds, result))
	}
	return rows
}

// optional is a number that may be missing: an empty cell then.
func optional(n *int) any {
	if n == nil {
		return nil
	}
	return *n
}

// date turns a YYYY-MM-DD text into a date cell.
func date(s string) any {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return t
}

func round2(x float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', 2, 64), 64)
	return v
}

// evaluationWorkbook lays out the record a sheet per table.
func evaluationWorkbook(r evaluationRecord) (*excelize.File, error) {
	var sheets []sheet
	for _, s := range evaluationSheets {
		sheets = append(sheets, sheet{name: s.name, rows: s.rows(r)})
	}
	return writeWorkbook(sheets)
}

// sheet is one sheet of a workbook: its name, and its rows with the
// header first.
type sheet struct {
	name string
	rows [][]any
}

// percentage is a share (0.42 for 42%) that a workbook shows with a
// percentage format.
type percentage float64

// writeWorkbook writes the sheets into a workbook, leaving out those with
// no rows at all (not even a header). Cells are typed by their values:
// numbers stay numbers, a time.Time is a date, a percentage a number shown
// as a percentage, nil an empty cell. The header row is bold and frozen.
func writeWorkbook(sheets []sheet) (*excelize.File, error) {
	f := excelize.NewFile()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	day, err := f.NewStyle(&excelize.Style{NumFmt: 14}) // the locale's short date
	if err != nil {
		return nil, err
	}
	share, err := f.NewStyle(&excelize.Style{NumFmt: 9}) // 0%
	if err != nil {
		return nil, err
	}
	first := true
	for _, s := range sheets {
		if len(s.rows) == 0 {
			continue
		}
		if first {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				return nil, err
			}
			first = false
		} else if _, err := f.NewSheet(s.name); err != nil {
			return nil, err
		}
		for i, row := range s.rows {
			cell, err := excelize.CoordinatesToCellName(1, i+1)
			if err != nil {
				return nil, err
			}
			values := make([]any, len(row))
			styles := make([]int, len(row))
			for j, v := range row {
				switch v := v.(type) {
				case time.Time:
					values[j], styles[j] = v, day
				case percentage:
					values[j], styles[j] = float64(v), share
				default:
					values[j] = v
				}
			}
			if err := f.SetSheetRow(s.name, cell, &values); err != nil {
				return nil, err
			}
			for j, style := range styles {
				if style == 0 {
					continue
				}
				c, err := excelize.CoordinatesToCellName(j+1, i+1)
				if err != nil {
					return nil, err
				}
				if err := f.SetCellStyle(s.name, c, c, style); err != nil {
					return nil, err
				}
			}
		}
		last, err := excelize.CoordinatesToCellName(max(len(s.rows[0]), 1), 1)
		if err != nil {
			return nil, err
		}
		if err := f.SetCellStyle(s.name, "A1", last, bold); err != nil {
			return nil, err
		}
		if err := f.SetPanes(s.name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// sendWorkbook sends the workbook as the download name.xlsx.
func sendWorkbook(w http.ResponseWriter, r *http.Request, f *excelize.File, name string) {
	buf, err := f.WriteToBuffer()
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.xlsx"`, name))
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, _ = w.Write(buf.Bytes())
}

// activitySurveys are the activity's surveys with what may be shown of
// each: totals only, and only at or above the threshold.
func activitySurveys(ctx context.Context, q *store.Queries, a access.Activity, minGroup int, now time.Time) ([]surveyFigures, []int64, error) {
	rows, err := q.ListActivityRecordSurveys(ctx, store.ListActivityRecordSurveysParams{InstitutionID: a.InstitutionID, ProgrammeID: a.ProgrammeID, ActivityID: &a.ID})
	if err != nil {
		return nil, nil, err
	}
	var out []surveyFigures
	var posts []int64
	for _, s := range rows { // oldest first
		if s.Phase == "post" {
			posts = append(posts, s.ID)
		}
		f := surveyFigures{ID: s.ID, Title: s.Title, Phase: s.Phase, Opens: s.OpensAt.In(acyear.London), Closes: s.ClosesAt.In(acyear.London)}
		if s.Invited != nil {
			n := int(*s.Invited)
			f.Invited = &n
		}
		switch {
		case now.Before(s.ClosesAt) || !s.Sealed:
			f.Note = "Not closed yet."
		case s.ResponsesDeletedOn != nil:
			f.Note = "Responses deleted after the retention period."
		case int(s.Responses) < minGroup:
			f.Note = fmt.Sprintf("Not shown: fewer than %d responses.", minGroup)
		default:
			scores, err := q.ResponseScores(ctx, s.ID)
			if err != nil {
				return nil, nil, err
			}
			f.Shown, f.Summary = true, survey.Summarise(scores)
		}
		out = append(out, f)
	}
	return out, posts, nil
}

// ActivityWorkbook sends an activity's evaluation record as an XLSX
// workbook, to anyone who may view its programme.
func (h *Handler) ActivityWorkbook(w http.ResponseWriter, r *http.Request) {
	a, ok := h.Access.Activity(w, r, auth.ViewProgramme)
	if !ok {
		return
	}
	ctx := r.Context()
	e, err := h.activityExport(ctx, a)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	rec := evaluationRecord{Export: e, MinGroup: h.minGroup()}
	var posts []int64
	if rec.Surveys, posts, err = activitySurveys(ctx, h.Queries, a, rec.MinGroup, h.now()); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if rec.Comparisons, err = survey.ComparisonResults(ctx, h.Queries, a.InstitutionID, posts, rec.MinGroup, h.now()); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	f, err := evaluationWorkbook(rec)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	sendWorkbook(w, r, f, fileBase("evaluation "+strconv.FormatInt(a.ID, 10)+" "+a.Title, int(a.AcademicYear)))
}

// activityExport gathers an activity's export: five queries.
func (h *Handler) activityExport(ctx context.Context, a access.Activity) (Export, error) {
	inst, err := h.Queries.GetInstitution(ctx, a.InstitutionID)
	if err != nil {
		return Export{}, err
	}
	p, err := h.Queries.GetProgramme(ctx, store.GetProgrammeParams{InstitutionID: a.InstitutionID, ID: a.ProgrammeID})
	if err != nil {
		return Export{}, err
	}
	sessions, err := h.Queries.ListActivitySessions(ctx, store.ListActivitySessionsParams{InstitutionID: a.InstitutionID, ActivityID: a.ID})
	if err != nil {
		return Export{}, err
	}
	outcomes, err := h.Queries.ListActivityOutcomes(ctx, store.ListActivityOutcomesParams{InstitutionID: a.InstitutionID, ActivityID: a.ID})
	if err != nil {
		return Export{}, err
	}
	evidence, err := h.Queries.ListActivityEvidence(ctx, store.ListActivityEvidenceParams{InstitutionID: a.InstitutionID, ActivityID: a.ID})
	if err != nil {
		return Export{}, err
	}
	carried, err := h.Queries.ListActivityCodes(ctx, store.ListActivityCodesParams{InstitutionID: a.InstitutionID, ActivityID: a.ID})
	if err != nil {
		return Export{}, err
	}
	theory, err := toc.Load(ctx, h.Queries, a.InstitutionID, a.ID)
	if err != nil {
		return Export{}, err
	}
	e := buildExport(a.GetActivityRow, inst, p, sessions, outcomes, evidence, h.now())
	e.EnhancedTheory = enhancedTheory(theory)
	e.Source.URL = h.BaseURL + paths.Activity(a.ID)
	e.Codes = []ExportCode{}
	for _, c := range carried {
		e.Codes = append(e.Codes, ExportCode{Category: c.Category, Code: c.Code, Label: c.Label})
	}
	return e, nil
}
