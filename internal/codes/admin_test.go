package codes_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

func TestMain(m *testing.M) { testkit.Main(m) }

const (
	admin  = "admin@northbridge.ac.uk"
	header = "category,code,label,parent,description,suggested_for\n"
)

func adminClient(t *testing.T) (*testkit.App, *testkit.Client) {
	t.Helper()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(admin, testkit.DemoPassword)
	return app, c
}

func exec(t *testing.T, app *testkit.App, sql string, args ...any) {
	t.Helper()
	if _, err := app.Pool.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// codedActivity gives Northbridge's first activity exactly the codes
// named, and returns its id.
func codedActivity(t *testing.T, app *testkit.App, codes ...string) int64 {
	t.Helper()
	var id int64
	if err := app.Pool.QueryRow(context.Background(), `SELECT a.id FROM activities a JOIN institutions i ON i.id = a.institution_id
		WHERE i.slug = 'northbridge' ORDER BY a.id LIMIT 1`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	exec(t, app, `DELETE FROM activity_codes WHERE activity_id = $1`, id)
	exec(t, app, `INSERT INTO activity_codes (institution_id, activity_id, code_id)
		SELECT c.institution_id, a.id, c.id FROM activities a JOIN evaluation_codes c ON c.institution_id = a.institution_id
		WHERE a.id = $1 AND c.code = ANY ($2)`, id, codes)
	return id
}

const northbridgeCodes = `SELECT c.code FROM evaluation_codes c JOIN institutions i ON i.id = c.institution_id
	WHERE i.slug = $1 ORDER BY c.position`

// A valid file is previewed without a write, then replaces the vocabulary
// on confirm: kept codes keep their place on activities (with the new
// label), left-out codes leave the vocabulary and the activities, other
// institutions keep theirs, and the import is audited.
func TestImportReplacesTheVocabularyOnConfirm(t *testing.T) {
	t.Parallel()
	app, c := adminClient(t)
	activity := codedActivity(t, app, "transition-into-he", "online")
	eastmere := testkit.Scalars[string](t, app, northbridgeCodes, "eastmere")

	file := []byte(header +
		"type,transition-into-he,Starting university,,Arriving and settling in.,induction\n" +
		"subtype,welcome-week,Welcome week,transition-into-he,,induction\n" +
		"mode,in-person,In person,,,\n" +
		"risk,eorr-7,Insufficient personal support,,,\n")
	before := testkit.Fingerprint(t, app.Pool)
	preview := c.UploadImport(paths.AdminCodes, file)
	if preview.StatusCode != http.StatusOK {
		t.Fatalf("preview = %d, want 200; %s", preview.StatusCode, preview.Doc().Find("main").Text())
	}
	if testkit.Fingerprint(t, app.Pool) != before {
		t.Fatal("showing the preview changed the database")
	}
	counts := strings.Join(strings.Fields(preview.Doc().Find("[data-testid=codes-counts]").Text()), " ")
	if want := "add 1, change 1 and remove 57 codes; 2 stay as they are"; !strings.Contains(counts, want) {
		t.Errorf("preview counts = %q, want it to say %q", counts, want)
	}
	removed := strings.Join(strings.Fields(preview.Doc().Find("[data-testid=codes-removed]").Text()), " ")
	if want := "Online (online): on 1 activity"; !strings.Contains(removed, want) {
		t.Errorf("removed codes = %q, want it to say %q", removed, want)
	}

	done := c.ConfirmImport(preview)
	if done.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm = %d, want 303; %s", done.StatusCode, done.Doc().Find("main").Text())
	}
	if diff := cmp.Diff([]string{"transition-into-he", "welcome-week", "in-person", "eorr-7"}, testkit.Scalars[string](t, app, northbridgeCodes, "northbridge")); diff != "" {
		t.Errorf("Northbridge's codes after the import (-want +got):\n%s", diff)
	}
	got := testkit.Scalars[string](t, app, `SELECT c.label FROM activity_codes ac JOIN evaluation_codes c ON c.id = ac.code_id WHERE ac.activity_id = $1`, activity)
	if diff := cmp.Diff([]string{"Starting university"}, got); diff != "" {
		t.Errorf("the activity's codes after the import (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(eastmere, testkit.Scalars[string](t, app, northbridgeCodes, "eastmere")); diff != "" {
		t.Errorf("Northbridge's import changed Eastmere's codes (-want +got):\n%s", diff)
	}
	audit := testkit.Scalars[string](t, app, `SELECT changes->'removed'->>'after' FROM audit_log WHERE action = 'import' AND entity = 'evaluation_codes'`)
	if len(audit) != 1 || !strings.Contains(audit[0], "online") {
		t.Errorf("audit of the import = %q, want one entry naming the removed codes", audit)
	}
	page := c.Get(paths.AdminCodes)
	if got := page.Doc().Find("[data-testid=codes-type] tbody tr").Length(); got != 1 {
		t.Errorf("activity types listed after the import = %d, want 1", got)
	}
}

// A file with bad lines is refused with every problem and its line, and
// nothing is written; so is a form sent without a file.
func TestImportWithBadLinesWritesNothing(t *testing.T) {
	t.Parallel()
	app, c := adminClient(t)
	before := testkit.Fingerprint(t, app.Pool)
	resp := c.UploadImport(paths.AdminCodes, []byte(header+
		"type,fine,A fine type,,,\n"+
		"subtype,orphan,No parent,,,\n"+
		"risk,eorr-1,Knowledge and skills,,,\n"+
		"colour,red,Red,,,\n"))
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad file = %d, want 422", resp.StatusCode)
	}
	var lines []string
	for _, row := range resp.Doc().Find("[data-testid=codes-problems] tbody tr").EachIter() {
		lines = append(lines, strings.TrimSpace(row.Find("td").First().Text()))
	}
	if diff := cmp.Diff([]string{"3", "5"}, lines); diff != "" {
		t.Errorf("lines reported (-want +got):\n%s", diff)
	}
	if testkit.Fingerprint(t, app.Pool) != before {
		t.Error("a file with bad lines changed the database")
	}

	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if _, err := mw.CreateFormFile("file", ""); err != nil {
		t.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	empty := c.PostBody(paths.AdminCodes, mw.FormDataContentType(), &buf)
	if empty.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("empty form = %d, want 422", empty.StatusCode)
	}
	if href, _ := empty.Doc().Find("[data-testid=error-summary] a").Attr("href"); href != "#file" {
		t.Errorf("empty form's error summary links to %q, want #file", href)
	}
	if testkit.Fingerprint(t, app.Pool) != before {
		t.Error("an empty form changed the database")
	}
}

// A preview confirmed after the vocabulary changed writes nothing: the
// person is asked to check the file again.
func TestImportConfirmedAfterAChangeWritesNothing(t *testing.T) {
	t.Parallel()
	app, c := adminClient(t)
	preview := c.UploadImport(paths.AdminCodes, []byte(header+"type,only-type,The only type,,,\n"))
	if preview.StatusCode != http.StatusOK {
		t.Fatalf("preview = %d, want 200", preview.StatusCode)
	}
	exec(t, app, `UPDATE evaluation_codes SET label = 'Renamed meanwhile' WHERE code = 'online'`)
	before := testkit.Fingerprint(t, app.Pool)
	resp := c.ConfirmImport(preview)
	if resp.StatusCode != http.StatusConflict || resp.Doc().Find("[data-testid=codes-conflict]").Length() != 1 {
		t.Fatalf("confirm after a change = %d, want 409 with the conflict explained", resp.StatusCode)
	}
	if testkit.Fingerprint(t, app.Pool) != before {
		t.Error("a confirm refused as stale changed the database")
	}
}
