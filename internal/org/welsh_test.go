package org_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// welshClient is the admin reading in Welsh, as a browser that asks for
// Welsh first.
func welshClient(t *testing.T) (*testkit.App, *testkit.Client) {
	t.Helper()
	app, c := adminClient(t)
	c.Header = http.Header{"Accept-Language": {"cy"}}
	return app, c
}

// mainText is a page's main content with its spaces folded.
func mainText(resp *testkit.Response) string {
	return strings.Join(strings.Fields(resp.Doc().Find("main").Text()), " ")
}

// The administration pages read in Welsh: the overview, the lists and
// forms of departments, programmes and modules, the programme index and a
// module's page, the structure import and the failed jobs page; each
// shows its Welsh words and none of the org part's English sentences.
func TestAdministrationInWelsh(t *testing.T) {
	t.Parallel()
	app, c := welshClient(t)
	ctx := context.Background()
	dept := id(t, app, `SELECT id FROM departments WHERE institution_id = (SELECT id FROM institutions WHERE slug = 'northbridge') ORDER BY id LIMIT 1`)
	prog := id(t, app, `SELECT id FROM programmes WHERE institution_id = (SELECT id FROM institutions WHERE slug = 'northbridge') ORDER BY id LIMIT 1`)
	mod := id(t, app, `SELECT module_id FROM programme_modules WHERE programme_id = $1 ORDER BY module_id LIMIT 1`, prog)
	if _, err := app.Pool.Exec(ctx, `
		INSERT INTO river_job (args, kind, max_attempts, metadata, queue, state, attempt, attempted_at, finalized_at, errors)
		VALUES ('{}', 'invitation_mail', 3, jsonb_build_object('institution_id', (SELECT id FROM institutions WHERE slug = 'northbridge')),
		        'mail', 'discarded', 3, now(), now(), ARRAY[jsonb_build_object('at', now(), 'attempt', 3, 'error', 'smtp: refused', 'trace', '')])`); err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct {
		path, title string
		want        []string
	}{
		{paths.Admin, "Gweinyddu", []string{"Strwythur", "Gwahoddiadau'n aros", "Log archwilio", "Tasgau cefndir", "Pori'r log archwilio"}},
		{paths.AdminDepartments, "Adrannau", []string{"Ychwanegu adran", "Chwilio yn ôl enw", "Cynnwys rhai wedi'u harchifo", "Gweithredol"}},
		{paths.NewDepartment, "Ychwanegu adran", []string{"Er enghraifft, Ysgol y Biowyddorau", "Cadw'r adran"}},
		{paths.Department(dept), "", []string{"Cadw'r adran", "Archifo'r adran hon"}},
		{paths.AdminProgrammes, "Rhaglenni", []string{"Ychwanegu rhaglen", "Mewnforio o CSV", "Pob adran", "Israddedig"}},
		{paths.NewProgramme, "Ychwanegu rhaglen", []string{"Maint carfan arferol", "Hyd mewn blynyddoedd", "Dewiswch adran", "Ôl-raddedig a addysgir"}},
		{paths.AdminProgramme(prog), "", []string{"Agor cynllun y rhaglen hon", "Blwyddyn astudio", "Ychwanegu'r modiwl", "Archifo'r rhaglen hon"}},
		{paths.AdminModules, "Modiwlau", []string{"Ychwanegu modiwl", "Chwilio yn ôl cod neu deitl", "Credydau"}},
		{paths.NewModule, "Ychwanegu modiwl", []string{"Er enghraifft, BIO1001", "Cadw'r modiwl"}},
		{paths.AdminModule(mod), "", []string{"Cadw'r modiwl", "Archifo'r modiwl hwn", ", blwyddyn"}},
		{paths.Programmes, "Rhaglenni", []string{"Rheoli rhaglenni", "carfan"}},
		{paths.Module(mod), "", []string{"Gweithgareddau ar y modiwl hwn", "Rhaglenni y mae'r modiwl hwn yn eu gwasanaethu", "credyd"}},
		{paths.AdminImport, "Mewnforio rhaglenni a modiwlau", []string{"Gwirio'r ffeil", "Y fformat", "Lawrlwytho templed", "Teitl llawn"}},
		{paths.AdminJobs, "Tasgau a fethodd", []string{"E-bost: gwahoddiad", "Rhoddodd y gorau iddi ar ôl 3 ymgais", "Daeth i ben", "Rhedeg eto", "Gwall diwethaf"}},
	} {
		resp := c.Get(p.path)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s in Welsh = %d, want 200", p.path, resp.StatusCode)
			continue
		}
		if got := resp.Doc().Find("title").Text(); p.title != "" && !strings.HasPrefix(got, p.title) {
			t.Errorf("title of %s = %q, want it to begin %q", p.path, got, p.title)
		}
		text := mainText(resp)
		for _, w := range p.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s in Welsh does not say %q", p.path, w)
			}
		}
		testkit.NoEnglishLeft(t, p.path, text, "org")
	}
}

// A form sent empty in Welsh answers 422 with its errors in Welsh, and an
// import's problems are in Welsh too.
func TestAdministrationErrorsInWelsh(t *testing.T) {
	t.Parallel()
	_, c := welshClient(t)
	for _, f := range []struct {
		path string
		want []string
	}{
		{paths.AdminDepartments, []string{"Rhowch enw'r adran"}},
		{paths.AdminProgrammes, []string{"Rhowch god y rhaglen", "Rhowch deitl y rhaglen", "Dewiswch adran", "Dewiswch lefel y rhaglen"}},
		{paths.AdminModules, []string{"Rhowch god y modiwl", "Rhowch deitl y modiwl", "Dewiswch adran"}},
	} {
		resp := c.Post(f.path, url.Values{})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("POST %s empty in Welsh = %d, want 422", f.path, resp.StatusCode)
			continue
		}
		summary := resp.Doc().Find(".error-summary").Text()
		for _, w := range f.want {
			if !strings.Contains(summary, w) {
				t.Errorf("POST %s empty: the error summary does not say %q:\n%s", f.path, w, summary)
			}
		}
		testkit.NoEnglishLeft(t, f.path, mainText(resp), "org")
	}

	bad := upload(t, c, []byte(header+"course,X1,Title,Dept,,,,,,\nprogramme,C9,Title,Dept,ug,,20,9,,\n"))
	if bad.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("an import with problems in Welsh = %d, want 422", bad.StatusCode)
	}
	problems := strings.Join(strings.Fields(bad.Doc().Find("[data-testid=import-problems]").Text()), " ")
	for _, w := range []string{"Ni fewnforiwyd dim", "Cywirwch y 2 broblem hyn", `Rhaid i kind fod yn programme neu module, nid "course".`, `Rhaid i years fod yn rhif cyfan o 1 i 8, nid "9".`} {
		if !strings.Contains(problems, w) {
			t.Errorf("the import's problems in Welsh do not say %q:\n%s", w, problems)
		}
	}
	testkit.NoEnglishLeft(t, "the import's problems", problems, "org")
	if resp := c.UploadImport(paths.AdminImport, nil); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(resp.Doc().Find(".error-summary").Text(), "Mae'r ffeil yn wag.") {
		t.Errorf("an empty import file in Welsh = %d, want 422 saying so in Welsh:\n%s", resp.StatusCode, resp.Doc().Find(".error-summary").Text())
	}
}
