package cohort

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"belonging/internal/access"
	"belonging/internal/acyear"
	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/csvx"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	"belonging/web/components"
	page "belonging/web/pages/cohort"
	"belonging/web/paths"
)

// Import limits: a line a year, so a programme's file is small.
const (
	ImportMaxBytes = 64 << 10
	ImportMaxRows  = 100
)

// ImportHeader is the file's columns: the year, the cohort's size and the
// count of each of Groups. Nothing about any one student: a file with any
// other column is refused whole.
var ImportHeader = append([]string{"academic_year", "cohort_size"}, groupFields()...)

func groupFields() []string {
	out := make([]string, len(Groups))
	for i, g := range Groups {
		out[i] = g.Field
	}
	return out
}

// ImportPage shows the upload form and the format.
func (h *Handler) ImportPage(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Programme(w, r, auth.PlanProgramme)
	if !ok {
		return
	}
	h.renderImport(w, r, http.StatusOK, p, page.ImportProfiles{})
}

func (h *Handler) renderImport(w http.ResponseWriter, r *http.Request, status int, p access.Programme, v page.ImportProfiles) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	year := h.currentYear(u.YearStartMonth)
	v.Programme = access.ProgrammeHeader(u, p, year)
	v.MaxRows, v.MaxBytes = ImportMaxRows, httpx.FormatBytes(ImportMaxBytes)
	v.Columns = []page.ImportColumn{
		{Name: "academic_year", Meaning: i18n.T(ctx, "cohort.import.column.year")},
		{Name: "cohort_size", Meaning: i18n.T(ctx, "cohort.import.column.size")},
	}
	for _, g := range Groups {
		v.Columns = append(v.Columns, page.ImportColumn{Name: g.Field, Meaning: g.LabelIn(ctx)})
	}
	httpx.Render(w, r, status, web.Page{Title: i18n.T(ctx, "cohort.import.title") + " · " + p.Code, Section: "programmes",
		Breadcrumbs: []web.Crumb{{Label: i18n.T(ctx, "cohort.crumb.programmes"), URL: paths.Programmes}, {Label: p.Code, URL: paths.Plan(p.ID, year)},
			{Label: i18n.T(ctx, "cohort.profile"), URL: paths.CohortProfile(p.ID, year)}, {Label: i18n.T(ctx, "cohort.crumb.import")}}}, page.ImportProfilesPage(v))
}

// Import checks the whole file and, when every line is valid, shows what
// importing it would add and change; nothing is written until the person
// confirms, and then only if the profiles are still as previewed.
func (h *Handler) Import(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Programme(w, r, auth.PlanProgramme)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	var v page.ImportProfiles
	up, err := httpx.ReadImport(r, ImportMaxBytes)
	if status, message := httpx.ImportProblem(r.Context(), err, ImportMaxBytes); status != 0 {
		v.Add("file", message)
		h.renderImport(w, r, status, p, v)
		return
	}
	rows, problems, fileErr := parseProfiles(ctx, up.Data)
	switch {
	case fileErr != "":
		v.Add("file", fileErr)
		h.renderImport(w, r, http.StatusUnprocessableEntity, p, v)
		return
	case len(problems) > 0:
		v.Problems = problems
		h.renderImport(w, r, http.StatusUnprocessableEntity, p, v)
		return
	}
	if up.Plan != "" {
		h.confirmImport(w, r, p, up, rows)
		return
	}
	existing, err := h.Queries.ProgrammeCohortProfiles(ctx, u.InstitutionID, p.ID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	plan := importPlan(ctx, rows, existing)
	fingerprint, err := httpx.PlanFingerprint(plan)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v.Preview = &plan
	v.Confirm = components.ImportConfirm{Action: paths.CohortProfileImport(p.ID), Again: paths.CohortProfileImport(p.ID),
		Content: base64.StdEncoding.EncodeToString(up.Data), Fingerprint: fingerprint}
	h.renderImport(w, r, http.StatusOK, p, v)
}

// errProfilesChanged ends a confirmed import whose profiles changed since
// the preview: it writes nothing.
var errProfilesChanged = errors.New("cohort profiles changed since the preview")

// confirmImport applies a previewed file in one transaction, only if the
// plan worked out again is the one the person saw.
func (h *Handler) confirmImport(w http.ResponseWriter, r *http.Request, p access.Programme, up httpx.ImportUpload, rows []profileLine) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	var v page.ImportProfiles
	var written int
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		existing, err := q.ProgrammeCohortProfiles(ctx, u.InstitutionID, p.ID)
		if err != nil {
			return err
		}
		plan := importPlan(ctx, rows, existing)
		if fingerprint, err := httpx.PlanFingerprint(plan); err != nil {
			return err
		} else if fingerprint != up.Plan {
			return errProfilesChanged
		}
		for _, l := range rows {
			row := l.row
			row.InstitutionID, row.ProgrammeID = u.InstitutionID, p.ID
			if err := q.SaveCohortProfile(ctx, row); err != nil {
				return err
			}
		}
		written = len(plan.Added) + len(plan.Changed)
		return audit.By(u).Record(ctx, q, "import", "cohort_profiles", p.ID, map[string]audit.Change{
			"added": {Before: nil, After: len(plan.Added)}, "changed": {Before: nil, After: len(plan.Changed)}})
	})
	switch {
	case errors.Is(err, errProfilesChanged):
		v.Conflict = i18n.T(ctx, "cohort.import.changed")
		h.renderImport(w, r, http.StatusConflict, p, v)
		return
	case err != nil:
		httpx.ServerError(w, r, err)
		return
	}
	v.Summary = i18n.N(ctx, "cohort.import.summary", written, "Same", len(rows)-written)
	h.renderImport(w, r, http.StatusOK, p, v)
}

// profileLine is one valid line of the file: a year's profile, without
// its institution and programme.
type profileLine struct {
	number int
	row    store.SaveCohortProfileParams
}

// parseProfiles checks every line of the file in page order and returns
// its profiles, or the problems of every bad line (then nothing is
// imported).
func parseProfiles(ctx context.Context, data []byte) ([]profileLine, []components.ImportProblem, string) {
	rows, csvProblems, err := csvx.Read(ctx, data, ImportHeader, ImportMaxRows)
	var fileErr csvx.ErrFile
	if errors.As(err, &fileErr) {
		return nil, nil, fileErr.Message
	}
	var problems []components.ImportProblem
	for _, p := range csvProblems {
		problems = append(problems, components.ImportProblem{Line: p.Line, Problem: p.Message})
	}
	seen := map[int]int{}
	var out []profileLine
	for _, row := range rows {
		c := row.Cells
		var msgs []string
		year, yearOK := acyear.ParseLabel(c["academic_year"])
		if !yearOK {
			msgs = append(msgs, i18n.T(ctx, "cohort.import.bad_year", "Value", fmt.Sprintf("%q", c["academic_year"])))
		} else if first, dup := seen[year]; dup {
			msgs = append(msgs, i18n.T(ctx, "cohort.import.duplicate", "Line", first, "Year", acyear.Label(year)))
		} else {
			seen[year] = row.Line
		}
		size, sizeErr := strconv.Atoi(strings.TrimSpace(c["cohort_size"]))
		if sizeErr != nil || size < 1 || size > maxCohort {
			msgs = append(msgs, i18n.T(ctx, "cohort.import.bad_size", "Value", fmt.Sprintf("%q", c["cohort_size"])))
			size = 0
		}
		line := profileLine{number: row.Line, row: store.SaveCohortProfileParams{AcademicYear: int32(year), CohortSize: int32(size)}}
		counts := []**int32{&line.row.Commuting, &line.row.Carers, &line.row.FirstInFamily, &line.row.Mature, &line.row.International, &line.row.Disabled}
		for i, g := range Groups {
			text := strings.TrimSpace(c[g.Field])
			if text == "" {
				continue
			}
			n, err := strconv.Atoi(text)
			switch {
			case err != nil || n < 0:
				msgs = append(msgs, i18n.T(ctx, "cohort.import.bad_count", "Field", g.Field, "Value", fmt.Sprintf("%q", text)))
			case size > 0 && n > size:
				msgs = append(msgs, i18n.T(ctx, "cohort.import.count_over", "Field", g.Field, "Count", n, "Size", size))
			default:
				count := int32(n)
				*counts[i] = &count
			}
		}
		if len(msgs) > 0 {
			problems = append(problems, components.ImportProblem{Line: row.Line, Problem: strings.Join(msgs, " ")})
			continue
		}
		out = append(out, line)
	}
	slices.SortStableFunc(problems, func(a, b components.ImportProblem) int { return a.Line - b.Line })
	return out, problems, ""
}

// importPlan is what importing rows would do to a programme's existing
// profiles.
func importPlan(ctx context.Context, rows []profileLine, existing []store.SaveCohortProfileParams) components.ImportPlan {
	had := map[int32]store.SaveCohortProfileParams{}
	for _, e := range existing {
		had[e.AcademicYear] = e
	}
	var plan components.ImportPlan
	for _, l := range rows {
		name := i18n.T(ctx, "cohort.import.cohort_of", "Year", acyear.Label(int(l.row.AcademicYear)))
		after := profileFields(ctx, l.row)
		old, ok := had[l.row.AcademicYear]
		if !ok {
			rec := components.ImportRecord{Line: l.number, Name: name}
			for _, f := range after {
				rec.Fields = append(rec.Fields, components.ImportField{Label: f[0], After: f[1]})
			}
			plan.Added = append(plan.Added, rec)
			continue
		}
		rec := components.ImportRecord{Line: l.number, Name: name}
		for i, before := range profileFields(ctx, old) {
			if before[1] != after[i][1] {
				rec.Fields = append(rec.Fields, components.ImportField{Label: before[0], Before: before[1], After: after[i][1]})
			}
		}
		if len(rec.Fields) == 0 {
			plan.Same++
			continue
		}
		plan.Changed = append(plan.Changed, rec)
	}
	return plan
}

// profileFields are a profile's figures as the preview names them: the
// cohort size, then each group's count ("not known" when empty).
func profileFields(ctx context.Context, p store.SaveCohortProfileParams) [][2]string {
	out := [][2]string{{i18n.T(ctx, "cohort.form.size"), strconv.Itoa(int(p.CohortSize))}}
	for i, n := range []*int32{p.Commuting, p.Carers, p.FirstInFamily, p.Mature, p.International, p.Disabled} {
		value := i18n.T(ctx, "cohort.section.not_known")
		if n != nil {
			value = strconv.Itoa(int(*n))
		}
		out = append(out, [2]string{Groups[i].LabelIn(ctx), value})
	}
	return out
}
