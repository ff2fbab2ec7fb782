package home

import (
	"context"
	"time"

	"belonging/internal/i18n"
)

// The home's sections for each role (issue 23): a person with several
// roles sees each of theirs, the director's dashboard first.

// ModuleSection is a module leader's: each module they lead, with its
// coming sessions and the sessions past that still wait for an outcome.
type ModuleSection struct {
	Modules []LedModule
}

// LedModule is one module a person leads.
type LedModule struct {
	Code, Title, URL string
	Upcoming         []SessionItem
	UpcomingTotal    int
	Due              []DueSession
	DueTotal         int
}

// Day is when a session is: its date, and its time when set.
func (s SessionItem) Day(ctx context.Context) string {
	out := i18n.WeekdayMonth(ctx, s.Date)
	if s.Time != "" {
		out += ", " + s.Time
	}
	return out
}

// DueSession is a session past with no outcome, and where to record one.
type DueSession struct {
	Title     string
	Date      time.Time
	RecordURL string
}

// ReviewSection is a viewer's: the departments and programmes they
// review, with the year's coverage and evidence.
type ReviewSection struct {
	Year        string
	Cells       int // cells of the coverage map
	Departments []ReviewDepartment
}

// ReviewDepartment is a department (or the department of a programme)
// a viewer reviews; URL is its report, empty when the viewer reviews only
// some of its programmes.
type ReviewDepartment struct {
	Name, URL  string
	Programmes []ReviewProgramme
}

// ReviewProgramme is one programme's figures for the year.
type ReviewProgramme struct {
	Code, Title, URL                         string
	Activities, Cells                        int
	NoEvidence, Narrative, Empirical, Causal int
}

// Gaps is how many cells of the coverage map no activity fills.
func (p ReviewProgramme) Gaps(cells int) int { return cells - p.Cells }

// AdminSection is an institution admin's: how far set-up has come, what
// failed, what changed lately and what the institution shares.
type AdminSection struct {
	Steps       []SetupStep
	FailedJobs  []FailedJob
	FailedTotal int
	Audit       []AuditEntry
	// SharesFigures says whether the institution's figures join the
	// network report; SharedCaseStudies how many of its case studies are
	// shared beyond it.
	SharesFigures     bool
	SharedCaseStudies int
}

// StepsDone counts the finished steps of set-up.
func (a AdminSection) StepsDone() int {
	n := 0
	for _, s := range a.Steps {
		if s.Done {
			n++
		}
	}
	return n
}

// SetupStep is one point of the set-up checklist: what there is, or what
// to do next, with a link to the page where it is done.
type SetupStep struct {
	Title, Detail string
	Done          bool
	Link, LinkURL string
}

// FailedJob is a background job (an email, say) that failed.
type FailedJob struct {
	What, Error string
	At          time.Time
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	Actor, What string
	At          time.Time
}

// CoordinatorSection is a network coordinator's.
type CoordinatorSection struct {
	// FirstVisit is true until the home has been seen once; Since is the
	// visit before this one.
	FirstVisit  bool
	Since       time.Time
	News        []LinkItem
	NewsTotal   int
	Collections []LinkItem
	MostKept    []LinkItem
	// The network at a glance.
	SharingInstitutions, SharedCaseStudies, ContributingInstitutions int
}

// LinkItem is a titled link with a line of detail.
type LinkItem struct {
	Title, Meta, URL string
}

// More is how many of total are not among the shown.
func More(ctx context.Context, total, shown int) string {
	if total <= shown {
		return ""
	}
	return i18n.N(ctx, "home.more", total-shown)
}
