package server_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"net/url"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"

	"belonging/internal/testkit"
	"belonging/web/paths"
)

// TestEveryPathHasARoute builds every address web/paths knows and checks
// the router serves it with the method the pages use, so an address and
// its route cannot drift apart. A builder added to web/paths without a row
// here fails the test.
func TestEveryPathHasARoute(t *testing.T) {
	t.Parallel()
	q := url.Values{"year": {"2026"}}
	when := time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC)
	const get, post = "GET", "POST"
	cases := map[string]struct {
		method, path string
	}{
		"Home": {get, paths.Home}, "SignIn": {get, paths.SignIn}, "SignOut": {post, paths.SignOut},
		"SignInUniversity": {post, paths.SignInUniversity}, "SignInInstitutions": {get, paths.SignInInstitutions},
		"SignInInstitutionsMatching": {get, paths.SignInInstitutionsMatching("north")}, "SignInInstitution": {get, paths.SignInInstitution("northbridge")},
		"SSOStart": {get, paths.SSOStart(1, "/programmes/1", "a@northbridge.ac.uk")}, "OIDCCallback": {get, paths.OIDCCallback(1)},
		"SSOComplete": {get, paths.SSOComplete}, "ProviderSignOut": {get, paths.ProviderSignOut},
		"SAMLMetadata": {get, paths.SAMLMetadata("northbridge")}, "SAMLACS": {post, paths.SAMLACS("northbridge")}, "SAMLSLO": {get, paths.SAMLSLO("northbridge")},
		"ForgotPassword": {get, paths.ForgotPassword}, "ResetPassword": {get, paths.ResetPassword("abc")},
		"AdminSignIn": {get, paths.AdminSignIn}, "AdminProviders": {post, paths.AdminProviders}, "NewProvider": {get, paths.NewProvider("saml")},
		"AdminProvider": {get, paths.AdminProvider(1)}, "DeleteProvider": {post, paths.DeleteProvider(1)},
		"SCIMTokens": {post, paths.SCIMTokens}, "RevokeSCIMToken": {post, paths.RevokeSCIMToken(1)}, "PersonResetLink": {post, paths.PersonResetLink(1)},
		"SCIMBase": {get, paths.SCIMBase + "/Users"}, "SCIMUser": {get, paths.SCIMUser(1)},
		"Accessibility": {get, paths.Accessibility}, "Privacy": {get, paths.Privacy},
		"InstitutionAccessibility": {get, paths.InstitutionAccessibility("northbridge")}, "InstitutionPrivacy": {get, paths.InstitutionPrivacy("northbridge")},
		"AdminAccessibility": {get, paths.AdminAccessibility}, "AdminPrivacy": {get, paths.AdminPrivacy}, "Library": {get, paths.Library},
		"LibraryFeed": {get, paths.LibraryFeed}, "DevMail": {get, paths.DevMail}, "SignInThen": {get, paths.SignInThen("/programmes/1")},
		"LibrarySearch": {get, paths.LibrarySearch(url.Values{"q": {"coffee"}})}, "CalendarFeed": {get, paths.CalendarFeed("abc")},
		"Invitation": {get, paths.Invitation("abc")}, "Answer": {get, paths.Answer("abc")}, "AnswerThanks": {get, paths.AnswerThanks("abc")},
		"CheckInScreen": {get, paths.CheckInScreen(1)}, "CheckIn": {get, paths.CheckIn(1)}, "CheckInCode": {get, paths.CheckInCode(1, "abcdefghij")},
		"Account": {get, paths.Account}, "AccountPassword": {post, paths.AccountPassword}, "Programmes": {get, paths.Programmes},
		"AccountNotifications": {post, paths.AccountNotifications}, "AccountNotificationsForm": {get, paths.AccountNotificationsForm},
		"AccountCalendar": {get, paths.AccountCalendar}, "AccountCalendarFeed": {post, paths.AccountCalendarFeed},
		"AccountCalendarFeedRevoke": {post, paths.AccountCalendarFeedRevoke}, "Unsubscribe": {get, paths.Unsubscribe("abc")},
		"CaseStudies": {get, paths.CaseStudies}, "Bookmarks": {get, paths.Bookmarks}, "Collections": {get, paths.Collections},
		"NewCollection": {get, paths.NewCollection}, "CollectionItems": {post, paths.CollectionItems},
		"SurveyPrivacy": {get, paths.SurveyPrivacy}, "Instruments": {get, paths.Instruments}, "NewInstrument": {get, paths.NewInstrument},
		"Reports": {get, paths.Reports}, "InstitutionRpt": {get, paths.InstitutionRpt}, "InstitutionCSV": {get, paths.InstitutionCSV},
		"NetworkReport": {get, paths.NetworkReport}, "NetworkReportCSV": {get, paths.NetworkReportCSV},
		"Module": {get, paths.Module(1)}, "Programme": {get, paths.Programme(1)}, "Plan": {get, paths.Plan(1, 2026)},
		"PlanFiltered": {get, paths.PlanFiltered(1, q)}, "ProgrammeAbout": {get, paths.ProgrammeAbout(1)},
		"Calendar": {get, paths.Calendar(1)}, "CalendarMonth": {get, paths.CalendarMonth(1, when)},
		"CalendarFeedCreate": {post, paths.CalendarFeedCreate(1)}, "CalendarFeedRevoke": {post, paths.CalendarFeedRevoke(1)},
		"PlanCSV": {get, paths.PlanCSV(1, 2026)}, "PlanImport": {post, paths.PlanImport(1)}, "PlanCopy": {post, paths.PlanCopy(1)},
		"Activities": {post, paths.Activities(1)}, "NewActivity": {get, paths.NewActivity(1, 2026)},
		"NewActivityWith": {get, paths.NewActivityWith(1, q)}, "ProgrammeSurveys": {get, paths.ProgrammeSurveys(1)},
		"NewProgrammeSurvey": {get, paths.NewProgrammeSurvey(1)}, "ProgrammeReport": {get, paths.ProgrammeReport(1, 2026)},
		"ProgrammeReportCSV": {get, paths.ProgrammeReportCSV(1, q)}, "Activity": {get, paths.Activity(1)},
		"ActivityAt": {get, paths.ActivityAt(1, "sessions")}, "EditActivity": {get, paths.EditActivity(1)},
		"ArchiveActivity": {post, paths.ArchiveActivity(1)}, "RestoreActivity": {post, paths.RestoreActivity(1)},
		"CopyActivity": {post, paths.CopyActivity(1)}, "ActivitySessions": {post, paths.ActivitySessions(1)},
		"ActivityExport": {get, paths.ActivityExport(1)}, "Session": {post, paths.Session(1)}, "EditSession": {get, paths.EditSession(1)},
		"DeleteSession": {post, paths.DeleteSession(1)}, "Outcomes": {post, paths.Outcomes(1)}, "NewOutcome": {get, paths.NewOutcome(1)},
		"NewSessionOutcome": {get, paths.NewSessionOutcome(1, 2)}, "Outcome": {post, paths.Outcome(1)},
		"EditOutcome": {get, paths.EditOutcome(1)}, "DeleteOutcome": {post, paths.DeleteOutcome(1)}, "Evidence": {post, paths.Evidence(1)},
		"NewEvidence": {get, paths.NewEvidence(1)}, "EvidenceItem": {get, paths.DownloadEvidence(1)},
		"DownloadEvidence": {get, paths.DownloadEvidence(1)}, "PreviewEvidence": {get, paths.PreviewEvidence(1)},
		"DeleteEvidence": {post, paths.DeleteEvidence(1)}, "ActivityCaseStudies": {post, paths.ActivityCaseStudies(1)},
		"NewCaseStudy": {get, paths.NewCaseStudy(1)}, "ActivitySurveys": {post, paths.ActivitySurveys(1)},
		"NewActivitySurvey": {get, paths.NewActivitySurvey(1)}, "CaseStudy": {get, paths.CaseStudy(1, "Coffee mornings")},
		"CaseStudyDraft": {get, paths.CaseStudyDraft(1, "Coffee mornings")}, "CaseStudyByID": {post, paths.CaseStudyByID(1)},
		"EditCaseStudy": {get, paths.EditCaseStudy(1)}, "PublishCaseStudy": {post, paths.PublishCaseStudy(1)},
		"UnpublishCaseStudy": {post, paths.UnpublishCaseStudy(1)}, "ReviewCaseStudy": {post, paths.ReviewCaseStudy(1)},
		"BookmarkCaseStudy": {post, paths.BookmarkCaseStudy(1)}, "Collection": {get, paths.Collection(1)},
		"CollectionItem": {post, paths.CollectionItem(1, 2)}, "MoveCollectionItem": {post, paths.MoveCollectionItem(1, 2)},
		"RemoveCollectionItem": {post, paths.RemoveCollectionItem(1, 2)}, "Survey": {get, paths.Survey(1)},
		"SurveyWith": {get, paths.SurveyWith(1, url.Values{"year": {"2"}})}, "EditSurvey": {get, paths.EditSurvey(1)},
		"CloseSurvey": {post, paths.CloseSurvey(1)}, "DeleteSurvey": {post, paths.DeleteSurvey(1)}, "SurveyQRSVG": {get, paths.SurveyQRSVG(1)},
		"SurveyQRPNG": {get, paths.SurveyQRPNG(1)}, "SurveyPoster": {get, paths.SurveyPoster(1)}, "Instrument": {get, paths.Instrument(1)},
		"EditInstrument": {get, paths.EditInstrument(1)}, "InstitutionReport": {get, paths.InstitutionReport(q)},
		"InstitutionReportCSV": {get, paths.InstitutionReportCSV(q)}, "DepartmentReport": {get, paths.DepartmentReport(1, q)},
		"DepartmentReportCSV": {get, paths.DepartmentReportCSV(1, q)}, "NetworkReportFor": {get, paths.NetworkReportFor(q)},
		"NetworkReportCSVFor": {get, paths.NetworkReportCSVFor(q)}, "Admin": {get, paths.Admin},
		"AdminSettings": {get, paths.AdminSettings}, "AdminDepartments": {get, paths.AdminDepartments},
		"NewDepartment": {get, paths.NewDepartment}, "AdminProgrammes": {get, paths.AdminProgrammes}, "NewProgramme": {get, paths.NewProgramme},
		"AdminModules": {get, paths.AdminModules}, "NewModule": {get, paths.NewModule}, "AdminImport": {get, paths.AdminImport},
		"AdminImportTemplate": {get, paths.AdminImportTemplate}, "People": {get, paths.People}, "Invitations": {get, paths.Invitations},
		"Invite": {get, paths.Invite}, "AuditLog": {get, paths.AuditLog},
		"AdminJobs": {get, paths.AdminJobs}, "RetryJob": {post, paths.RetryJob(1)},
		"AdminList":   {get, paths.AdminList(paths.AdminModules, url.Values{"archived": {"on"}})},
		"AuditLogFor": {get, paths.AuditLogFor(url.Values{"entity": {"programme"}})}, "Department": {get, paths.Department(1)},
		"ArchiveDepartment": {post, paths.ArchiveDepartment(1)}, "RestoreDepartment": {post, paths.RestoreDepartment(1)},
		"AdminProgramme": {get, paths.AdminProgramme(1)}, "ArchiveProgramme": {post, paths.ArchiveProgramme(1)},
		"RestoreProgramme": {post, paths.RestoreProgramme(1)}, "ProgrammeModules": {post, paths.ProgrammeModules(1)},
		"UnlinkModule": {post, paths.UnlinkModule(1, 2)}, "AdminModule": {get, paths.AdminModule(1)},
		"ArchiveModule": {post, paths.ArchiveModule(1)}, "RestoreModule": {post, paths.RestoreModule(1)}, "Person": {get, paths.Person(1)},
		"PersonMemberships": {post, paths.PersonMemberships(1)}, "RemoveMembership": {post, paths.RemoveMembership(1, 2)},
		"DisablePerson": {post, paths.DisablePerson(1)}, "EnablePerson": {post, paths.EnablePerson(1)},
		"RevokeInvitation": {post, paths.RevokeInvitation(1)},
		// Staff data rights.
		"AccountData": {get, paths.AccountData}, "PersonData": {get, paths.PersonData(1)}, "ErasePerson": {post, paths.ErasePerson(1)},
		// Surveys and reports.
		"SurveyAt": {get, paths.SurveyAt(1, "results")}, "ProgrammeReportFor": {get, paths.ProgrammeReportFor(1, nil)},
		// Evaluation codes.
		"AdminCodes": {get, paths.AdminCodes}, "AdminCodesCSV": {get, paths.AdminCodesCSV},
		// The theory of change.
		"TheoryOfChange": {get, paths.TheoryOfChange(1)}, "TocEntry": {post, paths.TocEntry(1, 2)}, "DeleteTocEntry": {post, paths.DeleteTocEntry(1, 2)},
		// Evaluation: comparison groups, cohort figures, the evaluation workbook.
		"SurveyComparison": {post, paths.SurveyComparison(1)}, "ActivityWorkbook": {get, paths.ActivityWorkbook(1)},
		"AdminCohortFigures": {post, paths.AdminCohortFigures},
		// Knowing the students.
		"CohortProfile": {post, paths.CohortProfile(1, 2026)}, "CohortProfileImport": {post, paths.CohortProfileImport(1)}, "BelongingNote": {post, paths.BelongingNote(1)},
		"SurveyBaseline": {post, paths.SurveyBaseline(1)},
		// Student partners.
		"PartnerHome": {get, paths.PartnerHome}, "PartnerActivity": {get, paths.PartnerActivity(1)},
		"EditPartnerActivity": {get, paths.EditPartnerActivity(1)}, "SessionNotes": {post, paths.SessionNotes(1)},
		"OutcomeQuotes": {post, paths.OutcomeQuotes(1)}, "ActivityPartners": {get, paths.ActivityPartners(1)},
		"RemovePartner": {post, paths.RemovePartner(1, 2)},
		// Every report as one workbook.
		"ProgrammeReportXLSX": {get, paths.ProgrammeReportXLSX(1, q)}, "InstitutionReportXLSX": {get, paths.InstitutionReportXLSX(q)},
		"DepartmentReportXLSX": {get, paths.DepartmentReportXLSX(1, q)}, "NetworkReportXLSX": {get, paths.NetworkReportXLSX(q)},
		// Staff belonging.
		"NewStaffSurvey": {get, paths.NewStaffSurvey(1)},
		// The language link.
		"Language": {get, paths.Language("cy", "/programmes")},
	}

	var missing []string
	for _, name := range exportedNames(t, filepath.Join(testkit.ModuleRoot(t), "web", "paths")) {
		if _, ok := cases[name]; !ok {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		t.Fatalf("web/paths builders without a row here: %s", strings.Join(missing, ", "))
	}

	app := testkit.NewApp(t)
	routes := app.Server.Handler().(chi.Routes)
	for name, c := range cases {
		u, err := url.Parse(c.path)
		if err != nil {
			t.Errorf("paths.%s = %q, which is not an address: %v", name, c.path, err)
			continue
		}
		if !routes.Match(chi.NewRouteContext(), c.method, u.Path) {
			t.Errorf("paths.%s = %s %s, which no route serves", name, c.method, u.Path)
		}
	}
}

// exportedNames lists the exported functions and constants of the Go
// package in dir.
func exportedNames(t *testing.T, dir string) []string {
	t.Helper()
	// The package's own tests are not builders.
	notTests := func(fi fs.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }
	pkgs, err := parser.ParseDir(token.NewFileSet(), dir, notTests, 0)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, pkg := range pkgs {
		for _, f := range pkg.Files {
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					if d.Recv == nil && d.Name.IsExported() {
						names = append(names, d.Name.Name)
					}
				case *ast.GenDecl:
					for _, s := range d.Specs {
						if v, ok := s.(*ast.ValueSpec); ok {
							for _, n := range v.Names {
								if n.IsExported() {
									names = append(names, n.Name)
								}
							}
						}
					}
				}
			}
		}
	}
	sort.Strings(names)
	return names
}
