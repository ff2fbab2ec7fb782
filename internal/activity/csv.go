package activity

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"belonging/internal/access"
	"belonging/internal/acyear"
	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/codes"
	"belonging/internal/csvx"
	"belonging/internal/db"
	"belonging/internal/httpx"
	"belonging/internal/httpx/form"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/internal/vocab"
	"belonging/web"
	"belonging/web/components"
	page "belonging/web/pages/activity"
	"belonging/web/paths"
)

// Import limits.
const (
	ImportMaxBytes = 2 << 20
	importMaxRows  = 2000
)

// csvColumns is the export's header and the import's format. sessions and
// first_session are written for reading and ignored on import.
var csvColumns = []string{
	"id", "title", "kind", "stage", "dimensions", "placement", "level", "status", "academic_year", "module_code",
	"partnership", "partnership_how", "aims", "checklist", "lead_email", "funding_source", "budget",
	"audience_level", "audience_year", "cohort_size",
	"toc_inputs", "toc_activities", "toc_outputs", "toc_outcomes", "toc_impact", "toc_assumptions",
	"sessions", "first_session",
}

// codesColumn is the export's last column: the activity's evaluation
// codes, separated by ";". The import reads it when the file has it (an
// empty cell: no codes); without it, or in a row typed without that cell,
// an activity keeps its codes.
const codesColumn = "codes"

// Export downloads a programme's activities for a year as CSV.
func (h *Handler) Export(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Programme(w, r, auth.ViewProgramme)
	if !ok {
		return
	}
	year := h.yearParam(r, reqctx.UserFrom(r.Context()))
	// The export is kept by the plan's version (see kept.ByVersion).
	key := exportKey{programme: p.ID, year: year}
	body, ok := h.exports.Get(key, p.PlanVersion)
	if !ok {
		var err error
		if body, err = h.export(r, p, year); err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		h.exports.Put(key, p.PlanVersion, body, len(body))
	}
	csvx.Attachment(w, fmt.Sprintf("%s-activities-%s.csv", strings.ToLower(p.Code), strings.ReplaceAll(acyear.Label(year), "/", "-")))
	_, _ = w.Write(body)
}

// export writes a programme's activities for a year as CSV.
func (h *Handler) export(r *http.Request, p access.Programme, year int) ([]byte, error) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	which := store.ListProgrammeActivitiesForExportParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID, AcademicYear: int32(year)}
	codesOfPlan := store.ListCodesOfPlanParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID, AcademicYear: int32(year)}
	r, err := h.prefetch(r, func(q *store.Queries) {
		q.ListProgrammeActivitiesForExport(ctx, which)
		q.ListCodesOfPlan(ctx, codesOfPlan)
	})
	if err != nil {
		return nil, err
	}
	ctx = r.Context()
	rows, err := h.Queries.ListProgrammeActivitiesForExport(ctx, which)
	if err != nil {
		return nil, err
	}
	carried, err := h.Queries.ListCodesOfPlan(ctx, codesOfPlan)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	out := csvx.NewWriter(&b)
	codesOf := map[int64][]string{}
	for _, c := range carried {
		codesOf[c.ActivityID] = append(codesOf[c.ActivityID], c.Code)
	}
	_ = out.Write(append(slices.Clip(csvColumns), codesColumn)...)
	for _, a := range rows {
		checklist := a.Inclusivity().Met()
		budget := ""
		if a.BudgetPence != nil {
			budget = fmt.Sprintf("%d.%02d", *a.BudgetPence/100, *a.BudgetPence%100)
		}
		_ = out.Write(strconv.FormatInt(a.ID, 10), a.Title, a.Kind, a.Stage, strings.Join(a.Dimensions, ";"), a.Placement, a.Level,
			a.Status, strconv.Itoa(int(a.AcademicYear)), a.ModuleCode, a.Partnership, a.PartnershipHow, a.Aims,
			strings.Join(checklist, ";"), a.LeadEmail, a.FundingSource, budget, a.AudienceLevel, optional(a.AudienceYear),
			optional(a.CohortSize), a.TocInputs, a.TocActivities, a.TocOutputs, a.TocOutcomes, a.TocImpact, a.TocAssumptions,
			strconv.Itoa(int(a.Sessions)), a.FirstSession, codes.Joined(codesOf[a.ID]))
	}
	if err := out.Flush(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func optional(n *int32) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(int(*n))
}

func (h *Handler) renderImport(w http.ResponseWriter, r *http.Request, status int, p access.Programme, v page.ImportPage) {
	u := reqctx.UserFrom(r.Context())
	v.Programme = access.ProgrammeHeader(u, p, h.currentYear(u))
	ctx := r.Context()
	httpx.Render(w, r, status, web.Page{Title: i18n.T(ctx, "plan.import.title"), Section: "programmes",
		Breadcrumbs: []web.Crumb{{Label: i18n.T(ctx, "nav.programmes"), URL: paths.Programmes}, {Label: p.Code, URL: paths.Plan(p.ID, h.currentYear(u))},
			{Label: i18n.T(ctx, "plan.import.crumb")}}}, page.Import(v))
}

// ImportPage shows the activity import form.
func (h *Handler) ImportPage(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Programme(w, r, auth.PlanProgramme)
	if !ok {
		return
	}
	h.renderImport(w, r, http.StatusOK, p, page.ImportPage{})
}

// errImportConflict ends an import's transaction when another import of
// the programme is running or the plan changed since the preview; message
// is the catalogue's id of what the page says.
type errImportConflict struct{ message string }

func (e errImportConflict) Error() string { return "plan import conflict: " + e.message }

var (
	importBusy  = errImportConflict{"plan.import.busy"}
	importStale = errImportConflict{"plan.import.stale"}
)

// importRow is a valid line of a plan file: an activity to add (id 0,
// with its import key) or the id of one to update.
type importRow struct {
	line int
	id   int64
	in   activityInput
	key  []byte
	// codesGiven: the row has a codes cell, which sets the codes.
	codesGiven bool
}

// Import checks a plan file, all of it, with the same rules as the form,
// and shows what importing it would do: activities added, changed (field
// by field) and moved (to another module or year). Nothing is written
// until the person confirms (see confirmImport). A row with an id updates
// that activity of this programme; an unchanged row changes nothing, so
// importing an export back is a no-op. A row without an id adds an
// activity once: its import key (see importKey) finds it when the same
// file comes again.
func (h *Handler) Import(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Programme(w, r, auth.PlanProgramme)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	var v page.ImportPage
	up, err := httpx.ReadImport(r, ImportMaxBytes)
	if status, message := httpx.ImportProblem(r.Context(), err, ImportMaxBytes); status != 0 {
		v.Add("file", message)
		h.renderImport(w, r, status, p, v)
		return
	}
	rows, c, problems, err := h.readPlanFile(r, p, up.Data)
	var fileErr csvx.ErrFile
	switch {
	case errors.As(err, &fileErr):
		v.Add("file", fileErr.Message)
		h.renderImport(w, r, http.StatusUnprocessableEntity, p, v)
		return
	case err != nil:
		httpx.ServerError(w, r, err)
		return
	case len(problems) > 0 && up.Plan != "": // the file was fine when previewed
		v.Conflict = i18n.T(ctx, "plan.import.stale")
		h.renderImport(w, r, http.StatusConflict, p, v)
		return
	case len(problems) > 0:
		v.Problems = problems
		h.renderImport(w, r, http.StatusUnprocessableEntity, p, v)
		return
	}
	if up.Plan != "" {
		h.confirmImport(w, r, p, up, rows, c)
		return
	}
	plan, fingerprint, _, err := runPlanImport(ctx, h.Queries, nil, u, p.ID, rows, c)
	var conflict errImportConflict
	switch {
	case errors.As(err, &conflict):
		v.Conflict = i18n.T(ctx, conflict.message)
		h.renderImport(w, r, http.StatusConflict, p, v)
		return
	case err != nil:
		httpx.ServerError(w, r, err)
		return
	}
	v.Preview = &plan
	v.Confirm = components.ImportConfirm{Action: paths.PlanImport(p.ID), Again: paths.PlanImport(p.ID),
		Content: base64.StdEncoding.EncodeToString(up.Data), Fingerprint: fingerprint}
	h.renderImport(w, r, http.StatusOK, p, v)
}

// readPlanFile checks every line of a plan file against the form's rules
// and the programme's modules and people.
func (h *Handler) readPlanFile(r *http.Request, p access.Programme, data []byte) ([]importRow, formChoices, []page.ImportProblem, error) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	lines, problems, err := csvx.ReadOptionalLast(r.Context(), data, csvColumns, codesColumn, importMaxRows)
	if err != nil {
		return nil, formChoices{}, nil, err
	}
	c, err := h.choices(ctx, u.InstitutionID, p.ID, h.currentYear(u), nil)
	if err != nil {
		return nil, c, nil, err
	}
	for y := h.currentYear(u) - 5; y < h.currentYear(u)-1; y++ {
		c.years = append(c.years, y)
	}
	var valid []importRow
	alike := map[string]int{}
	for _, line := range lines {
		vals, lineProblems := importValues(ctx, line.Cells, c)
		var f page.ActivityForm
		in := readActivity(ctx, vals, c, &f)
		for _, e := range f.List() {
			lineProblems = append(lineProblems, e.Field+": "+e.Message)
		}
		var id int64
		if s := line.Cells["id"]; s != "" {
			id, _ = strconv.ParseInt(s, 10, 64)
			a, err := h.Queries.GetActivity(ctx, store.GetActivityParams{InstitutionID: u.InstitutionID, ID: id})
			if errors.Is(err, pgx.ErrNoRows) || (err == nil && a.ProgrammeID != p.ID) {
				lineProblems = append(lineProblems, i18n.T(ctx, "plan.import.problem.id", "ID", s))
			} else if err != nil {
				return nil, c, nil, err
			}
		}
		for _, msg := range lineProblems {
			problems = append(problems, csvx.Problem{Line: line.Line, Message: msg})
		}
		if len(lineProblems) == 0 {
			_, codesGiven := line.Cells[codesColumn]
			row := importRow{line: line.Line, id: id, in: in, codesGiven: codesGiven}
			if id == 0 {
				// Keyed without its codes, as files were before the
				// import read them: the same file adds nothing twice.
				keyed := in
				keyed.Codes = nil
				if row.key, err = importKey(keyed, alike); err != nil {
					return nil, c, nil, err
				}
			}
			valid = append(valid, row)
		}
	}
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].Line < problems[j].Line })
	var out []page.ImportProblem
	for _, pr := range problems {
		out = append(out, page.ImportProblem{Line: pr.Line, Problem: pr.Message})
	}
	return valid, c, out, nil
}

// confirmImport applies a previewed file exactly as previewed. Imports
// into one programme run one at a time: one that meets another answers
// 409. Under that lock the plan is worked out again from the activities
// as they are now, and applied only if its fingerprint is the one the
// person saw; an activity changed since (or while writing: the update
// checks its version) also answers 409. A 409 imports nothing.
func (h *Handler) confirmImport(w http.ResponseWriter, r *http.Request, p access.Programme, up httpx.ImportUpload, rows []importRow, c formChoices) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	var v page.ImportPage
	var counts importCounts
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		locked, err := q.TryLockPlanImport(ctx, p.ID)
		if err != nil {
			return err
		}
		if !locked {
			return importBusy
		}
		_, fingerprint, _, err := runPlanImport(ctx, q, nil, u, p.ID, rows, c)
		if err != nil {
			return err
		}
		if fingerprint != up.Plan {
			return importStale
		}
		_, _, counts, err = runPlanImport(ctx, q, q, u, p.ID, rows, c)
		return err
	})
	var conflict errImportConflict
	switch {
	case errors.As(err, &conflict):
		v.Conflict = i18n.T(ctx, conflict.message)
		h.renderImport(w, r, http.StatusConflict, p, v)
		return
	case db.IsUniqueViolation(err): // a key added since it was looked up
		v.Conflict = i18n.T(ctx, "plan.import.busy")
		h.renderImport(w, r, http.StatusConflict, p, v)
		return
	case err != nil:
		httpx.ServerError(w, r, err)
		return
	}
	if counts.created+counts.updated == 0 {
		v.Summary = i18n.T(ctx, "plan.import.done.same", "Same", counts.same)
	} else {
		v.Summary = i18n.T(ctx, "plan.import.done", "Added", counts.created, "Updated", counts.updated, "Same", counts.same)
	}
	h.renderImport(w, r, http.StatusOK, p, v)
}

type importCounts struct{ created, updated, same int }

// runPlanImport works out what the rows do to the programme's activities,
// reading them through read, and, given write, writes it; with write nil
// it only says what it would do. One function does both, so the
// confirmation applies what the preview showed. The fingerprint covers the
// plan and the version of every activity it would change.
func runPlanImport(ctx context.Context, read, write *store.Queries, u *reqctx.User, programmeID int64, rows []importRow, c formChoices) (components.ImportPlan, string, importCounts, error) {
	var (
		plan     components.ImportPlan
		counts   importCounts
		keys     [][]byte
		versions [][2]int64
	)
	for _, row := range rows {
		if row.id == 0 {
			keys = append(keys, row.key)
		}
	}
	imported, err := read.ImportedKeys(ctx, store.ImportedKeysParams{InstitutionID: u.InstitutionID, ProgrammeID: programmeID, Keys: keys})
	if err != nil {
		return plan, "", counts, err
	}
	already := map[string]bool{}
	for _, k := range imported {
		already[string(k)] = true
	}
	for _, row := range rows {
		if row.id == 0 {
			if already[string(row.key)] {
				counts.same++
				plan.Same++
				continue
			}
			counts.created++
			plan.Added = append(plan.Added, components.ImportRecord{Line: row.line, Name: row.in.Title, Fields: addedFields(ctx, row.in, c)})
			if write == nil {
				continue
			}
			cp := createParams(u, programmeID, row.in)
			cp.ImportKey = row.key
			id, err := write.CreateActivity(ctx, cp)
			if err != nil {
				return plan, "", counts, err
			}
			if err := codes.Save(ctx, write, u.InstitutionID, id, row.in.Codes); err != nil {
				return plan, "", counts, err
			}
			if err := audit.By(u).Record(ctx, write, "import", "activity", id, audit.Created(row.in.fields())); err != nil {
				return plan, "", counts, err
			}
			continue
		}
		a, err := read.GetActivity(ctx, store.GetActivityParams{InstitutionID: u.InstitutionID, ID: row.id})
		if errors.Is(err, pgx.ErrNoRows) || (err == nil && a.ProgrammeID != programmeID) {
			return plan, "", counts, importStale // deleted or moved away since the file was checked
		} else if err != nil {
			return plan, "", counts, err
		}
		// The file carries neither the team nor who else is involved.
		row.in.TeamIDs, row.in.OtherTeam = a.TeamIds, a.OtherTeam
		old := inputFromRow(a)
		if old.Codes, err = codes.ActivityCodes(ctx, read, u.InstitutionID, a.ID); err != nil {
			return plan, "", counts, err
		}
		if !row.codesGiven {
			row.in.Codes = old.Codes
		}
		changes := audit.Diff(old.fields(), row.in.fields())
		if len(changes) == 0 {
			counts.same++
			plan.Same++
			continue
		}
		counts.updated++
		versions = append(versions, [2]int64{a.ID, int64(a.Version)})
		name := old.Title
		if from, to := c.moduleName(ctx, old.ModuleID), c.moduleName(ctx, row.in.ModuleID); from != to {
			plan.Moves = append(plan.Moves, components.ImportMove{Line: row.line, Name: name, From: from, To: to})
		}
		if old.AcademicYear != row.in.AcademicYear {
			plan.Moves = append(plan.Moves, components.ImportMove{Line: row.line, Name: name,
				From: i18n.T(ctx, "plan.import.plan_for", "Year", acyear.Label(old.AcademicYear)), To: i18n.T(ctx, "plan.import.plan_for", "Year", acyear.Label(row.in.AcademicYear))})
		}
		if fields := changedFields(old.shown(ctx, c), row.in.shown(ctx, c)); len(fields) > 0 {
			plan.Changed = append(plan.Changed, components.ImportRecord{Line: row.line, Name: name, Fields: fields})
		}
		if write == nil {
			continue
		}
		cp := createParams(u, programmeID, row.in)
		if _, err := write.UpdateActivity(ctx, updateParams(u.InstitutionID, a.ID, a.Version, cp)); errors.Is(err, pgx.ErrNoRows) {
			return plan, "", counts, importStale
		} else if err != nil {
			return plan, "", counts, err
		}
		if codes.Joined(old.Codes) != codes.Joined(row.in.Codes) {
			if err := codes.Save(ctx, write, u.InstitutionID, a.ID, row.in.Codes); err != nil {
				return plan, "", counts, err
			}
		}
		if err := audit.By(u).Record(ctx, write, "import", "activity", a.ID, changes); err != nil {
			return plan, "", counts, err
		}
	}
	fingerprint, err := httpx.PlanFingerprint(plan, versions)
	return plan, fingerprint, counts, err
}

// shown is an activity as the preview shows it: label and value of each
// field the file carries, in the export's order, with names rather than
// stored values and ids. Module and year are left out: a change to either
// moves the activity, and is shown as a move.
func (in activityInput) shown(ctx context.Context, c formChoices) [][2]string {
	labels := func(l vocab.List, values []string) string {
		out := make([]string, len(values))
		for i, v := range values {
			out[i] = l.LabelIn(ctx, v)
		}
		return strings.Join(out, "; ")
	}
	number := func(n *int32) string {
		if n == nil {
			return ""
		}
		return strconv.Itoa(int(*n))
	}
	budget := ""
	if in.BudgetPence != nil {
		budget = fmt.Sprintf("£%d.%02d", *in.BudgetPence/100, *in.BudgetPence%100)
	}
	lead := ""
	for _, p := range c.people {
		if in.LeadID != nil && p.ID == *in.LeadID {
			lead = p.Name + " (" + p.Email + ")"
		}
	}
	fields := [][2]string{
		{i18n.T(ctx, "plan.import.field.title"), in.Title}, {i18n.T(ctx, "plan.import.field.kind"), vocab.Kinds.LabelIn(ctx, in.Kind)}, {i18n.T(ctx, "plan.import.field.stage"), vocab.Stages.LabelIn(ctx, in.Stage)},
		{i18n.T(ctx, "plan.import.field.dimensions"), labels(vocab.Dimensions, in.Dimensions)}, {i18n.T(ctx, "plan.import.field.placement"), vocab.Placements.LabelIn(ctx, in.Placement)},
		{i18n.T(ctx, "plan.import.field.level"), vocab.Levels.LabelIn(ctx, in.Level)}, {i18n.T(ctx, "plan.import.field.status"), vocab.Statuses.LabelIn(ctx, in.Status)},
		{i18n.T(ctx, "plan.import.field.partnership"), vocab.Partnerships.LabelIn(ctx, in.Partnership)}, {i18n.T(ctx, "plan.import.field.partnership_how"), in.PartnershipHow},
		{i18n.T(ctx, "plan.import.field.aims"), in.Aims}, {i18n.T(ctx, "plan.import.field.checklist"), labels(vocab.Checklist, in.Checklist.Met())}, {i18n.T(ctx, "plan.import.field.lead"), lead},
		{i18n.T(ctx, "plan.import.field.other_team"), in.OtherTeam}, {i18n.T(ctx, "plan.import.field.funding_source"), in.FundingSource}, {i18n.T(ctx, "plan.import.field.budget"), budget},
		{i18n.T(ctx, "plan.import.field.audience_level"), vocab.AudienceLevels.LabelIn(ctx, in.AudienceLevel)}, {i18n.T(ctx, "plan.import.field.audience_year"), number(in.AudienceYear)},
		{i18n.T(ctx, "plan.import.field.cohort_size"), number(in.CohortSize)},
	}
	toc := []string{i18n.T(ctx, "plan.import.field.toc_inputs"), i18n.T(ctx, "plan.import.field.toc_activities"), i18n.T(ctx, "plan.import.field.toc_outputs"),
		i18n.T(ctx, "plan.import.field.toc_outcomes"), i18n.T(ctx, "plan.import.field.toc_impact"), i18n.T(ctx, "plan.import.field.toc_assumptions")}
	for i, label := range toc {
		fields = append(fields, [2]string{label, in.Toc[i]})
	}
	var coded []string
	for _, value := range in.Codes {
		if code, ok := c.codes.Get(value); ok {
			coded = append(coded, code.Label)
		}
	}
	return append(fields, [2]string{i18n.T(ctx, "plan.import.field.codes"), strings.Join(coded, "; ")})
}

// addedFields is a new activity's summary in the preview.
func addedFields(ctx context.Context, in activityInput, c formChoices) []components.ImportField {
	out := []components.ImportField{{Label: i18n.T(ctx, "plan.import.field.module"), After: c.moduleName(ctx, in.ModuleID)},
		{Label: i18n.T(ctx, "plan.import.field.year"), After: acyear.Label(in.AcademicYear)}}
	for _, f := range in.shown(ctx, c)[1:7] { // kind to status
		out = append(out, components.ImportField{Label: f[0], After: f[1]})
	}
	return out
}

// changedFields keeps the fields whose value differs, now and after.
func changedFields(now, after [][2]string) []components.ImportField {
	var out []components.ImportField
	for i := range now {
		if now[i][1] != after[i][1] {
			out = append(out, components.ImportField{Label: now[i][0], Before: now[i][1], After: after[i][1]})
		}
	}
	return out
}

// moduleName names an activity's module for the preview.
func (c formChoices) moduleName(ctx context.Context, id *int64) string {
	if id == nil {
		return i18n.T(ctx, "plan.import.module.none")
	}
	for _, m := range c.modules {
		if m.ID == *id {
			return i18n.T(ctx, "plan.import.module", "Module", m.Code+" "+m.Title)
		}
	}
	return i18n.T(ctx, "plan.import.module.gone")
}

// importKey names a row that adds an activity by its content, as the form
// reads it, and by how many rows alike came before it in the file (alike
// counts them): importing the same file again yields the same keys, and
// two identical rows in one file are two activities.
func importKey(in activityInput, alike map[string]int) ([]byte, error) {
	content, err := json.Marshal(in.fields()) // a map: keys in order
	if err != nil {
		return nil, err
	}
	n := alike[string(content)]
	alike[string(content)]++
	sum := sha256.Sum256(fmt.Appendf(content, "\n%d", n))
	return sum[:], nil
}

// importValues turns a CSV row into the form's values, so the import and
// the form share one set of rules.
func importValues(ctx context.Context, cells map[string]string, c formChoices) (form.Values, []string) {
	vals := url.Values{}
	var problems []string
	for _, name := range []string{"title", "kind", "stage", "placement", "level", "status", "academic_year", "partnership",
		"partnership_how", "aims", "funding_source", "budget", "audience_level", "audience_year", "cohort_size",
		"toc_inputs", "toc_activities", "toc_outputs", "toc_outcomes", "toc_impact", "toc_assumptions"} {
		vals.Set(name, cells[name])
	}
	for _, d := range splitList(cells["dimensions"]) {
		vals.Add("dimensions", d)
	}
	for _, item := range splitList(cells["checklist"]) {
		vals.Add("checklist", item)
	}
	if code := cells["module_code"]; code != "" {
		found := false
		for _, m := range c.modules {
			if strings.EqualFold(m.Code, code) {
				vals.Set("module", strconv.FormatInt(m.ID, 10))
				found = true
			}
		}
		if !found {
			problems = append(problems, i18n.T(ctx, "plan.import.problem.module", "Code", code))
		}
	}
	if cell, ok := cells[codesColumn]; ok {
		problems = append(problems, importCodes(ctx, cell, c.codes, vals)...)
	}
	if email := cells["lead_email"]; email != "" {
		found := false
		for _, p := range c.people {
			if strings.EqualFold(p.Email, email) {
				vals.Set("lead", strconv.FormatInt(p.ID, 10))
				found = true
			}
		}
		if !found {
			problems = append(problems, i18n.T(ctx, "plan.import.problem.lead", "Email", email))
		}
	}
	return form.Values{Values: vals}, problems
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ";") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// inputFromRow is an activity as the form would read it.
func inputFromRow(a store.GetActivityRow) activityInput {
	in := activityInput{ModuleID: a.ModuleID, AcademicYear: int(a.AcademicYear), Title: a.Title, Kind: a.Kind, Stage: a.Stage,
		Dimensions: orderedLike(vocab.Dimensions, a.Dimensions), Placement: a.Placement, Level: a.Level, Partnership: a.Partnership, PartnershipHow: a.PartnershipHow,
		Aims: a.Aims, Toc: [6]string{a.TocInputs, a.TocActivities, a.TocOutputs, a.TocOutcomes, a.TocImpact, a.TocAssumptions},
		LeadID: a.LeadID, TeamIDs: a.TeamIds, OtherTeam: a.OtherTeam, FundingSource: a.FundingSource, BudgetPence: a.BudgetPence,
		AudienceLevel: a.AudienceLevel, AudienceYear: a.AudienceYear, CohortSize: a.CohortSize, Status: a.Status,
		Checklist: a.Inclusivity()}
	if in.TeamIDs == nil {
		in.TeamIDs = []int64{}
	}
	return in
}

func updateParams(institutionID, id int64, version int32, cp store.CreateActivityParams) store.UpdateActivityParams {
	return store.UpdateActivityParams{
		InstitutionID: institutionID, ID: id, Version: version,
		ModuleID: cp.ModuleID, AcademicYear: cp.AcademicYear, Title: cp.Title, Kind: cp.Kind, Stage: cp.Stage,
		Dimensions: cp.Dimensions, Placement: cp.Placement, Level: cp.Level, InTimetabledHours: cp.InTimetabledHours,
		OnlineOption: cp.OnlineOption, FreeToStudents: cp.FreeToStudents, Accessible: cp.Accessible,
		SuitsCommutersCarers: cp.SuitsCommutersCarers, AlcoholFree: cp.AlcoholFree, DietaryNeedsMet: cp.DietaryNeedsMet,
		Partnership: cp.Partnership, PartnershipHow: cp.PartnershipHow, Aims: cp.Aims, TocInputs: cp.TocInputs,
		TocActivities: cp.TocActivities, TocOutputs: cp.TocOutputs, TocOutcomes: cp.TocOutcomes, TocImpact: cp.TocImpact,
		TocAssumptions: cp.TocAssumptions, LeadID: cp.LeadID, OtherTeam: cp.OtherTeam, FundingSource: cp.FundingSource,
		BudgetPence: cp.BudgetPence, AudienceLevel: cp.AudienceLevel, AudienceYear: cp.AudienceYear, CohortSize: cp.CohortSize,
		Status: cp.Status,
	}
}

// importCodes puts a codes cell's codes into the form's code fields, so
// the form's rules check them; a code that is not in the institution's
// vocabulary, or a second type or delivery mode, is a problem of the line.
func importCodes(ctx context.Context, cell string, voc codes.Vocabulary, vals url.Values) []string {
	var problems []string
	for _, value := range splitList(cell) {
		code, ok := voc.Get(value)
		if !ok {
			problems = append(problems, i18n.T(ctx, "plan.import.problem.code", "Code", value))
			continue
		}
		field := map[string]string{"type": codes.FieldType, "subtype": codes.FieldType, "mode": codes.FieldMode,
			"beneficiary": codes.FieldBeneficiaries, "outcome": codes.FieldOutcomes, "risk": codes.FieldRisks}[code.Category]
		if other := vals.Get(field); other != "" && (field == codes.FieldType || field == codes.FieldMode) {
			problems = append(problems, i18n.T(ctx, map[string]string{codes.FieldType: "plan.import.problem.two_types",
				codes.FieldMode: "plan.import.problem.two_modes"}[field], "First", other, "Second", value))
			continue
		}
		vals.Add(field, value)
	}
	return problems
}
