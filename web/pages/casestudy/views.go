// Package casestudy holds the case study pages: the library and its
// search, a case study, writing and reviewing one, collections and
// bookmarks.
package casestudy

import (
	"time"

	"github.com/a-h/templ"

	"belonging/internal/httpx/form"
	"belonging/web/components"
)

// LibraryPage is the search page.
type LibraryPage struct {
	Q      string
	Sort   string
	Facets []FacetGroup
	// FacetFields, when set, is Facets drawn already (FacetFields), as
	// kept with a search.
	FacetFields templ.Component
	Hits        []Hit
	Total       int
	Pager       components.Pager
	Message     string
	SignedIn    bool
	// AsOf, when the results were read from a replica, says how old they
	// may be ("Results as of 3 seconds ago.").
	AsOf string
	// Deep says the page is past the results that are ranked, the newest
	// Ranked matches.
	Deep   bool
	Ranked int
	// More says more than Total case studies match, so the facets are
	// offered without counts.
	More bool
	// CodeType and CodeRisk filter by evaluation codes, chosen from Types
	// and Risks (the reader's institution's vocabulary).
	CodeType, CodeRisk string
	Types, Risks       []components.Option
	// Partial are case studies with some of the search's words, shown
	// when few have all of them.
	Partial []Hit
}

// FacetGroup is one facet with its values and counts.
type FacetGroup struct {
	Name    string
	Label   string
	Options []FacetOption
}

// FacetOption is one value of a facet.
type FacetOption struct {
	Value    string
	Label    string
	Count    int
	Selected bool
}

// Hit is one result.
type Hit struct {
	ID          int64
	URL         string
	Title       string
	Snippet     templ.Component
	Institution string
	Kind        string
	Stage       string
	Dimensions  []string
	Strength    int
	Year        int
	Visibility  string
	Published   time.Time
}

// Section is one titled part of a case study, rendered to safe HTML.
type Section struct {
	ID    string
	Title string
	HTML  string
}

// EvidenceItem is evidence a case study cites.
type EvidenceItem struct {
	Title    string
	Kind     string
	Strength int
	Details  string
}

// CaseStudyPage shows a case study: its publication to readers, or its
// draft to the people who write and review it.
type CaseStudyPage struct {
	ID              int64
	URL             string
	Title           string
	Summary         string
	Sections        []Section
	Evidence        []EvidenceItem
	Kind            string
	Stage           string
	Dimensions      []string
	Placement       string
	Strength        int
	Year            int
	Institution     string
	InstitutionType string
	Discipline      string
	Visibility      string
	Published       time.Time

	Draft         bool
	SignedIn      bool
	Bookmarked    bool
	CanEdit       bool
	CanReview     bool
	CanCurate     bool
	Collections   []components.Option
	Status        *Status
	Review        ReviewForm
	CollectionAdd form.Errors
	// Similar are the case studies most like this one that the reader
	// may read.
	Similar []Hit
}

// Status tells the case study's editors where it stands.
type Status struct {
	Published        string // visibility of the publication, or ""
	PublishedVersion int
	DraftVersion     int
	Requested        string
	ReviewState      string
	ReviewComment    string
	Reviewer         string
	ReviewedAt       *time.Time
}

// ReviewForm is the approver's decision.
type ReviewForm struct {
	Comment string
	form.Errors
}

// Form writes or edits a case study.
type Form struct {
	ID              int64
	ActivityID      int64
	ActivityTitle   string
	Version         string
	Title           string
	Summary         string
	InstitutionType string
	Discipline      string
	Cohort          string
	Context         string
	WhatWeDid       string
	Partnership     string
	Inclusivity     string
	Impact          string
	Lessons         string
	Advice          string
	CostEffort      string
	Kind            string
	Stage           string
	Dimensions      []string
	Placement       string
	Evidence        []EvidenceChoice
	Conflict        bool
	form.Errors
}

// EvidenceChoice is an item of the activity's evidence the case study may
// cite.
type EvidenceChoice struct {
	ID       string
	Label    string
	Strength int
	Checked  bool
}

// ListPage lists an institution's case studies for their editors and
// reviewers.
type ListPage struct {
	Rows []ListRow
}

// ListRow is one case study with its state.
type ListRow struct {
	ID        int64
	Title     string
	Programme string
	Author    string
	State     string
	StateKind string
	Updated   time.Time
}

// CollectionsPage lists collections.
type CollectionsPage struct {
	CanCurate bool
	Rows      []CollectionRow
}

// CollectionRow is one collection.
type CollectionRow struct {
	ID     int64
	Title  string
	Owner  string
	Items  int
	Shared bool
	Mine   bool
	// Team is the programme code of a programme team's collection, empty
	// for a coordinator's.
	Team string
}

// CollectionPage shows a collection.
type CollectionPage struct {
	ID          int64
	Title       string
	Description string
	Owner       string
	// Team names the programme of a programme team's collection, empty
	// for a coordinator's.
	Team   string
	Shared bool
	Mine   bool
	Items  []CollectionItem
	Hidden int
	Edit   CollectionForm
}

// CollectionItem is one case study in a collection.
type CollectionItem struct {
	ID          int64
	URL         string
	Title       string
	Summary     string
	Institution string
	Strength    int
	Note        string
	First, Last bool
}

// CollectionForm creates or edits a collection.
type CollectionForm struct {
	ID          int64
	Title       string
	Description string
	Shared      bool
	// Keeper is who keeps a new collection: "network" (a coordinator) or
	// a programme's id (its team); Keepers are the choices the person has.
	// Once made, a collection keeps its keeper.
	Keeper  string
	Keepers []components.Option
	// Team is true for a programme team's collection (or a new one whose
	// only choice is a team), Institution the institution it may be shared
	// with.
	Team        bool
	Institution string
	form.Errors
}

// BookmarksPage lists bookmarked case studies.
type BookmarksPage struct {
	Hits []Hit
}

// ActivityCaseStudies is the case study part of an activity's page.
type ActivityCaseStudies struct {
	ActivityID int64
	CanWrite   bool
	Rows       []ListRow
}
