package report

import (
	"fmt"
	"strconv"

	"belonging/internal/acyear"
	"belonging/internal/outcomefigures"
	page "belonging/web/pages/report"
)

// cohortSection shows a programme's cohort outcome figures (continuation,
// attainment) year by year beside the reach of that year's plan. A
// figure for fewer students than the threshold is hidden from readers
// outside the programme's team (outcomefigures.ForReport decides).
func cohortSection(figures []outcomefigures.Shown, minGroup int) page.Section {
	t := page.Table{ID: "cohort-outcomes", Caption: "Cohort outcomes and the plan's reach, by academic year",
		Columns: []page.Column{{Label: "Academic year"}, {Label: "Measure"}, {Label: "Students", Num: true}, {Label: "Of", Num: true},
			{Label: "Rate", Num: true}, {Label: "Plan's reach that year", Num: true}},
		Empty: "No cohort figures have been imported for this programme. An institution admin imports them from the student records."}
	for _, f := range figures {
		reach := page.Cell{Text: "—"}
		if f.Invited > 0 {
			reach = page.Cell{Text: fmt.Sprintf("%d of %d (%d%%)", f.Attended, f.Invited, percent(int(f.Attended), int(f.Invited)))}
		}
		row := page.Row{Cells: []page.Cell{{Text: acyear.Label(f.Year)}, {Text: outcomefigures.MeasureLabel(f.Measure)}}}
		if f.Hidden {
			hidden := page.Cell{Text: fmt.Sprintf("Fewer than %d", minGroup), Kind: "hidden"}
			row.Cells = append(row.Cells, hidden, page.Cell{Text: "—"}, page.Cell{Text: "—"}, reach)
		} else {
			row.Cells = append(row.Cells, page.Cell{Text: strconv.Itoa(f.Numerator)}, page.Cell{Text: strconv.Itoa(f.Denominator)},
				page.Cell{Text: strconv.Itoa(percent(f.Numerator, f.Denominator)) + "%"}, reach)
		}
		t.Rows = append(t.Rows, row)
	}
	return page.Section{ID: "cohort", Title: "Cohort outcomes",
		Intro:   "Continuation and attainment of the programme's cohorts, from the student records, beside the share of invited students the plan's activities reached. The two sit side by side; neither shows that one caused the other.",
		Figures: []page.Figure{{ID: "cohort-outcomes", Title: "Cohort outcomes", Table: t}}}
}
