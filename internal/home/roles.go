package home

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"belonging/internal/acyear"
	"belonging/internal/auth"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/internal/vocab"
	page "belonging/web/pages/home"
	"belonging/web/paths"
)

// The home's sections for the roles besides a director's: a module
// leader's modules, a viewer's programmes to review, an admin's
// institution and a coordinator's network. Each reads one query (the
// admin's three, one per card), inside the home's read-only transaction.

// staffSections fills the sections of the roles u holds in their
// institution.
func staffSections(ctx context.Context, q *store.Queries, u *reqctx.User, now time.Time, v *page.HomeView) error {
	today := acyear.DateOf(now)
	if modules := auth.LedModules(u); len(modules) > 0 {
		rows, err := q.ModuleLeaderSessions(ctx, store.ModuleLeaderSessionsParams{InstitutionID: u.InstitutionID, ModuleIds: modules,
			Today: today, DueFrom: today.Add(-dueWithin), UpcomingTo: today.AddDate(0, 0, 21)})
		if err != nil {
			return err
		}
		v.Modules = moduleSection(rows)
	}
	if programmes, viewer := reviewedProgrammes(u); viewer {
		year := acyear.Of(today, u.YearStartMonth)
		rows, err := q.ReviewerProgrammes(ctx, store.ReviewerProgrammesParams{InstitutionID: u.InstitutionID, Year: int32(year), ProgrammeIds: programmes})
		if err != nil {
			return err
		}
		v.Review = reviewSection(u, rows, year)
	}
	if u.IsAdmin() {
		s, err := adminSection(ctx, q, u.InstitutionID)
		if err != nil {
			return err
		}
		v.Admin = s
	}
	return nil
}

func moduleSection(rows []store.ModuleLeaderSessionsRow) *page.ModuleSection {
	s := &page.ModuleSection{}
	last := int64(0)
	for _, r := range rows {
		if r.ModuleID != last {
			s.Modules = append(s.Modules, page.LedModule{Code: r.Code, Title: r.ModuleTitle, URL: paths.Module(r.ModuleID)})
			last = r.ModuleID
		}
		m := &s.Modules[len(s.Modules)-1]
		switch r.List {
		case "upcoming":
			m.UpcomingTotal = int(r.Total)
			m.Upcoming = append(m.Upcoming, page.SessionItem{ID: r.SessionID, ActivityID: r.ActivityID, Title: r.Title, Programme: r.Code,
				Date: r.SessionDate, Time: clock(r.StartTime.Microseconds, r.StartTime.Valid)})
		case "due":
			m.DueTotal = int(r.Total)
			m.Due = append(m.Due, page.DueSession{Title: r.Title, Date: r.SessionDate, RecordURL: paths.NewSessionOutcome(r.ActivityID, r.SessionID)})
		}
	}
	return s
}

// reviewedProgrammes are the programmes u holds a viewer's role on, by
// programme or through a department; viewer says whether u holds one at
// all (a department may have no programmes yet).
func reviewedProgrammes(u *reqctx.User) (ids []int64, viewer bool) {
	ids = []int64{}
	for _, m := range u.Memberships {
		if m.Role != reqctx.RoleViewer {
			continue
		}
		viewer = true
		for _, id := range append([]int64{m.ProgrammeID}, m.DepartmentProgrammes...) {
			if id != 0 && !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	return ids, viewer
}

func reviewSection(u *reqctx.User, rows []store.ReviewerProgrammesRow, year int) *page.ReviewSection {
	s := &page.ReviewSection{Year: acyear.Label(year), Cells: len(vocab.Stages) * len(vocab.Dimensions)}
	last := int64(0)
	for _, r := range rows {
		if r.DepartmentID != last {
			d := page.ReviewDepartment{Name: r.DepartmentName}
			if auth.Can(u, auth.ViewDepartment, auth.Target{InstitutionID: u.InstitutionID, DepartmentID: r.DepartmentID}) {
				d.URL = paths.DepartmentReport(r.DepartmentID, nil)
			}
			s.Departments = append(s.Departments, d)
			last = r.DepartmentID
		}
		d := &s.Departments[len(s.Departments)-1]
		d.Programmes = append(d.Programmes, page.ReviewProgramme{Code: r.Code, Title: r.Title, URL: paths.Programme(r.ProgrammeID),
			Activities: int(r.Activities), Cells: int(r.Cells), NoEvidence: int(r.NoEvidence), Narrative: int(r.Type1),
			Empirical: int(r.Type2), Causal: int(r.Type3)})
	}
	return s
}

func adminSection(ctx context.Context, q *store.Queries, institutionID int64) (*page.AdminSection, error) {
	setup, err := q.AdminSetup(ctx, institutionID)
	if err != nil {
		return nil, err
	}
	jobs, err := q.AdminFailedJobs(ctx, institutionID)
	if err != nil {
		return nil, err
	}
	entries, err := q.AdminRecentAudit(ctx, &institutionID)
	if err != nil {
		return nil, err
	}
	s := &page.AdminSection{Steps: setupSteps(ctx, setup), SharesFigures: setup.ShareNetworkFigures, SharedCaseStudies: int(setup.SharedCaseStudies)}
	for _, j := range jobs {
		s.FailedTotal = int(j.Total)
		s.FailedJobs = append(s.FailedJobs, page.FailedJob{What: humanise(j.Kind), Error: j.LastError, At: j.At.In(acyear.London)})
	}
	for _, e := range entries {
		s.Audit = append(s.Audit, page.AuditEntry{Actor: e.ActorName, At: e.CreatedAt.In(acyear.London),
			What: humanise(e.Action) + " " + humanise(e.Entity) + " " + strconv.FormatInt(e.EntityID, 10)})
	}
	return s, nil
}

// setupSteps is the admin's checklist, in the order an institution is set
// up: structure, people, how they sign in, the public notices.
func setupSteps(ctx context.Context, c store.AdminSetupRow) []page.SetupStep {
	// structure is a step of the institution's structure; counted says
	// how many there are.
	structure := func(n int32, title, counted, list, listURL, add, addURL string) page.SetupStep {
		if n == 0 {
			return page.SetupStep{Title: title, Detail: i18n.T(ctx, "home.setup.none"), Link: add, LinkURL: addURL}
		}
		return page.SetupStep{Title: title, Detail: counted, Done: true, Link: list, LinkURL: listURL}
	}
	steps := []page.SetupStep{
		structure(c.Departments, i18n.T(ctx, "home.setup.departments"), i18n.N(ctx, "home.setup.departments.count", int(c.Departments)),
			i18n.T(ctx, "home.setup.departments.see"), paths.AdminDepartments, i18n.T(ctx, "home.setup.departments.add"), paths.NewDepartment),
		structure(c.Programmes, i18n.T(ctx, "home.setup.programmes"), i18n.N(ctx, "home.setup.programmes.count", int(c.Programmes)),
			i18n.T(ctx, "home.setup.programmes.see"), paths.AdminProgrammes, i18n.T(ctx, "home.setup.programmes.add"), paths.AdminImport),
		structure(c.Modules, i18n.T(ctx, "home.setup.modules"), i18n.N(ctx, "home.setup.modules.count", int(c.Modules)),
			i18n.T(ctx, "home.setup.modules.see"), paths.AdminModules, i18n.T(ctx, "home.setup.modules.add"), paths.AdminImport),
	}
	people := page.SetupStep{Title: i18n.T(ctx, "home.setup.people"),
		Detail: i18n.T(ctx, "home.setup.people.detail", "People", i18n.N(ctx, "home.setup.people.count", int(c.People)),
			"Invitations", i18n.N(ctx, "home.setup.invitations.count", int(c.OpenInvitations))),
		Done: c.People > 1, Link: i18n.T(ctx, "home.setup.people.invite"), LinkURL: paths.Invite}
	if c.OpenInvitations > 0 {
		people.Link, people.LinkURL = i18n.T(ctx, "home.setup.people.invitations"), paths.Invitations
	}
	signIn := page.SetupStep{Title: i18n.T(ctx, "home.setup.signin"), Detail: i18n.T(ctx, "home.setup.signin.passwords"),
		Link: i18n.T(ctx, "home.setup.signin.connect"), LinkURL: paths.AdminSignIn}
	if c.Providers > 0 {
		signIn.Done, signIn.Detail, signIn.Link = true, i18n.T(ctx, "home.setup.signin.university"), i18n.T(ctx, "home.setup.signin.settings")
	}
	notices := page.SetupStep{Title: i18n.T(ctx, "home.setup.notices"), Done: c.AccessibilityReviewed && c.PrivacyReviewed,
		Detail: i18n.T(ctx, "home.setup.notices.reviewed"), Link: i18n.T(ctx, "home.setup.notices.accessibility"), LinkURL: paths.AdminAccessibility}
	switch {
	case !c.AccessibilityReviewed:
		notices.Detail = i18n.T(ctx, "home.setup.notices.review")
	case !c.PrivacyReviewed:
		notices.Detail, notices.Link, notices.LinkURL = i18n.T(ctx, "home.setup.notices.privacy_not"), i18n.T(ctx, "home.setup.notices.privacy"), paths.AdminPrivacy
	}
	return append(steps, people, signIn, notices)
}

// humanise turns a stored name ("invitation_mail") into words.
func humanise(name string) string {
	return strings.ReplaceAll(name, "_", " ")
}

// coordinatorSection notes the coordinator's visit, then reads what the
// network published since the one before, their collections, the
// network's figures and what people keep most.
func (h *Handler) coordinatorSection(ctx context.Context, u *reqctx.User, now time.Time) (*page.CoordinatorSection, error) {
	since, err := h.Queries.RecordHomeVisit(ctx, store.RecordHomeVisitParams{UserID: u.ID, Now: now})
	if err != nil {
		return nil, err
	}
	s := &page.CoordinatorSection{FirstVisit: since == nil}
	if since != nil {
		s.Since = since.In(acyear.London)
	}
	err = store.InGenericPlans(ctx, h.Pool, func(q *store.Queries) error {
		news, err := q.NetworkNews(ctx, since)
		if err != nil {
			return err
		}
		for _, n := range news {
			s.NewsTotal = int(n.Total)
			s.News = append(s.News, page.LinkItem{Title: n.Title, Meta: n.InstitutionName + " · " + i18n.DayMonth(ctx, n.PublishedAt.In(acyear.London)), URL: paths.CaseStudy(n.CaseStudyID, n.Title)})
		}
		cols, err := q.CuratorCollections(ctx, u.ID)
		if err != nil {
			return err
		}
		for _, c := range cols {
			meta := i18n.T(ctx, "home.collection.private")
			if c.Shared {
				meta = i18n.T(ctx, "home.collection.shared")
			}
			s.Collections = append(s.Collections, page.LinkItem{Title: c.Title, Meta: i18n.N(ctx, "home.collection.items", int(c.Items)) + " · " + meta, URL: paths.Collection(c.ID)})
		}
		kept, err := q.NetworkMostKept(ctx)
		if err != nil {
			return err
		}
		for _, k := range kept {
			s.MostKept = append(s.MostKept, page.LinkItem{Title: k.Title, Meta: k.InstitutionName + " · " + i18n.N(ctx, "home.kept_times", int(k.Kept)), URL: paths.CaseStudy(k.CaseStudyID, k.Title)})
		}
		f, err := q.NetworkFigures(ctx)
		if err != nil {
			return err
		}
		s.SharingInstitutions, s.SharedCaseStudies, s.ContributingInstitutions = int(f.SharingInstitutions), int(f.SharedCaseStudies), int(f.ContributingInstitutions)
		return nil
	})
	return s, err
}
