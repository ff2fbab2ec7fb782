// Package paths builds every address the application links to or
// redirects to. Handlers and templates call these functions instead of
// writing URLs out, so a renamed route is one change here (and a failing
// test in internal/server, which checks each of these against the
// router), never a search through templates.
//
// Updates follow one shape throughout: GET /things/{id}/edit shows the
// form, POST /things/{id} saves it, POST /things/{id}/<verb> does
// anything else to it.
package paths

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

func id(n int64) string { return strconv.FormatInt(n, 10) }

// withQuery adds a query string to path when q has values.
func withQuery(path string, q url.Values) string {
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// year adds ?year=y, the academic year a programme's pages show.
func year(path string, y int) string { return path + "?year=" + strconv.Itoa(y) }

// Anyone's pages.
const (
	Home          = "/"
	SignIn        = "/sign-in"
	SignOut       = "/sign-out"
	Accessibility = "/accessibility"
	Privacy       = "/privacy"
	Library       = "/library"
	LibraryFeed   = "/library/feed.atom"
	DevMail       = "/dev/mail"
)

// InstitutionAccessibility is an institution's accessibility statement,
// public.
func InstitutionAccessibility(slug string) string { return Accessibility + "/" + slug }

// InstitutionPrivacy is an institution's privacy notice, public.
func InstitutionPrivacy(slug string) string { return Privacy + "/" + slug }

// Where an institution's admin edits its accessibility statement and
// privacy notice.
const (
	AdminAccessibility = "/admin/accessibility"
	AdminPrivacy       = "/admin/privacy"
)

// SignInThen is the sign-in page that returns to next afterwards.
func SignInThen(next string) string { return SignIn + "?next=" + url.QueryEscape(next) }

// LibrarySearch is the library with a search and its filters.
func LibrarySearch(q url.Values) string { return withQuery(Library, q) }

// CalendarFeed is a programme's iCalendar feed at its secret token.
func CalendarFeed(token string) string { return "/calendar/" + token + ".ics" }

// Unsubscribe is where a signed link from an email turns one kind of
// notification off: one click in the mail program (RFC 8058) or a page
// with a button.
func Unsubscribe(token string) string { return "/unsubscribe/" + token }

// Invitation is where an invited person sets their password.
func Invitation(token string) string { return "/invitations/" + token }

// Answer is where students answer a pulse survey, without an account.
func Answer(token string) string { return "/s/" + token }

// AnswerThanks thanks a student for answering.
func AnswerThanks(token string) string { return Answer(token) + "/thanks" }

// Signed-in pages that belong to no record.
const (
	Account         = "/account"
	AccountPassword = "/account/password"
	// AccountNotifications is where a person chooses their emails; the
	// account page shows the form at AccountNotificationsForm.
	AccountNotifications     = "/account/notifications"
	AccountNotificationsForm = "/account#notifications"
	// AccountCalendar is the person's "my sessions" calendar on the
	// account page; the feed's address is made and turned off below it.
	AccountCalendar           = "/account#calendar"
	AccountCalendarFeed       = "/account/calendar/feed"
	AccountCalendarFeedRevoke = "/account/calendar/feed/revoke"
	Programmes                = "/programmes"
	CaseStudies               = "/case-studies"
	Bookmarks                 = "/bookmarks"
	Collections               = "/collections"
	NewCollection             = "/collections/new"
	CollectionItems           = "/collections/items"
	SurveyPrivacy             = "/surveys/privacy"
	Instruments               = "/surveys/instruments"
	NewInstrument             = "/surveys/instruments/new"
	Reports                   = "/reports"
	InstitutionRpt            = "/reports/institution"
	InstitutionCSV            = "/reports/institution.csv"
	NetworkReport             = "/reports/network"
	NetworkReportCSV          = "/reports/network.csv"
)

// Module is a module's overview.
func Module(moduleID int64) string { return "/modules/" + id(moduleID) }

// Programme is a programme's plan for the current academic year.
func Programme(programmeID int64) string { return "/programmes/" + id(programmeID) }

// Plan is a programme's plan for academic year y.
func Plan(programmeID int64, y int) string { return year(Programme(programmeID), y) }

// PlanFiltered is a programme's plan with filters (year, kind, stage, …).
func PlanFiltered(programmeID int64, q url.Values) string {
	return withQuery(Programme(programmeID), q)
}

// ProgrammeAbout lists a programme's modules and team.
func ProgrammeAbout(programmeID int64) string { return Programme(programmeID) + "/about" }

// Calendar is a programme's calendar at the current month.
func Calendar(programmeID int64) string { return Programme(programmeID) + "/calendar" }

// CalendarMonth is a programme's calendar at the month of t.
func CalendarMonth(programmeID int64, t time.Time) string {
	return Calendar(programmeID) + "?month=" + t.Format("2006-01")
}

// CalendarFeedCreate makes (or remakes) a programme's feed address.
func CalendarFeedCreate(programmeID int64) string { return Calendar(programmeID) + "/feed" }

// CalendarFeedRevoke turns a programme's feed address off.
func CalendarFeedRevoke(programmeID int64) string { return CalendarFeedCreate(programmeID) + "/revoke" }

// PlanCSV exports a programme's plan for academic year y.
func PlanCSV(programmeID int64, y int) string {
	return year(Programme(programmeID)+"/activities.csv", y)
}

// PlanImport imports activities into a programme's plan.
func PlanImport(programmeID int64) string { return Programme(programmeID) + "/import" }

// PlanCopy copies a programme's plan to the next academic year.
func PlanCopy(programmeID int64) string { return Programme(programmeID) + "/copy" }

// Activities is where a new activity of a programme is posted.
func Activities(programmeID int64) string { return Programme(programmeID) + "/activities" }

// NewActivity is the form for a new activity in academic year y.
func NewActivity(programmeID int64, y int) string { return year(Activities(programmeID)+"/new", y) }

// NewActivityWith is the new-activity form pre-filled (kind, stage, …).
func NewActivityWith(programmeID int64, q url.Values) string {
	return withQuery(Activities(programmeID)+"/new", q)
}

// ProgrammeSurveys lists a programme's pulse surveys.
func ProgrammeSurveys(programmeID int64) string { return Programme(programmeID) + "/surveys" }

// NewProgrammeSurvey is the form for a survey of a whole programme.
func NewProgrammeSurvey(programmeID int64) string { return ProgrammeSurveys(programmeID) + "/new" }

// ProgrammeReport is a programme's report for academic year y.
func ProgrammeReport(programmeID int64, y int) string {
	return year(Programme(programmeID)+"/report", y)
}

// ProgrammeReportCSV is one table of a programme's report as CSV.
func ProgrammeReportCSV(programmeID int64, q url.Values) string {
	return withQuery(Programme(programmeID)+"/report.csv", q)
}

// Activity is an activity's page.
func Activity(activityID int64) string { return "/activities/" + id(activityID) }

// ActivityAt is an activity's page at one of its sections, such as
// "sessions" or "evidence".
func ActivityAt(activityID int64, section string) string { return Activity(activityID) + "#" + section }

// EditActivity is an activity's form.
func EditActivity(activityID int64) string { return Activity(activityID) + "/edit" }

// ArchiveActivity, RestoreActivity and CopyActivity act on an activity.
func ArchiveActivity(activityID int64) string { return Activity(activityID) + "/archive" }
func RestoreActivity(activityID int64) string { return Activity(activityID) + "/restore" }
func CopyActivity(activityID int64) string    { return Activity(activityID) + "/copy" }

// ActivitySessions is where new sessions of an activity are posted.
func ActivitySessions(activityID int64) string { return Activity(activityID) + "/sessions" }

// ActivityExport is an activity's JSON export.
func ActivityExport(activityID int64) string { return Activity(activityID) + "/export.json" }

// Session is where a session's changes are posted.
func Session(sessionID int64) string { return "/sessions/" + id(sessionID) }

// EditSession and DeleteSession act on one session.
func EditSession(sessionID int64) string   { return Session(sessionID) + "/edit" }
func DeleteSession(sessionID int64) string { return Session(sessionID) + "/delete" }

// CheckInScreen is a session's check-in screen, for a projector.
func CheckInScreen(sessionID int64) string { return Session(sessionID) + "/check-in" }

// CheckIn is where students check in at a session: a page that says
// whether this browser has, and where its "I'm here" button posts. Its
// cookie is scoped to this path.
func CheckIn(sessionID int64) string { return "/c/" + id(sessionID) }

// CheckInCode is the address in a check-in screen's QR code: the session
// and the code of the moment, which changes every 30 seconds.
func CheckInCode(sessionID int64, code string) string { return CheckIn(sessionID) + "/" + code }

// Outcomes is where an activity's new outcome is posted.
func Outcomes(activityID int64) string { return Activity(activityID) + "/outcomes" }

// NewOutcome is the form for a new outcome, optionally of one session.
func NewOutcome(activityID int64) string { return Outcomes(activityID) + "/new" }

// NewSessionOutcome is the form for a new outcome of one session.
func NewSessionOutcome(activityID, sessionID int64) string {
	return NewOutcome(activityID) + "?session=" + id(sessionID)
}

// Outcome is where an outcome's changes are posted.
func Outcome(outcomeID int64) string { return "/outcomes/" + id(outcomeID) }

// EditOutcome and DeleteOutcome act on one outcome.
func EditOutcome(outcomeID int64) string   { return Outcome(outcomeID) + "/edit" }
func DeleteOutcome(outcomeID int64) string { return Outcome(outcomeID) + "/delete" }

// Evidence is where an activity's new evidence is posted.
func Evidence(activityID int64) string { return Activity(activityID) + "/evidence" }

// NewEvidence is the form for new evidence.
func NewEvidence(activityID int64) string { return Evidence(activityID) + "/new" }

// EvidenceItem is one piece of evidence.
func EvidenceItem(evidenceID int64) string { return "/evidence/" + id(evidenceID) }

// DownloadEvidence, PreviewEvidence and DeleteEvidence act on one file.
func DownloadEvidence(evidenceID int64) string { return EvidenceItem(evidenceID) + "/download" }
func PreviewEvidence(evidenceID int64) string  { return EvidenceItem(evidenceID) + "/preview" }
func DeleteEvidence(evidenceID int64) string   { return EvidenceItem(evidenceID) + "/delete" }

// ActivityCaseStudies is where a new case study of an activity is posted.
func ActivityCaseStudies(activityID int64) string { return Activity(activityID) + "/case-studies" }

// NewCaseStudy is the form for a case study written from an activity.
func NewCaseStudy(activityID int64) string { return ActivityCaseStudies(activityID) + "/new" }

// ActivitySurveys is where a new survey of an activity is posted.
func ActivitySurveys(activityID int64) string { return Activity(activityID) + "/surveys" }

// NewActivitySurvey is the form for a survey of one activity.
func NewActivitySurvey(activityID int64) string { return ActivitySurveys(activityID) + "/new" }

// CaseStudy is a case study's readable address: its id, then a slug of
// its title that the page ignores (/case-studies/12-coffee-mornings), so
// a renamed case study's old links still work.
func CaseStudy(caseStudyID int64, title string) string {
	if s := slug(title); s != "" {
		return CaseStudyByID(caseStudyID) + "-" + s
	}
	return CaseStudyByID(caseStudyID)
}

// CaseStudyDraft is a case study's unpublished draft.
func CaseStudyDraft(caseStudyID int64, title string) string {
	return CaseStudy(caseStudyID, title) + "?draft=1"
}

// CaseStudyByID is a case study's page without its slug, and where its
// changes are posted.
func CaseStudyByID(caseStudyID int64) string { return "/case-studies/" + id(caseStudyID) }

// slug makes the readable part of a case study's address from its title.
func slug(title string) string {
	var b strings.Builder
	b.Grow(len(title))
	gap := false
	for _, r := range strings.ToLower(title) {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			gap = true
			continue
		}
		if gap && b.Len() > 0 {
			b.WriteByte('-')
		}
		gap = false
		b.WriteRune(r)
	}
	s := b.String()
	if len(s) > 60 {
		s = strings.TrimRight(s[:60], "-")
	}
	return s
}

// EditCaseStudy, PublishCaseStudy, UnpublishCaseStudy, ReviewCaseStudy and
// BookmarkCaseStudy act on one case study.
func EditCaseStudy(caseStudyID int64) string      { return CaseStudyByID(caseStudyID) + "/edit" }
func PublishCaseStudy(caseStudyID int64) string   { return CaseStudyByID(caseStudyID) + "/publish" }
func UnpublishCaseStudy(caseStudyID int64) string { return CaseStudyByID(caseStudyID) + "/unpublish" }
func ReviewCaseStudy(caseStudyID int64) string    { return CaseStudyByID(caseStudyID) + "/review" }
func BookmarkCaseStudy(caseStudyID int64) string  { return CaseStudyByID(caseStudyID) + "/bookmark" }

// Collection is a collection of case studies.
func Collection(collectionID int64) string { return "/collections/" + id(collectionID) }

// CollectionItem is where a note on a collection's item is posted.
func CollectionItem(collectionID, caseStudyID int64) string {
	return Collection(collectionID) + "/items/" + id(caseStudyID)
}

// MoveCollectionItem and RemoveCollectionItem act on one item.
func MoveCollectionItem(collectionID, caseStudyID int64) string {
	return CollectionItem(collectionID, caseStudyID) + "/move"
}
func RemoveCollectionItem(collectionID, caseStudyID int64) string {
	return CollectionItem(collectionID, caseStudyID) + "/remove"
}

// Survey is a survey's page, with its results once it closes.
func Survey(surveyID int64) string { return "/surveys/" + id(surveyID) }

// SurveyWith is a survey's page with options (a year-of-study filter).
func SurveyWith(surveyID int64, q url.Values) string { return withQuery(Survey(surveyID), q) }

// EditSurvey, CloseSurvey, DeleteSurvey, SurveyQRSVG, SurveyQRPNG and
// SurveyPoster act on one survey.
func EditSurvey(surveyID int64) string   { return Survey(surveyID) + "/edit" }
func CloseSurvey(surveyID int64) string  { return Survey(surveyID) + "/close" }
func DeleteSurvey(surveyID int64) string { return Survey(surveyID) + "/delete" }
func SurveyQRSVG(surveyID int64) string  { return Survey(surveyID) + "/qr.svg" }
func SurveyQRPNG(surveyID int64) string  { return Survey(surveyID) + "/qr.png" }
func SurveyPoster(surveyID int64) string { return Survey(surveyID) + "/poster" }

// Instrument is a questionnaire's page, and where its changes are posted.
func Instrument(instrumentID int64) string { return Instruments + "/" + id(instrumentID) }

// EditInstrument is a questionnaire's form.
func EditInstrument(instrumentID int64) string { return Instrument(instrumentID) + "/edit" }

// InstitutionReport is the institution's report with its options (year,
// sort, page).
func InstitutionReport(q url.Values) string { return withQuery(InstitutionRpt, q) }

// InstitutionReportCSV is one table of the institution's report as CSV.
func InstitutionReportCSV(q url.Values) string { return withQuery(InstitutionCSV, q) }

// DepartmentReport is a department's report with its options.
func DepartmentReport(departmentID int64, q url.Values) string {
	return withQuery("/reports/departments/"+id(departmentID), q)
}

// DepartmentReportCSV is one table of a department's report as CSV.
func DepartmentReportCSV(departmentID int64, q url.Values) string {
	return withQuery("/reports/departments/"+id(departmentID)+".csv", q)
}

// NetworkReportFor is the network report with its options.
func NetworkReportFor(q url.Values) string { return withQuery(NetworkReport, q) }

// NetworkReportCSVFor is one table of the network report as CSV.
func NetworkReportCSVFor(q url.Values) string { return withQuery(NetworkReportCSV, q) }

// Institution admins' pages.
const (
	Admin               = "/admin"
	AdminSettings       = "/admin/settings"
	AdminDepartments    = "/admin/departments"
	NewDepartment       = "/admin/departments/new"
	AdminProgrammes     = "/admin/programmes"
	NewProgramme        = "/admin/programmes/new"
	AdminModules        = "/admin/modules"
	NewModule           = "/admin/modules/new"
	AdminImport         = "/admin/import"
	AdminImportTemplate = "/admin/import/template.csv"
	People              = "/admin/people"
	Invitations         = "/admin/people#invitations"
	Invite              = "/admin/people/invite"
	AuditLog            = "/admin/audit"
	// AdminJobs lists the background jobs that failed.
	AdminJobs = "/admin/jobs"
)

// RetryJob runs a failed background job again.
func RetryJob(jobID int64) string { return AdminJobs + "/" + id(jobID) + "/retry" }

// AdminList is one of the admin lists with its options (archived shown).
func AdminList(list string, q url.Values) string { return withQuery(list, q) }

// AuditLogFor is the audit log filtered.
func AuditLogFor(q url.Values) string { return withQuery(AuditLog, q) }

// Department is a department's form, and where its changes are posted.
func Department(departmentID int64) string { return AdminDepartments + "/" + id(departmentID) }

// ArchiveDepartment and RestoreDepartment act on a department.
func ArchiveDepartment(departmentID int64) string { return Department(departmentID) + "/archive" }
func RestoreDepartment(departmentID int64) string { return Department(departmentID) + "/restore" }

// AdminProgramme is a programme's form, and where its changes are posted.
func AdminProgramme(programmeID int64) string { return AdminProgrammes + "/" + id(programmeID) }

// ArchiveProgramme and RestoreProgramme act on a programme.
func ArchiveProgramme(programmeID int64) string { return AdminProgramme(programmeID) + "/archive" }
func RestoreProgramme(programmeID int64) string { return AdminProgramme(programmeID) + "/restore" }

// ProgrammeModules is where a module is linked to a programme.
func ProgrammeModules(programmeID int64) string { return AdminProgramme(programmeID) + "/modules" }

// UnlinkModule takes a module off a programme.
func UnlinkModule(programmeID, moduleID int64) string {
	return ProgrammeModules(programmeID) + "/" + id(moduleID) + "/remove"
}

// AdminModule is a module's form, and where its changes are posted.
func AdminModule(moduleID int64) string { return AdminModules + "/" + id(moduleID) }

// ArchiveModule and RestoreModule act on a module.
func ArchiveModule(moduleID int64) string { return AdminModule(moduleID) + "/archive" }
func RestoreModule(moduleID int64) string { return AdminModule(moduleID) + "/restore" }

// Person is a person's page for admins.
func Person(personID int64) string { return People + "/" + id(personID) }

// PersonMemberships is where a role is given to a person.
func PersonMemberships(personID int64) string { return Person(personID) + "/memberships" }

// RemoveMembership takes a role away.
func RemoveMembership(personID, membershipID int64) string {
	return PersonMemberships(personID) + "/" + id(membershipID) + "/remove"
}

// DisablePerson and EnablePerson stop and restore a person's access.
func DisablePerson(personID int64) string { return Person(personID) + "/disable" }
func EnablePerson(personID int64) string  { return Person(personID) + "/enable" }

// RevokeInvitation withdraws an invitation.
func RevokeInvitation(invitationID int64) string {
	return "/admin/invitations/" + id(invitationID) + "/revoke"
}

// Added for internal/survey and internal/report (surveys and reports on
// the seam).

// SurveyAt is a survey's page at one of its sections, such as "share" or
// "results".
func SurveyAt(surveyID int64, section string) string { return Survey(surveyID) + "#" + section }

// ProgrammeReportFor is a programme's report with options (year); with
// none, at the current academic year.
func ProgrammeReportFor(programmeID int64, q url.Values) string {
	return withQuery(Programme(programmeID)+"/report", q)
}

// Added for internal/sso, internal/account and internal/scim (signing in
// through identity providers, password reset, provisioning; issue 14).

// Sign-in through an institution's identity provider.
const (
	SignInUniversity   = "/sign-in/university"
	SignInInstitutions = "/sign-in/institutions"
	SSOComplete        = "/sso/complete"
	ProviderSignOut    = "/sso/sign-out"
	ForgotPassword     = "/forgot-password"
	AdminSignIn        = "/admin/sign-in"
	AdminProviders     = "/admin/sign-in/providers"
	SCIMTokens         = "/admin/sign-in/scim-tokens"
	// SCIMBase is the root of the SCIM 2.0 service provisioning clients call.
	SCIMBase = "/scim/v2"
)

// SignInInstitutionsMatching is the list of institutions filtered by q.
func SignInInstitutionsMatching(q string) string {
	return withQuery(SignInInstitutions, url.Values{"q": {q}})
}

// SignInInstitution is an institution's page of ways to sign in.
func SignInInstitution(slug string) string { return SignInInstitutions + "/" + slug }

// SSOStart begins a sign-in through a provider, returning to next, with
// the address typed (if any) passed on as a hint.
func SSOStart(providerID int64, next, hint string) string {
	q := url.Values{}
	if next != "" && next != Home {
		q.Set("next", next)
	}
	if hint != "" {
		q.Set("hint", hint)
	}
	return withQuery("/sso/"+id(providerID)+"/start", q)
}

// OIDCCallback is a provider's redirect URI (registered at the provider).
func OIDCCallback(providerID int64) string { return "/sso/" + id(providerID) + "/callback" }

// SAMLMetadata is an institution's SAML SP metadata; the address is also
// its entityID.
func SAMLMetadata(slug string) string { return "/saml/" + slug + "/metadata" }

// SAMLACS is an institution's assertion consumer service.
func SAMLACS(slug string) string { return "/saml/" + slug + "/acs" }

// SAMLSLO is an institution's single logout service.
func SAMLSLO(slug string) string { return "/saml/" + slug + "/slo" }

// ResetPassword is where a reset link lets a person choose a new password.
func ResetPassword(token string) string { return "/reset-password/" + token }

// NewProvider is the form adding a provider of protocol "oidc" or "saml".
func NewProvider(protocol string) string {
	return withQuery(AdminProviders+"/new", url.Values{"protocol": {protocol}})
}

// AdminProvider is a provider's settings page.
func AdminProvider(providerID int64) string { return AdminProviders + "/" + id(providerID) }

// DeleteProvider removes a provider.
func DeleteProvider(providerID int64) string { return AdminProvider(providerID) + "/delete" }

// RevokeSCIMToken withdraws a provisioning token.
func RevokeSCIMToken(tokenID int64) string { return SCIMTokens + "/" + id(tokenID) + "/revoke" }

// PersonResetLink sends a person a password reset link.
func PersonResetLink(personID int64) string { return Person(personID) + "/reset-link" }

// SCIMUser is a person as the SCIM service shows them.
func SCIMUser(userID int64) string { return SCIMBase + "/Users/" + id(userID) }

// Staff data rights (internal/rights): downloading what is held about a
// person, and erasing a person.

// AccountData downloads everything held about the signed-in person.
const AccountData = "/account/data.zip"

// PersonData downloads everything held about a person, for an admin.
func PersonData(personID int64) string { return Person(personID) + "/data.zip" }

// ErasePerson asks an admin to confirm erasing a person (GET) and erases
// them (POST).
func ErasePerson(personID int64) string { return Person(personID) + "/erase" }

// Evaluation codes (internal/codes): the vocabulary an institution codes
// its activities with.
const (
	// AdminCodes shows the vocabulary and takes a CSV to replace it.
	AdminCodes = "/admin/codes"
	// AdminCodesCSV downloads the vocabulary in the layout the upload reads.
	AdminCodesCSV = "/admin/codes.csv"
)

// An activity's Enhanced Theory of Change (internal/toc).

// TheoryOfChange is an activity's theory of change: its page (GET), and
// where a new entry is posted.
func TheoryOfChange(activityID int64) string { return Activity(activityID) + "/theory-of-change" }

// TocEntry is one entry's form (GET) and where it is saved (POST).
func TocEntry(activityID, entryID int64) string {
	return TheoryOfChange(activityID) + "/" + id(entryID)
}

// DeleteTocEntry removes an entry.
func DeleteTocEntry(activityID, entryID int64) string {
	return TocEntry(activityID, entryID) + "/delete"
}

// Evaluation (issue 18): a pair's comparison group, cohort outcome
// figures, and the evaluation record as a workbook.

// SurveyComparison names the comparison group of the pair a survey
// belongs to (GET shows the form, POST saves it).
func SurveyComparison(surveyID int64) string { return Survey(surveyID) + "/comparison" }

// ActivityWorkbook is an activity's evaluation record as an XLSX workbook.
func ActivityWorkbook(activityID int64) string { return Activity(activityID) + "/evaluation.xlsx" }

// AdminCohortFigures imports programmes' cohort outcome figures.
const AdminCohortFigures = "/admin/cohort-figures"

// Knowing a programme's students (internal/cohort): its cohort profile
// for a year, its "what belonging means here" note, and its welcome-week
// baseline survey.

// CohortProfile is the form for a programme's cohort profile in year y.
func CohortProfile(programmeID int64, y int) string { return year(Programme(programmeID)+"/cohort", y) }

// CohortProfileImport imports a programme's cohort profiles, a year a line.
func CohortProfileImport(programmeID int64) string { return Programme(programmeID) + "/cohort/import" }

// BelongingNote is the form for a programme's "what belonging means here".
func BelongingNote(programmeID int64) string { return Programme(programmeID) + "/belonging-note" }

// SurveyBaseline marks a programme survey as its year's baseline, or
// unmarks it.
func SurveyBaseline(surveyID int64) string { return Survey(surveyID) + "/baseline" }

// Student partners (internal/partner): their own pages, and the director's
// page of an activity's partners.

// PartnerHome lists a student partner's activities.
const PartnerHome = "/partner"

// PartnerActivity is an activity as its student partners see it; a POST
// saves what they may change.
func PartnerActivity(activityID int64) string { return PartnerHome + "/activities/" + id(activityID) }

// EditPartnerActivity is the partners' form for an activity.
func EditPartnerActivity(activityID int64) string { return PartnerActivity(activityID) + "/edit" }

// SessionNotes is the form for a session's notes (GET) and saves them (POST).
func SessionNotes(sessionID int64) string {
	return PartnerHome + "/sessions/" + id(sessionID) + "/notes"
}

// OutcomeQuotes is the form adding a student's quote to an outcome (GET)
// and adds it (POST).
func OutcomeQuotes(outcomeID int64) string {
	return PartnerHome + "/outcomes/" + id(outcomeID) + "/quotes"
}

// ActivityPartners lists an activity's student partners (GET) and invites
// one (POST).
func ActivityPartners(activityID int64) string { return Activity(activityID) + "/partners" }

// RemovePartner takes a student partner off an activity.
func RemovePartner(activityID, userID int64) string {
	return ActivityPartners(activityID) + "/" + id(userID) + "/remove"
}

// Every report as one workbook (internal/report).

// ProgrammeReportXLSX is a programme's whole report as one workbook.
func ProgrammeReportXLSX(programmeID int64, q url.Values) string {
	return withQuery(Programme(programmeID)+"/report.xlsx", q)
}

// InstitutionReportXLSX is the institution's whole report as one workbook.
func InstitutionReportXLSX(q url.Values) string { return withQuery(InstitutionRpt+".xlsx", q) }

// DepartmentReportXLSX is a department's whole report as one workbook.
func DepartmentReportXLSX(departmentID int64, q url.Values) string {
	return withQuery("/reports/departments/"+id(departmentID)+".xlsx", q)
}

// NetworkReportXLSX is the network report as one workbook.
func NetworkReportXLSX(q url.Values) string { return withQuery(NetworkReport+".xlsx", q) }

// Staff belonging (internal/survey).

// NewStaffSurvey is the form for a programme team's staff belonging survey:
// the programme's survey form, for staff.
func NewStaffSurvey(programmeID int64) string { return NewProgrammeSurvey(programmeID) + "?for=staff" }

// Language switching (internal/language).

// Language switches the interface to the language to and returns to back,
// a path on this site.
func Language(to, back string) string {
	return "/language?" + url.Values{"to": {to}, "back": {back}}.Encode()
}
