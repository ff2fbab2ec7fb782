package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"belonging/internal/activity"
	"belonging/internal/auth"
	"belonging/internal/codes"
	"belonging/internal/cohort"
	"belonging/internal/httpx"
	"belonging/internal/language"
	"belonging/internal/org"
	"belonging/internal/outcomefigures"
	"belonging/internal/scim"
	"belonging/web"
	"belonging/web/paths"
)

// routes registers every route of the application, grouped by who may
// reach it. Finer decisions (which programme, which record) are the
// policy's, asked by each handler.
func (s *Server) routes() http.Handler {
	root := chi.NewRouter()
	root.NotFound(s.notFound)
	root.MethodNotAllowed(s.methodNotAllowed(root))
	root.Use(requestID(s.trusted))
	if s.tracing.Enabled() {
		root.Use(routeSpans)
	}
	root.Use(accessLog(s.logger, s.metrics))
	root.Use(recoverPanics)
	root.Use(securityHeaders(s.cfg.SecureCookies()))
	root.Use(clientAddr(s.trusted))
	root.Use(language.Middleware(s.cfg.DefaultLanguage))

	// Probes, metrics and static files: no session, GET only.
	root.Get("/healthz", s.healthz)
	root.Get("/readyz", s.readyz)
	// In production the app's own address serves metrics only to the
	// holder of METRICS_TOKEN; otherwise they are on METRICS_ADDR alone.
	if s.cfg.Development() || s.cfg.MetricsToken != "" {
		root.Get("/metrics", s.metrics.Handler(s.cfg.MetricsToken).ServeHTTP)
	}
	root.Get("/static/*", web.StaticHandler(http.HandlerFunc(s.notFound)).ServeHTTP)
	// The language link on every page: no session, so it works the same on
	// the students' pages.
	root.Get("/language", language.Switch{SecureCookies: s.cfg.SecureCookies()}.ServeHTTP)

	// SCIM 2.0 provisioning: server to server, authenticated by an
	// institution's bearer token; no session, JSON errors.
	root.Route(paths.SCIMBase, func(r chi.Router) {
		r.NotFound(scim.NotFound)
		r.MethodNotAllowed(scim.MethodNotAllowed)
		r.Use(requestDeadline(s.cfg.RequestTimeout))
		r.Use(limitBody(s.cfg.MaxFormBytes))
		r.Use(s.scim.Authenticate)
		r.Get("/ServiceProviderConfig", s.scim.ServiceProviderConfig)
		r.Get("/ResourceTypes", s.scim.ResourceTypes)
		r.Get("/Schemas", s.scim.Schemas)
		r.Get("/Users", s.scim.ListUsers)
		r.Post("/Users", s.scim.CreateUser)
		r.Get("/Users/{id}", s.scim.GetUser)
		r.Put("/Users/{id}", s.scim.ReplaceUser)
		r.Patch("/Users/{id}", s.scim.PatchUser)
		r.Delete("/Users/{id}", s.scim.DeleteUser)
	})

	// Pulse surveys: students answer at a short link, without an account.
	// These routes stay out of the access log and never touch a session,
	// so a member of staff answering while signed in leaves no write to
	// their session beside their response (see docs/privacy.md).
	root.Group(func(r chi.Router) {
		r.Use(unlogged, requestDeadline(s.cfg.RequestTimeout), s.crossOrigin, noStore, limitBody(s.cfg.MaxFormBytes), storableInput)
		r.Get("/s/{token}", s.survey.Respond)
		r.Post("/s/{token}", s.survey.Submit)
		r.Get("/s/{token}/thanks", s.survey.Thanks)
	})

	// Check-in at the door: students check in from a session's screen
	// without an account, under the same rules as the survey pages.
	root.Group(func(r chi.Router) {
		r.Use(unlogged, requestDeadline(s.cfg.RequestTimeout), s.crossOrigin, noStore, limitBody(s.cfg.MaxFormBytes), storableInput)
		r.Get("/c/{session}", s.checkin.Status)
		r.Post("/c/{session}", s.checkin.CheckIn)
		r.Get("/c/{session}/{code}", s.checkin.Scan)
	})

	app := chi.NewRouter()
	app.NotFound(s.notFound)
	app.MethodNotAllowed(s.methodNotAllowed(app))
	app.Use(requestDeadline(s.cfg.RequestTimeout))
	app.Use(s.crossOrigin)
	app.Use(s.sessions.LoadAndSave)
	app.Use(auth.CurrentUser(s.sessions, s.queries))
	app.Use(institutionLanguage)
	app.Use(noStore)
	app.Use(s.home.CountWaiting)

	// Ordinary pages and forms: bodies capped at MAX_FORM_BYTES.
	app.Group(func(r chi.Router) {
		r.Use(limitBody(s.cfg.MaxFormBytes), storableInput)

		// Anyone, signed in or not.
		r.Get("/sign-in", s.account.SignInPage)
		r.Post("/sign-in", s.account.SignIn)
		r.Post("/sign-out", s.account.SignOut)
		r.Get("/accessibility", s.notice.Accessibility)
		r.Get("/accessibility/{slug}", s.notice.InstitutionAccessibility)
		r.Get("/privacy", s.notice.Privacy)
		r.Get("/privacy/{slug}", s.notice.InstitutionPrivacy)
		r.Get("/calendar/{file}", s.activity.Feed)
		r.Get("/library", s.casestudy.Library)
		r.Get("/library/feed.atom", s.casestudy.Feed)
		r.Get("/case-studies/{ref}", s.casestudy.Show)
		r.Get("/invitations/{token}", s.people.AcceptPage)
		r.Post("/invitations/{token}", s.people.Accept)
		// Signing in through an institution's identity provider, and
		// password resets.
		r.Post("/sign-in/university", s.account.FindUniversity)
		r.Get("/sign-in/institutions", s.sso.Institutions)
		r.Get("/sign-in/institutions/{slug}", s.sso.InstitutionPage)
		r.Get("/sso/{id}/start", s.sso.Start)
		r.Get("/sso/{id}/callback", s.sso.Callback)
		r.Get("/sso/complete", s.sso.Complete)
		r.Get("/sso/sign-out", s.sso.ProviderSignOut)
		r.Get("/saml/{slug}/metadata", s.sso.Metadata)
		r.Post("/saml/{slug}/acs", s.sso.ACS)
		r.Get("/saml/{slug}/slo", s.sso.SLO)
		r.Get("/forgot-password", s.account.ForgotPage)
		r.Post("/forgot-password", s.account.Forgot)
		r.Get("/reset-password/{token}", s.account.ResetPage)
		r.Post("/reset-password/{token}", s.account.Reset)
		// The signed link in a notification email: a page with a button, and
		// the mail program's one-click POST (RFC 8058).
		r.Get("/unsubscribe/{token}", s.account.UnsubscribePage)
		r.Post("/unsubscribe/{token}", s.account.Unsubscribe)
		if s.cfg.Development() {
			r.Get("/dev/mail", s.people.Mailbox)
		}

		// Signed-in people; each handler asks the policy about the record.
		r.Group(func(r chi.Router) {
			r.Use(auth.RequireUser, auth.FencePartners)
			r.Get("/", s.home.Home)
			r.Get("/account", s.account.Page)
			r.Post("/account/password", s.account.ChangePassword)
			r.Post("/account/notifications", s.account.SaveNotifications)
			r.Post("/account/calendar/feed", s.activity.CreatePersonalFeed)
			r.Post("/account/calendar/feed/revoke", s.activity.RevokePersonalFeed)
			r.Get("/account/data.zip", s.rights.OwnData)

			r.Get("/programmes", s.org.ProgrammeIndex)
			r.Get("/modules/{id}", s.org.ModulePage)

			// A programme's plan, its activities and sessions.
			r.Get("/programmes/{id}", s.activity.Plan)
			r.Get("/programmes/{id}/about", s.activity.About)
			r.Get("/programmes/{id}/calendar", s.activity.Calendar)
			r.Post("/programmes/{id}/calendar/feed", s.activity.CreateFeed)
			r.Post("/programmes/{id}/calendar/feed/revoke", s.activity.RevokeFeed)
			r.Get("/programmes/{id}/activities.csv", s.activity.Export)
			r.Get("/programmes/{id}/import", s.activity.ImportPage)
			r.Post("/programmes/{id}/copy", s.activity.CopyPlan)
			r.Get("/programmes/{id}/activities/new", s.activity.New)
			r.Post("/programmes/{id}/activities", s.activity.Create)
			r.Get("/activities/{id}", s.activity.Show)
			r.Get("/activities/{id}/edit", s.activity.Edit)
			r.Post("/activities/{id}", s.activity.Update)
			r.Post("/activities/{id}/archive", s.activity.Archive)
			r.Post("/activities/{id}/restore", s.activity.Restore)
			r.Post("/activities/{id}/copy", s.activity.Copy)
			r.Post("/activities/{id}/sessions", s.activity.AddSessions)
			r.Get("/sessions/{id}/edit", s.activity.EditSession)
			r.Post("/sessions/{id}", s.activity.UpdateSession)
			r.Post("/sessions/{id}/delete", s.activity.DeleteSession)
			// An activity's Enhanced Theory of Change (internal/toc).
			r.Get("/activities/{id}/theory-of-change", s.toc.Show)
			r.Post("/activities/{id}/theory-of-change", s.toc.Add)
			r.Get("/activities/{id}/theory-of-change/{entry}", s.toc.Edit)
			r.Post("/activities/{id}/theory-of-change/{entry}", s.toc.Update)
			r.Post("/activities/{id}/theory-of-change/{entry}/delete", s.toc.Delete)
			r.Get("/sessions/{id}/check-in", s.checkin.Screen)

			// Outcomes and evidence.
			r.Get("/activities/{id}/outcomes/new", s.evidence.NewOutcome)
			r.Post("/activities/{id}/outcomes", s.evidence.CreateOutcome)
			r.Get("/outcomes/{id}/edit", s.evidence.EditOutcome)
			r.Post("/outcomes/{id}", s.evidence.UpdateOutcome)
			r.Post("/outcomes/{id}/delete", s.evidence.DeleteOutcome)
			r.Get("/activities/{id}/evidence/new", s.evidence.NewEvidence)
			r.Get("/evidence/{id}/download", s.evidence.Download)
			r.Get("/evidence/{id}/preview", s.evidence.Preview)
			r.Post("/evidence/{id}/delete", s.evidence.DeleteEvidence)

			// Case studies, collections and bookmarks.
			r.Get("/case-studies", s.casestudy.List)
			r.Get("/activities/{id}/case-studies/new", s.casestudy.New)
			r.Post("/activities/{id}/case-studies", s.casestudy.Create)
			r.Get("/case-studies/{id}/edit", s.casestudy.Edit)
			// Beside GET /case-studies/{ref}: chi keeps each method's
			// parameter names, so this one reads "id".
			r.Post("/case-studies/{id}", s.casestudy.Update)
			r.Post("/case-studies/{id}/publish", s.casestudy.Publish)
			r.Post("/case-studies/{id}/unpublish", s.casestudy.Unpublish)
			r.Post("/case-studies/{id}/review", s.casestudy.Review)
			r.Post("/case-studies/{id}/bookmark", s.casestudy.ToggleBookmark)
			r.Get("/bookmarks", s.casestudy.Bookmarks)
			r.Get("/collections", s.casestudy.Collections)
			r.Get("/collections/new", s.casestudy.NewCollection)
			r.Post("/collections", s.casestudy.CreateCollection)
			r.Post("/collections/items", s.casestudy.AddToCollection)
			r.Get("/collections/{id}", s.casestudy.ShowCollection)
			r.Post("/collections/{id}", s.casestudy.UpdateCollection)
			r.Post("/collections/{id}/items/{caseStudyID}", s.casestudy.UpdateItem)
			r.Post("/collections/{id}/items/{caseStudyID}/remove", s.casestudy.RemoveItem)
			r.Post("/collections/{id}/items/{caseStudyID}/move", s.casestudy.MoveItem)
			// Where case study addresses used to be: a bookmark of the form
			// (301), and a draft's form left open while the app was upgraded
			// (308, so the browser posts the same form to the new address).
			r.Get("/activities/{id}/case-study/new", moved(http.StatusMovedPermanently, paths.NewCaseStudy))
			r.Post("/case-studies/{id}/edit", moved(http.StatusPermanentRedirect, paths.CaseStudyByID))
			// Knowing the students: the cohort profile and the belonging note.
			r.Get("/programmes/{id}/cohort", s.cohort.ProfilePage)
			r.Post("/programmes/{id}/cohort", s.cohort.SaveProfile)
			r.Get("/programmes/{id}/cohort/import", s.cohort.ImportPage)
			r.Get("/programmes/{id}/belonging-note", s.cohort.NotePage)
			r.Post("/programmes/{id}/belonging-note", s.cohort.SaveNote)
			// Pulse surveys.
			r.Post("/surveys/{id}/baseline", s.survey.Baseline)
			r.Get("/programmes/{id}/surveys", s.survey.List)
			r.Get("/programmes/{id}/surveys/new", s.survey.NewProgrammeSurvey)
			r.Post("/programmes/{id}/surveys", s.survey.CreateProgrammeSurvey)
			r.Get("/activities/{id}/surveys/new", s.survey.NewActivitySurvey)
			r.Post("/activities/{id}/surveys", s.survey.CreateActivitySurvey)
			r.Get("/surveys/privacy", s.survey.Privacy)
			r.Get("/surveys/instruments", s.survey.Instruments)
			r.Get("/surveys/instruments/new", s.survey.NewInstrument)
			r.Post("/surveys/instruments", s.survey.CreateInstrument)
			r.Get("/surveys/instruments/{id}", s.survey.InstrumentShow)
			r.Get("/surveys/instruments/{id}/edit", s.survey.EditInstrument)
			r.Post("/surveys/instruments/{id}", s.survey.UpdateInstrument)
			r.Get("/surveys/{id}", s.survey.Show)
			r.Get("/surveys/{id}/edit", s.survey.Edit)
			r.Post("/surveys/{id}", s.survey.Update)
			r.Post("/surveys/{id}/close", s.survey.Close)
			r.Post("/surveys/{id}/delete", s.survey.Delete)
			r.Get("/surveys/{id}/qr.svg", s.survey.QRSVG)
			r.Get("/surveys/{id}/qr.png", s.survey.QRPNG)
			r.Get("/surveys/{id}/poster", s.survey.Poster)
			// Evaluation: a pair's comparison group.
			r.Get("/surveys/{id}/comparison", s.survey.ComparisonPage)
			r.Post("/surveys/{id}/comparison", s.survey.SetComparison)

			// Reports and exports; each handler asks the policy.
			r.Get("/reports", s.report.Index)
			r.Get("/reports/institution", s.report.Institution)
			r.Get("/reports/institution.csv", s.report.InstitutionCSV)
			r.Get("/reports/departments/{id}", s.report.Department)
			r.Get("/reports/departments/{id}.csv", s.report.DepartmentCSV)
			r.Get("/reports/network", s.report.Network)
			r.Get("/reports/network.csv", s.report.NetworkCSV)
			r.Get("/programmes/{id}/report", s.report.Programme)
			r.Get("/programmes/{id}/report.csv", s.report.ProgrammeCSV)
			r.Get("/activities/{id}/export.json", s.report.ExportActivity)
			r.Get("/activities/{id}/evaluation.xlsx", s.report.ActivityWorkbook)
			// Every report as one workbook (issue 18).
			r.Get("/reports/institution.xlsx", s.report.InstitutionXLSX)
			r.Get("/reports/departments/{id}.xlsx", s.report.DepartmentXLSX)
			r.Get("/reports/network.xlsx", s.report.NetworkXLSX)
			r.Get("/programmes/{id}/report.xlsx", s.report.ProgrammeXLSX)

			// Student partners: their own pages, and the director's page of
			// an activity's partners.
			r.Get("/partner", s.partner.Home)
			r.Get("/partner/activities/{id}", s.partner.Activity)
			r.Post("/partner/activities/{id}", s.partner.Update)
			r.Get("/partner/activities/{id}/edit", s.partner.Edit)
			r.Get("/partner/sessions/{id}/notes", s.partner.SessionNotes)
			r.Post("/partner/sessions/{id}/notes", s.partner.SaveSessionNotes)
			r.Get("/partner/outcomes/{id}/quotes", s.partner.QuoteForm)
			r.Post("/partner/outcomes/{id}/quotes", s.partner.AddQuote)
			r.Get("/activities/{id}/partners", s.partner.Partners)
			r.Post("/activities/{id}/partners", s.partner.Invite)
			r.Post("/activities/{id}/partners/{userID}/remove", s.partner.Remove)
		})

		// Institution admins.
		r.Group(func(r chi.Router) {
			r.Use(auth.RequireUser, auth.RequireAdmin)
			r.Get("/admin", s.org.AdminHome)
			r.Get("/admin/settings", s.org.Settings)
			r.Post("/admin/settings", s.org.UpdateSettings)
			r.Get("/admin/accessibility", s.notice.EditAccessibility)
			r.Post("/admin/accessibility", s.notice.SaveAccessibility)
			r.Get("/admin/privacy", s.notice.EditPrivacy)
			r.Post("/admin/privacy", s.notice.SavePrivacy)

			r.Get("/admin/departments", s.org.Departments)
			r.Get("/admin/departments/new", s.org.NewDepartment)
			r.Post("/admin/departments", s.org.CreateDepartment)
			r.Get("/admin/departments/{id}", s.org.EditDepartment)
			r.Post("/admin/departments/{id}", s.org.UpdateDepartment)
			r.Post("/admin/departments/{id}/archive", s.org.ArchiveDepartment)
			r.Post("/admin/departments/{id}/restore", s.org.RestoreDepartment)

			r.Get("/admin/programmes", s.org.Programmes)
			r.Get("/admin/programmes/new", s.org.NewProgramme)
			r.Post("/admin/programmes", s.org.CreateProgramme)
			r.Get("/admin/programmes/{id}", s.org.EditProgramme)
			r.Post("/admin/programmes/{id}", s.org.UpdateProgramme)
			r.Post("/admin/programmes/{id}/archive", s.org.ArchiveProgramme)
			r.Post("/admin/programmes/{id}/restore", s.org.RestoreProgramme)
			r.Post("/admin/programmes/{id}/modules", s.org.LinkModule)
			r.Post("/admin/programmes/{id}/modules/{moduleID}/remove", s.org.UnlinkModule)

			r.Get("/admin/modules", s.org.Modules)
			r.Get("/admin/modules/new", s.org.NewModule)
			r.Post("/admin/modules", s.org.CreateModule)
			r.Get("/admin/modules/{id}", s.org.EditModule)
			r.Post("/admin/modules/{id}", s.org.UpdateModule)
			r.Post("/admin/modules/{id}/archive", s.org.ArchiveModule)
			r.Post("/admin/modules/{id}/restore", s.org.RestoreModule)

			r.Get("/admin/import", s.org.ImportPage)
			r.Get("/admin/cohort-figures", s.outcomes.ImportPage)
			r.Get("/admin/import/template.csv", s.org.ImportTemplate)

			r.Get("/admin/people", s.people.List)
			r.Get("/admin/people/invite", s.people.InvitePage)
			r.Post("/admin/people/invite", s.people.Invite)
			r.Get("/admin/people/{id}", s.people.Person)
			r.Post("/admin/people/{id}/memberships", s.people.AddMembership)
			r.Post("/admin/people/{id}/memberships/{membershipID}/remove", s.people.RemoveMembership)
			r.Post("/admin/people/{id}/disable", s.people.Disable)
			r.Post("/admin/people/{id}/enable", s.people.Enable)
			r.Get("/admin/people/{id}/data.zip", s.rights.PersonData)
			r.Get("/admin/people/{id}/erase", s.rights.ErasePage)
			r.Post("/admin/people/{id}/erase", s.rights.Erase)
			r.Post("/admin/invitations/{id}/revoke", s.people.RevokeInvitation)

			r.Get("/admin/audit", s.people.AuditLog)

			r.Post("/admin/people/{id}/reset-link", s.account.IssueResetLink)
			r.Get("/admin/sign-in", s.sso.Settings)
			r.Post("/admin/sign-in", s.sso.SaveSettings)
			r.Get("/admin/sign-in/providers/new", s.sso.NewProvider)
			r.Post("/admin/sign-in/providers", s.sso.CreateProvider)
			r.Get("/admin/sign-in/providers/{id}", s.sso.Provider)
			r.Post("/admin/sign-in/providers/{id}", s.sso.UpdateProvider)
			r.Post("/admin/sign-in/providers/{id}/delete", s.sso.DeleteProvider)
			r.Post("/admin/sign-in/scim-tokens", s.sso.CreateSCIMToken)
			r.Post("/admin/sign-in/scim-tokens/{id}/revoke", s.sso.RevokeSCIMToken)
			r.Get("/admin/jobs", s.org.FailedJobs)
			r.Post("/admin/jobs/{id}/retry", s.org.RetryJob)
			// Evaluation codes.
			r.Get("/admin/codes", s.codes.Page)
			r.Get("/admin/codes.csv", s.codes.Export)
		})
	})

	// File uploads, each with its own body cap.
	app.Group(func(r chi.Router) {
		r.Use(auth.RequireUser, storableInput)
		r.With(auth.RequireAdmin, limitBody(httpx.ImportBodyLimit(org.ImportMaxBytes))).Post("/admin/import", s.org.Import)
		r.With(auth.RequireAdmin, limitBody(httpx.ImportBodyLimit(outcomefigures.ImportMaxBytes))).Post("/admin/cohort-figures", s.outcomes.Import)
		r.With(limitBody(httpx.ImportBodyLimit(activity.ImportMaxBytes))).Post("/programmes/{id}/import", s.activity.Import)
		r.With(limitBody(httpx.ImportBodyLimit(cohort.ImportMaxBytes))).Post("/programmes/{id}/cohort/import", s.cohort.Import)
		r.With(auth.RequireAdmin, limitBody(httpx.ImportBodyLimit(codes.ImportMaxBytes))).Post("/admin/codes", s.codes.Import)
		// Twice the file limit: a file a little over it is read to the end,
		// so the page can say so and keep the rest of the form.
		r.With(limitBody(2*s.cfg.UploadMaxBytes+1<<20)).Post("/activities/{id}/evidence", s.evidence.CreateEvidence)
	})

	root.Mount("/", app)
	return root
}

// moved answers at an address that has moved, redirecting with status to
// the new address of the record named by the route's "id" (404 when it is
// not an id), keeping the query.
func moved(status int, to func(id int64) string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, ok := httpx.IDParam(w, r, "id")
		if !ok {
			return
		}
		target := to(id)
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, status)
	}
}
