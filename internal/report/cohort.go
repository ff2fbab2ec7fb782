package report

import (
	"context"
	"strconv"

	"belonging/internal/acyear"
	"belonging/internal/i18n"
	"belonging/internal/outcomefigures"
	page "belonging/web/pages/report"
)

// cohortSection shows a programme's cohort outcome figures (continuation,
// attainment) year by year beside the reach of that year's plan. A
// figure for fewer students than the threshold is hidden from readers
// outside the programme's team (outcomefigures.ForReport decides).
func cohortSection(ctx context.Context, figures []outcomefigures.Shown, minGroup int) page.Section {
	t := page.Table{ID: "cohort-outcomes", Caption: i18n.T(ctx, "report.cohort.caption"),
		Columns: []page.Column{{Label: i18n.T(ctx, "report.col.year")}, {Label: i18n.T(ctx, "report.col.measure")}, {Label: i18n.T(ctx, "report.col.students"), Num: true},
			{Label: i18n.T(ctx, "report.col.of"), Num: true}, {Label: i18n.T(ctx, "report.col.rate"), Num: true}, {Label: i18n.T(ctx, "report.col.plan_reach"), Num: true}},
		Empty: i18n.T(ctx, "report.cohort.empty")}
	for _, f := range figures {
		reach := page.Cell{Text: "—"}
		if f.Invited > 0 {
			reach = page.Cell{Text: i18n.T(ctx, "report.cohort.reach", "Attended", f.Attended, "Invited", f.Invited, "Percent", percent(int(f.Attended), int(f.Invited)))}
		}
		row := page.Row{Cells: []page.Cell{{Text: acyear.Label(f.Year)}, {Text: i18n.T(ctx, messageID("report.measure.", f.Measure))}}}
		if f.Hidden {
			hidden := page.Cell{Text: i18n.T(ctx, "report.fewer_than_min", "Min", minGroup), Kind: "hidden"}
			row.Cells = append(row.Cells, hidden, page.Cell{Text: "—"}, page.Cell{Text: "—"}, reach)
		} else {
			row.Cells = append(row.Cells, page.Cell{Text: strconv.Itoa(f.Numerator)}, page.Cell{Text: strconv.Itoa(f.Denominator)},
				page.Cell{Text: strconv.Itoa(percent(f.Numerator, f.Denominator)) + "%"}, reach)
		}
		t.Rows = append(t.Rows, row)
	}
	return page.Section{ID: "cohort", Title: i18n.T(ctx, "report.cohort.title"),
		Intro:   i18n.T(ctx, "report.cohort.intro"),
		Figures: []page.Figure{{ID: "cohort-outcomes", Title: i18n.T(ctx, "report.cohort.title"), Table: t}}}
}
