package server_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/crewjam/saml"
	"github.com/go-chi/chi/v5"

	"belonging/internal/blob"
	"belonging/internal/seed"
	"belonging/internal/sso"
	"belonging/internal/testkit"
	"belonging/web"
)

// The people the matrix signs in as, least privileged first, all of
// Northbridge University except the coordinator. "other" cases aim them at
// the University of Eastmere's records.
var matrixRoles = []struct{ name, email string }{
	{"anon", ""},
	{"coordinator", "coordinator@belonging.network"},
	{"viewer", "viewer@northbridge.ac.uk"},
	{"member", "member@northbridge.ac.uk"},
	{"leader", "leader@northbridge.ac.uk"},
	{"director", "director@northbridge.ac.uk"},
	{"admin", "admin@northbridge.ac.uk"},
}

// world holds the ids of the seeded records the matrix aims at, own
// (Northbridge) and other (Eastmere).
type world map[string]int64

func loadWorld(t *testing.T, app *testkit.App) world {
	t.Helper()
	w := world{}
	q := func(key, sql string, args ...any) {
		var id int64
		if err := app.Pool.QueryRow(context.Background(), sql, args...).Scan(&id); err != nil {
			t.Fatalf("world %s: %v", key, err)
		}
		w[key] = id
	}
	for _, side := range []struct{ suffix, slug, dept, prog, mod, otherMod, person, invite, activity, caseStudy, draft string }{
		{"", "northbridge", "School of Biosciences", "C100", "BIO1001", "BIO1002", "j.nowak@northbridge.ac.uk", "new.lecturer@northbridge.ac.uk", "Pizza evenings for first years",
			"Extended induction: the same tutor all year", "Pizza evenings run by the student society"},
		{"Other", "eastmere", "Department of History", "V100", "HIS1001", "HIS1005", "director@eastmere.ac.uk", "new.lecturer@eastmere.ac.uk", "History café",
			"An archive treasure hunt in welcome week: new historians handle real sources", "An archive treasure hunt in welcome week: new historians handle real sources"},
	} {
		q("department"+side.suffix, `SELECT d.id FROM departments d JOIN institutions i ON i.id = d.institution_id WHERE i.slug = $1 AND d.name = $2`, side.slug, side.dept)
		q("programme"+side.suffix, `SELECT p.id FROM programmes p JOIN institutions i ON i.id = p.institution_id WHERE i.slug = $1 AND p.code = $2`, side.slug, side.prog)
		q("module"+side.suffix, `SELECT m.id FROM modules m JOIN institutions i ON i.id = m.institution_id WHERE i.slug = $1 AND m.code = $2`, side.slug, side.mod)
		q("unlinkedModule"+side.suffix, `SELECT m.id FROM modules m JOIN institutions i ON i.id = m.institution_id WHERE i.slug = $1 AND m.code = $2`, side.slug, side.otherMod)
		q("person"+side.suffix, `SELECT id FROM users WHERE email = $1`, side.person)
		q("membership"+side.suffix, `SELECT m.id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1`, side.person)
		q("invitation"+side.suffix, `SELECT id FROM invitations WHERE email = $1`, side.invite)
		q("activity"+side.suffix, `SELECT a.id FROM activities a JOIN institutions i ON i.id = a.institution_id WHERE i.slug = $1 AND a.title = $2`, side.slug, side.activity)
		q("session"+side.suffix, `SELECT min(s.id) FROM activity_sessions s JOIN activities a ON a.id = s.activity_id JOIN institutions i ON i.id = a.institution_id WHERE i.slug = $1 AND a.title = $2`, side.slug, side.activity)
		q("outcome"+side.suffix, `SELECT min(o.id) FROM outcomes o JOIN activities a ON a.id = o.activity_id JOIN institutions i ON i.id = a.institution_id WHERE i.slug = $1 AND (a.title = $2 OR $1 = 'eastmere')`, side.slug, side.activity)
		w["evidence"+side.suffix] = addFileEvidence(t, app, w["activity"+side.suffix])
		// A mechanism of change (a part the activity form's text never rewrites).
		q("tocEntry"+side.suffix, `INSERT INTO toc_entries (institution_id, activity_id, part, position, body)
			SELECT institution_id, id, 'mechanism', 1, 'Eating together lowers the stakes of talking' FROM activities WHERE id = $1 RETURNING id`, w["activity"+side.suffix])
		q("caseStudy"+side.suffix, `SELECT c.id FROM case_studies c JOIN institutions i ON i.id = c.institution_id WHERE i.slug = $1 AND c.title = $2`, side.slug, side.caseStudy)
		q("draft"+side.suffix, `SELECT c.id FROM case_studies c JOIN institutions i ON i.id = c.institution_id WHERE i.slug = $1 AND c.title = $2`, side.slug, side.draft)
		q("survey"+side.suffix, `SELECT min(s.id) FROM surveys s JOIN institutions i ON i.id = s.institution_id WHERE i.slug = $1 AND s.phase = 'single'`, side.slug)
		// An activity's before/after pair (Eastmere has none: any of its surveys).
		q("pairSurvey"+side.suffix, `SELECT min(s.id) FROM surveys s JOIN institutions i ON i.id = s.institution_id WHERE i.slug = $1 AND (s.phase = 'post' OR $1 = 'eastmere')`, side.slug)
		q("instrument"+side.suffix, `SELECT min(x.id) FROM survey_instruments x JOIN institutions i ON i.id = x.institution_id WHERE i.slug = $1`, side.slug)
		// An email job of the institution that gave up after its retries.
		q("failedJob"+side.suffix, `
			INSERT INTO river_job (args, kind, max_attempts, metadata, queue, state, attempt, attempted_at, finalized_at, errors)
			SELECT '{"invitation_id": 1}', 'invitation_mail', 12, jsonb_build_object('institution_id', i.id), 'mail', 'discarded', 12, now(), now(),
			       ARRAY[jsonb_build_object('at', now(), 'attempt', 12, 'error', 'the mail server refused the recipient', 'trace', '')]
			FROM institutions i WHERE i.slug = $1 RETURNING id`, side.slug)
	}
	// An identity provider (SAML, not yet shown on the sign-in pages) and a
	// SCIM token on each side.
	idpXML := idpMetadata(t)
	for _, side := range []struct{ suffix, slug string }{{"", "northbridge"}, {"Other", "eastmere"}} {
		q("provider"+side.suffix, `INSERT INTO identity_providers (institution_id, protocol, name, saml_metadata_xml)
			SELECT id, 'saml', 'Single sign-on', $2 FROM institutions WHERE slug = $1 RETURNING id`, side.slug, idpXML)
		q("scimToken"+side.suffix, `INSERT INTO scim_tokens (institution_id, token_hash, description)
			SELECT id, sha256(convert_to($1, 'UTF8')), 'Entra provisioning' FROM institutions WHERE slug = $1 RETURNING id`, side.slug)
	}
	q("builtin", `SELECT id FROM survey_instruments WHERE institution_id IS NULL ORDER BY id LIMIT 1`)
	// A coordinator's collection, not shared, holding one case study.
	var col int64
	err := app.Pool.QueryRow(context.Background(), `
		WITH c AS (INSERT INTO collections (owner_id, title) SELECT id, 'Matrix collection' FROM users WHERE email = 'coordinator@belonging.network' RETURNING id)
		INSERT INTO collection_items (collection_id, case_study_id, position) SELECT c.id, $1, 1 FROM c RETURNING collection_id`, w["caseStudyOther"]).Scan(&col)
	if err != nil {
		t.Fatal(err)
	}
	w["collection"], w["collectionItem"] = col, w["caseStudyOther"]
	// Programme teams' collections (issue 23) on each side: one private to
	// the team, one shared in the institution, each holding its own
	// institution's case study.
	for _, side := range []struct{ suffix, slug, prog string }{{"", "northbridge", "C100"}, {"Other", "eastmere", "V100"}} {
		for key, shared := range map[string]bool{"teamCollection": false, "teamShared": true} {
			q(key+side.suffix, `
				WITH c AS (INSERT INTO collections (owner_id, title, shared, institution_id, programme_id)
				           SELECT m.user_id, 'Team reading', $3, p.institution_id, p.id FROM programmes p JOIN institutions i ON i.id = p.institution_id
				           JOIN memberships m ON m.programme_id = p.id AND m.role = 'director'
				           WHERE i.slug = $1 AND p.code = $2 ORDER BY m.id LIMIT 1 RETURNING id)
				INSERT INTO collection_items (collection_id, case_study_id, position) SELECT c.id, $4, 1 FROM c RETURNING collection_id`,
				side.slug, side.prog, shared, w["caseStudy"+side.suffix])
		}
	}
	// Another institution's draft that nobody outside it may know of.
	var hidden int64
	err = app.Pool.QueryRow(context.Background(), `
		INSERT INTO case_studies (institution_id, programme_id, activity_id, title, kind, stage, placement, academic_year)
		SELECT institution_id, programme_id, activity_id, 'Unshared draft', kind, stage, placement, academic_year FROM case_studies WHERE id = $1
		RETURNING id`, w["caseStudyOther"]).Scan(&hidden)
	if err != nil {
		t.Fatal(err)
	}
	w["hiddenOther"] = hidden
	loadPartnerWorld(t, app, w)
	return w
}

// path fills {name} placeholders from the world, own or other.
func (w world) path(pattern string, other bool) string {
	suffix := ""
	if other {
		suffix = "Other"
	}
	out := pattern
	// A key named in full ({draftOther}) is always that record.
	for k, v := range w {
		if strings.HasSuffix(k, "Other") {
			out = strings.ReplaceAll(out, "{"+k+"}", strconv.FormatInt(v, 10))
		}
	}
	replacer := map[string]string{}
	for k, v := range w {
		if strings.HasSuffix(k, "Other") == other {
			replacer["{"+strings.TrimSuffix(k, suffix)+"}"] = strconv.FormatInt(v, 10)
		}
	}
	for k, v := range replacer {
		out = strings.ReplaceAll(out, k, v)
	}
	return out
}

type matrixCase struct {
	method string
	route  string // the router's pattern, as chi.Walk reports it
	path   string // with {world} placeholders
	form   func(w world) url.Values
	body   func() (string, []byte) // content type and body, instead of form
	own    string                  // expected statuses in matrixRoles order
	other  string                  // for routes with an id: the same aimed at Eastmere
	// fresh runs each role against its own new database, for changes that
	// would otherwise alter what the next role finds (deleting a session).
	fresh bool
	// otherPath, for a route naming two records, aims one of them
	// (otherKey, a world key such as hiddenOther) at another institution.
	otherPath, otherKey string
}

const (
	// Planning: the director and admins plan; the module leader adds to
	// their module; the activity's lead (the member) edits their activity.
	planOnly     = "303 404 403 403 403 303 303"
	planPage     = "303 404 403 403 403 200 200"
	activityEdit = "303 404 403 303 403 303 303"
	activityPage = "303 404 403 200 403 200 200"
	everyone     = "200 200 200 200 200 200 200"
	signedIn     = "303 200 200 200 200 200 200"
	adminOnly    = "303 403 403 403 403 403 200"
	adminPost    = "303 403 403 403 403 403 303"
	adminOther   = "303 403 403 403 403 403 404"
	programmeAll = "303 404 200 200 200 200 200"
	notAnyone    = "303 404 404 404 404 404 404"
)

func matrix() []matrixCase {
	importCSV := func() (string, []byte) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("file", "structure.csv")
		fmt.Fprint(fw, "kind,code,title,department,level,subject_area,cohort_size,years,credits,programmes\nprogramme,Z100,BSc Matrix Studies,School of Biosciences,ug,Biosciences,30,3,,\n")
		mw.Close()
		return mw.FormDataContentType(), buf.Bytes()
	}
	programmeForm := func(code string) func(world) url.Values {
		return func(w world) url.Values {
			return url.Values{"code": {code}, "title": {"BSc Matrix Studies"}, "department": {strconv.FormatInt(w["department"], 10)},
				"level": {"ug"}, "cohort_size": {"40"}, "years": {"3"}}
		}
	}
	moduleForm := func(code string) func(world) url.Values {
		return func(w world) url.Values {
			return url.Values{"code": {code}, "title": {"Matrix Methods"}, "department": {strconv.FormatInt(w["department"], 10)}, "credits": {"20"}}
		}
	}
	return append(partnerCases(), []matrixCase{
		{method: "GET", route: "/healthz", own: everyone},
		{method: "GET", route: "/readyz", own: everyone},
		{method: "GET", route: "/metrics", own: everyone},
		{method: "GET", route: "/static/*", path: web.Asset("app.css"), own: everyone},
		// The language link (issue 19): everyone is sent back with the cookie.
		{method: "GET", route: "/language", path: "/language?to=cy&back=%2F", own: "303 303 303 303 303 303 303"},
		{method: "GET", route: "/sign-in", own: "200 303 303 303 303 303 303"},
		{method: "POST", route: "/sign-in", own: "422 422 422 422 422 422 422"},
		{method: "POST", route: "/sign-out", own: "303 303 303 303 303 303 303"},
		{method: "GET", route: "/accessibility", own: everyone},
		{method: "GET", route: "/privacy", own: everyone},
		{method: "GET", route: "/accessibility/{slug}", path: "/accessibility/northbridge", own: everyone},
		{method: "GET", route: "/privacy/{slug}", path: "/privacy/northbridge", own: everyone},
		{method: "POST", route: "/sign-in/university", form: func(world) url.Values { return url.Values{"university_email": {"someone@northbridge.ac.uk"}} }, own: "303 303 303 303 303 303 303"},
		{method: "GET", route: "/sign-in/institutions", own: everyone},
		{method: "GET", route: "/sign-in/institutions/{slug}", path: "/sign-in/institutions/northbridge", own: everyone},
		// A provider not yet enabled can be tried by its institution's admins
		// alone; to everyone else it does not exist.
		{method: "GET", route: "/sso/{id}/start", path: "/sso/{provider}/start", own: "404 404 404 404 404 404 302", other: "404 404 404 404 404 404 404"},
		{method: "GET", route: "/sso/{id}/callback", path: "/sso/{provider}/callback", own: "404 404 404 404 404 404 404"},
		{method: "GET", route: "/sso/complete", own: "400 400 400 400 400 400 400"},
		{method: "GET", route: "/sso/sign-out", own: "303 303 303 303 303 303 303"},
		{method: "GET", route: "/saml/{slug}/metadata", path: "/saml/northbridge/metadata", own: everyone},
		{method: "POST", route: "/saml/{slug}/acs", path: "/saml/northbridge/acs", own: "400 400 400 400 400 400 400"},
		{method: "GET", route: "/saml/{slug}/slo", path: "/saml/northbridge/slo", own: "400 400 400 400 400 400 400"},
		{method: "GET", route: "/forgot-password", own: everyone},
		// The same answer for everyone; each role on its own database, since
		// the requests are throttled like sign-ins.
		{method: "POST", route: "/forgot-password", form: func(world) url.Values { return url.Values{"email": {"nobody@northbridge.ac.uk"}} }, own: everyone, fresh: true},
		{method: "GET", route: "/reset-password/{token}", path: "/reset-password/not-a-real-token", own: "404 404 404 404 404 404 404"},
		{method: "POST", route: "/reset-password/{token}", path: "/reset-password/not-a-real-token", own: "404 404 404 404 404 404 404"},
		// SCIM clients authenticate with an institution's bearer token, never a session.
		{method: "GET", route: "/scim/v2/ServiceProviderConfig", own: "401 401 401 401 401 401 401"},
		{method: "GET", route: "/scim/v2/ResourceTypes", own: "401 401 401 401 401 401 401"},
		{method: "GET", route: "/scim/v2/Schemas", own: "401 401 401 401 401 401 401"},
		{method: "GET", route: "/scim/v2/Users", own: "401 401 401 401 401 401 401"},
		{method: "POST", route: "/scim/v2/Users", own: "401 401 401 401 401 401 401"},
		{method: "GET", route: "/scim/v2/Users/{id}", path: "/scim/v2/Users/{person}", own: "401 401 401 401 401 401 401"},
		{method: "PUT", route: "/scim/v2/Users/{id}", path: "/scim/v2/Users/{person}", own: "401 401 401 401 401 401 401"},
		{method: "PATCH", route: "/scim/v2/Users/{id}", path: "/scim/v2/Users/{person}", own: "401 401 401 401 401 401 401"},
		{method: "DELETE", route: "/scim/v2/Users/{id}", path: "/scim/v2/Users/{person}", own: "401 401 401 401 401 401 401"},
		{method: "GET", route: "/invitations/{token}", path: "/invitations/not-a-real-token", own: "404 404 404 404 404 404 404"},
		{method: "POST", route: "/invitations/{token}", path: "/invitations/not-a-real-token", own: "404 404 404 404 404 404 404"},
		{method: "GET", route: "/dev/mail", own: everyone},

		{method: "GET", route: "/", own: signedIn},
		{method: "GET", route: "/account", own: signedIn},
		{method: "GET", route: "/account/data.zip", own: signedIn},
		{method: "POST", route: "/account/password", own: "303 422 422 422 422 422 422"},
		{method: "POST", route: "/account/notifications", own: "303 303 422 422 422 422 422"},
		{method: "POST", route: "/account/calendar/feed", own: "303 303 303 303 303 303 303"},
		{method: "POST", route: "/account/calendar/feed/revoke", own: "303 303 303 303 303 303 303"},
		{method: "GET", route: "/unsubscribe/{token}", path: "/unsubscribe/not-a-real-token", own: "404 404 404 404 404 404 404"},
		{method: "POST", route: "/unsubscribe/{token}", path: "/unsubscribe/not-a-real-token", own: "404 404 404 404 404 404 404"},
		{method: "GET", route: "/programmes", own: signedIn},
		{method: "GET", route: "/programmes/{id}", path: "/programmes/{programme}", own: programmeAll, other: notAnyone},
		{method: "GET", route: "/modules/{id}", path: "/modules/{module}", own: programmeAll, other: notAnyone},

		{method: "GET", route: "/admin", own: adminOnly},
		{method: "GET", route: "/admin/departments", own: adminOnly},
		{method: "GET", route: "/admin/departments/new", own: adminOnly},
		{method: "POST", route: "/admin/departments", form: func(world) url.Values { return url.Values{"name": {"Matrix Department"}} }, own: adminPost},
		{method: "GET", route: "/admin/departments/{id}", path: "/admin/departments/{department}", own: adminOnly, other: adminOther},
		{method: "POST", route: "/admin/departments/{id}", path: "/admin/departments/{department}", form: func(world) url.Values { return url.Values{"name": {"School of Life Sciences"}} }, own: adminPost, other: adminOther},
		{method: "POST", route: "/admin/departments/{id}/archive", path: "/admin/departments/{department}/archive", own: "303 403 403 403 403 403 409", other: adminOther},
		{method: "POST", route: "/admin/departments/{id}/restore", path: "/admin/departments/{department}/restore", own: adminPost, other: adminOther},

		{method: "GET", route: "/admin/programmes", own: adminOnly},
		{method: "GET", route: "/admin/programmes/new", own: adminOnly},
		{method: "POST", route: "/admin/programmes", form: programmeForm("Z200"), own: adminPost},
		{method: "GET", route: "/admin/programmes/{id}", path: "/admin/programmes/{programme}", own: adminOnly, other: adminOther},
		{method: "POST", route: "/admin/programmes/{id}", path: "/admin/programmes/{programme}", form: programmeForm("C100"), own: adminPost, other: adminOther},
		{method: "POST", route: "/admin/programmes/{id}/archive", path: "/admin/programmes/{programme}/archive", own: adminPost, other: adminOther},
		{method: "POST", route: "/admin/programmes/{id}/restore", path: "/admin/programmes/{programme}/restore", own: adminPost, other: adminOther},
		{method: "POST", route: "/admin/programmes/{id}/modules", path: "/admin/programmes/{programme}/modules",
			form: func(w world) url.Values {
				return url.Values{"module": {strconv.FormatInt(w["unlinkedModule"], 10)}, "year": {"1"}}
			}, own: adminPost, other: adminOther},
		{method: "POST", route: "/admin/programmes/{id}/modules/{moduleID}/remove", path: "/admin/programmes/{programme}/modules/{module}/remove", own: adminPost, other: adminOther},

		{method: "GET", route: "/admin/modules", own: adminOnly},
		{method: "GET", route: "/admin/modules/new", own: adminOnly},
		{method: "POST", route: "/admin/modules", form: moduleForm("ZZZ1001"), own: adminPost},
		{method: "GET", route: "/admin/modules/{id}", path: "/admin/modules/{module}", own: adminOnly, other: adminOther},
		{method: "POST", route: "/admin/modules/{id}", path: "/admin/modules/{module}", form: moduleForm("BIO1001"), own: adminPost, other: adminOther},
		{method: "POST", route: "/admin/modules/{id}/archive", path: "/admin/modules/{module}/archive", own: adminPost, other: adminOther},
		{method: "POST", route: "/admin/modules/{id}/restore", path: "/admin/modules/{module}/restore", own: adminPost, other: adminOther},

		{method: "GET", route: "/admin/import", own: adminOnly},
		{method: "GET", route: "/admin/import/template.csv", own: adminOnly},
		{method: "POST", route: "/admin/import", body: importCSV, own: adminOnly},
		// Evaluation: cohort outcome figures, previewed before anything is written.
		{method: "GET", route: "/admin/cohort-figures", own: adminOnly},
		{method: "POST", route: "/admin/cohort-figures", body: func() (string, []byte) {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			fw, _ := mw.CreateFormFile("file", "cohorts.csv")
			fmt.Fprint(fw, "programme,academic_year,measure,numerator,denominator\nC100,2024/25,continuation,170,180\n")
			mw.Close()
			return mw.FormDataContentType(), buf.Bytes()
		}, own: adminOnly},

		{method: "GET", route: "/admin/people", own: adminOnly},
		{method: "GET", route: "/admin/people/invite", own: adminOnly},
		{method: "POST", route: "/admin/people/invite", form: func(w world) url.Values {
			return url.Values{"email": {"matrix.person@northbridge.ac.uk"}, "role": {"member"}, "programme": {strconv.FormatInt(w["programme"], 10)}}
		}, own: adminPost},
		{method: "GET", route: "/admin/people/{id}", path: "/admin/people/{person}", own: adminOnly, other: adminOther},
		{method: "POST", route: "/admin/people/{id}/reset-link", path: "/admin/people/{person}/reset-link", own: adminPost, other: adminOther},
		{method: "GET", route: "/admin/sign-in", own: adminOnly},
		{method: "POST", route: "/admin/sign-in", form: func(world) url.Values {
			return url.Values{"domains": {"northbridge.ac.uk"}, "passwords": {"allowed"}, "unknown_people": {"refuse"}}
		}, own: adminPost},
		{method: "GET", route: "/admin/sign-in/providers/new", path: "/admin/sign-in/providers/new?protocol=oidc", own: adminOnly},
		{method: "POST", route: "/admin/sign-in/providers", form: func(world) url.Values {
			return url.Values{"protocol": {"oidc"}, "name": {"Matrix account"}, "flavour": {"generic"}}
		}, own: "303 403 403 403 403 403 422"},
		{method: "GET", route: "/admin/sign-in/providers/{id}", path: "/admin/sign-in/providers/{provider}", own: adminOnly, other: adminOther},
		{method: "POST", route: "/admin/sign-in/providers/{id}", path: "/admin/sign-in/providers/{provider}", form: func(world) url.Values {
			return url.Values{"name": {"Matrix single sign-on"}}
		}, own: "303 403 403 403 403 403 422", other: adminOther},
		{method: "POST", route: "/admin/sign-in/providers/{id}/delete", path: "/admin/sign-in/providers/{provider}/delete", own: adminPost, other: adminOther},
		{method: "POST", route: "/admin/sign-in/scim-tokens", form: func(world) url.Values { return url.Values{"description": {"Matrix token"}} }, own: adminOnly},
		{method: "POST", route: "/admin/sign-in/scim-tokens/{id}/revoke", path: "/admin/sign-in/scim-tokens/{scimToken}/revoke", own: adminPost, other: adminOther},

		{method: "POST", route: "/admin/people/{id}/memberships", path: "/admin/people/{person}/memberships", form: func(w world) url.Values {
			return url.Values{"role": {"viewer"}, "department": {strconv.FormatInt(w["department"], 10)}}
		}, own: adminPost, other: adminOther},
		{method: "POST", route: "/admin/people/{id}/memberships/{membershipID}/remove", path: "/admin/people/{person}/memberships/{membership}/remove", own: adminPost, other: adminOther},
		{method: "POST", route: "/admin/people/{id}/disable", path: "/admin/people/{person}/disable", own: adminPost, other: adminOther},
		{method: "POST", route: "/admin/people/{id}/enable", path: "/admin/people/{person}/enable", own: adminPost, other: adminOther},
		{method: "GET", route: "/admin/people/{id}/data.zip", path: "/admin/people/{person}/data.zip", own: adminOnly, other: adminOther},
		{method: "GET", route: "/admin/people/{id}/erase", path: "/admin/people/{person}/erase", own: adminOnly, other: adminOther},
		// Without the confirmation ticked: the admin gets the form back and
		// nobody is erased, so the rows after this one find the same world.
		{method: "POST", route: "/admin/people/{id}/erase", path: "/admin/people/{person}/erase", own: "303 403 403 403 403 403 422", other: adminOther},
		{method: "POST", route: "/admin/invitations/{id}/revoke", path: "/admin/invitations/{invitation}/revoke", own: adminPost, other: adminOther},
		{method: "GET", route: "/admin/audit", own: adminOnly},
		{method: "GET", route: "/admin/jobs", own: adminOnly},
		{method: "POST", route: "/admin/jobs/{id}/retry", path: "/admin/jobs/{failedJob}/retry", own: adminPost, other: adminOther},

		// Evaluation codes: the vocabulary is the institution's, for its admins.
		{method: "GET", route: "/admin/codes", own: adminOnly},
		{method: "GET", route: "/admin/codes.csv", own: adminOnly},
		{method: "POST", route: "/admin/codes", body: func() (string, []byte) {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			fw, _ := mw.CreateFormFile("file", "codes.csv")
			fmt.Fprint(fw, "category,code,label,parent,description,suggested_for\ntype,matrix-type,Matrix type,,,\n")
			mw.Close()
			return mw.FormDataContentType(), buf.Bytes()
		}, own: adminOnly},

		{method: "GET", route: "/programmes/{id}/about", path: "/programmes/{programme}/about", own: programmeAll, other: notAnyone},
		{method: "GET", route: "/programmes/{id}/calendar", path: "/programmes/{programme}/calendar", own: programmeAll, other: notAnyone},
		{method: "POST", route: "/programmes/{id}/calendar/feed", path: "/programmes/{programme}/calendar/feed", own: planOnly, other: notAnyone},
		{method: "POST", route: "/programmes/{id}/calendar/feed/revoke", path: "/programmes/{programme}/calendar/feed/revoke", own: planOnly, other: notAnyone},
		{method: "GET", route: "/calendar/{file}", path: "/calendar/" + strings.Repeat("x", 43) + ".ics", own: "404 404 404 404 404 404 404"},
		{method: "GET", route: "/programmes/{id}/activities.csv", path: "/programmes/{programme}/activities.csv", own: programmeAll, other: notAnyone},
		{method: "GET", route: "/programmes/{id}/import", path: "/programmes/{programme}/import", own: planPage, other: notAnyone},
		{method: "POST", route: "/programmes/{id}/import", path: "/programmes/{programme}/import", body: activityCSV, own: planPage, other: notAnyone},
		{method: "POST", route: "/programmes/{id}/copy", path: "/programmes/{programme}/copy",
			form: func(world) url.Values { return url.Values{"year": {strconv.Itoa(seed.CurrentYear())}} }, own: planOnly, other: notAnyone},
		{method: "GET", route: "/programmes/{id}/activities/new", path: "/programmes/{programme}/activities/new", own: "303 404 403 403 200 200 200", other: notAnyone},
		{method: "POST", route: "/programmes/{id}/activities", path: "/programmes/{programme}/activities", form: activityForm, own: "303 404 403 403 422 303 303", other: notAnyone},
		{method: "GET", route: "/activities/{id}", path: "/activities/{activity}", own: programmeAll, other: notAnyone},
		{method: "GET", route: "/activities/{id}/edit", path: "/activities/{activity}/edit", own: activityPage, other: notAnyone},
		{method: "POST", route: "/activities/{id}", path: "/activities/{activity}", form: activityForm, own: activityEdit, other: notAnyone, fresh: true},
		{method: "POST", route: "/activities/{id}/archive", path: "/activities/{activity}/archive", own: activityEdit, other: notAnyone, fresh: true},
		{method: "POST", route: "/activities/{id}/restore", path: "/activities/{activity}/restore", own: activityEdit, other: notAnyone},
		{method: "POST", route: "/activities/{id}/copy", path: "/activities/{activity}/copy", own: activityEdit, other: notAnyone},
		{method: "POST", route: "/activities/{id}/sessions", path: "/activities/{activity}/sessions", form: sessionForm, own: activityEdit, other: notAnyone},
		{method: "GET", route: "/sessions/{id}/edit", path: "/sessions/{session}/edit", own: activityPage, other: notAnyone},
		{method: "POST", route: "/sessions/{id}", path: "/sessions/{session}", form: sessionForm, own: activityEdit, other: notAnyone},
		{method: "POST", route: "/sessions/{id}/delete", path: "/sessions/{session}/delete", own: activityEdit, other: notAnyone, fresh: true},
		// The theory of change: seen with the activity, changed by those who edit it.
		{method: "GET", route: "/activities/{id}/theory-of-change", path: "/activities/{activity}/theory-of-change", own: programmeAll, other: notAnyone},
		{method: "POST", route: "/activities/{id}/theory-of-change", path: "/activities/{activity}/theory-of-change", form: tocForm, own: activityEdit, other: notAnyone},
		{method: "GET", route: "/activities/{id}/theory-of-change/{entry}", path: "/activities/{activity}/theory-of-change/{tocEntry}", own: activityPage, other: notAnyone},
		{method: "POST", route: "/activities/{id}/theory-of-change/{entry}", path: "/activities/{activity}/theory-of-change/{tocEntry}", form: tocForm, own: activityEdit, other: notAnyone},
		{method: "POST", route: "/activities/{id}/theory-of-change/{entry}/delete", path: "/activities/{activity}/theory-of-change/{tocEntry}/delete", own: activityEdit, other: notAnyone, fresh: true},
		// Check-in at the door: the screen is for those who record the
		// session's outcome; the students' pages are public, and a code
		// that is not the screen's is refused alike for everyone.
		{method: "GET", route: "/sessions/{id}/check-in", path: "/sessions/{session}/check-in", own: activityPage, other: notAnyone},
		{method: "GET", route: "/c/{session}", path: "/c/{session}", own: "200 200 200 200 200 200 200"},
		{method: "POST", route: "/c/{session}", path: "/c/{session}", form: func(world) url.Values { return url.Values{"pass": {"1.forged"}} }, own: "410 410 410 410 410 410 410"},
		{method: "GET", route: "/c/{session}/{code}", path: "/c/{session}/aaaaaaaaaa", own: "410 410 410 410 410 410 410"},

		{method: "GET", route: "/activities/{id}/outcomes/new", path: "/activities/{activity}/outcomes/new", own: activityPage, other: notAnyone},
		{method: "POST", route: "/activities/{id}/outcomes", path: "/activities/{activity}/outcomes", form: outcomeForm, own: activityEdit, other: notAnyone},
		{method: "GET", route: "/outcomes/{id}/edit", path: "/outcomes/{outcome}/edit", own: activityPage, other: notAnyone},
		{method: "POST", route: "/outcomes/{id}", path: "/outcomes/{outcome}", form: outcomeForm, own: activityEdit, other: notAnyone},
		{method: "POST", route: "/outcomes/{id}/delete", path: "/outcomes/{outcome}/delete", own: activityEdit, other: notAnyone, fresh: true},
		{method: "GET", route: "/activities/{id}/evidence/new", path: "/activities/{activity}/evidence/new", own: activityPage, other: notAnyone},
		{method: "POST", route: "/activities/{id}/evidence", path: "/activities/{activity}/evidence", body: linkEvidence, own: activityEdit, other: notAnyone},
		{method: "GET", route: "/evidence/{id}/download", path: "/evidence/{evidence}/download", own: programmeAll, other: notAnyone},
		{method: "GET", route: "/evidence/{id}/preview", path: "/evidence/{evidence}/preview", own: programmeAll, other: notAnyone},
		{method: "POST", route: "/evidence/{id}/delete", path: "/evidence/{evidence}/delete", own: activityEdit, other: notAnyone, fresh: true},

		// The library and case studies: a published case study of the
		// person's institution, shared only there; another institution's
		// shared with the network; and a draft.
		{method: "GET", route: "/library", own: everyone},
		{method: "GET", route: "/library/feed.atom", own: everyone},
		{method: "GET", route: "/case-studies/{ref}", path: "/case-studies/{caseStudy}-extended-induction", own: "404 404 200 200 200 200 200", other: "404 200 200 200 200 200 200"},
		{method: "GET", route: "/case-studies/{ref}", path: "/case-studies/{draft}?draft=1", own: caseStudyEditor, other: "404 200 200 200 200 200 200"},
		{method: "GET", route: "/case-studies", own: "303 303 200 200 200 200 200"},
		{method: "GET", route: "/activities/{id}/case-studies/new", path: "/activities/{activity}/case-studies/new", own: activityPage, other: notAnyone},
		{method: "POST", route: "/activities/{id}/case-studies", path: "/activities/{activity}/case-studies", form: caseStudyForm, own: activityEdit, other: notAnyone},
		{method: "GET", route: "/case-studies/{id}/edit", path: "/case-studies/{draft}/edit", own: "303 404 404 200 404 200 200", other: notAnyone},
		{method: "POST", route: "/case-studies/{id}", path: "/case-studies/{draft}", form: caseStudyForm, own: caseStudyWrite, other: notAnyone, fresh: true},
		// Old addresses redirect anyone signed in; the new address decides.
		{method: "GET", route: "/activities/{id}/case-study/new", path: "/activities/{activity}/case-study/new", own: movedPage, other: movedPage},
		{method: "POST", route: "/case-studies/{id}/edit", path: "/case-studies/{draft}/edit", form: caseStudyForm, own: movedPost, other: movedPost},
		{method: "POST", route: "/case-studies/{id}/publish", path: "/case-studies/{draft}/publish",
			form: func(world) url.Values { return url.Values{"visibility": {"institution"}} }, own: caseStudyWrite, other: notAnyone},
		{method: "POST", route: "/case-studies/{id}/unpublish", path: "/case-studies/{draft}/unpublish", own: caseStudyWrite, other: notAnyone},
		{method: "POST", route: "/case-studies/{id}/review", path: "/case-studies/{caseStudy}/review",
			form: func(w world) url.Values {
				return url.Values{"decision": {"approve"}, "version": {strconv.FormatInt(w["caseStudyVersion"], 10)}}
			}, own: "303 404 404 404 404 303 303", other: notAnyone},
		{method: "POST", route: "/case-studies/{id}/bookmark", path: "/case-studies/{caseStudy}/bookmark", own: "303 404 303 303 303 303 303", other: "303 303 303 303 303 303 303"},
		{method: "GET", route: "/bookmarks", own: signedIn},
		{method: "GET", route: "/collections", own: signedIn},
		{method: "GET", route: "/collections/new", own: curatorOnly},
		{method: "POST", route: "/collections", form: func(world) url.Values { return url.Values{"title": {"New collection"}} }, own: curatorPost},
		{method: "POST", route: "/collections/items", form: func(w world) url.Values {
			return url.Values{"collection": {strconv.FormatInt(w["collection"], 10)}, "case_study": {strconv.FormatInt(w["caseStudyOther"], 10)}, "note": {"Good"}}
		}, own: curatorAddItem},
		{method: "GET", route: "/collections/{id}", path: "/collections/{collection}", own: curatorOwn},
		{method: "POST", route: "/collections/{id}", path: "/collections/{collection}", form: func(world) url.Values { return url.Values{"title": {"Renamed"}} }, own: curatorOwnPost},
		{method: "POST", route: "/collections/{id}/items/{caseStudyID}", path: "/collections/{collection}/items/{collectionItem}", form: func(world) url.Values { return url.Values{"note": {"Why"}} }, own: curatorOwnPost, other: notAnyone,
			otherPath: "/collections/{collection}/items/{hiddenOther}", otherKey: "hiddenOther"},
		{method: "POST", route: "/collections/{id}/items/{caseStudyID}/move", path: "/collections/{collection}/items/{collectionItem}/move", form: func(world) url.Values { return url.Values{"direction": {"up"}} }, own: curatorOwnPost, other: notAnyone,
			otherPath: "/collections/{collection}/items/{hiddenOther}/move", otherKey: "hiddenOther"},
		{method: "POST", route: "/collections/{id}/items/{caseStudyID}/remove", path: "/collections/{collection}/items/{collectionItem}/remove", own: curatorOwnPost, other: notAnyone,
			otherPath: "/collections/{collection}/items/{hiddenOther}/remove", otherKey: "hiddenOther"},
		// Programme teams' collections: private to the team, or shared in
		// the institution; never another institution's, nor a coordinator's.
		{method: "GET", route: "/collections/{id}", path: "/collections/{teamCollection}", own: teamPrivate, other: notAnyone},
		{method: "GET", route: "/collections/{id}", path: "/collections/{teamShared}", own: teamShared, other: notAnyone},
		{method: "POST", route: "/collections/{id}", path: "/collections/{teamShared}", form: func(world) url.Values { return url.Values{"title": {"Renamed"}, "shared": {"on"}} }, own: teamSharedPost, other: notAnyone},
		{method: "POST", route: "/collections/{id}/items/{caseStudyID}/remove", path: "/collections/{teamShared}/items/{caseStudy}", own: teamSharedPost, other: notAnyone, fresh: true},
		{method: "POST", route: "/collections/items", form: func(w world) url.Values {
			return url.Values{"collection": {strconv.FormatInt(w["teamCollection"], 10)}, "case_study": {strconv.FormatInt(w["caseStudy"], 10)}}
		}, own: "303 404 403 303 403 303 403"},

		// Pulse surveys. "survey" is each institution's programme-wide
		// survey (closed, with responses); "instrument" its own
		// questionnaire.
		{method: "GET", route: "/s/{token}", path: "/s/not-a-real-survey-token-0", own: "404 404 404 404 404 404 404"},
		{method: "POST", route: "/s/{token}", path: "/s/not-a-real-survey-token-0", form: func(world) url.Values { return url.Values{"s1": {"3"}} }, own: "404 404 404 404 404 404 404"},
		{method: "GET", route: "/s/{token}/thanks", path: "/s/not-a-real-survey-token-0/thanks", own: "404 404 404 404 404 404 404"},
		// Knowing the students: the cohort profile and the belonging note.
		{method: "GET", route: "/programmes/{id}/cohort", path: "/programmes/{programme}/cohort", own: planPage, other: notAnyone},
		{method: "POST", route: "/programmes/{id}/cohort", path: "/programmes/{programme}/cohort",
			form: func(world) url.Values { return url.Values{"cohort_size": {"120"}, "commuting": {"48"}} }, own: planOnly, other: notAnyone},
		{method: "GET", route: "/programmes/{id}/cohort/import", path: "/programmes/{programme}/cohort/import", own: planPage, other: notAnyone},
		{method: "POST", route: "/programmes/{id}/cohort/import", path: "/programmes/{programme}/cohort/import", body: cohortProfileCSV, own: planPage, other: notAnyone},
		{method: "GET", route: "/programmes/{id}/belonging-note", path: "/programmes/{programme}/belonging-note", own: planPage, other: notAnyone},
		{method: "POST", route: "/programmes/{id}/belonging-note", path: "/programmes/{programme}/belonging-note",
			form: func(world) url.Values {
				return url.Values{"body": {"Being known by name."}, "written_by": {"The director"}, "written_with": {"Year 2 reps"}, "written_on": {"2025-10-01"}}
			}, own: planOnly, other: notAnyone},
		{method: "GET", route: "/programmes/{id}/surveys", path: "/programmes/{programme}/surveys", own: programmeAll, other: notAnyone},
		{method: "GET", route: "/programmes/{id}/surveys/new", path: "/programmes/{programme}/surveys/new", own: planPage, other: notAnyone},
		{method: "POST", route: "/programmes/{id}/surveys", path: "/programmes/{programme}/surveys", form: surveyForm, own: planOnly, other: notAnyone},
		{method: "GET", route: "/activities/{id}/surveys/new", path: "/activities/{activity}/surveys/new", own: activityPage, other: notAnyone},
		{method: "POST", route: "/activities/{id}/surveys", path: "/activities/{activity}/surveys", form: surveyForm, own: activityEdit, other: notAnyone},
		{method: "GET", route: "/surveys/privacy", own: signedIn},
		{method: "GET", route: "/surveys/instruments", own: signedIn},
		{method: "GET", route: "/surveys/instruments/new", own: adminOnly},
		{method: "POST", route: "/surveys/instruments", form: instrumentForm, own: adminPost},
		{method: "GET", route: "/surveys/instruments/{id}", path: "/surveys/instruments/{instrument}", own: programmeAll, other: notAnyone},
		{method: "GET", route: "/surveys/instruments/{id}/edit", path: "/surveys/instruments/{instrument}/edit", own: "303 404 403 403 403 403 200", other: notAnyone},
		{method: "POST", route: "/surveys/instruments/{id}", path: "/surveys/instruments/{instrument}", form: instrumentForm, own: "303 404 403 403 403 403 303", other: notAnyone},
		{method: "GET", route: "/surveys/{id}", path: "/surveys/{survey}", own: programmeAll, other: notAnyone},
		{method: "GET", route: "/surveys/{id}/edit", path: "/surveys/{survey}/edit", own: planPage, other: notAnyone},
		{method: "POST", route: "/surveys/{id}", path: "/surveys/{survey}", form: func(world) url.Values {
			return url.Values{"title": {"Autumn belonging check-in"}, "invited": {"180"}}
		}, own: planOnly, other: notAnyone},
		{method: "POST", route: "/surveys/{id}/close", path: "/surveys/{survey}/close", own: planOnly, other: notAnyone},
		{method: "POST", route: "/surveys/{id}/baseline", path: "/surveys/{survey}/baseline",
			form: func(world) url.Values { return url.Values{"mark": {"yes"}} }, own: planOnly, other: notAnyone},
		// The survey has responses, so even its planners cannot delete it.
		{method: "POST", route: "/surveys/{id}/delete", path: "/surveys/{survey}/delete", own: "303 404 403 403 403 409 409", other: notAnyone},
		{method: "GET", route: "/surveys/{id}/qr.svg", path: "/surveys/{survey}/qr.svg", own: programmeAll, other: notAnyone},
		{method: "GET", route: "/surveys/{id}/qr.png", path: "/surveys/{survey}/qr.png", own: programmeAll, other: notAnyone},
		{method: "GET", route: "/surveys/{id}/poster", path: "/surveys/{survey}/poster", own: programmeAll, other: notAnyone},
		// Evaluation: naming a pair's comparison group is for those who
		// may change the activity's surveys (its lead and module leader too).
		{method: "GET", route: "/surveys/{id}/comparison", path: "/surveys/{pairSurvey}/comparison", own: "303 404 403 200 200 200 200", other: notAnyone},
		{method: "POST", route: "/surveys/{id}/comparison", path: "/surveys/{pairSurvey}/comparison", form: func(world) url.Values {
			return url.Values{"comparison": {"none"}}
		}, own: "303 404 403 303 303 303 303", other: notAnyone},

		// Reports and exports. The institution's report is its admins';
		// a department's, its viewers' and admins'; the network's,
		// coordinators' and admins'; a programme's, anyone's who may view
		// the programme. A coordinator reads no institution's own report.
		{method: "GET", route: "/reports", own: signedIn},
		{method: "GET", route: "/reports/institution", own: adminOnly},
		{method: "GET", route: "/reports/institution.csv", path: "/reports/institution.csv?table=programmes", own: adminOnly},
		{method: "GET", route: "/reports/departments/{id}", path: "/reports/departments/{department}", own: departmentReport, other: notAnyone},
		{method: "GET", route: "/reports/departments/{id}.csv", path: "/reports/departments/{department}.csv?table=programmes", own: departmentReport, other: notAnyone},
		{method: "GET", route: "/reports/network", own: networkReport},
		{method: "GET", route: "/reports/network.csv", path: "/reports/network.csv?table=kinds", own: networkReport},
		{method: "GET", route: "/programmes/{id}/report", path: "/programmes/{programme}/report", own: programmeAll, other: notAnyone},
		{method: "GET", route: "/programmes/{id}/report.csv", path: "/programmes/{programme}/report.csv?table=kinds", own: programmeAll, other: notAnyone},
		{method: "GET", route: "/activities/{id}/export.json", path: "/activities/{activity}/export.json", own: programmeAll, other: notAnyone},
		{method: "GET", route: "/activities/{id}/evaluation.xlsx", path: "/activities/{activity}/evaluation.xlsx", own: programmeAll, other: notAnyone},
		// Every report as one workbook: read as its page is.
		{method: "GET", route: "/reports/institution.xlsx", own: adminOnly},
		{method: "GET", route: "/reports/departments/{id}.xlsx", path: "/reports/departments/{department}.xlsx", own: departmentReport, other: notAnyone},
		{method: "GET", route: "/reports/network.xlsx", own: networkReport},
		{method: "GET", route: "/programmes/{id}/report.xlsx", path: "/programmes/{programme}/report.xlsx", own: programmeAll, other: notAnyone},
		{method: "GET", route: "/admin/settings", own: adminOnly},
		{method: "POST", route: "/admin/settings", form: func(world) url.Values {
			return url.Values{"year_start_month": {"9"}, "share": {"on"}, "default_language": {"en"}}
		}, own: adminPost},
		{method: "GET", route: "/admin/accessibility", own: adminOnly},
		{method: "POST", route: "/admin/accessibility", form: func(world) url.Values {
			return url.Values{"contact_email": {"access@northbridge.ac.uk"}, "reply_days": {"10"}}
		}, own: adminPost},
		{method: "GET", route: "/admin/privacy", own: adminOnly},
		{method: "POST", route: "/admin/privacy", form: func(world) url.Values {
			return url.Values{"controller_address": {"Northbridge University\nNorthbridge NB1 1AA"}, "dpo_email": {"dpo@northbridge.ac.uk"}}
		}, own: adminPost},
	}...)
}

const (
	caseStudyEditor  = "404 404 404 200 404 200 200"
	movedPage        = "303 301 301 301 301 301 301"
	movedPost        = "303 308 308 308 308 308 308"
	caseStudyWrite   = "303 404 404 303 404 303 303"
	curatorOnly      = "303 200 403 200 403 200 403"
	curatorPost      = "303 303 403 303 403 303 403"
	curatorAddItem   = "303 303 403 422 403 422 403"
	teamPrivate      = "303 404 404 200 404 200 404"
	teamShared       = "303 404 200 200 200 200 200"
	teamSharedPost   = "303 404 403 303 403 303 403"
	curatorOwn       = "303 200 404 404 404 404 404"
	curatorOwnPost   = "303 303 404 404 404 404 404"
	departmentReport = "303 404 200 404 404 404 200"
	networkReport    = "303 200 403 403 403 403 200"
)

func caseStudyForm(w world) url.Values {
	return url.Values{"title": {"Pizza evenings run by the student society"}, "kind": {"social"}, "stage": {"term_1"},
		"placement": {"co_curricular"}, "dimensions": {"peers"}, "version": {strconv.FormatInt(w["draftVersion"], 10)}}
}

func outcomeForm(world) url.Values {
	return url.Values{"outcome_date": {fmt.Sprintf("%d-10-15", seed.CurrentYear())}, "attendance": {"40"}, "invited": {"180"}, "what_worked": {"Pizza"}}
}

func linkEvidence() (string, []byte) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range map[string]string{"title": "Evening photos", "kind": "report", "strength": "1", "link": "https://example.org/report"} {
		mw.WriteField(k, v)
	}
	mw.Close()
	return mw.FormDataContentType(), buf.Bytes()
}

// addFileEvidence stores a small PNG as evidence of the activity, as an
// upload would, and returns its id.
func addFileEvidence(t *testing.T, app *testkit.App, activityID int64) int64 {
	t.Helper()
	ctx := context.Background()
	data := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
	store, err := blob.NewFS(filepath.Join(app.Config.DataDir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	key := fmt.Sprintf("evidence/matrix/%d", activityID)
	if err := store.Put(ctx, key, bytes.NewReader(data), int64(len(data)), "image/png"); err != nil {
		t.Fatal(err)
	}
	var id int64
	err = app.Pool.QueryRow(ctx, `
		INSERT INTO evidence (institution_id, activity_id, title, kind, strength, file_key, file_name, content_type, size_bytes, sha256)
		SELECT institution_id, id, 'Matrix photo', 'artefact', 1, $2, 'photo.png', 'image/png', $3, sha256($4) FROM activities WHERE id = $1
		RETURNING id`, activityID, key, len(data), data).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// surveyForm is a valid new survey on the built-in questionnaire.
func surveyForm(w world) url.Values {
	today := time.Now()
	return url.Values{"title": {"Matrix survey"}, "instrument": {strconv.FormatInt(w["builtin"], 10)}, "kind": {"single"},
		"opens": {today.Format("2006-01-02")}, "closes": {today.AddDate(0, 0, 7).Format("2006-01-02")}}
}

func instrumentForm(world) url.Values {
	return url.Values{"name": {"Matrix questionnaire"}, "statement": {"I belong here.", ""}, "dimension": {"", ""}, "optional": {"no", "no"}}
}

// activityForm is a valid activity; its version is the one in the
// database when the request is made.
func activityForm(w world) url.Values {
	return url.Values{"title": {"Pizza evenings for first years"}, "kind": {"social"}, "academic_year": {strconv.Itoa(seed.CurrentYear())},
		"status": {"running"}, "stage": {"term_1"}, "placement": {"co_curricular"}, "level": {"programme"},
		"dimensions": {"peers", "wellbeing"}, "audience_level": {"ug"}, "partnership": {"by"}, "version": {strconv.FormatInt(w["version"], 10)}}
}

func tocForm(world) url.Values {
	return url.Values{"part": {"mechanism"}, "body": {"Shared food makes a first conversation easy"}}
}

func sessionForm(world) url.Values {
	return url.Values{"session_date": {fmt.Sprintf("%d-11-30", seed.CurrentYear())}, "start_time": {"17:30"}, "end_time": {"19:00"}, "location": {"Union"}}
}

func activityCSV() (string, []byte) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "plan.csv")
	fmt.Fprint(fw, "id,title,kind,stage,dimensions,placement,level,status,academic_year,module_code,partnership,partnership_how,aims,checklist,lead_email,funding_source,budget,audience_level,audience_year,cohort_size,toc_inputs,toc_activities,toc_outputs,toc_outcomes,toc_impact,toc_assumptions,sessions,first_session\n")
	fmt.Fprintf(fw, ",Matrix activity,social,term_2,peers,curricular,programme,idea,%d,,for,,,,,,,ug,,,,,,,,,0,\n", seed.CurrentYear())
	mw.Close()
	return mw.FormDataContentType(), buf.Bytes()
}

// cohortProfileCSV is a programme's cohort profile file of one year: its
// preview writes nothing.
func cohortProfileCSV() (string, []byte) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "cohort.csv")
	fmt.Fprint(fw, "academic_year,cohort_size,commuting,carers,first_in_family,mature,international,disabled\n2025/26,120,48,,,,,\n")
	mw.Close()
	return mw.FormDataContentType(), buf.Bytes()
}

// TestAuthorisationMatrix runs every route for every role against the
// person's own institution and, for routes that name a record, against
// another institution's record. A refused change must leave the database
// as it was. The router's routes are walked, so a new route without a row
// here fails the test.
func TestAuthorisationMatrix(t *testing.T) {
	t.Parallel()
	cases := matrix()
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.method+" "+c.route] = true
	}
	probe := testkit.NewApp(t)
	var missing []string
	err := chi.Walk(probe.Server.Handler().(chi.Routes), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if !covered[method+" "+route] {
			missing = append(missing, method+" "+route)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Fatalf("routes missing from the authorisation matrix:\n  %s", strings.Join(missing, "\n  "))
	}
	checkPartnerRows(t, cases)

	for _, c := range cases {
		t.Run(c.method+" "+c.route, func(t *testing.T) {
			t.Parallel()
			var app *testkit.App
			var clients map[string]*testkit.Client
			var w world
			start := func(only string) {
				app = testkit.NewApp(t)
				w = loadWorld(t, app)
				clients = map[string]*testkit.Client{}
				for _, r := range withPartner() {
					if only != "" && r.name != only {
						continue
					}
					clients[r.name] = app.Client()
					if r.email != "" {
						clients[r.name].SignIn(r.email, testkit.DemoPassword)
					}
				}
			}
			if !c.fresh {
				start("")
			}
			targets := []struct {
				other bool
				want  string
			}{{false, c.own}}
			if c.other != "" {
				targets = append(targets, struct {
					other bool
					want  string
				}{true, c.other})
			}
			for _, target := range targets {
				want := strings.Fields(target.want)
				if len(want) != len(matrixRoles) {
					t.Fatalf("expectation %q has %d statuses, want %d", target.want, len(want), len(matrixRoles))
				}
				want = append(want, partnerAnswer(c, target.other))
				pattern := c.path
				if pattern == "" {
					pattern = c.route
				}
				for i, role := range withPartner() {
					if c.fresh {
						start(role.name)
					}
					// An edit must carry the current version of what it edits.
					for _, key := range []string{"activity", "activityOther"} {
						var v int64
						if err := app.Pool.QueryRow(context.Background(), `SELECT version FROM activities WHERE id = $1`, w[key]).Scan(&v); err != nil {
							t.Fatalf("version of %s: %v", key, err)
						}
						w[strings.Replace(key, "activity", "version", 1)] = v
					}
					for key, into := range map[string]string{"draft": "draftVersion", "caseStudy": "caseStudyVersion"} {
						var v int64
						if err := app.Pool.QueryRow(context.Background(), `SELECT version FROM case_studies WHERE id = $1`, w[key]).Scan(&v); err != nil {
							t.Fatalf("version of %s: %v", key, err)
						}
						w[into] = v
					}
					path := w.path(pattern, target.other)
					if target.other && c.otherPath != "" {
						path = w.path(c.otherPath, false)
					}
					resp := send(t, app, clients[role.name], role.name == "anon", c, w, path)
					got := strconv.Itoa(resp.StatusCode)
					if got != want[i] {
						t.Errorf("%s %s as %s (other institution: %v) = %s, want %s", c.method, path, role.name, target.other, got, want[i])
					}
					// Records other institutions share (the network's case
					// studies) are not hidden; everything refused is.
					if !target.other || (resp.StatusCode < 400 && role.name != "anon") {
						continue
					}
					// Another institution's record is answered exactly as a
					// record that does not exist, so nobody learns it is there.
					missingPath := placeholder.ReplaceAllString(pattern, strconv.Itoa(missingID))
					if c.otherPath != "" {
						missingPath = w.path(strings.ReplaceAll(c.otherPath, "{"+c.otherKey+"}", strconv.Itoa(missingID)), false)
					}
					missing := send(t, app, clients[role.name], role.name == "anon", c, w, missingPath)
					if missing.StatusCode != resp.StatusCode {
						t.Errorf("%s as %s: another institution's id answers %d, a missing id (%s) %d", c.method, role.name, resp.StatusCode, missingPath, missing.StatusCode)
					} else if a, b := sameAnswer(resp, path), sameAnswer(missing, missingPath); a != b {
						t.Errorf("%s %s as %s: another institution's id and a missing id are answered differently:\n%s\n---\n%s", c.method, c.route, role.name, a, b)
					}
				}
			}
		})
	}
}

// missingID is an id no seeded record has.
const missingID = 987654321

var (
	placeholder = regexp.MustCompile(`\{[A-Za-z]+\}`)
	nonceAttr   = regexp.MustCompile(`nonce="[^"]*"`)
	digits      = regexp.MustCompile(`[0-9]+`)
)

// send makes the case's request as one client, and checks that a refused
// change left the database as it was.
func send(t *testing.T, app *testkit.App, client *testkit.Client, anonymous bool, c matrixCase, w world, path string) *testkit.Response {
	t.Helper()
	before := ""
	if c.method != http.MethodGet {
		before = testkit.Fingerprint(t, app.Pool)
	}
	var req *http.Request
	switch {
	case c.body != nil:
		ctype, body := c.body()
		req = newRequest(t, c.method, app.URL+path, bytes.NewReader(body))
		req.Header.Set("Content-Type", ctype)
	default:
		var form url.Values
		if c.form != nil {
			form = c.form(w)
		}
		req = newRequest(t, c.method, app.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp := client.Do(req)
	refused := resp.StatusCode >= 400 || (anonymous && strings.HasPrefix(resp.Header.Get("Location"), "/sign-in") && c.route != "/sign-out")
	if c.method != http.MethodGet && refused {
		if after := testkit.Fingerprint(t, app.Pool); after != before {
			t.Errorf("%s %s was refused (%d) but changed the database", c.method, path, resp.StatusCode)
		}
	}
	return resp
}

// sameAnswer is what a response says, with what differs between any two
// requests (the page's nonce, the address asked for) taken out.
func sameAnswer(resp *testkit.Response, path string) string {
	body := nonceAttr.ReplaceAllString(string(resp.Body), "")
	if resp.StatusCode/100 == 3 {
		// A redirect names where it goes, which carries the id asked for.
		body = digits.ReplaceAllString(body, "N")
		resp.Header.Set("Location", digits.ReplaceAllString(resp.Header.Get("Location"), "N"))
		path = digits.ReplaceAllString(path, "N")
	}
	body = strings.ReplaceAll(body, url.QueryEscape(path), "{path}")
	body = strings.ReplaceAll(body, path, "{path}")
	loc := strings.ReplaceAll(resp.Header.Get("Location"), url.QueryEscape(path), "{path}")
	return resp.Header.Get("Content-Type") + "\n" + strings.ReplaceAll(loc, path, "{path}") + "\n" + body
}

func newRequest(t *testing.T, method, url string, body io.Reader) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatalf("new request %s %s: %v", method, url, err)
	}
	return req
}

// idpMetadata is the metadata of an identity provider that exists only on
// paper: the matrix never signs in through it.
func idpMetadata(t *testing.T) string {
	t.Helper()
	certPEM, keyPEM, err := sso.NewSPKeyPair("idp.matrix.test", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := sso.ParseSPKeys(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse("https://idp.matrix.test/idp")
	idp := saml.IdentityProvider{Key: keys.Key, Certificate: keys.Cert, MetadataURL: *base.JoinPath("metadata"), SSOURL: *base.JoinPath("sso")}
	out, err := xml.Marshal(idp.Metadata())
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
