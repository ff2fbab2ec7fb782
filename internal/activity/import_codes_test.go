package activity_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// The plan's CSV carries each activity's evaluation codes and the import
// reads them back: an export imported over activities whose codes were
// since cleared puts the codes back, and a new row's codes are saved with
// it. An unknown code is a problem at its own line (counted in the file,
// blank lines included) and nothing is written.
func TestPlanImportKeepsEvaluationCodes(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	prog := programmeID(t, app, "C100")
	tours := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title = 'Meet the Researcher: welcome week lab tours'`)
	inst := testkit.Scalar[int64](t, app, `SELECT institution_id FROM activities WHERE id = $1`, tours)
	pick := func(category string) string {
		return testkit.Scalar[string](t, app, `SELECT code FROM evaluation_codes WHERE institution_id = $1 AND category = $2 ORDER BY position, id LIMIT 1`, inst, category)
	}
	coded := []string{pick("type"), pick("mode"), pick("risk")}
	codesOf := func(activity int64) []string {
		return testkit.Scalars[string](t, app, `SELECT c.code FROM activity_codes ac JOIN evaluation_codes c ON c.id = ac.code_id
			WHERE ac.activity_id = $1 ORDER BY c.position, c.id`, activity)
	}
	testkit.Exec(t, app, `DELETE FROM activity_codes WHERE activity_id = $1`, tours)
	testkit.Exec(t, app, `INSERT INTO activity_codes (institution_id, activity_id, code_id)
		SELECT institution_id, $2, id FROM evaluation_codes WHERE institution_id = $1 AND code = ANY($3)`, inst, tours, coded)
	export := c.Get(paths.PlanCSV(prog, year))
	if export.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d", paths.PlanCSV(prog, year), export.StatusCode)
	}

	testkit.Exec(t, app, `DELETE FROM activity_codes WHERE activity_id = $1`, tours)
	header, _, _ := strings.Cut(strings.TrimSpace(string(export.Body)), "\n")
	newRow := ",Study buddies,mentoring,term_2,peers,co_curricular,programme,idea," + strconv.Itoa(year) + ",,by,,,free_to_students,,,,ug,1,,,,,,,,0,," +
		coded[0] + ";" + coded[2]
	withNew := strings.TrimRight(string(export.Body), "\n") + "\n" + newRow + "\n"
	resp := importPlan(t, c, prog, []byte(withNew))
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Text(), "1 added, 1 updated") {
		t.Fatalf("importing the export with a new row = %d: %s", resp.StatusCode, resp.Doc().Find("main").Text())
	}
	if diff := cmp.Diff(coded, codesOf(tours)); diff != "" {
		t.Errorf("codes of the lab tours after importing the export (-exported +imported):\n%s", diff)
	}
	buddies := testkit.Scalar[int64](t, app, `SELECT id FROM activities WHERE title = 'Study buddies' AND programme_id = $1`, prog)
	if diff := cmp.Diff([]string{coded[0], coded[2]}, codesOf(buddies)); diff != "" {
		t.Errorf("codes of the added activity (-in the file +saved):\n%s", diff)
	}
	if got := testkit.Scalar[int](t, app, `SELECT count(*) FROM audit_log WHERE action = 'import' AND entity_id = $1 AND changes ? 'codes'`, tours); got != 1 {
		t.Errorf("audit entries of the import naming the codes = %d, want 1", got)
	}

	// Line 1 is the header, line 2 blank, line 3 a fine row, line 4 an
	// unknown code, line 5 an unknown kind in a row without a codes cell.
	bad := header + "\n\n" +
		",Fine row,social,term_2,peers,curricular,programme,idea," + strconv.Itoa(year) + ",,for,,,,,,,ug,,,,,,,,,0,," + coded[0] + "\n" +
		",Unknown code,social,term_2,peers,curricular,programme,idea," + strconv.Itoa(year) + ",,for,,,,,,,ug,,,,,,,,,0,," + coded[0] + ";no-such-code\n" +
		",Unknown kind,rave,term_2,peers,curricular,programme,idea," + strconv.Itoa(year) + ",,for,,,,,,,ug,,,,,,,,,0,\n"
	before := testkit.Fingerprint(t, app.Pool)
	resp = c.UploadImport(paths.PlanImport(prog), []byte(bad))
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("import with an unknown code = %d, want 422", resp.StatusCode)
	}
	var problems [][2]string
	for _, row := range resp.Doc().Find("[data-testid=import-problems] tbody tr").EachIter() {
		problems = append(problems, [2]string{strings.TrimSpace(row.Find("td").Eq(0).Text()), strings.TrimSpace(row.Find("td").Eq(1).Text())})
	}
	want := [][2]string{{"4", "codes: no-such-code is not one of this institution's evaluation codes"}, {"5", "kind: Choose the kind of activity from the list"}}
	if diff := cmp.Diff(want, problems); diff != "" {
		t.Errorf("problems of a file with an unknown code (-want +got):\n%s", diff)
	}
	if testkit.Fingerprint(t, app.Pool) != before {
		t.Error("a refused import changed the database")
	}

	// Two activity types on one line are refused at that line too.
	second := testkit.Scalar[string](t, app, `SELECT code FROM evaluation_codes WHERE institution_id = $1 AND category = 'type' AND code <> $2 ORDER BY position, id LIMIT 1`, inst, coded[0])
	two := header + "\n" + ",Two types,social,term_2,peers,curricular,programme,idea," + strconv.Itoa(year) + ",,for,,,,,,,ug,,,,,,,,,0,," + coded[0] + ";" + second + "\n"
	if resp := c.UploadImport(paths.PlanImport(prog), []byte(two)); resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(resp.Doc().Find("[data-testid=import-problems] tbody").Text(), fmt.Sprintf("%s and %s are both activity types", coded[0], second)) {
		t.Errorf("import with two activity types on a line = %d: %s", resp.StatusCode, resp.Doc().Find("[data-testid=import-problems]").Text())
	}
}
