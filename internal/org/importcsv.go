package org

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/csv"
	"errors"
	"io"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"belonging/internal/audit"
	"belonging/internal/db"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	"belonging/web/components"
	page "belonging/web/pages/org"
	"belonging/web/paths"
)

// Import limits: a structure file is small; anything larger is a mistake.
const (
	ImportMaxBytes = 2 << 20
	ImportMaxRows  = 5000
)

var importHeader = []string{"kind", "code", "title", "department", "level", "subject_area", "cohort_size", "years", "credits", "programmes"}

const importTemplate = `kind,code,title,department,level,subject_area,cohort_size,years,credits,programmes
programme,C100,BSc Biological Sciences,School of Biosciences,ug,Biosciences,180,3,,
programme,B940,BSc Biomedical Science,School of Biosciences,ug,Biosciences,120,3,,
module,BIO1001,Foundations of Cell Biology,School of Biosciences,,,,,20,C100:1;B940:1
module,BIO2005,Research Methods in the Life Sciences,School of Biosciences,,,,,20,C100:2
`

func (h *Handler) renderImport(w http.ResponseWriter, r *http.Request, status int, v page.ImportPage) {
	v.MaxRows, v.MaxBytes = ImportMaxRows, httpx.FormatBytes(ImportMaxBytes)
	ctx := r.Context()
	httpx.Render(w, r, status, web.Page{Title: i18n.T(ctx, "org.import.title"), Section: "admin",
		Breadcrumbs: []web.Crumb{adminCrumb(ctx), {Label: i18n.T(ctx, "org.import.crumb")}}}, page.Import(v))
}

// ImportPage shows the upload form and the documented format.
func (h *Handler) ImportPage(w http.ResponseWriter, r *http.Request) {
	h.renderImport(w, r, http.StatusOK, page.ImportPage{})
}

// ImportTemplate downloads a CSV with the header and example rows.
func (h *Handler) ImportTemplate(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="belonging-structure-template.csv"`)
	_, _ = io.WriteString(w, importTemplate)
}

// Import checks the whole file and, only when every line is valid, shows
// what importing it would do: the records it adds, changes (field by
// field) and moves, and how many are already as in the file. Nothing is
// written until the person confirms (see confirmImport).
func (h *Handler) Import(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	var v page.ImportPage
	up, err := httpx.ReadImport(r, ImportMaxBytes)
	if status, _ := httpx.ImportProblem(r.Context(), err, ImportMaxBytes); status != 0 {
		v.Add("file", uploadProblem(ctx, err))
		h.renderImport(w, r, status, v)
		return
	}
	if up.Plan != "" {
		h.confirmImport(w, r, up)
		return
	}

	existing, err := loadImportState(ctx, h.Queries, u.InstitutionID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	rows, problems, fileErr := parseImport(ctx, up.Data, existing)
	if fileErr != "" {
		v.Add("file", fileErr)
		h.renderImport(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	if len(problems) > 0 {
		v.Problems = problems
		h.renderImport(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	plan, _, err := runImport(ctx, nil, u, existing, rows)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	fingerprint, err := httpx.PlanFingerprint(plan)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v.Preview = &plan
	v.Confirm = components.ImportConfirm{Action: paths.AdminImport, Again: paths.AdminImport,
		Content: base64.StdEncoding.EncodeToString(up.Data), Fingerprint: fingerprint}
	h.renderImport(w, r, http.StatusOK, v)
}

// uploadProblem says in the reader's language why an upload that
// httpx.ImportProblem refuses could not be read.
func uploadProblem(ctx context.Context, err error) string {
	switch {
	case errors.Is(err, httpx.ErrUploadTooLarge):
		return i18n.T(ctx, "org.import.upload.too_large", "Size", httpx.FormatBytes(ImportMaxBytes))
	case errors.Is(err, httpx.ErrNoFile):
		return i18n.T(ctx, "org.import.upload.no_file")
	}
	return i18n.T(ctx, "org.import.upload.unreadable")
}

// errImportConflict ends a confirmed import's transaction, which then
// writes nothing; message is the id of the words that say why.
type errImportConflict struct{ message string }

func (e errImportConflict) Error() string { return "structure import conflict: " + e.message }

var (
	importBusy    = errImportConflict{"org.import.busy"}
	importChanged = errImportConflict{"org.import.changed"}
)

// confirmImport applies a previewed file, exactly as previewed: under the
// institution's import lock and with its structure held, the plan is
// worked out again and applied only if its fingerprint is the one the
// person saw; otherwise it answers 409 and writes nothing.
func (h *Handler) confirmImport(w http.ResponseWriter, r *http.Request, up httpx.ImportUpload) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	var v page.ImportPage
	var result importResult
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		locked, err := q.TryLockStructureImport(ctx, u.InstitutionID)
		if err != nil {
			return err
		}
		if !locked {
			return importBusy
		}
		if err := q.LockStructureForImport(ctx, u.InstitutionID); err != nil {
			return err
		}
		state, err := loadImportState(ctx, q, u.InstitutionID)
		if err != nil {
			return err
		}
		rows, problems, fileErr := parseImport(ctx, up.Data, state)
		if fileErr != "" || len(problems) > 0 {
			return importChanged
		}
		plan, _, err := runImport(ctx, nil, u, state, rows)
		if err != nil {
			return err
		}
		if fingerprint, err := httpx.PlanFingerprint(plan); err != nil {
			return err
		} else if fingerprint != up.Plan {
			return importChanged
		}
		_, result, err = runImport(ctx, q, u, state, rows)
		return err
	})
	var conflict errImportConflict
	switch {
	case errors.As(err, &conflict):
		v.Conflict = i18n.T(ctx, conflict.message)
		h.renderImport(w, r, http.StatusConflict, v)
		return
	case db.IsUniqueViolation(err): // a code or department added since the plan was read
		v.Conflict = i18n.T(ctx, importChanged.message)
		h.renderImport(w, r, http.StatusConflict, v)
		return
	case err != nil:
		httpx.ServerError(w, r, err)
		return
	}
	v.Summary = result.summary(ctx)
	h.renderImport(w, r, http.StatusOK, v)
}

// importRow is one valid line of the file.
type importRow struct {
	line       int
	kind       string
	code       string
	title      string
	department string
	level      string
	subject    string
	cohort     int
	years      int
	credits    int
	links      []importLink
}

type importLink struct {
	programme string
	year      int
}

// importState is the institution's structure, keyed by lower-case code
// and department name.
type importState struct {
	departments map[string]store.ImportDepartmentsRow
	programmes  map[string]store.ImportProgrammesRow
	modules     map[string]store.ImportModulesRow
	links       map[[2]int64]int32
}

func loadImportState(ctx context.Context, q *store.Queries, institutionID int64) (importState, error) {
	s := importState{departments: map[string]store.ImportDepartmentsRow{}, programmes: map[string]store.ImportProgrammesRow{},
		modules: map[string]store.ImportModulesRow{}, links: map[[2]int64]int32{}}
	depts, err := q.ImportDepartments(ctx, institutionID)
	if err != nil {
		return s, err
	}
	for _, d := range depts {
		s.departments[strings.ToLower(d.Name)] = d
	}
	progs, err := q.ImportProgrammes(ctx, institutionID)
	if err != nil {
		return s, err
	}
	for _, p := range progs {
		s.programmes[strings.ToLower(p.Code)] = p
	}
	mods, err := q.ImportModules(ctx, institutionID)
	if err != nil {
		return s, err
	}
	for _, m := range mods {
		s.modules[strings.ToLower(m.Code)] = m
	}
	links, err := q.ImportLinks(ctx, institutionID)
	if err != nil {
		return s, err
	}
	for _, l := range links {
		s.links[[2]int64{l.ProgrammeID, l.ModuleID}] = l.YearOfStudy
	}
	return s, nil
}

// parseImport checks every line. fileErr is a problem with the file as a
// whole (encoding, header, size); problems are per line.
func parseImport(ctx context.Context, data []byte, existing importState) (rows []importRow, problems []page.ImportProblem, fileErr string) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, nil, i18n.T(ctx, "org.import.file.not_utf8")
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, i18n.T(ctx, "org.import.file.empty")
	}
	if err != nil || !sameHeader(header) {
		return nil, nil, i18n.T(ctx, "org.import.file.header", "Header", strings.Join(importHeader, ","))
	}

	problem := func(line int, id string, args ...any) {
		problems = append(problems, page.ImportProblem{Line: line, Problem: i18n.T(ctx, id, args...)})
	}
	seen := map[string]int{}
	fileProgrammes := map[string]int{} // code -> years
	var pending []importRow
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				problem(pe.Line, "org.import.line.bad_csv", "Error", pe.Err.Error())
				continue
			}
			return nil, nil, i18n.T(ctx, "org.import.file.not_csv")
		}
		line, _ := cr.FieldPos(0)
		if len(pending) >= ImportMaxRows {
			return nil, nil, i18n.T(ctx, "org.import.file.too_many_rows", "Rows", ImportMaxRows)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		if len(rec) != len(importHeader) {
			problem(line, "org.import.line.columns", "Want", len(importHeader), "Got", len(rec))
			continue
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		row := importRow{line: line, kind: strings.ToLower(rec[0]), code: rec[1], title: rec[2], department: rec[3]}
		ok := true
		bad := func(id string, args ...any) { problem(line, id, args...); ok = false }

		if row.kind != "programme" && row.kind != "module" {
			bad("org.import.line.kind", "Value", rec[0])
			continue
		}
		if row.code == "" || !codePattern.MatchString(row.code) {
			bad("org.import.line.code", "Value", row.code)
		} else if first, dup := seen[row.kind+":"+strings.ToLower(row.code)]; dup {
			if row.kind == "programme" {
				bad("org.import.line.programme_again", "Code", row.code, "Line", first)
			} else {
				bad("org.import.line.module_again", "Code", row.code, "Line", first)
			}
		} else {
			seen[row.kind+":"+strings.ToLower(row.code)] = line
		}
		if row.title == "" || utf8.RuneCountInString(row.title) > 200 {
			bad("org.import.line.title")
		}
		if row.department == "" || utf8.RuneCountInString(row.department) > 200 {
			bad("org.import.line.department")
		} else if d, ok := existing.departments[strings.ToLower(row.department)]; ok && d.ArchivedAt != nil {
			bad("org.import.line.department_archived", "Value", row.department)
		}
		if row.kind == "programme" {
			row.level, row.subject = strings.ToLower(rec[4]), rec[5]
			if row.level != "foundation" && row.level != "ug" && row.level != "pgt" && row.level != "pgr" {
				bad("org.import.line.level", "Value", rec[4])
			}
			if utf8.RuneCountInString(row.subject) > 100 {
				bad("org.import.line.subject")
			}
			if n, err := strconv.Atoi(rec[6]); err != nil || n < 0 || n > 100000 {
				bad("org.import.line.cohort", "Value", rec[6])
			} else {
				row.cohort = n
			}
			if n, err := strconv.Atoi(rec[7]); err != nil || n < 1 || n > 8 {
				bad("org.import.line.years", "Value", rec[7])
			} else {
				row.years = n
			}
			if rec[8] != "" || rec[9] != "" {
				bad("org.import.line.module_fields")
			}
			if ok {
				fileProgrammes[strings.ToLower(row.code)] = row.years
			}
		} else {
			if n, err := strconv.Atoi(rec[8]); err != nil || n < 0 || n > 240 {
				bad("org.import.line.credits", "Value", rec[8])
			} else {
				row.credits = n
			}
			if rec[4] != "" || rec[6] != "" || rec[7] != "" {
				bad("org.import.line.programme_fields")
			}
			for _, item := range strings.Split(rec[9], ";") {
				item = strings.TrimSpace(item)
				if item == "" {
					continue
				}
				code, yearText, found := strings.Cut(item, ":")
				year, err := strconv.Atoi(strings.TrimSpace(yearText))
				if !found || err != nil || year < 1 || year > 8 {
					bad("org.import.line.programmes_entry", "Value", item)
					continue
				}
				row.links = append(row.links, importLink{programme: strings.TrimSpace(code), year: year})
			}
		}
		if ok {
			pending = append(pending, row)
		}
	}
	// Links are checked once every programme line has been read, so a
	// module may come before its programme.
	for _, row := range pending {
		ok := true
		for _, l := range row.links {
			years, inFile := fileProgrammes[strings.ToLower(l.programme)]
			if !inFile {
				p, exists := existing.programmes[strings.ToLower(l.programme)]
				if !exists {
					problem(row.line, "org.import.line.unknown_programme", "Code", l.programme)
					ok = false
					continue
				}
				years = int(p.Years)
			}
			if l.year > years {
				problem(row.line, "org.import.line.year_too_late", "Code", l.programme, "Years", years, "Year", l.year)
				ok = false
			}
		}
		if ok {
			rows = append(rows, row)
		}
	}
	if len(rows) == 0 && len(problems) == 0 {
		return nil, nil, i18n.T(ctx, "org.import.file.no_rows")
	}
	sortProblems(problems)
	return rows, problems, ""
}

func sortProblems(ps []page.ImportProblem) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].Line < ps[j-1].Line; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

func sameHeader(h []string) bool {
	if len(h) != len(importHeader) {
		return false
	}
	for i := range h {
		if strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h[i], "\ufeff"))) != importHeader[i] {
			return false
		}
	}
	return true
}

type importResult struct {
	departmentsCreated                                      int
	programmesCreated, programmesUpdated, programmesSame    int
	modulesCreated, modulesUpdated, modulesSame, linksAdded int
}

func (r importResult) summary(ctx context.Context) []string {
	if r.departmentsCreated+r.programmesCreated+r.programmesUpdated+r.modulesCreated+r.modulesUpdated+r.linksAdded == 0 {
		return []string{i18n.T(ctx, "org.import.summary.same")}
	}
	return []string{
		i18n.T(ctx, "org.import.summary.programmes", "Created", r.programmesCreated, "Updated", r.programmesUpdated, "Same", r.programmesSame),
		i18n.T(ctx, "org.import.summary.modules", "Created", r.modulesCreated, "Updated", r.modulesUpdated, "Same", r.modulesSame),
		i18n.T(ctx, "org.import.summary.departments", "Departments", r.departmentsCreated, "Places", r.linksAdded),
	}
}

// runImport works out what the rows do to the institution's structure s
// and, given q, writes it; with q nil it writes nothing and only says what
// it would do. One function does both, so the confirmation applies what
// the preview showed. s is not changed.
func runImport(ctx context.Context, q *store.Queries, u *reqctx.User, s importState, rows []importRow) (components.ImportPlan, importResult, error) {
	var (
		plan   components.ImportPlan
		res    importResult
		nextID int64 // stands in for the ids of records a preview would create
	)
	s.departments, s.programmes, s.links = maps.Clone(s.departments), maps.Clone(s.programmes), maps.Clone(s.links)
	deptName := map[int64]string{}
	for _, d := range s.departments {
		deptName[d.ID] = d.Name
	}
	created := map[int64]bool{} // departments this import creates
	deptID := func(line int, name string) (int64, error) {
		if d, ok := s.departments[strings.ToLower(name)]; ok {
			return d.ID, nil
		}
		var id int64
		if q == nil {
			nextID--
			id = nextID
		} else {
			var err error
			if id, err = q.CreateDepartment(ctx, store.CreateDepartmentParams{InstitutionID: u.InstitutionID, Name: name}); err != nil {
				return 0, err
			}
			if err := audit.By(u).Record(ctx, q, "import", "department", id, audit.Created(map[string]any{"name": name})); err != nil {
				return 0, err
			}
		}
		s.departments[strings.ToLower(name)] = store.ImportDepartmentsRow{ID: id, Name: name}
		deptName[id], created[id] = name, true
		res.departmentsCreated++
		plan.Added = append(plan.Added, components.ImportRecord{Line: line, Name: name, Fields: []components.ImportField{{Label: i18n.T(ctx, "org.import.field.kind"), After: i18n.T(ctx, "org.import.kind.department")}}})
		return id, nil
	}
	move := func(line int, name string, from, to int64) {
		if from != to {
			plan.Moves = append(plan.Moves, components.ImportMove{Line: line, Name: name, From: deptName[from], To: deptName[to], NewPlace: created[to]})
		}
	}
	for _, row := range rows {
		if row.kind != "programme" {
			continue
		}
		dept, err := deptID(row.line, row.department)
		if err != nil {
			return plan, res, err
		}
		name := row.code + " " + row.title
		after := map[string]any{"code": row.code, "title": row.title, "department_id": dept, "level": row.level, "subject_area": row.subject, "cohort_size": row.cohort, "years": row.years}
		old, exists := s.programmes[strings.ToLower(row.code)]
		if !exists {
			id := nextID - 1
			if q == nil {
				nextID--
			} else {
				if id, err = q.CreateProgramme(ctx, store.CreateProgrammeParams{InstitutionID: u.InstitutionID, DepartmentID: dept, Code: row.code, Title: row.title,
					Level: row.level, SubjectArea: row.subject, CohortSize: int32(row.cohort), Years: int32(row.years)}); err != nil {
					return plan, res, err
				}
				if err := audit.By(u).Record(ctx, q, "import", "programme", id, audit.Created(after)); err != nil {
					return plan, res, err
				}
			}
			s.programmes[strings.ToLower(row.code)] = store.ImportProgrammesRow{ID: id, Code: row.code, Years: int32(row.years)}
			res.programmesCreated++
			plan.Added = append(plan.Added, components.ImportRecord{Line: row.line, Name: name, Fields: []components.ImportField{
				{Label: i18n.T(ctx, "org.import.field.kind"), After: i18n.T(ctx, "org.import.kind.programme")}, {Label: i18n.T(ctx, "org.import.field.department"), After: row.department},
				{Label: i18n.T(ctx, "org.import.field.level"), After: page.LevelLabel(ctx, row.level)}, {Label: i18n.T(ctx, "org.import.field.subject"), After: row.subject},
				{Label: i18n.T(ctx, "org.import.field.cohort"), After: strconv.Itoa(row.cohort)}, {Label: i18n.T(ctx, "org.import.field.years"), After: strconv.Itoa(row.years)}}})
			continue
		}
		before := map[string]any{"code": old.Code, "title": old.Title, "department_id": old.DepartmentID, "level": old.Level, "subject_area": old.SubjectArea, "cohort_size": int(old.CohortSize), "years": int(old.Years)}
		changes := audit.Diff(before, after)
		if len(changes) == 0 {
			res.programmesSame++
			plan.Same++
			continue
		}
		move(row.line, name, old.DepartmentID, dept)
		if fields := changedFields([][3]string{{i18n.T(ctx, "org.import.field.code"), old.Code, row.code}, {i18n.T(ctx, "org.import.field.title"), old.Title, row.title},
			{i18n.T(ctx, "org.import.field.level"), page.LevelLabel(ctx, old.Level), page.LevelLabel(ctx, row.level)},
			{i18n.T(ctx, "org.import.field.subject"), old.SubjectArea, row.subject}, {i18n.T(ctx, "org.import.field.cohort"), strconv.Itoa(int(old.CohortSize)), strconv.Itoa(row.cohort)},
			{i18n.T(ctx, "org.import.field.years"), strconv.Itoa(int(old.Years)), strconv.Itoa(row.years)}}); len(fields) > 0 {
			plan.Changed = append(plan.Changed, components.ImportRecord{Line: row.line, Name: name, Fields: fields})
		}
		res.programmesUpdated++
		if q == nil {
			continue
		}
		if err := q.UpdateProgramme(ctx, store.UpdateProgrammeParams{InstitutionID: u.InstitutionID, ID: old.ID, DepartmentID: dept, Code: row.code, Title: row.title,
			Level: row.level, SubjectArea: row.subject, CohortSize: int32(row.cohort), Years: int32(row.years)}); err != nil {
			return plan, res, err
		}
		if err := audit.By(u).Record(ctx, q, "import", "programme", old.ID, changes); err != nil {
			return plan, res, err
		}
	}
	for _, row := range rows {
		if row.kind != "module" {
			continue
		}
		dept, err := deptID(row.line, row.department)
		if err != nil {
			return plan, res, err
		}
		name := row.code + " " + row.title
		after := map[string]any{"code": row.code, "title": row.title, "department_id": dept, "credits": row.credits}
		old, exists := s.modules[strings.ToLower(row.code)]
		moduleID := old.ID
		var fields []components.ImportField
		if !exists {
			var places []string
			for _, l := range row.links {
				places = append(places, i18n.T(ctx, "org.import.place", "Code", strings.ToUpper(l.programme), "Year", l.year))
			}
			plan.Added = append(plan.Added, components.ImportRecord{Line: row.line, Name: name, Fields: []components.ImportField{
				{Label: i18n.T(ctx, "org.import.field.kind"), After: i18n.T(ctx, "org.import.kind.module")}, {Label: i18n.T(ctx, "org.import.field.department"), After: row.department},
				{Label: i18n.T(ctx, "org.import.field.credits"), After: strconv.Itoa(row.credits)}, {Label: i18n.T(ctx, "org.import.field.programmes"), After: strings.Join(places, "; ")}}})
			res.modulesCreated++
			if q == nil {
				nextID--
				moduleID = nextID
			} else {
				if moduleID, err = q.CreateModule(ctx, store.CreateModuleParams{InstitutionID: u.InstitutionID, DepartmentID: dept, Code: row.code, Title: row.title, Credits: int32(row.credits)}); err != nil {
					return plan, res, err
				}
				if err := audit.By(u).Record(ctx, q, "import", "module", moduleID, audit.Created(after)); err != nil {
					return plan, res, err
				}
			}
		} else {
			before := map[string]any{"code": old.Code, "title": old.Title, "department_id": old.DepartmentID, "credits": int(old.Credits)}
			if changes := audit.Diff(before, after); len(changes) > 0 {
				move(row.line, name, old.DepartmentID, dept)
				fields = changedFields([][3]string{{i18n.T(ctx, "org.import.field.code"), old.Code, row.code}, {i18n.T(ctx, "org.import.field.title"), old.Title, row.title},
					{i18n.T(ctx, "org.import.field.credits"), strconv.Itoa(int(old.Credits)), strconv.Itoa(row.credits)}})
				res.modulesUpdated++
				if q != nil {
					if err := q.UpdateModule(ctx, store.UpdateModuleParams{InstitutionID: u.InstitutionID, ID: old.ID, DepartmentID: dept, Code: row.code, Title: row.title, Credits: int32(row.credits)}); err != nil {
						return plan, res, err
					}
					if err := audit.By(u).Record(ctx, q, "import", "module", old.ID, changes); err != nil {
						return plan, res, err
					}
				}
			} else {
				res.modulesSame++
			}
		}
		for _, l := range row.links {
			prog := s.programmes[strings.ToLower(l.programme)]
			year, linked := s.links[[2]int64{prog.ID, moduleID}]
			if linked && int(year) == l.year {
				continue
			}
			switch {
			case !exists: // listed with the new module
			case linked:
				plan.Moves = append(plan.Moves, components.ImportMove{Line: row.line, Name: name,
					From: i18n.T(ctx, "org.import.year_of", "Year", year, "Code", prog.Code), To: i18n.T(ctx, "org.import.year_of", "Year", l.year, "Code", prog.Code)})
			default:
				fields = append(fields, components.ImportField{Label: i18n.T(ctx, "org.import.field.year_on", "Code", prog.Code), After: strconv.Itoa(l.year)})
			}
			res.linksAdded++
			if q == nil {
				continue
			}
			if err := q.LinkModule(ctx, store.LinkModuleParams{InstitutionID: u.InstitutionID, ProgrammeID: prog.ID, ModuleID: moduleID, YearOfStudy: int32(l.year)}); err != nil {
				return plan, res, err
			}
			if err := audit.By(u).Record(ctx, q, "import", "programme", prog.ID, audit.Created(map[string]any{"module": row.code, "year_of_study": l.year})); err != nil {
				return plan, res, err
			}
		}
		if len(fields) > 0 {
			plan.Changed = append(plan.Changed, components.ImportRecord{Line: row.line, Name: name, Fields: fields})
		}
		if exists && len(fields) == 0 && !movedOnLine(plan, row.line) {
			plan.Same++
		}
	}
	return plan, res, nil
}

// changedFields keeps the fields (label, now, after) whose value changes.
func changedFields(fields [][3]string) []components.ImportField {
	var out []components.ImportField
	for _, f := range fields {
		if f[1] != f[2] {
			out = append(out, components.ImportField{Label: f[0], Before: f[1], After: f[2]})
		}
	}
	return out
}

func movedOnLine(plan components.ImportPlan, line int) bool {
	for _, m := range plan.Moves {
		if m.Line == line {
			return true
		}
	}
	return false
}
