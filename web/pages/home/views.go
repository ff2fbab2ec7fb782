// Package home holds the signed-in home page and the public information
// pages.
package home

import (
	"context"
	"time"

	"belonging/internal/i18n"
)

// HomeView is the signed-in home page's model: the person's dashboard.
type HomeView struct {
	FirstName   string
	Institution string
	Places      []Place
	Waiting     Waiting
	Upcoming    []SessionItem
	// UpcomingElsewhere counts coming sessions listed under the module
	// leader's modules instead of Upcoming.
	UpcomingElsewhere int
	Drafts            []DraftItem
	// Staff says whether the person works in an institution (coordinators
	// do not, and see no plan items).
	Staff bool
	// Dashboard shows the coming sessions and draft ideas: for people who
	// plan or run activities, or have some.
	Dashboard bool
	// The sections of each other role the person holds; nil for a role
	// they do not hold.
	Modules     *ModuleSection
	Review      *ReviewSection
	Admin       *AdminSection
	Coordinator *CoordinatorSection
}

// SessionItem is a session on the dashboard.
type SessionItem struct {
	ID         int64
	ActivityID int64
	Title      string
	Programme  string
	Date       time.Time
	Time       string
	Location   string
}

// DraftItem is an activity still at the idea stage.
type DraftItem struct {
	ID        int64
	Title     string
	Programme string
	Year      string
}

// Place is one programme, module or other scope the person works in.
type Place struct {
	Label string
	Role  string
	URL   string
}

// Meta is the line under a session's title: day, time, programme, place.
func (s SessionItem) Meta(ctx context.Context) string {
	out := i18n.Weekday(ctx, s.Date)
	if s.Time != "" {
		out += ", " + s.Time
	}
	out += " · " + s.Programme
	if s.Location != "" {
		out += " · " + s.Location
	}
	return out
}

// Waiting is the "Waiting for you" panel: a group per kind of thing that
// waits, each item linking to the page that resolves it.
type Waiting struct {
	Total  int
	Groups []WaitingGroup
}

// WaitingGroup is one kind of thing that waits: the first few, and how
// many in all.
type WaitingGroup struct {
	// ID names the group for tests and its heading's anchor.
	ID    string
	Title string
	Empty string
	Total int
	Items []WaitingItem
	// Elsewhere counts the items of Total listed in another section of
	// the home instead (a module leader's outcomes due), which
	// ElsewhereNote names.
	Elsewhere     int
	ElsewhereNote string
}

// WaitingItem is one thing that waits and where it is resolved.
type WaitingItem struct {
	Title string
	Meta  string
	URL   string
}

// More is how many of the group are not listed.
func (g WaitingGroup) More() int { return g.Total - len(g.Items) - g.Elsewhere }
