// Package outcomefigures imports programmes' cohort-level outcome figures
// (continuation, attainment) from the institution's student records, as
// aggregate counts per programme and academic year, and shows them beside
// the plan's reach on the programme's report. No file it reads has a
// column about a person: the header must be exactly the five columns
// below, so a file with students in it is refused whole.
package outcomefigures

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/acyear"
	"belonging/internal/audit"
	"belonging/internal/csvx"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	"belonging/web/components"
	page "belonging/web/pages/outcomefigures"
	"belonging/web/paths"
)

// Import limits: one row per programme, year and measure.
const (
	ImportMaxBytes = 1 << 20
	ImportMaxRows  = 20000
)

// Header is the file's columns: nothing about any one student.
var Header = []string{"programme", "academic_year", "measure", "numerator", "denominator"}

// Measures are the outcomes a file may count, with what their numerator
// and denominator are.
var Measures = []page.Measure{
	{Code: "continuation", Label: "Continuation", Numerator: "students continuing into the next year (or qualifying)", Denominator: "students in the cohort"},
	{Code: "attainment", Label: "Attainment", Numerator: "qualifiers with a first or upper second", Denominator: "qualifiers with a classified degree"},
}

// measureMessages are the catalogue's ids of each measure's words: its
// name, its numerator and its denominator.
var measureMessages = map[string][3]string{
	"continuation": {"outcomefigures.measure.continuation", "outcomefigures.measure.continuation.numerator", "outcomefigures.measure.continuation.denominator"},
	"attainment":   {"outcomefigures.measure.attainment", "outcomefigures.measure.attainment.numerator", "outcomefigures.measure.attainment.denominator"},
}

// measuresIn are the Measures in the reader's language.
func measuresIn(ctx context.Context) []page.Measure {
	out := make([]page.Measure, len(Measures))
	for i, m := range Measures {
		ids := measureMessages[m.Code]
		out[i] = page.Measure{Code: m.Code, Label: i18n.T(ctx, ids[0]), Numerator: i18n.T(ctx, ids[1]), Denominator: i18n.T(ctx, ids[2])}
	}
	return out
}

// measureLabel names a measure in the reader's language.
func measureLabel(ctx context.Context, code string) string {
	if ids, ok := measureMessages[code]; ok {
		return i18n.T(ctx, ids[0])
	}
	return code
}

// Handler serves the import.
type Handler struct {
	Pool    *pgxpool.Pool
	Queries *store.Queries
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, v page.ImportPage) {
	ctx := r.Context()
	v.MaxRows, v.MaxBytes, v.Measures = ImportMaxRows, httpx.FormatBytes(ImportMaxBytes), measuresIn(ctx)
	httpx.Render(w, r, status, web.Page{Title: i18n.T(ctx, "outcomefigures.title"), Section: "admin",
		Breadcrumbs: []web.Crumb{{Label: i18n.T(ctx, "outcomefigures.crumb.admin"), URL: paths.Admin}, {Label: i18n.T(ctx, "outcomefigures.crumb")}}}, page.Import(v))
}

// ImportPage shows the upload form and the format.
func (h *Handler) ImportPage(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, page.ImportPage{})
}

// Import checks the whole file and, when every line is valid, shows what
// importing it would add and change; nothing is written until the person
// confirms, and then only if the figures are still as previewed.
func (h *Handler) Import(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	var v page.ImportPage
	up, err := httpx.ReadImport(r, ImportMaxBytes)
	if status, message := httpx.ImportProblem(r.Context(), err, ImportMaxBytes); status != 0 {
		v.Add("file", message)
		h.render(w, r, status, v)
		return
	}
	codes, err := h.Queries.ProgrammeCodes(ctx, u.InstitutionID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	rows, problems, fileErr := parse(ctx, up.Data, codes)
	switch {
	case fileErr != "":
		v.Add("file", fileErr)
		h.render(w, r, http.StatusUnprocessableEntity, v)
		return
	case len(problems) > 0:
		v.Problems = problems
		h.render(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	if up.Plan != "" {
		h.confirm(w, r, up, rows)
		return
	}
	existing, err := h.Queries.InstitutionCohortFigures(ctx, u.InstitutionID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	plan := planOf(ctx, rows, existing, codes)
	fingerprint, err := httpx.PlanFingerprint(plan)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v.Preview = &plan
	v.Confirm = components.ImportConfirm{Action: paths.AdminCohortFigures, Again: paths.AdminCohortFigures,
		Content: base64.StdEncoding.EncodeToString(up.Data), Fingerprint: fingerprint}
	h.render(w, r, http.StatusOK, v)
}

// errChanged ends a confirmed import whose figures changed since the
// preview: it writes nothing.
var errChanged = errors.New("cohort figures changed since the preview")

// confirm applies a previewed file in one transaction, only if the plan
// worked out again is the one the person saw.
func (h *Handler) confirm(w http.ResponseWriter, r *http.Request, up httpx.ImportUpload, rows []line) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	var v page.ImportPage
	var written int
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		codes, err := q.ProgrammeCodes(ctx, u.InstitutionID)
		if err != nil {
			return err
		}
		existing, err := q.InstitutionCohortFigures(ctx, u.InstitutionID)
		if err != nil {
			return err
		}
		plan := planOf(ctx, rows, existing, codes)
		if fingerprint, err := httpx.PlanFingerprint(plan); err != nil {
			return err
		} else if fingerprint != up.Plan {
			return errChanged
		}
		for _, f := range rows {
			if err := q.PutCohortFigure(ctx, u.InstitutionID, u.ID, f.CohortCount); err != nil {
				return err
			}
		}
		written = len(plan.Added) + len(plan.Changed)
		return audit.By(u).Record(ctx, q, "import", "cohort_figures", u.InstitutionID, map[string]audit.Change{
			"added": {Before: nil, After: len(plan.Added)}, "changed": {Before: nil, After: len(plan.Changed)}})
	})
	switch {
	case errors.Is(err, errChanged):
		v.Conflict = i18n.T(ctx, "outcomefigures.changed")
		h.render(w, r, http.StatusConflict, v)
		return
	case err != nil:
		httpx.ServerError(w, r, err)
		return
	}
	v.Summary = i18n.N(ctx, "outcomefigures.summary", written, "Same", len(rows)-written)
	h.render(w, r, http.StatusOK, v)
}

// line is one valid line of the file.
type line struct {
	number int
	store.CohortCount
}

// parse checks every line of the file in page order and returns its
// figures, or the problems of every bad line (then nothing is imported).
func parse(ctx context.Context, data []byte, codes map[string]int64) ([]line, []page.ImportProblem, string) {
	rows, csvProblems, err := csvx.Read(ctx, data, Header, ImportMaxRows)
	var fileErr csvx.ErrFile
	if errors.As(err, &fileErr) {
		return nil, nil, fileErr.Message
	}
	var problems []page.ImportProblem
	for _, p := range csvProblems {
		problems = append(problems, page.ImportProblem{Line: p.Line, Problem: p.Message})
	}
	seen := map[[3]string]int{}
	var out []line
	for _, row := range rows {
		c := row.Cells
		var msgs []string
		id, known := codes[strings.ToLower(c["programme"])]
		if !known {
			msgs = append(msgs, i18n.T(ctx, "outcomefigures.error.programme", "Value", fmt.Sprintf("%q", c["programme"])))
		}
		year, yearOK := acyear.ParseLabel(c["academic_year"])
		if !yearOK {
			msgs = append(msgs, i18n.T(ctx, "outcomefigures.error.year", "Value", fmt.Sprintf("%q", c["academic_year"])))
		}
		measure := strings.ToLower(c["measure"])
		if !slices.ContainsFunc(Measures, func(m page.Measure) bool { return m.Code == measure }) {
			msgs = append(msgs, i18n.T(ctx, "outcomefigures.error.measure", "Value", fmt.Sprintf("%q", c["measure"])))
		}
		num, numErr := strconv.Atoi(c["numerator"])
		den, denErr := strconv.Atoi(c["denominator"])
		switch {
		case numErr != nil || denErr != nil:
			msgs = append(msgs, i18n.T(ctx, "outcomefigures.error.whole"))
		case num < 0 || den < 0:
			msgs = append(msgs, i18n.T(ctx, "outcomefigures.error.negative"))
		case den == 0:
			msgs = append(msgs, i18n.T(ctx, "outcomefigures.error.zero"))
		case num > den:
			msgs = append(msgs, i18n.T(ctx, "outcomefigures.error.over", "Numerator", num, "Denominator", den))
		}
		key := [3]string{strings.ToLower(c["programme"]), strconv.Itoa(year), measure}
		if first, dup := seen[key]; dup && known && yearOK {
			msgs = append(msgs, i18n.T(ctx, "outcomefigures.error.duplicate", "Line", first, "Measure", measure, "Year", acyear.Label(year)))
		} else {
			seen[key] = row.Line
		}
		if len(msgs) > 0 {
			problems = append(problems, page.ImportProblem{Line: row.Line, Problem: strings.Join(msgs, " ")})
			continue
		}
		out = append(out, line{row.Line, store.CohortCount{ProgrammeID: id, AcademicYear: int32(year), Measure: measure, Numerator: int32(num), Denominator: int32(den)}})
	}
	slices.SortStableFunc(problems, func(a, b page.ImportProblem) int { return a.Line - b.Line })
	return out, problems, ""
}

// planOf is what importing rows would do to existing.
func planOf(ctx context.Context, rows []line, existing []store.CohortCount, codes map[string]int64) components.ImportPlan {
	names := map[int64]string{}
	for code, id := range codes {
		names[id] = strings.ToUpper(code)
	}
	type key struct {
		programme int64
		year      int32
		measure   string
	}
	had := map[key]store.CohortCount{}
	for _, f := range existing {
		had[key{f.ProgrammeID, f.AcademicYear, f.Measure}] = f
	}
	var plan components.ImportPlan
	for _, f := range rows {
		name := fmt.Sprintf("%s %s, %s", names[f.ProgrammeID], acyear.Label(int(f.AcademicYear)), measureLabel(ctx, f.Measure))
		value := i18n.T(ctx, "outcomefigures.of", "Part", f.Numerator, "Whole", f.Denominator)
		students := i18n.T(ctx, "outcomefigures.students")
		old, ok := had[key{f.ProgrammeID, f.AcademicYear, f.Measure}]
		switch {
		case !ok:
			plan.Added = append(plan.Added, components.ImportRecord{Line: f.number, Name: name, Fields: []components.ImportField{{Label: students, After: value}}})
		case old.Numerator != f.Numerator || old.Denominator != f.Denominator:
			plan.Changed = append(plan.Changed, components.ImportRecord{Line: f.number, Name: name,
				Fields: []components.ImportField{{Label: students, Before: i18n.T(ctx, "outcomefigures.of", "Part", old.Numerator, "Whole", old.Denominator), After: value}}})
		default:
			plan.Same++
		}
	}
	return plan
}

// Shown is one figure as the programme's report shows it.
type Shown struct {
	Year                   int
	Measure                string
	Numerator, Denominator int
	// Hidden: the cohort is smaller than the survey threshold and the
	// reader is not on the programme's team.
	Hidden            bool
	Attended, Invited int64
}

// ForReport returns a programme's figures for the years from to to. team
// readers (those who plan the programme) see every figure; others see
// none that rests on fewer than minGroup students, as survey results.
func ForReport(ctx context.Context, q *store.Queries, institutionID, programmeID int64, from, to, minGroup int, team bool) ([]Shown, error) {
	rows, err := q.ProgrammeCohortFigures(ctx, institutionID, programmeID, from, to)
	if err != nil {
		return nil, err
	}
	var out []Shown
	for _, f := range rows {
		out = append(out, Shown{Year: int(f.AcademicYear), Measure: f.Measure, Numerator: int(f.Numerator), Denominator: int(f.Denominator),
			Hidden: !team && int(f.Denominator) < minGroup, Attended: f.Attended, Invited: f.Invited})
	}
	return out, nil
}
