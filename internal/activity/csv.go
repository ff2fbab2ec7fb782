package activity

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"belonging/internal/access"
	"belonging/internal/acyear"
	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/csvx"
	"belonging/internal/db"
	"belonging/internal/httpx"
	"belonging/internal/httpx/form"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/internal/vocab"
	"belonging/web"
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

// Export downloads a programme's activities for a year as CSV.
func (h *Handler) Export(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Programme(w, r, auth.ViewProgramme)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	year := h.yearParam(r, u)
	rows, err := h.Queries.ListProgrammeActivitiesForExport(ctx, store.ListProgrammeActivitiesForExportParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID, AcademicYear: int32(year)})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	csvx.Attachment(w, fmt.Sprintf("%s-activities-%s.csv", strings.ToLower(p.Code), strings.ReplaceAll(acyear.Label(year), "/", "-")))
	out := csvx.NewWriter(w)
	_ = out.Write(csvColumns...)
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
			strconv.Itoa(int(a.Sessions)), a.FirstSession)
	}
	_ = out.Flush()
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
	httpx.Render(w, r, status, web.Page{Title: "Import activities", Section: "programmes",
		Breadcrumbs: []web.Crumb{{Label: "Programmes", URL: paths.Programmes}, {Label: p.Code, URL: paths.Plan(p.ID, h.currentYear(u))}, {Label: "Import"}}}, page.Import(v))
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
// the programme is running or an activity changed since the file was read.
type errImportConflict struct{ message string }

func (e errImportConflict) Error() string { return "plan import conflict: " + e.message }

var (
	importBusy = errImportConflict{"Another import into this programme was running at the same moment. " +
		"Upload the file again: rows it has already added are recognised and not added twice."}
	importStale = errImportConflict{"Someone changed one of this programme's activities while your file was being imported. " +
		"Export the plan to see their change, or upload your file again to apply it over theirs."}
)

// Import adds and updates activities from CSV, all or nothing: every line
// is validated with the same rules as the form first. A row with an id
// updates that activity of this programme; an unchanged row changes
// nothing, so importing an export back is a no-op. A row without an id adds
// an activity once: its import key (see importKey) finds it when the same
// file comes again. Imports into one programme run one at a time; one that
// meets another, or an activity changed since it was read, answers 409 and
// imports nothing.
func (h *Handler) Import(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Programme(w, r, auth.PlanProgramme)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	var v page.ImportPage
	data, _, err := httpx.ReadUpload(r, "file", ImportMaxBytes)
	switch {
	case errors.Is(err, httpx.ErrUploadTooLarge):
		v.Add("file", "The file is larger than 2 MiB. Split it into smaller files.")
		h.renderImport(w, r, http.StatusRequestEntityTooLarge, p, v)
		return
	case errors.Is(err, httpx.ErrNoFile):
		v.Add("file", "Choose a CSV file to upload")
		h.renderImport(w, r, http.StatusUnprocessableEntity, p, v)
		return
	case err != nil:
		v.Add("file", "The upload could not be read. Try again.")
		h.renderImport(w, r, http.StatusBadRequest, p, v)
		return
	}
	rows, problems, err := csvx.Read(data, csvColumns, importMaxRows)
	var fileErr csvx.ErrFile
	if errors.As(err, &fileErr) {
		v.Add("file", fileErr.Message)
		h.renderImport(w, r, http.StatusUnprocessableEntity, p, v)
		return
	}
	c, err := h.choices(ctx, u.InstitutionID, p.ID, h.currentYear(u), nil)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	for y := h.currentYear(u) - 5; y < h.currentYear(u)-1; y++ {
		c.years = append(c.years, y)
	}
	existing := map[int64]store.GetActivityRow{}
	type parsed struct {
		id  int64
		in  activityInput
		key []byte // rows without an id
	}
	var valid []parsed
	var keys [][]byte
	alike := map[string]int{}
	for _, row := range rows {
		vals, lineProblems := importValues(row.Cells, c)
		var f page.ActivityForm
		in := readActivity(vals, c, &f)
		for _, e := range f.List() {
			lineProblems = append(lineProblems, e.Field+": "+e.Message)
		}
		var id int64
		if s := row.Cells["id"]; s != "" {
			id, _ = strconv.ParseInt(s, 10, 64)
			a, err := h.Queries.GetActivity(ctx, store.GetActivityParams{InstitutionID: u.InstitutionID, ID: id})
			if errors.Is(err, pgx.ErrNoRows) || (err == nil && a.ProgrammeID != p.ID) {
				lineProblems = append(lineProblems, fmt.Sprintf("id %s is not an activity of this programme: leave id empty to add a new one", s))
			} else if err != nil {
				httpx.ServerError(w, r, err)
				return
			} else {
				existing[id] = a
			}
		}
		for _, msg := range lineProblems {
			problems = append(problems, csvx.Problem{Line: row.Line, Message: msg})
		}
		if len(lineProblems) == 0 {
			row := parsed{id: id, in: in}
			if id == 0 {
				if row.key, err = importKey(in, alike); err != nil {
					httpx.ServerError(w, r, err)
					return
				}
				keys = append(keys, row.key)
			}
			valid = append(valid, row)
		}
	}
	if len(problems) > 0 {
		sort.SliceStable(problems, func(i, j int) bool { return problems[i].Line < problems[j].Line })
		for _, pr := range problems {
			v.Problems = append(v.Problems, page.ImportProblem{Line: pr.Line, Problem: pr.Message})
		}
		h.renderImport(w, r, http.StatusUnprocessableEntity, p, v)
		return
	}
	var created, updated, same int
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		locked, err := q.TryLockPlanImport(ctx, p.ID)
		if err != nil {
			return err
		}
		if !locked {
			return importBusy
		}
		imported, err := q.ImportedKeys(ctx, store.ImportedKeysParams{InstitutionID: u.InstitutionID, ProgrammeID: p.ID, Keys: keys})
		if err != nil {
			return err
		}
		already := map[string]bool{}
		for _, k := range imported {
			already[string(k)] = true
		}
		for _, row := range valid {
			if row.id == 0 {
				if already[string(row.key)] {
					same++
					continue
				}
				cp := createParams(u, p.ID, row.in)
				cp.ImportKey = row.key
				id, err := q.CreateActivity(ctx, cp)
				if err != nil {
					return err
				}
				created++
				if err := audit.By(u).Record(ctx, q, "import", "activity", id, audit.Created(row.in.fields())); err != nil {
					return err
				}
				continue
			}
			a := existing[row.id]
			row.in.TeamIDs = a.TeamIds // the file does not carry the team
			changes := audit.Diff(inputFromRow(a).fields(), row.in.fields())
			if len(changes) == 0 {
				same++
				continue
			}
			cp := createParams(u, p.ID, row.in)
			if _, err := q.UpdateActivity(ctx, updateParams(u.InstitutionID, a.ID, a.Version, cp)); errors.Is(err, pgx.ErrNoRows) {
				return importStale
			} else if err != nil {
				return err
			}
			updated++
			if err := audit.By(u).Record(ctx, q, "import", "activity", a.ID, changes); err != nil {
				return err
			}
		}
		return nil
	})
	var conflict errImportConflict
	switch {
	case errors.As(err, &conflict):
		v.Conflict = conflict.message
		h.renderImport(w, r, http.StatusConflict, p, v)
		return
	case db.IsUniqueViolation(err): // a key added since it was looked up
		v.Conflict = importBusy.message
		h.renderImport(w, r, http.StatusConflict, p, v)
		return
	case err != nil:
		httpx.ServerError(w, r, err)
		return
	}
	if created+updated == 0 {
		v.Summary = fmt.Sprintf("Everything in the file was already here: nothing changed (%d unchanged).", same)
	} else {
		v.Summary = fmt.Sprintf("Import finished: %d added, %d updated, %d unchanged.", created, updated, same)
	}
	h.renderImport(w, r, http.StatusOK, p, v)
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
func importValues(cells map[string]string, c formChoices) (form.Values, []string) {
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
			problems = append(problems, fmt.Sprintf("module_code: %s is not a module of this programme", code))
		}
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
			problems = append(problems, fmt.Sprintf("lead_email: nobody with the email %s has an active account here", email))
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
