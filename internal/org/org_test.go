package org_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/google/go-cmp/cmp"

	"belonging/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

const admin = "admin@northbridge.ac.uk"

func adminClient(t *testing.T) (*testkit.App, *testkit.Client) {
	t.Helper()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(admin, testkit.DemoPassword)
	return app, c
}

func id(t *testing.T, app *testkit.App, sql string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := app.Pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

func upload(t *testing.T, c *testkit.Client, content []byte) *testkit.Response {
	t.Helper()
	return c.UploadImport("/admin/import", content)
}

const header = "kind,code,title,department,level,subject_area,cohort_size,years,credits,programmes\n"

// importFile uploads a structure file and confirms its preview.
func importFile(t *testing.T, c *testkit.Client, content []byte) *testkit.Response {
	t.Helper()
	preview := upload(t, c, content)
	if preview.StatusCode != http.StatusOK {
		t.Fatalf("preview = %d, want 200; problems: %s", preview.StatusCode, preview.Doc().Find("[data-testid=import-problems]").Text())
	}
	return c.ConfirmImport(preview)
}

func TestImportValidFileThenReimportChangesNothing(t *testing.T) {
	t.Parallel()
	app, c := adminClient(t)
	file := []byte("\xef\xbb\xbf" + header +
		"module,GEO1001,Physical Geography,School of Geography,,,,,20,F800:1;C100:1\n" + // before its programme
		"programme,F800,BSc Geography,School of Geography,ug,Geography,95,3,,\n" +
		"programme,C100,BSc Biological Sciences,School of Biosciences,ug,Biosciences,200,3,,\n" + // existing: cohort changes
		"module,GEO2001,\"Fieldwork, Methods and Data\",School of Geography,,,,,20,F800:2\n")

	resp := importFile(t, c, file)
	if resp.StatusCode != 200 {
		t.Fatalf("import = %d, want 200; %s", resp.StatusCode, resp.Doc().Find("main").Text())
	}
	summary := resp.Doc().Find("[data-testid=import-summary]").Text()
	for _, want := range []string{"Programmes: 1 created, 1 updated, 0 unchanged", "Modules: 2 created, 0 updated", "Departments created: 1", "added or changed: 3"} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary %q lacks %q", summary, want)
		}
	}
	if n := id(t, app, `SELECT cohort_size FROM programmes WHERE code = 'C100'`); n != 200 {
		t.Errorf("C100 cohort after import = %d, want 200", n)
	}
	if n := id(t, app, `SELECT count(*) FROM programme_modules pm JOIN modules m ON m.id = pm.module_id WHERE m.code LIKE 'GEO%'`); n != 3 {
		t.Errorf("GEO module places = %d, want 3", n)
	}
	if n := id(t, app, `SELECT count(*) FROM audit_log WHERE action = 'import'`); n < 6 {
		t.Errorf("audit rows for the import = %d, want one per change", n)
	}

	before := testkit.Fingerprint(t, app.Pool)
	again := upload(t, c, file)
	if again.StatusCode != 200 || again.Doc().Find("[data-testid=import-nothing]").Length() != 1 || again.Doc().Find("[data-testid=import-confirm]").Length() != 0 {
		t.Errorf("re-import = %d, want 200 saying it would change nothing, with nothing to confirm", again.StatusCode)
	}
	if testkit.Fingerprint(t, app.Pool) != before {
		t.Error("importing the same file twice changed the database")
	}
}

// structureChanges adds a programme (in a new department), changes a
// cohort, moves a programme into a new department and a module to another
// year of a programme.
var structureChanges = []byte(header +
	"programme,F800,BSc Geography,School of Geography,ug,Geography,95,3,,\n" +
	"programme,C100,BSc Biological Sciences,School of Biosciences,ug,Biosciences,200,3,,\n" +
	"programme,B940,BSc Biomedical Science,School of Biomedical Sciences,ug,Biosciences,120,3,,\n" +
	"module,BIO1002,Genetics and Evolution,School of Biosciences,,,,,20,C100:2\n" +
	"module,BIO1001,Foundations of Cell Biology,School of Biosciences,,,,,20,C100:1\n")

func TestStructureImportPreviewsThenAppliesOnlyOnConfirm(t *testing.T) {
	t.Parallel()
	app, c := adminClient(t)
	before := testkit.Fingerprint(t, app.Pool)
	preview := upload(t, c, structureChanges)
	if preview.StatusCode != http.StatusOK {
		t.Fatalf("preview = %d, want 200; %s", preview.StatusCode, preview.Doc().Find("main").Text())
	}
	if testkit.Fingerprint(t, app.Pool) != before {
		t.Fatal("showing the preview changed the database")
	}
	want := testkit.ImportPreview{
		Moves: []string{
			"B940 BSc Biomedical Science (line 4) moves from School of Biosciences to School of Biomedical Sciences new: the import creates it",
			"BIO1002 Genetics and Evolution (line 5) moves from year 1 of C100 to year 2 of C100",
		},
		Added:   []string{"School of Geography", "F800 BSc Geography", "School of Biomedical Sciences"},
		Changed: []string{"C100 BSc Biological Sciences: Cohort size: 180 → 200"},
	}
	if diff := cmp.Diff(want, testkit.ReadImportPreview(preview)); diff != "" {
		t.Errorf("preview (-want +got):\n%s", diff)
	}
	if got := strings.Join(strings.Fields(preview.Doc().Find("[data-testid=import-counts]").Text()), " "); !strings.Contains(got, "add 3, change 1 and move 2; 1 row is already as in the file") {
		t.Errorf("preview counts = %q", got)
	}

	done := c.ConfirmImport(preview)
	if done.StatusCode != http.StatusOK || done.Doc().Find("[data-testid=import-summary]").Length() != 1 {
		t.Fatalf("confirm = %d, want 200 with the summary; %s", done.StatusCode, done.Doc().Find("main").Text())
	}
	var dept string
	if err := app.Pool.QueryRow(context.Background(), `SELECT d.name FROM programmes p JOIN departments d ON d.id = p.department_id WHERE p.code = 'B940'`).Scan(&dept); err != nil {
		t.Fatal(err)
	}
	if dept != "School of Biomedical Sciences" {
		t.Errorf("B940's department after confirming = %q, want School of Biomedical Sciences", dept)
	}
	if n := id(t, app, `SELECT cohort_size FROM programmes WHERE code = 'C100'`); n != 200 {
		t.Errorf("C100 cohort after confirming = %d, want 200", n)
	}
	if n := id(t, app, `SELECT pm.year_of_study FROM programme_modules pm JOIN modules m ON m.id = pm.module_id JOIN programmes p ON p.id = pm.programme_id WHERE m.code = 'BIO1002' AND p.code = 'C100'`); n != 2 {
		t.Errorf("BIO1002's year on C100 after confirming = %d, want 2", n)
	}
	if n := id(t, app, `SELECT count(*) FROM programmes WHERE code = 'F800'`); n != 1 {
		t.Errorf("F800 programmes after confirming = %d, want 1", n)
	}

	// The same confirmation again finds the data changed (by itself) and
	// writes nothing.
	after := testkit.Fingerprint(t, app.Pool)
	if again := c.ConfirmImport(preview); again.StatusCode != http.StatusConflict {
		t.Errorf("confirming the same preview twice = %d, want 409", again.StatusCode)
	}
	if testkit.Fingerprint(t, app.Pool) != after {
		t.Error("confirming the same preview twice changed the database")
	}
}

func TestStructureImportConfirmAfterAChangeIs409(t *testing.T) {
	t.Parallel()
	app, c := adminClient(t)
	ctx := context.Background()
	preview := upload(t, c, structureChanges)
	if preview.StatusCode != http.StatusOK {
		t.Fatalf("preview = %d, want 200", preview.StatusCode)
	}
	// A colleague changes C100's cohort (which the file changes too)
	// between the preview and the confirmation.
	if _, err := app.Pool.Exec(ctx, `UPDATE programmes SET cohort_size = 190 WHERE code = 'C100'`); err != nil {
		t.Fatal(err)
	}
	before := testkit.Fingerprint(t, app.Pool)
	resp := c.ConfirmImport(preview)
	if resp.StatusCode != http.StatusConflict {
		t.Fatalf("confirm after a change = %d, want 409", resp.StatusCode)
	}
	if got := resp.Doc().Find("[data-testid=import-conflict]").Text(); !strings.Contains(got, "Nothing from your file was imported") || !strings.Contains(got, "The data changed since the preview; preview again") {
		t.Errorf("conflict message = %q", strings.Join(strings.Fields(got), " "))
	}
	if testkit.Fingerprint(t, app.Pool) != before {
		t.Error("a confirmation over a changed structure wrote something")
	}

	// Another import holding the lock: 409 at once, nothing written.
	preview = upload(t, c, structureChanges)
	tx, err := app.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('structure import'), (SELECT id FROM institutions WHERE slug = 'northbridge')::int)`); err != nil {
		t.Fatal(err)
	}
	if resp := c.ConfirmImport(preview); resp.StatusCode != http.StatusConflict || !strings.Contains(resp.Text(), "Another import") {
		t.Errorf("confirm while another import runs = %d, want 409 naming the other import", resp.StatusCode)
	}
	if testkit.Fingerprint(t, app.Pool) != before {
		t.Error("a confirmation during another import wrote something")
	}
}

func TestImportReportsEveryBadLineAndImportsNothing(t *testing.T) {
	t.Parallel()
	app, c := adminClient(t)
	file := []byte(header +
		"programme,F800,BSc Geography,School of Geography,ug,Geography,95,3,,\n" + // line 2: fine
		"programme,F801,BSc Geology,School of Geography,masters,Geology,40,3,,\n" + // line 3: bad level
		"module,GEO1001,Physical Geography,School of Geography,,,,,20,F800:1\n" + // line 4: fine
		"module,GEO1002,Human Geography,School of Geography,,,,,20,\n" + // line 5: fine
		"programme,F802,BSc Environmental Science,School of Geography,ug,,50,3,,\n" + // line 6: fine
		"module,GEO1003,Mapping,School of Geography,,,,,lots,X999:1\n") // line 7: bad credits, unknown programme
	before := testkit.Fingerprint(t, app.Pool)
	resp := upload(t, c, file)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("import with bad lines = %d, want 422", resp.StatusCode)
	}
	lines := map[string]bool{}
	doc := resp.Doc()
	doc.Find("[data-testid=import-problems] tbody tr td:first-child").Each(func(_ int, s *goquery.Selection) { lines[strings.TrimSpace(s.Text())] = true })
	if !lines["3"] || !lines["7"] || len(lines) != 2 {
		t.Errorf("lines reported = %v, want exactly 3 and 7", lines)
	}
	problems := doc.Find("[data-testid=import-problems]").Text()
	for _, want := range []string{"level must be foundation, ug, pgt or pgr", "credits must be a whole number"} {
		if !strings.Contains(problems, want) {
			t.Errorf("problems lack %q", want)
		}
	}
	if testkit.Fingerprint(t, app.Pool) != before {
		t.Error("a file with bad lines changed the database")
	}
}

func TestImportRefusesBadFiles(t *testing.T) {
	t.Parallel()
	app, c := adminClient(t)
	var many strings.Builder
	many.WriteString(header)
	for i := 0; i < 5001; i++ {
		fmt.Fprintf(&many, "module,M%05d,Module %d,School of Biosciences,,,,,20,\n", i, i)
	}
	tests := []struct {
		name   string
		file   []byte
		status int
		want   string
	}{
		{"wrong headers", []byte("code,name\nC100,Biology\n"), 422, "The first line must be the header row"},
		{"latin-1", []byte(header + "module,M1,Caf\xe9 culture,School of Biosciences,,,,,20,\n"), 422, "not UTF-8"},
		{"too many rows", []byte(many.String()), 422, "more than 5000 rows"},
		{"empty", []byte(""), 422, "empty"},
		{"header only", []byte(header), 422, "no rows"},
		{"50 MB", bytes.Repeat([]byte("x"), 50<<20), 413, "larger than 2 MiB"},
	}
	before := testkit.Fingerprint(t, app.Pool)
	for _, tt := range tests {
		resp := upload(t, c, tt.file)
		if resp.StatusCode != tt.status || !strings.Contains(resp.Text(), tt.want) {
			t.Errorf("%s: status %d, want %d with %q", tt.name, resp.StatusCode, tt.status, tt.want)
		}
	}
	// The preview's confirmation form sent without the file it carries.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("content", "")
	mw.WriteField("plan", "")
	mw.Close()
	if resp := c.PostBody("/admin/import", mw.FormDataContentType(), &buf); resp.StatusCode != http.StatusUnprocessableEntity ||
		resp.Doc().Find(`[data-testid=error-summary] a[href="#file"]`).Length() != 1 {
		t.Errorf("empty confirmation = %d, want 422 with the error summary linking to the file field", resp.StatusCode)
	}
	if testkit.Fingerprint(t, app.Pool) != before {
		t.Error("a refused file changed the database")
	}
}

func TestDuplicateCodeIsAFieldError(t *testing.T) {
	t.Parallel()
	app, c := adminClient(t)
	dept := id(t, app, `SELECT id FROM departments WHERE name = 'School of Biosciences'`)
	resp := c.Post("/admin/programmes", url.Values{"code": {"c100"}, "title": {"Another Biology"}, "department": {strconv.FormatInt(dept, 10)},
		"level": {"ug"}, "cohort_size": {"10"}, "years": {"3"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("duplicate code = %d, want 422", resp.StatusCode)
	}
	doc := resp.Doc()
	if got := doc.Find("#code-error").Text(); !strings.Contains(got, "A programme with code c100 already exists") {
		t.Errorf("code error = %q", got)
	}
	if v, _ := doc.Find("#title").Attr("value"); v != "Another Biology" {
		t.Errorf("title kept as %q, want as typed", v)
	}
}

// Fields the form does not offer are ignored: a programme cannot be
// created in another institution by adding institution_id to the post.
func TestMassAssignmentIsIgnored(t *testing.T) {
	t.Parallel()
	app, c := adminClient(t)
	dept := id(t, app, `SELECT id FROM departments WHERE name = 'School of Biosciences'`)
	other := id(t, app, `SELECT id FROM institutions WHERE slug = 'eastmere'`)
	resp := c.Post("/admin/programmes", url.Values{"code": {"Z900"}, "title": {"BSc Sneaky"}, "department": {strconv.FormatInt(dept, 10)},
		"level": {"ug"}, "cohort_size": {"10"}, "years": {"3"}, "institution_id": {strconv.FormatInt(other, 10)}, "archived_at": {"2020-01-01"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create = %d, want 303", resp.StatusCode)
	}
	if n := id(t, app, `SELECT count(*) FROM programmes p JOIN institutions i ON i.id = p.institution_id WHERE p.code = 'Z900' AND i.slug = 'northbridge' AND p.archived_at IS NULL`); n != 1 {
		t.Error("the programme was not created in the admin's own institution, unarchived")
	}
}

// Another institution's department cannot be chosen, even by its id.
func TestOtherInstitutionsRecordsCannotBeReferenced(t *testing.T) {
	t.Parallel()
	app, c := adminClient(t)
	otherDept := id(t, app, `SELECT id FROM departments WHERE name = 'Department of History'`)
	otherModule := id(t, app, `SELECT id FROM modules WHERE code = 'HIS1001'`)
	prog := id(t, app, `SELECT id FROM programmes WHERE code = 'C100'`)
	before := testkit.Fingerprint(t, app.Pool)

	resp := c.Post("/admin/programmes", url.Values{"code": {"Z901"}, "title": {"BSc Elsewhere"}, "department": {strconv.FormatInt(otherDept, 10)},
		"level": {"ug"}, "cohort_size": {"10"}, "years": {"3"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(resp.Doc().Find("#department-error").Text(), "Choose one of the departments") {
		t.Errorf("programme in another institution's department = %d, want 422 at department", resp.StatusCode)
	}
	resp = c.Post(fmt.Sprintf("/admin/programmes/%d/modules", prog), url.Values{"module": {strconv.FormatInt(otherModule, 10)}, "year": {"1"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("linking another institution's module = %d, want 422", resp.StatusCode)
	}
	if testkit.Fingerprint(t, app.Pool) != before {
		t.Error("a refused reference changed the database")
	}
}

func TestDepartmentArchiveRules(t *testing.T) {
	t.Parallel()
	app, c := adminClient(t)
	busy := id(t, app, `SELECT id FROM departments WHERE name = 'School of Engineering'`)
	resp := c.Post(fmt.Sprintf("/admin/departments/%d/archive", busy), nil)
	if resp.StatusCode != http.StatusConflict || !strings.Contains(resp.Text(), "still has 2 active programmes and modules") {
		t.Errorf("archive a department in use = %d, want 409 explaining why", resp.StatusCode)
	}
	c.Post("/admin/departments", url.Values{"name": {"Centre for Teaching Excellence"}})
	empty := id(t, app, `SELECT id FROM departments WHERE name = 'Centre for Teaching Excellence'`)
	if resp := c.Post(fmt.Sprintf("/admin/departments/%d/archive", empty), nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("archive an empty department = %d, want 303", resp.StatusCode)
	}
	list := c.Get("/admin/departments")
	if strings.Contains(list.Doc().Find("table").Text(), "Centre for Teaching Excellence") {
		t.Error("archived department still listed by default")
	}
	if !strings.Contains(c.Get("/admin/departments?archived=on").Doc().Find("table").Text(), "Centre for Teaching Excellence") {
		t.Error("archived department missing when archived ones are included")
	}
	if resp := c.Post(fmt.Sprintf("/admin/departments/%d/restore", empty), nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("restore = %d, want 303", resp.StatusCode)
	}
	var changes string
	app.Pool.QueryRow(context.Background(), `SELECT string_agg(action, ',' ORDER BY id) FROM audit_log WHERE entity = 'department' AND entity_id = $1`, empty).Scan(&changes)
	if changes != "create,archive,restore" {
		t.Errorf("audit of the department = %q, want create,archive,restore", changes)
	}
}

func TestProgrammeListSearchAndPaging(t *testing.T) {
	t.Parallel()
	app, c := adminClient(t)
	dept := id(t, app, `SELECT id FROM departments WHERE name = 'School of Biosciences'`)
	for i := 0; i < 30; i++ {
		resp := c.Post("/admin/programmes", url.Values{"code": {fmt.Sprintf("P%03d", i)}, "title": {fmt.Sprintf("BSc Paging %d", i)},
			"department": {strconv.FormatInt(dept, 10)}, "level": {"ug"}, "cohort_size": {"10"}, "years": {"3"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("create %d = %d", i, resp.StatusCode)
		}
	}
	first := c.Get("/admin/programmes?q=paging").Doc()
	if n := first.Find("tbody tr").Length(); n != 25 {
		t.Errorf("first page rows = %d, want 25", n)
	}
	if got := first.Find(".pagination p").Text(); got != "Showing 1–25 of 30" {
		t.Errorf("pagination says %q", got)
	}
	next, _ := first.Find("a[rel=next]").Attr("href")
	if next != "/admin/programmes?page=2&q=paging" {
		t.Errorf("next link = %q, want the filters kept", next)
	}
	if n := c.Get(next).Doc().Find("tbody tr").Length(); n != 5 {
		t.Errorf("second page rows = %d, want 5", n)
	}
	// Wildcards in the search are taken literally.
	if n := c.Get("/admin/programmes?q=" + url.QueryEscape("%")).Doc().Find("tbody tr").Length(); n != 0 {
		t.Errorf("search for %% matched %d rows, want 0", n)
	}
}
