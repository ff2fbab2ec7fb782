// Package toc is an activity's Enhanced Theory of Change: its context,
// inputs, activity elements, outputs, outcomes (short, medium and long
// term, each linked to the elements that lead to it), impact, mechanisms
// of change and assumptions with the evidence for each. It is edited with
// plain forms and drawn as a server-side SVG diagram with the same content
// as a table beside it.
//
// The entries live in toc_entries and toc_links (migration 000110); the
// six free-text columns activities had before stay as the entries' plain
// text, kept in step by triggers, for the reports and exports that read
// them.
package toc

import (
	"context"
	"strconv"
	"strings"

	"belonging/internal/i18n"
	"belonging/internal/store"
	"belonging/web/components"
	page "belonging/web/pages/toc"
	"belonging/web/paths"
)

// Part is one part of a theory of change.
type Part struct {
	Value, Label, Heading, Hint string
	// Column says the part has a free-text column on activities, whose
	// length (4,000 characters, entries joined by newlines) bounds it.
	Column bool
}

// Parts in the order a theory of change reads.
var Parts = []Part{
	{"context", "Context", "Context", "The situation the activity responds to: who the students are and what gets in their way", false},
	{"input", "Input", "Inputs", "Staff time, rooms, budget, student partners", true},
	{"activity", "Activity element", "Activity elements", "One thing that happens, which students take part in", true},
	{"output", "Output", "Outputs", "What you can count: sessions held, students attending", true},
	{"outcome", "Outcome", "Outcomes", "What changes for students; say when you expect it", true},
	{"impact", "Impact", "Impact", "The longer-term difference, such as continuation", true},
	{"mechanism", "Mechanism of change", "Mechanisms of change", "Why the elements lead to the outcomes: the process at work in students", false},
	{"assumption", "Assumption", "Assumptions", "What must be true for this to work; add the evidence for it once saved", true},
}

// Terms of an outcome.
var Terms = []components.Option{
	{Value: "short", Label: "Short term", Hint: "Within the activity or the term it runs in"},
	{Value: "medium", Label: "Medium term", Hint: "By the end of the year"},
	{Value: "long", Label: "Long term", Hint: "In later years"},
}

func part(value string) (Part, bool) {
	for _, p := range Parts {
		if p.Value == value {
			return p, true
		}
	}
	return Part{}, false
}

// heading names an entry's column or list in the reader's language: the
// part, and an outcome's term.
func heading(ctx context.Context, partValue, term string) string {
	if partValue == "outcome" {
		if w, ok := termWords[term]; ok {
			return i18n.T(ctx, w.heading)
		}
	}
	p, _ := part(partValue)
	return p.HeadingIn(ctx)
}

// Entry is one entry of a theory of change.
type Entry struct {
	store.ListTocEntriesRow
	// From are the activity elements that lead to an outcome.
	From []int64
}

// Model is an activity's whole theory of change.
type Model struct {
	Entries []Entry
	byID    map[int64]*Entry
}

// Load reads an activity's theory of change.
func Load(ctx context.Context, q *store.Queries, institutionID, activityID int64) (Model, error) {
	rows, err := q.ListTocEntries(ctx, store.ListTocEntriesParams{InstitutionID: institutionID, ActivityID: activityID})
	if err != nil {
		return Model{}, err
	}
	links, err := q.ListTocLinks(ctx, store.ListTocLinksParams{InstitutionID: institutionID, ActivityID: activityID})
	if err != nil {
		return Model{}, err
	}
	m := Model{byID: map[int64]*Entry{}}
	// Part by part in reading order; outcomes short, medium, then long.
	for _, p := range Parts {
		terms := []string{""}
		if p.Value == "outcome" {
			terms = []string{"short", "medium", "long"}
		}
		for _, term := range terms {
			for _, r := range rows {
				if r.Part == p.Value && (r.Term == nil && term == "" || r.Term != nil && *r.Term == term) {
					m.Entries = append(m.Entries, Entry{ListTocEntriesRow: r})
				}
			}
		}
	}
	for i := range m.Entries {
		m.byID[m.Entries[i].ID] = &m.Entries[i]
	}
	for _, l := range links {
		if o := m.byID[l.OutcomeID]; o != nil {
			o.From = append(o.From, l.ElementID)
		}
	}
	return m, nil
}

// Of returns the entries of one part.
func (m Model) Of(partValue string) []Entry {
	var out []Entry
	for _, e := range m.Entries {
		if e.Part == partValue {
			out = append(out, e)
		}
	}
	return out
}

// Get returns the entry with this id.
func (m Model) Get(id int64) (Entry, bool) {
	e := m.byID[id]
	if e == nil {
		return Entry{}, false
	}
	return *e, true
}

func term(e Entry) string {
	if e.Term == nil {
		return ""
	}
	return *e.Term
}

// detail is the text beside an entry: what leads to an outcome, the
// evidence for an assumption.
func (m Model) detail(ctx context.Context, e Entry) string {
	switch e.Part {
	case "outcome":
		var names []string
		for _, id := range e.From {
			if el, ok := m.Get(id); ok {
				names = append(names, el.Body)
			}
		}
		if len(names) == 0 {
			return ""
		}
		return i18n.T(ctx, "toc.detail.from", "Names", strings.Join(names, "; "))
	case "assumption":
		var parts []string
		if e.EvidenceNote != "" {
			parts = append(parts, e.EvidenceNote)
		}
		if e.EvidenceID != nil {
			parts = append(parts, i18n.T(ctx, "toc.detail.item", "Title", e.EvidenceTitle))
		}
		if len(parts) == 0 {
			return ""
		}
		return i18n.T(ctx, "toc.detail.evidence", "Parts", strings.Join(parts, " "))
	}
	return ""
}

// Rows is the theory of change as the table's rows.
func (m Model) Rows(ctx context.Context) []page.Row {
	var out []page.Row
	for _, e := range m.Entries {
		r := page.Row{EntryID: e.ID, Heading: heading(ctx, e.Part, term(e)), Body: e.Body, Detail: m.detail(ctx, e)}
		if e.EvidenceID != nil {
			r.EvidenceURL = paths.EvidenceItem(*e.EvidenceID)
		}
		out = append(out, r)
	}
	return out
}

// Summary says in a line how far the theory of change has got, for the
// activity page.
func Summary(ctx context.Context, s store.TocSummaryRow) string {
	if s.Entries == 0 {
		return i18n.T(ctx, "toc.summary.empty")
	}
	// orNone is counted, or none when there are none.
	orNone := func(n int32, counted, none string) string {
		if n == 0 {
			return none
		}
		return counted
	}
	return i18n.T(ctx, "toc.summary",
		"Entries", i18n.N(ctx, "toc.summary.entries", int(s.Entries)),
		"Outcomes", orNone(s.Outcomes, i18n.N(ctx, "toc.summary.outcomes", int(s.Outcomes)), i18n.T(ctx, "toc.summary.outcomes.none")),
		"Links", orNone(s.Links, i18n.N(ctx, "toc.summary.links", int(s.Links)), i18n.T(ctx, "toc.summary.links.none")),
		"Mechanisms", orNone(s.Mechanisms, i18n.N(ctx, "toc.summary.mechanisms", int(s.Mechanisms)), i18n.T(ctx, "toc.summary.mechanisms.none")),
		"Assumptions", orNone(s.Assumptions, i18n.N(ctx, "toc.summary.assumptions", int(s.Assumptions)), i18n.T(ctx, "toc.summary.assumptions.none")),
		"Evidenced", orNone(s.Evidenced, strconv.Itoa(int(s.Evidenced)), i18n.T(ctx, "toc.summary.evidenced.none")))
}
