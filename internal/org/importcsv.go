package org

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"belonging/internal/audit"
	"belonging/internal/httpx"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	page "belonging/web/pages/org"
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
	httpx.Render(w, r, status, web.Page{Title: "Import programmes and modules", Section: "admin",
		Breadcrumbs: []web.Crumb{adminCrumb, {Label: "Import"}}}, page.Import(v))
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

// Import checks the whole file and, only when every line is valid,
// applies it in one transaction: new codes are created, changed ones
// updated, identical ones left alone, so importing a file twice changes
// nothing the second time.
func (h *Handler) Import(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	var v page.ImportPage
	data, _, err := httpx.ReadUpload(r, "file", ImportMaxBytes)
	switch {
	case errors.Is(err, httpx.ErrUploadTooLarge):
		v.Add("file", fmt.Sprintf("The file is larger than %s. Split it into smaller files.", httpx.FormatBytes(ImportMaxBytes)))
		h.renderImport(w, r, http.StatusRequestEntityTooLarge, v)
		return
	case errors.Is(err, httpx.ErrNoFile):
		v.Add("file", "Choose a CSV file to upload")
		h.renderImport(w, r, http.StatusUnprocessableEntity, v)
		return
	case err != nil:
		v.Add("file", "The upload could not be read. Try again.")
		h.renderImport(w, r, http.StatusBadRequest, v)
		return
	}

	existing, err := loadImportState(ctx, h.Queries, u.InstitutionID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	rows, problems, fileErr := parseImport(data, existing)
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

	var result importResult
	// Take the state again inside the transaction, so what is applied
	// matches what the database holds now.
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		state, err := loadImportState(ctx, q, u.InstitutionID)
		if err != nil {
			return err
		}
		result, err = applyImport(ctx, q, u, state, rows)
		return err
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v.Summary = result.summary()
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
func parseImport(data []byte, existing importState) (rows []importRow, problems []page.ImportProblem, fileErr string) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, nil, `The file is not UTF-8 text. In Excel, save it with "CSV UTF-8 (comma delimited)".`
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, "The file is empty."
	}
	if err != nil || !sameHeader(header) {
		return nil, nil, "The first line must be the header row: " + strings.Join(importHeader, ",") + ". Download the template to start from."
	}

	problem := func(line int, format string, args ...any) {
		problems = append(problems, page.ImportProblem{Line: line, Problem: fmt.Sprintf(format, args...)})
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
				problem(pe.Line, "This line is not valid CSV (%s). Check for a stray quotation mark.", pe.Err)
				continue
			}
			return nil, nil, "The file could not be read as CSV."
		}
		line, _ := cr.FieldPos(0)
		if len(pending) >= ImportMaxRows {
			return nil, nil, fmt.Sprintf("The file has more than %d rows. Split it into smaller files.", ImportMaxRows)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		if len(rec) != len(importHeader) {
			problem(line, "Expected %d columns, found %d.", len(importHeader), len(rec))
			continue
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		row := importRow{line: line, kind: strings.ToLower(rec[0]), code: rec[1], title: rec[2], department: rec[3]}
		ok := true
		bad := func(format string, args ...any) { problem(line, format, args...); ok = false }

		if row.kind != "programme" && row.kind != "module" {
			bad("kind must be programme or module, not %q.", rec[0])
			continue
		}
		if row.code == "" || !codePattern.MatchString(row.code) {
			bad("code %q must be up to 40 letters, digits, spaces or . _ / - characters.", row.code)
		} else if first, dup := seen[row.kind+":"+strings.ToLower(row.code)]; dup {
			bad("%s code %s appears again (first on line %d).", row.kind, row.code, first)
		} else {
			seen[row.kind+":"+strings.ToLower(row.code)] = line
		}
		if row.title == "" || utf8.RuneCountInString(row.title) > 200 {
			bad("title is required, at most 200 characters.")
		}
		if row.department == "" || utf8.RuneCountInString(row.department) > 200 {
			bad("department is required, at most 200 characters.")
		} else if d, ok := existing.departments[strings.ToLower(row.department)]; ok && d.ArchivedAt != nil {
			bad("department %q is archived. Restore it first or use another.", row.department)
		}
		if row.kind == "programme" {
			row.level, row.subject = strings.ToLower(rec[4]), rec[5]
			if row.level != "foundation" && row.level != "ug" && row.level != "pgt" && row.level != "pgr" {
				bad("level must be foundation, ug, pgt or pgr, not %q.", rec[4])
			}
			if utf8.RuneCountInString(row.subject) > 100 {
				bad("subject_area must be at most 100 characters.")
			}
			if n, err := strconv.Atoi(rec[6]); err != nil || n < 0 || n > 100000 {
				bad("cohort_size must be a whole number from 0 to 100000, not %q.", rec[6])
			} else {
				row.cohort = n
			}
			if n, err := strconv.Atoi(rec[7]); err != nil || n < 1 || n > 8 {
				bad("years must be a whole number from 1 to 8, not %q.", rec[7])
			} else {
				row.years = n
			}
			if rec[8] != "" || rec[9] != "" {
				bad("credits and programmes are for modules; leave them empty on a programme line.")
			}
			if ok {
				fileProgrammes[strings.ToLower(row.code)] = row.years
			}
		} else {
			if n, err := strconv.Atoi(rec[8]); err != nil || n < 0 || n > 240 {
				bad("credits must be a whole number from 0 to 240, not %q.", rec[8])
			} else {
				row.credits = n
			}
			if rec[4] != "" || rec[6] != "" || rec[7] != "" {
				bad("level, cohort_size and years are for programmes; leave them empty on a module line.")
			}
			for _, item := range strings.Split(rec[9], ";") {
				item = strings.TrimSpace(item)
				if item == "" {
					continue
				}
				code, yearText, found := strings.Cut(item, ":")
				year, err := strconv.Atoi(strings.TrimSpace(yearText))
				if !found || err != nil || year < 1 || year > 8 {
					bad("programmes entry %q must be a programme code and a year of study, such as C100:1.", item)
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
					problem(row.line, "programme %s is not in the file or the institution.", l.programme)
					ok = false
					continue
				}
				years = int(p.Years)
			}
			if l.year > years {
				problem(row.line, "programme %s lasts %d years, so year %d is not possible.", l.programme, years, l.year)
				ok = false
			}
		}
		if ok {
			rows = append(rows, row)
		}
	}
	if len(rows) == 0 && len(problems) == 0 {
		return nil, nil, "The file has a header but no rows to import."
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

func (r importResult) summary() []string {
	if r.departmentsCreated+r.programmesCreated+r.programmesUpdated+r.modulesCreated+r.modulesUpdated+r.linksAdded == 0 {
		return []string{"Everything in the file was already here: nothing changed."}
	}
	return []string{
		fmt.Sprintf("Programmes: %d created, %d updated, %d unchanged.", r.programmesCreated, r.programmesUpdated, r.programmesSame),
		fmt.Sprintf("Modules: %d created, %d updated, %d unchanged.", r.modulesCreated, r.modulesUpdated, r.modulesSame),
		fmt.Sprintf("Departments created: %d. Module places on programmes added or changed: %d.", r.departmentsCreated, r.linksAdded),
	}
}

func applyImport(ctx context.Context, q *store.Queries, u *reqctx.User, s importState, rows []importRow) (importResult, error) {
	var res importResult
	deptID := func(name string) (int64, error) {
		if d, ok := s.departments[strings.ToLower(name)]; ok {
			return d.ID, nil
		}
		id, err := q.CreateDepartment(ctx, store.CreateDepartmentParams{InstitutionID: u.InstitutionID, Name: name})
		if err != nil {
			return 0, err
		}
		s.departments[strings.ToLower(name)] = store.ImportDepartmentsRow{ID: id, Name: name}
		res.departmentsCreated++
		return id, audit.By(u).Record(ctx, q, "import", "department", id, audit.Created(map[string]any{"name": name}))
	}
	for _, row := range rows {
		if row.kind != "programme" {
			continue
		}
		dept, err := deptID(row.department)
		if err != nil {
			return res, err
		}
		after := map[string]any{"code": row.code, "title": row.title, "department_id": dept, "level": row.level, "subject_area": row.subject, "cohort_size": row.cohort, "years": row.years}
		old, exists := s.programmes[strings.ToLower(row.code)]
		if !exists {
			id, err := q.CreateProgramme(ctx, store.CreateProgrammeParams{InstitutionID: u.InstitutionID, DepartmentID: dept, Code: row.code, Title: row.title,
				Level: row.level, SubjectArea: row.subject, CohortSize: int32(row.cohort), Years: int32(row.years)})
			if err != nil {
				return res, err
			}
			s.programmes[strings.ToLower(row.code)] = store.ImportProgrammesRow{ID: id, Code: row.code, Years: int32(row.years)}
			res.programmesCreated++
			if err := audit.By(u).Record(ctx, q, "import", "programme", id, audit.Created(after)); err != nil {
				return res, err
			}
			continue
		}
		before := map[string]any{"code": old.Code, "title": old.Title, "department_id": old.DepartmentID, "level": old.Level, "subject_area": old.SubjectArea, "cohort_size": int(old.CohortSize), "years": int(old.Years)}
		changes := audit.Diff(before, after)
		if len(changes) == 0 {
			res.programmesSame++
			continue
		}
		if err := q.UpdateProgramme(ctx, store.UpdateProgrammeParams{InstitutionID: u.InstitutionID, ID: old.ID, DepartmentID: dept, Code: row.code, Title: row.title,
			Level: row.level, SubjectArea: row.subject, CohortSize: int32(row.cohort), Years: int32(row.years)}); err != nil {
			return res, err
		}
		res.programmesUpdated++
		if err := audit.By(u).Record(ctx, q, "import", "programme", old.ID, changes); err != nil {
			return res, err
		}
	}
	for _, row := range rows {
		if row.kind != "module" {
			continue
		}
		dept, err := deptID(row.department)
		if err != nil {
			return res, err
		}
		after := map[string]any{"code": row.code, "title": row.title, "department_id": dept, "credits": row.credits}
		old, exists := s.modules[strings.ToLower(row.code)]
		moduleID := old.ID
		if !exists {
			moduleID, err = q.CreateModule(ctx, store.CreateModuleParams{InstitutionID: u.InstitutionID, DepartmentID: dept, Code: row.code, Title: row.title, Credits: int32(row.credits)})
			if err != nil {
				return res, err
			}
			res.modulesCreated++
			if err := audit.By(u).Record(ctx, q, "import", "module", moduleID, audit.Created(after)); err != nil {
				return res, err
			}
		} else {
			before := map[string]any{"code": old.Code, "title": old.Title, "department_id": old.DepartmentID, "credits": int(old.Credits)}
			if changes := audit.Diff(before, after); len(changes) > 0 {
				if err := q.UpdateModule(ctx, store.UpdateModuleParams{InstitutionID: u.InstitutionID, ID: old.ID, DepartmentID: dept, Code: row.code, Title: row.title, Credits: int32(row.credits)}); err != nil {
					return res, err
				}
				res.modulesUpdated++
				if err := audit.By(u).Record(ctx, q, "import", "module", old.ID, changes); err != nil {
					return res, err
				}
			} else {
				res.modulesSame++
			}
		}
		for _, l := range row.links {
			prog := s.programmes[strings.ToLower(l.programme)]
			if year, linked := s.links[[2]int64{prog.ID, moduleID}]; linked && int(year) == l.year {
				continue
			}
			if err := q.LinkModule(ctx, store.LinkModuleParams{InstitutionID: u.InstitutionID, ProgrammeID: prog.ID, ModuleID: moduleID, YearOfStudy: int32(l.year)}); err != nil {
				return res, err
			}
			res.linksAdded++
			if err := audit.By(u).Record(ctx, q, "import", "programme", prog.ID, audit.Created(map[string]any{"module": row.code, "year_of_study": l.year})); err != nil {
				return res, err
			}
		}
	}
	return res, nil
}
