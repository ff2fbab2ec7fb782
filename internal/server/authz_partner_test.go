package server_test

import (
	"context"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"belonging/internal/testkit"
)

// partnerRole is the demo student partner, on two of Northbridge's
// activities (the matrix's own activity among them). It signs in beside
// matrixRoles; its answers are kept in partnerAnswers, one row per route,
// so that the matrix's rows stay as they are.
var partnerRole = struct{ name, email string }{"partner", "partner@northbridge.ac.uk"}

// withPartner is matrixRoles and the student partner, last.
func withPartner() []struct{ name, email string } {
	return append(slices.Clone(matrixRoles), partnerRole)
}

// partnerAnswers is what the student partner is answered at every route:
// "own" or "own other" as in the matrix. Outside their pages and their
// account, everything signed-in is answered 404 (the fence) and the admin
// pages 403 (the policy); the public pages answer as for anyone.
var partnerAnswers = map[string]string{
	"GET /":                                                     "303",
	"GET /accessibility":                                        "200",
	"GET /accessibility/{slug}":                                 "200",
	"GET /language":                                             "303",
	"GET /account":                                              "200",
	"POST /account/calendar/feed":                               "404",
	"POST /account/calendar/feed/revoke":                        "404",
	"GET /account/data.zip":                                     "200",
	"POST /account/notifications":                               "422",
	"POST /account/password":                                    "422",
	"GET /activities/{id}":                                      "404 404",
	"POST /activities/{id}":                                     "404 404",
	"POST /activities/{id}/archive":                             "404 404",
	"POST /activities/{id}/case-studies":                        "404 404",
	"GET /activities/{id}/case-studies/new":                     "404 404",
	"GET /activities/{id}/case-study/new":                       "404 404",
	"POST /activities/{id}/copy":                                "404 404",
	"GET /activities/{id}/edit":                                 "404 404",
	"POST /activities/{id}/evidence":                            "404 404",
	"GET /activities/{id}/evidence/new":                         "404 404",
	"GET /activities/{id}/export.json":                          "404 404",
	"POST /activities/{id}/outcomes":                            "404 404",
	"GET /activities/{id}/outcomes/new":                         "404 404",
	"GET /activities/{id}/partners":                             "404 404",
	"POST /activities/{id}/partners":                            "404 404",
	"POST /activities/{id}/partners/{userID}/remove":            "404 404",
	"POST /activities/{id}/restore":                             "404 404",
	"POST /activities/{id}/sessions":                            "404 404",
	"POST /activities/{id}/surveys":                             "404 404",
	"GET /activities/{id}/surveys/new":                          "404 404",
	"GET /admin":                                                "403",
	"GET /admin/accessibility":                                  "403",
	"POST /admin/accessibility":                                 "403",
	"GET /admin/audit":                                          "403",
	"GET /admin/departments":                                    "403",
	"POST /admin/departments":                                   "403",
	"GET /admin/departments/new":                                "403",
	"GET /admin/departments/{id}":                               "403 403",
	"POST /admin/departments/{id}":                              "403 403",
	"POST /admin/departments/{id}/archive":                      "403 403",
	"POST /admin/departments/{id}/restore":                      "403 403",
	"GET /admin/import":                                         "403",
	"POST /admin/import":                                        "403",
	"GET /admin/import/template.csv":                            "403",
	"POST /admin/invitations/{id}/revoke":                       "403 403",
	"GET /admin/jobs":                                           "403",
	"POST /admin/jobs/{id}/retry":                               "403 403",
	"GET /admin/modules":                                        "403",
	"POST /admin/modules":                                       "403",
	"GET /admin/modules/new":                                    "403",
	"GET /admin/modules/{id}":                                   "403 403",
	"POST /admin/modules/{id}":                                  "403 403",
	"POST /admin/modules/{id}/archive":                          "403 403",
	"POST /admin/modules/{id}/restore":                          "403 403",
	"GET /admin/people":                                         "403",
	"GET /admin/people/invite":                                  "403",
	"POST /admin/people/invite":                                 "403",
	"GET /admin/people/{id}":                                    "403 403",
	"GET /admin/people/{id}/data.zip":                           "403 403",
	"POST /admin/people/{id}/disable":                           "403 403",
	"POST /admin/people/{id}/enable":                            "403 403",
	"GET /admin/people/{id}/erase":                              "403 403",
	"POST /admin/people/{id}/erase":                             "403 403",
	"POST /admin/people/{id}/memberships":                       "403 403",
	"POST /admin/people/{id}/memberships/{membershipID}/remove": "403 403",
	"POST /admin/people/{id}/reset-link":                        "403 403",
	"GET /admin/privacy":                                        "403",
	"POST /admin/privacy":                                       "403",
	"GET /admin/programmes":                                     "403",
	"POST /admin/programmes":                                    "403",
	"GET /admin/programmes/new":                                 "403",
	"GET /admin/programmes/{id}":                                "403 403",
	"POST /admin/programmes/{id}":                               "403 403",
	"POST /admin/programmes/{id}/archive":                       "403 403",
	"POST /admin/programmes/{id}/modules":                       "403 403",
	"POST /admin/programmes/{id}/modules/{moduleID}/remove":     "403 403",
	"POST /admin/programmes/{id}/restore":                       "403 403",
	"GET /admin/settings":                                       "403",
	"POST /admin/settings":                                      "403",
	"GET /admin/sign-in":                                        "403",
	"POST /admin/sign-in":                                       "403",
	"POST /admin/sign-in/providers":                             "403",
	"GET /admin/sign-in/providers/new":                          "403",
	"GET /admin/sign-in/providers/{id}":                         "403 403",
	"POST /admin/sign-in/providers/{id}":                        "403 403",
	"POST /admin/sign-in/providers/{id}/delete":                 "403 403",
	"POST /admin/sign-in/scim-tokens":                           "403",
	"POST /admin/sign-in/scim-tokens/{id}/revoke":               "403 403",
	"GET /bookmarks":                                            "404",
	"GET /calendar/{file}":                                      "404",
	"GET /case-studies":                                         "404",
	"POST /case-studies/{id}":                                   "404 404",
	"POST /case-studies/{id}/bookmark":                          "404 404",
	"GET /case-studies/{id}/edit":                               "404 404",
	"POST /case-studies/{id}/edit":                              "404 404",
	"POST /case-studies/{id}/publish":                           "404 404",
	"POST /case-studies/{id}/review":                            "404 404",
	"POST /case-studies/{id}/unpublish":                         "404 404",
	"GET /case-studies/{ref}":                                   "404 404",
	"GET /collections":                                          "404",
	"POST /collections":                                         "404",
	"POST /collections/items":                                   "404",
	"GET /collections/new":                                      "404",
	"GET /collections/{id}":                                     "404",
	"POST /collections/{id}":                                    "404",
	"POST /collections/{id}/items/{caseStudyID}":                "404 404",
	"POST /collections/{id}/items/{caseStudyID}/move":           "404 404",
	"POST /collections/{id}/items/{caseStudyID}/remove":         "404 404",
	"GET /dev/mail":                                             "200",
	"POST /evidence/{id}/delete":                                "404 404",
	"GET /evidence/{id}/download":                               "404 404",
	"GET /evidence/{id}/preview":                                "404 404",
	"GET /forgot-password":                                      "200",
	"POST /forgot-password":                                     "200",
	"GET /healthz":                                              "200",
	"GET /invitations/{token}":                                  "404",
	"POST /invitations/{token}":                                 "404",
	"GET /library":                                              "200",
	"GET /library/feed.atom":                                    "200",
	"GET /metrics":                                              "200",
	"GET /modules/{id}":                                         "404 404",
	"POST /outcomes/{id}":                                       "404 404",
	"POST /outcomes/{id}/delete":                                "404 404",
	"GET /outcomes/{id}/edit":                                   "404 404",
	"GET /partner":                                              "200",
	"GET /partner/activities/{id}":                              "200 404",
	"POST /partner/activities/{id}":                             "303 404",
	"GET /partner/activities/{id}/edit":                         "200 404",
	"GET /partner/outcomes/{id}/quotes":                         "200 404",
	"POST /partner/outcomes/{id}/quotes":                        "303 404",
	"GET /partner/sessions/{id}/notes":                          "200 404",
	"POST /partner/sessions/{id}/notes":                         "303 404",
	"GET /privacy":                                              "200",
	"GET /privacy/{slug}":                                       "200",
	"GET /programmes":                                           "404",
	"GET /programmes/{id}":                                      "404 404",
	"GET /programmes/{id}/about":                                "404 404",
	"POST /programmes/{id}/activities":                          "404 404",
	"GET /programmes/{id}/activities.csv":                       "404 404",
	"GET /programmes/{id}/activities/new":                       "404 404",
	"GET /programmes/{id}/calendar":                             "404 404",
	"POST /programmes/{id}/calendar/feed":                       "404 404",
	"POST /programmes/{id}/calendar/feed/revoke":                "404 404",
	"POST /programmes/{id}/copy":                                "404 404",
	"GET /programmes/{id}/import":                               "404 404",
	"POST /programmes/{id}/import":                              "404 404",
	"GET /programmes/{id}/report":                               "404 404",
	"GET /programmes/{id}/report.csv":                           "404 404",
	"GET /programmes/{id}/surveys":                              "404 404",
	"POST /programmes/{id}/surveys":                             "404 404",
	"GET /programmes/{id}/surveys/new":                          "404 404",
	"GET /readyz":                                               "200",
	"GET /reports":                                              "404",
	"GET /reports/departments/{id}":                             "404 404",
	"GET /reports/departments/{id}.csv":                         "404 404",
	"GET /reports/institution":                                  "404",
	"GET /reports/institution.csv":                              "404",
	"GET /reports/network":                                      "404",
	"GET /reports/network.csv":                                  "404",
	"GET /reset-password/{token}":                               "404",
	"POST /reset-password/{token}":                              "404",
	"GET /s/{token}":                                            "404",
	"POST /s/{token}":                                           "404",
	"GET /s/{token}/thanks":                                     "404",
	"POST /saml/{slug}/acs":                                     "400",
	"GET /saml/{slug}/metadata":                                 "200",
	"GET /saml/{slug}/slo":                                      "400",
	"GET /scim/v2/ResourceTypes":                                "401",
	"GET /scim/v2/Schemas":                                      "401",
	"GET /scim/v2/ServiceProviderConfig":                        "401",
	"GET /scim/v2/Users":                                        "401",
	"POST /scim/v2/Users":                                       "401",
	"DELETE /scim/v2/Users/{id}":                                "401",
	"GET /scim/v2/Users/{id}":                                   "401",
	"PATCH /scim/v2/Users/{id}":                                 "401",
	"PUT /scim/v2/Users/{id}":                                   "401",
	"POST /sessions/{id}":                                       "404 404",
	"POST /sessions/{id}/delete":                                "404 404",
	"GET /sessions/{id}/edit":                                   "404 404",
	"GET /sign-in":                                              "303",
	"POST /sign-in":                                             "422",
	"GET /sign-in/institutions":                                 "200",
	"GET /sign-in/institutions/{slug}":                          "200",
	"POST /sign-in/university":                                  "303",
	"POST /sign-out":                                            "303",
	"GET /sso/complete":                                         "400",
	"GET /sso/sign-out":                                         "303",
	"GET /sso/{id}/callback":                                    "404",
	"GET /sso/{id}/start":                                       "404 404",
	"GET /static/*":                                             "200",
	"GET /surveys/instruments":                                  "404",
	"POST /surveys/instruments":                                 "404",
	"GET /surveys/instruments/new":                              "404",
	"GET /surveys/instruments/{id}":                             "404 404",
	"POST /surveys/instruments/{id}":                            "404 404",
	"GET /surveys/instruments/{id}/edit":                        "404 404",
	"GET /surveys/privacy":                                      "404",
	"GET /surveys/{id}":                                         "404 404",
	"POST /surveys/{id}":                                        "404 404",
	"POST /surveys/{id}/close":                                  "404 404",
	"POST /surveys/{id}/delete":                                 "404 404",
	"GET /surveys/{id}/edit":                                    "404 404",
	"GET /surveys/{id}/poster":                                  "404 404",
	"GET /surveys/{id}/qr.png":                                  "404 404",
	"GET /surveys/{id}/qr.svg":                                  "404 404",
	"GET /unsubscribe/{token}":                                  "404",
	"POST /unsubscribe/{token}":                                 "404",
	// Added with evaluation codes, the Enhanced Theory of Change, check-in,
	// comparison groups, cohort figures and profiles: fenced (404) or
	// admin-only (403); a student's check-in pages answer as for anyone.
	"GET /activities/{id}/evaluation.xlsx":                  "404 404",
	"GET /activities/{id}/theory-of-change":                 "404 404",
	"POST /activities/{id}/theory-of-change":                "404 404",
	"GET /activities/{id}/theory-of-change/{entry}":         "404 404",
	"POST /activities/{id}/theory-of-change/{entry}":        "404 404",
	"POST /activities/{id}/theory-of-change/{entry}/delete": "404 404",
	"GET /admin/codes":                                      "403",
	"GET /admin/codes.csv":                                  "403",
	"POST /admin/codes":                                     "403",
	"GET /admin/cohort-figures":                             "403",
	"POST /admin/cohort-figures":                            "403",
	"GET /c/{session}":                                      "200",
	"POST /c/{session}":                                     "410",
	"GET /c/{session}/{code}":                               "410",
	"GET /sessions/{id}/check-in":                           "404 404",
	"GET /programmes/{id}/belonging-note":                   "404 404",
	"POST /programmes/{id}/belonging-note":                  "404 404",
	"GET /programmes/{id}/cohort":                           "404 404",
	"POST /programmes/{id}/cohort":                          "404 404",
	"GET /programmes/{id}/cohort/import":                    "404 404",
	"POST /programmes/{id}/cohort/import":                   "404 404",
	"POST /surveys/{id}/baseline":                           "404 404",
	"GET /surveys/{id}/comparison":                          "404 404",
	"POST /surveys/{id}/comparison":                         "404 404",
	// Every report as one workbook.
	"GET /reports/institution.xlsx":      "404",
	"GET /reports/departments/{id}.xlsx": "404 404",
	"GET /reports/network.xlsx":          "404",
	"GET /programmes/{id}/report.xlsx":   "404 404",
}

// partnerAnswer is the partner's expected status for case c.
func partnerAnswer(c matrixCase, other bool) string {
	f := strings.Fields(partnerAnswers[c.method+" "+c.route])
	switch {
	case len(f) == 0:
		return "(no row)"
	case other && len(f) > 1:
		return f[1]
	}
	return f[0]
}

// checkPartnerRows fails for a route with no answer for the partner, or
// with an answer for other institutions' records where the matrix has
// none.
func checkPartnerRows(t *testing.T, cases []matrixCase) {
	t.Helper()
	var missing []string
	for _, c := range cases {
		f := strings.Fields(partnerAnswers[c.method+" "+c.route])
		// One answer stands for both when a route has rows with and
		// without other institutions' records (collections: the
		// coordinator's and a team's).
		if len(f) == 0 || (c.other == "" && len(f) == 2) {
			missing = append(missing, c.method+" "+c.route)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("routes without the student partner's answer (own, and other when the row has other) in partnerAnswers:\n  %s", strings.Join(missing, "\n  "))
	}
}

// loadPartnerWorld adds the partner's own id, and an Eastmere person's in
// its place for the other institution.
func loadPartnerWorld(t *testing.T, app *testkit.App, w world) {
	t.Helper()
	for key, email := range map[string]string{"partnerUser": partnerRole.email, "partnerUserOther": "director@eastmere.ac.uk"} {
		var id int64
		if err := app.Pool.QueryRow(context.Background(), `SELECT id FROM users WHERE email = $1`, email).Scan(&id); err != nil {
			t.Fatalf("world %s: %v", key, err)
		}
		w[key] = id
	}
}

// partnerCases are the rows of the partner pages and the director's page
// of an activity's partners.
func partnerCases() []matrixCase {
	coCreate := "303 404 403 200 403 200 200"
	coCreatePost := "303 404 403 303 403 303 303"
	return []matrixCase{
		{method: "GET", route: "/partner", own: signedIn},
		{method: "GET", route: "/partner/activities/{id}", path: "/partner/activities/{activity}", own: coCreate, other: notAnyone},
		{method: "GET", route: "/partner/activities/{id}/edit", path: "/partner/activities/{activity}/edit", own: coCreate, other: notAnyone},
		{method: "POST", route: "/partner/activities/{id}", path: "/partner/activities/{activity}", form: func(w world) url.Values {
			return url.Values{"title": {"Pizza evenings for first years"}, "aims": {"Students meet each other over food."},
				"partnership_how": {"Students choose the venue."}, "version": {strconv.FormatInt(w["version"], 10)}}
		}, own: coCreatePost, other: notAnyone, fresh: true},
		{method: "GET", route: "/partner/sessions/{id}/notes", path: "/partner/sessions/{session}/notes", own: coCreate, other: notAnyone},
		{method: "POST", route: "/partner/sessions/{id}/notes", path: "/partner/sessions/{session}/notes", form: func(world) url.Values {
			return url.Values{"notes": {"Forty came; the quiz worked."}}
		}, own: coCreatePost, other: notAnyone},
		{method: "GET", route: "/partner/outcomes/{id}/quotes", path: "/partner/outcomes/{outcome}/quotes", own: coCreate, other: notAnyone},
		{method: "POST", route: "/partner/outcomes/{id}/quotes", path: "/partner/outcomes/{outcome}/quotes", form: func(world) url.Values {
			return url.Values{"quote": {"I finally know people on my course."}}
		}, own: coCreatePost, other: notAnyone},
		{method: "GET", route: "/activities/{id}/partners", path: "/activities/{activity}/partners", own: planPage, other: notAnyone},
		{method: "POST", route: "/activities/{id}/partners", path: "/activities/{activity}/partners", form: func(world) url.Values {
			return url.Values{"email": {"new.student@northbridge.ac.uk"}}
		}, own: planOnly, other: notAnyone},
		{method: "POST", route: "/activities/{id}/partners/{userID}/remove", path: "/activities/{activity}/partners/{partnerUser}/remove",
			own: planOnly, other: notAnyone, fresh: true},
	}
}
