package activity_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// welsh reads pages in Welsh, as a browser that asks for it does.
var welsh = http.Header{"Accept-Language": {"cy-GB,cy;q=0.9,en;q=0.5"}}

// A planner reading in Welsh gets the plan, its coverage map, filters and
// counts, and the plan import with its preview and its problems, in Welsh:
// the words of the plan and components parts, the shared vocabulary and
// dates, with no English phrase of those parts left.
func TestPlanAndImportInWelsh(t *testing.T) {
	t.Parallel()
	app := testkit.NewApp(t)
	c := app.Client()
	c.SignIn(director, testkit.DemoPassword)
	prog := programmeID(t, app, "C100")
	e := editPlan(t, c, prog)
	c.Header = welsh

	plan := c.Get(fmt.Sprintf("/programmes/%d?year=%d", prog, year))
	if plan.StatusCode != http.StatusOK {
		t.Fatalf("plan in Welsh = %d", plan.StatusCode)
	}
	doc := plan.Doc()
	text := strings.Join(strings.Fields(doc.Find("main").Text()), " ")
	for _, want := range []string{"Blwyddyn academaidd", "Gweithgareddau eleni", "O fewn y cwricwlwm", "Map cwmpas", "Wythnos groeso",
		"Cyfoedion", "Unrhyw fath", "Ychwanegu gweithgaredd", "Modiwlau a thîm", "Sesiynau"} {
		if !strings.Contains(text, want) {
			t.Errorf("the Welsh plan does not say %q", want)
		}
	}
	if got := doc.Find("title").Text(); !strings.Contains(got, "Cynllun C100") {
		t.Errorf("the Welsh plan's title = %q, want it to name Cynllun C100", got)
	}
	testkit.NoEnglishLeft(t, "the plan", text, "plan", "components")

	filtered := c.Get(fmt.Sprintf("/programmes/%d?year=%d&kind=social&stage=term_1", prog, year)).Doc()
	if got := strings.TrimSpace(filtered.Find("[data-testid=result-count]").Text()); got != "2 weithgaredd yn cyfateb i'r hidlwyr" {
		t.Errorf("filtered count in Welsh = %q, want the dual form", got)
	}

	form := c.Get(paths.PlanImport(prog))
	text = strings.Join(strings.Fields(form.Doc().Find("main").Text()), " ")
	for _, want := range []string{"Mewnforio gweithgareddau", "Sut mae'n gweithio", "Gwirio'r ffeil"} {
		if !strings.Contains(text, want) {
			t.Errorf("the Welsh import page does not say %q", want)
		}
	}
	testkit.NoEnglishLeft(t, "the import page", text, "plan", "components")

	preview := c.UploadImport(paths.PlanImport(prog), e.file)
	if preview.StatusCode != http.StatusOK {
		t.Fatalf("preview in Welsh = %d", preview.StatusCode)
	}
	text = strings.Join(strings.Fields(preview.Doc().Find("main").Text()), " ")
	for _, want := range []string{"Gwiriwch beth fydd eich ffeil yn ei newid", "yn symud o: y rhaglen gyfan (dim modiwl) i: modiwl BIO2005",
		"Teitl", "Mewnforio'r newidiadau hyn"} {
		if !strings.Contains(text, want) {
			t.Errorf("the Welsh import preview does not say %q", want)
		}
	}
	testkit.NoEnglishLeft(t, "the import preview", text, "plan", "components")

	bad := c.UploadImport(paths.PlanImport(prog), bytes.Replace(e.file, []byte("BIO2005"), []byte("NOPE101"), 1))
	if bad.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a file with a problem, in Welsh = %d, want 422", bad.StatusCode)
	}
	text = strings.Join(strings.Fields(bad.Doc().Find("main").Text()), " ")
	if want := "module_code: nid yw NOPE101 yn un o fodiwlau'r rhaglen hon"; !strings.Contains(text, want) {
		t.Errorf("the Welsh problems do not say %q: %s", want, text)
	}
	testkit.NoEnglishLeft(t, "the import's problems", text, "plan", "components")
}
