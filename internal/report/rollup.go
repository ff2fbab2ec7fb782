package report

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"belonging/internal/acyear"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/internal/vocab"
	"belonging/web"
	"belonging/web/components"
	page "belonging/web/pages/report"
	"belonging/web/paths"
)

// Institution shows the report of the signed-in admin's institution.
func (h *Handler) Institution(w http.ResponseWriter, r *http.Request) {
	if v, ok := h.institutionReport(w, r); ok {
		httpx.Render(w, r, http.StatusOK, web.Page{Title: v.Title, Section: "reports",
			Breadcrumbs: []web.Crumb{{Label: i18n.T(r.Context(), "report.reports"), URL: paths.Reports}, {Label: i18n.T(r.Context(), "report.crumb.institution")}}}, page.Page(forScreen(v)))
	}
}

// InstitutionCSV sends one table of the institution's report as CSV.
func (h *Handler) InstitutionCSV(w http.ResponseWriter, r *http.Request) {
	if v, ok := h.institutionReport(w, r); ok {
		writeTable(w, r, v)
	}
}

// Department shows a department's report.
func (h *Handler) Department(w http.ResponseWriter, r *http.Request) {
	if v, ok := h.departmentReport(w, r); ok {
		httpx.Render(w, r, http.StatusOK, web.Page{Title: v.Title, Section: "reports",
			Breadcrumbs: []web.Crumb{{Label: i18n.T(r.Context(), "report.reports"), URL: paths.Reports}, {Label: v.Title}}}, page.Page(forScreen(v)))
	}
}

// DepartmentCSV sends one table of a department's report as CSV.
func (h *Handler) DepartmentCSV(w http.ResponseWriter, r *http.Request) {
	if v, ok := h.departmentReport(w, r); ok {
		writeTable(w, r, v)
	}
}

func (h *Handler) institutionReport(w http.ResponseWriter, r *http.Request) (page.Report, bool) {
	u := reqctx.UserFrom(r.Context())
	if !auth.Can(u, auth.ViewInstitution, auth.Target{InstitutionID: u.InstitutionID}) {
		httpx.Forbidden(w, r, i18n.T(r.Context(), "report.refuse.institution"))
		return page.Report{}, false
	}
	return h.rollup(w, r, rollupSpec{scope: store.ReportScope{InstitutionID: u.InstitutionID}, caption: i18n.T(r.Context(), "report.index.institution"),
		name: u.InstitutionName, file: "institution", address: address{page: paths.InstitutionReport, csv: paths.InstitutionReportCSV, xlsx: paths.InstitutionReportXLSX}})
}

func (h *Handler) departmentReport(w http.ResponseWriter, r *http.Request) (page.Report, bool) {
	d, ok := h.Access.Department(w, r, auth.ViewDepartment)
	if !ok {
		return page.Report{}, false
	}
	u := reqctx.UserFrom(r.Context())
	return h.rollup(w, r, rollupSpec{scope: store.ReportScope{InstitutionID: u.InstitutionID, DepartmentID: d.ID},
		caption: u.InstitutionName, name: d.Name, file: d.Name, address: address{
			page: func(q url.Values) string { return paths.DepartmentReport(d.ID, q) },
			csv:  func(q url.Values) string { return paths.DepartmentReportCSV(d.ID, q) },
			xlsx: func(q url.Values) string { return paths.DepartmentReportXLSX(d.ID, q) }}})
}

// rollupSpec says which roll-up to build.
type rollupSpec struct {
	scope         store.ReportScope
	caption, name string
	file          string
	address       address
}

// rollup builds a department's or the institution's report: six
// aggregate queries in one transaction, whatever the number of
// programmes and activities.
func (h *Handler) rollup(w http.ResponseWriter, r *http.Request, spec rollupSpec) (page.Report, bool) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	current := acyear.Of(h.now(), u.YearStartMonth)
	year := yearParam(r, current)
	var in inputs
	var programmes []store.ProgrammeFigures
	filter, err := readFilter(ctx, h.Queries, u.InstitutionID, r.URL.Query(), spec.address.page(yearOnly(year)))
	if err != nil {
		httpx.ServerError(w, r, err)
		return page.Report{}, false
	}
	spec.scope.Codes = filter.codes
	src, err := h.read(ctx, func(q *store.Queries) (err error) {
		if in, err = load(ctx, q, spec.scope, year, u.YearStartMonth, h.minGroup(), false, h.now()); err != nil {
			return err
		}
		p := periodOf(year, year, u.YearStartMonth)
		programmes, err = q.ReportProgrammes(ctx, spec.scope, store.ProgrammeFiguresParams{Year: year, From: p.From, To: p.To, Now: h.now()})
		return err
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return page.Report{}, false
	}
	sort := sortFrom(r.URL.Query())
	b := newBuilder(ctx, in, h.minGroup(), true, len(programmes), tableCSV(spec.address, year, filter.with(url.Values{"sort": {sort.key}, "dir": {sort.dir}})))
	quiet := 0
	for _, pr := range programmes {
		if pr.Activities == 0 {
			quiet++
		}
	}
	institution := spec.scope.DepartmentID == 0
	table := programmeTable(ctx, programmes, sort, institution, year, spec.address.page, httpx.PagingFrom(r, programmesPerPage), b.csv("programmes"))
	var groups []page.Section
	if !filter.codes.Active() { // the programme figures are the summaries': unfiltered
		groups = append(groups, page.Section{ID: "programmes", Title: i18n.T(ctx, "report.programmes.title"),
			Intro:   i18n.T(ctx, "report.programmes.intro"),
			Figures: []page.Figure{table}})
		if institution {
			groups = append(groups, departmentSection(ctx, programmes, year, b.csv("departments")))
		}
	}
	groups = append(groups, b.activities(), b.coverage(), b.reach(), b.inclusion(), b.evidence(b.missingRollup()),
		b.surveys(false), b.yearOnYear(), b.fiveYears())
	v := page.Report{Kind: "rollup", Caption: spec.caption, Title: title(ctx, spec.name, acyear.Label(year)),
		Lede: i18n.T(ctx, "report.rollup.lede", "Programmes", count(ctx, "programmes", len(programmes))),
		Year: year, Years: yearChoices(year, current), Period: periodText(ctx, year, u.YearStartMonth), Path: spec.address.page(nil),
		CSV: fileBase(spec.file, year), XLSX: spec.address.xlsx(filter.yearQuery(year)), Printed: printed(ctx, u.InstitutionName, h.now()), AsOf: asOf(ctx, src, h.now()), Stats: b.stats(quiet), Notes: notes(ctx, year, u.YearStartMonth, h.minGroup()), Groups: groups,
		Filter: filter.view}
	if filter.codes.Active() {
		filter.view.Scope = filter.scope(ctx, true)
		// Which programmes have no coded activity is not counted: the
		// headline of quiet programmes is of all activities.
		v.Stats = slices.DeleteFunc(v.Stats, func(s page.Stat) bool { return s.ID == "quiet" })
	}
	if institution {
		v.Kind = "institution"
	} else {
		v.Kind = "department"
	}
	return v, true
}

const programmesPerPage = 50

// tableSort is how the programme table is sorted: a column's key and
// "asc" or "desc".
type tableSort struct{ key, dir string }

// sortKeys are the programme table's sortable columns, with the order
// each starts in: gaps and figures high to low, names A to Z.
var sortKeys = map[string]string{
	"programme": "asc", "department": "asc", "activities": "desc", "gaps": "desc", "curricular": "desc",
	"co-created": "desc", "inclusivity": "desc", "reach": "desc", "evidence": "desc", "responses": "desc",
}

// sortFrom reads ?sort and ?dir, ignoring what it does not know: the
// default is the most gaps first.
func sortFrom(q url.Values) tableSort {
	key := q.Get("sort")
	def, ok := sortKeys[key]
	if !ok {
		key, def = "gaps", "desc"
	}
	dir := q.Get("dir")
	if dir != "asc" && dir != "desc" {
		dir = def
	}
	return tableSort{key, dir}
}

// programmeRow is one programme's figures as the table shows and sorts
// them. A percentage of nothing is -1, which sorts below 0%.
type programmeRow struct {
	store.ProgrammeFigures
	gaps                                              int
	curricular, coCreated, inclusivity, reach, strong int
}

func share(part, whole int) int {
	if whole <= 0 {
		return -1
	}
	return percent(part, whole)
}

func (p programmeRow) value(key string) int {
	switch key {
	case "activities":
		return int(p.Activities)
	case "gaps":
		return p.gaps
	case "curricular":
		return p.curricular
	case "co-created":
		return p.coCreated
	case "inclusivity":
		return p.inclusivity
	case "reach":
		return p.reach
	case "evidence":
		return p.strong
	case "responses":
		return int(p.Responses)
	}
	return 0
}

func sortProgrammes(rows []programmeRow, s tableSort) {
	slices.SortStableFunc(rows, func(a, b programmeRow) int {
		var c int
		switch s.key {
		case "programme":
			c = strings.Compare(strings.ToLower(a.Code), strings.ToLower(b.Code))
		case "department":
			c = strings.Compare(strings.ToLower(a.Department), strings.ToLower(b.Department))
		default:
			c = a.value(s.key) - b.value(s.key)
		}
		if s.dir == "desc" {
			c = -c
		}
		if c == 0 {
			c = strings.Compare(strings.ToLower(a.Code), strings.ToLower(b.Code))
		}
		return c
	})
}

// programmeTable is the sortable table of programmes, one page of it on
// screen and all of it in the CSV file; report is the report's address
// with a query.
func programmeTable(ctx context.Context, list []store.ProgrammeFigures, s tableSort, withDepartment bool, year int, report func(url.Values) string, paging httpx.Paging, csv string) page.Figure {
	rows := make([]programmeRow, len(list))
	for i, p := range list {
		n := int(p.Activities)
		rows[i] = programmeRow{ProgrammeFigures: p, gaps: cells - int(p.Cells),
			curricular: share(int(p.Curricular), n), coCreated: share(int(p.CoCreated), n),
			inclusivity: share(int(p.ChecklistTicks), n*len(vocab.Checklist)), reach: share(int(p.Attended), int(p.Invited)),
			strong: share(int(p.Type2+p.Type3), n)}
	}
	sortProgrammes(rows, s)
	column := func(key, label string, num bool) page.Column {
		c := page.Column{Label: i18n.T(ctx, messageID("report.col.", label)), Num: num}
		dir := sortKeys[key]
		if key == s.key {
			c.Sorted = map[string]string{"asc": "ascending", "desc": "descending"}[s.dir]
			dir = map[string]string{"asc": "desc", "desc": "asc"}[s.dir]
		}
		c.SortURL = report(url.Values{"year": {fmt.Sprint(year)}, "sort": {key}, "dir": {dir}}) + "#figure-programmes"
		return c
	}
	t := page.Table{ID: "programmes", Caption: i18n.T(ctx, "report.programmes.caption", "Year", acyear.Label(year)), CSV: csv, Empty: i18n.T(ctx, "report.programmes.none")}
	t.Columns = []page.Column{column("programme", "programme", false)}
	if withDepartment {
		t.Columns = append(t.Columns, column("department", "department", false))
	}
	t.Columns = append(t.Columns, column("activities", "activities", true), column("gaps", "gaps", true),
		column("curricular", "curricular", true), column("co-created", "co_created", true), column("inclusivity", "inclusivity", true),
		column("reach", "reach", true), column("evidence", "type23", true), column("responses", "survey_responses", true))
	pctOf := func(v int) page.Cell {
		if v < 0 {
			return page.Cell{Text: "–"}
		}
		return page.Cell{Text: fmt.Sprintf("%d%%", v), Raw: fmt.Sprint(v)}
	}
	all := make([]page.Row, len(rows))
	for i, p := range rows {
		r := row(link(p.Code+" "+p.Title, paths.ProgrammeReport(p.ID, year)))
		if withDepartment {
			r.Cells = append(r.Cells, link(p.Department, paths.DepartmentReport(p.DepartmentID, yearOnly(year))))
		}
		gaps := number(p.gaps)
		if p.gaps == cells {
			gaps.Kind = "gap"
		}
		r.Cells = append(r.Cells, number(int(p.Activities)), gaps, pctOf(p.curricular), pctOf(p.coCreated), pctOf(p.inclusivity),
			pctOf(p.reach), pctOf(p.strong), number(int(p.Responses)))
		all[i] = r
	}
	t.Rows = all
	f := page.Figure{ID: "programmes", Title: i18n.T(ctx, "report.programmes.figure"), Table: t}
	pages := max(1, (len(all)+programmesPerPage-1)/programmesPerPage)
	pg := min(paging.Page, pages)
	f.Pager = &components.Pager{Page: pg, PerPage: programmesPerPage, Total: len(all), Path: report(nil),
		Query: url.Values{"year": {fmt.Sprint(year)}, "sort": {s.key}, "dir": {s.dir}}}
	f.Summary = programmeSummary(ctx, rows)
	t.Note = i18n.T(ctx, "report.programmes.note", "Cells", cells)
	f.Table = t
	return f
}

// forScreen keeps only the rows of each paged table's page: the page
// shows one page of the programmes, the CSV file all of them.
func forScreen(v page.Report) page.Report {
	for i := range v.Groups {
		for j := range v.Groups[i].Figures {
			f := &v.Groups[i].Figures[j]
			if f.Pager == nil {
				continue
			}
			first := (f.Pager.Page - 1) * f.Pager.PerPage
			last := min(first+f.Pager.PerPage, len(f.Table.Rows))
			f.Table.Rows = f.Table.Rows[first:last]
			if f.Pager.Total <= f.Pager.PerPage {
				f.Pager = nil
			}
		}
	}
	return v
}

func programmeSummary(ctx context.Context, rows []programmeRow) string {
	if len(rows) == 0 {
		return i18n.T(ctx, "report.programmes.none")
	}
	most := rows[0]
	for _, r := range rows {
		if r.gaps > most.gaps {
			most = r
		}
	}
	quiet := 0
	for _, r := range rows {
		if r.Activities == 0 {
			quiet++
		}
	}
	s := i18n.T(ctx, "report.programmes.summary", "Programmes", count(ctx, "programmes", len(rows)), "Code", most.Code, "Gaps", most.gaps, "Cells", cells)
	if quiet > 0 {
		s += " " + i18n.N(ctx, "report.programmes.quiet", quiet)
	}
	return s
}

// departmentSection rolls the programme figures up to departments, with
// the strength of their activities' evidence as stacked bars.
func departmentSection(ctx context.Context, list []store.ProgrammeFigures, year int, csv string) page.Section {
	type dept struct {
		id                     int64
		name                   string
		programmes, quiet      int
		activities, curricular int
		attended, invited      int
		strength               [4]int
	}
	var depts []*dept
	byID := map[int64]*dept{}
	for _, p := range list {
		d := byID[p.DepartmentID]
		if d == nil {
			d = &dept{id: p.DepartmentID, name: p.Department}
			byID[p.DepartmentID] = d
			depts = append(depts, d)
		}
		d.programmes++
		if p.Activities == 0 {
			d.quiet++
		}
		d.activities += int(p.Activities)
		d.curricular += int(p.Curricular)
		d.attended += int(p.Attended)
		d.invited += int(p.Invited)
		d.strength[0] += int(p.NoEvidence)
		d.strength[1] += int(p.Type1)
		d.strength[2] += int(p.Type2)
		d.strength[3] += int(p.Type3)
	}
	slices.SortFunc(depts, func(a, b *dept) int { return strings.Compare(strings.ToLower(a.name), strings.ToLower(b.name)) })
	chart := components.BarChart{ID: "chart-departments", Title: i18n.T(ctx, "report.departments.chart", "Year", acyear.Label(year)), Ordered: true}
	for _, s := range strengthTerms(ctx) {
		chart.Series = append(chart.Series, s.Label)
	}
	col := func(id string) string { return i18n.T(ctx, messageID("report.col.", id)) }
	t := page.Table{ID: "departments", Caption: i18n.T(ctx, "report.departments.caption", "Year", acyear.Label(year)), CSV: csv, Empty: i18n.T(ctx, "report.departments.none"),
		Columns: cols(col("department"), col("programmes"), col("with_no_activities"), col("activities"), col("curricular"), col("reach"),
			col("no_evidence"), col("type1"), col("type2"), col("type3"))}
	var bars []components.Bar
	for _, d := range depts {
		t.Rows = append(t.Rows, row(link(d.name, paths.DepartmentReport(d.id, yearOnly(year))), number(d.programmes), number(d.quiet),
			number(d.activities), pct(d.curricular, d.activities), pct(d.attended, d.invited),
			number(d.strength[0]), number(d.strength[1]), number(d.strength[2]), number(d.strength[3])))
		b := components.Bar{Label: d.name}
		if d.activities == 0 {
			b.Note = i18n.T(ctx, "report.departments.no_activities")
		} else {
			for _, n := range d.strength {
				b.Values = append(b.Values, float64(n))
			}
		}
		bars = append(bars, b)
	}
	chart.Groups = []components.BarGroup{{Bars: bars}}
	chart.Summary = i18n.T(ctx, "report.departments.summary", "Departments", count(ctx, "departments", len(depts)))
	f := page.Figure{ID: "departments", Title: i18n.T(ctx, "report.departments.title"), Summary: chart.Summary, Chart: &chart, Table: t}
	if len(depts) == 0 {
		f.Chart = nil
	}
	return page.Section{ID: "departments", Title: i18n.T(ctx, "report.departments.title"), Intro: i18n.T(ctx, "report.departments.intro"), Figures: []page.Figure{f}}
}
