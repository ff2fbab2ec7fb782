// Package vocab is the product's shared vocabulary: the kinds of activity,
// journey stages, belonging dimensions, placements, levels, statuses,
// partnership and the inclusivity checklist, each with its label, in the
// order people see them. Stored values never change; labels may. The
// English labels are here; every label and hint is also a message of the
// catalogues' "vocab" part (vocab.<list>.<value>, and .hint), so a Welsh
// reader sees Welsh.
package vocab

import (
	"context"

	"belonging/internal/i18n"
)

// Term is one value with its label and an optional explanation, in
// English; LabelIn and In give them in the reader's language.
type Term struct {
	Value string
	Label string
	Hint  string
	id    string // the catalogue's message id: "vocab.<list>.<value>"
}

// List is an ordered vocabulary.
type List []Term

// Label returns the label of value, or value itself when unknown.
func (l List) Label(value string) string {
	for _, t := range l {
		if t.Value == value {
			return t.Label
		}
	}
	return value
}

// named gives each term of a list its message id.
func named(name string, l List) List {
	for i := range l {
		l[i].id = "vocab." + name + "." + l[i].Value
	}
	return l
}

// LabelIn returns the label of value in the reader's language, or value
// itself when unknown.
func (l List) LabelIn(ctx context.Context, value string) string {
	for _, t := range l {
		if t.Value == value {
			return t.LabelIn(ctx)
		}
	}
	return value
}

// LabelIn is the term's label in the reader's language.
func (t Term) LabelIn(ctx context.Context) string {
	if t.id == "" || i18n.Lang(ctx) == i18n.English {
		return t.Label
	}
	return i18n.T(ctx, t.id)
}

// HintIn is the term's explanation in the reader's language ("" when it
// has none).
func (t Term) HintIn(ctx context.Context) string {
	if t.Hint == "" || t.id == "" || i18n.Lang(ctx) == i18n.English {
		return t.Hint
	}
	return i18n.T(ctx, t.id+".hint")
}

// In returns the list with its labels and hints in the reader's language,
// for pages that show every term.
func (l List) In(ctx context.Context) List {
	if i18n.Lang(ctx) == i18n.English {
		return l
	}
	out := make(List, len(l))
	for i, t := range l {
		out[i] = Term{Value: t.Value, Label: t.LabelIn(ctx), Hint: t.HintIn(ctx), id: t.id}
	}
	return out
}

// Lists are every vocabulary by its name in the catalogue, for the test
// that keeps the English catalogue equal to the labels here.
func Lists() map[string]List {
	return map[string]List{"kinds": Kinds, "stages": Stages, "dimensions": Dimensions, "short_dimensions": ShortDimensions,
		"placements": Placements, "levels": Levels, "statuses": Statuses, "partnerships": Partnerships,
		"audience_levels": AudienceLevels, "checklist": Checklist}
}

// Has reports whether value is in the list.
func (l List) Has(value string) bool {
	for _, t := range l {
		if t.Value == value {
			return true
		}
	}
	return false
}

// Values returns the stored values in order.
func (l List) Values() []string {
	out := make([]string, len(l))
	for i, t := range l {
		out[i] = t.Value
	}
	return out
}

// Index returns the position of value, or -1.
func (l List) Index(value string) int {
	for i, t := range l {
		if t.Value == value {
			return i
		}
	}
	return -1
}

// Kinds of belonging activity.
var Kinds = named("kinds", List{
	{Value: "induction", Label: "Induction event", Hint: "A welcome or orientation event"},
	{Value: "extended_induction", Label: "Extended induction", Hint: "Induction that continues through terms 1 and 2"},
	{Value: "social", Label: "Social gathering", Hint: "Coffee mornings, pizza evenings, walks"},
	{Value: "meet_researcher", Label: "Meet the Researcher", Hint: "Students meet staff and their research"},
	{Value: "research_conference", Label: "Student research conference", Hint: "Students present their own work"},
	{Value: "mentoring", Label: "Peer or transition mentoring", Hint: "Students supporting students"},
	{Value: "ambassadors", Label: "Student ambassadors", Hint: "Students representing the course"},
	{Value: "small_group", Label: "Small-group learning", Hint: "Tutorial or learning communities"},
	{Value: "co_created_resource", Label: "Co-created resource", Hint: "Made with students, such as a guide or podcast"},
	{Value: "shared_space", Label: "Shared space", Hint: "A place for the cohort to meet"},
	{Value: "other", Label: "Other"},
})

// Stages of the student journey, in order.
var Stages = named("stages", List{
	{Value: "pre_arrival", Label: "Pre-arrival"},
	{Value: "welcome_week", Label: "Welcome week"},
	{Value: "term_1", Label: "Term 1"},
	{Value: "term_2", Label: "Term 2"},
	{Value: "term_3", Label: "Term 3"},
	{Value: "transition", Label: "Transition to next year"},
	{Value: "final_year", Label: "Final year"},
	{Value: "postgraduate", Label: "Postgraduate"},
})

// Dimensions of belonging an activity can target.
var Dimensions = named("dimensions", List{
	{Value: "peers", Label: "Connection with peers"},
	{Value: "staff", Label: "Relationships with staff"},
	{Value: "confidence", Label: "Academic confidence"},
	{Value: "inclusion", Label: "Inclusion and diversity"},
	{Value: "mattering", Label: "Mattering (feeling valued)"},
	{Value: "wellbeing", Label: "Wellbeing"},
	{Value: "voice", Label: "Student agency and voice"},
})

// ShortDimensions are compact labels for table headings.
var ShortDimensions = named("short_dimensions", List{
	{Value: "peers", Label: "Peers"},
	{Value: "staff", Label: "Staff"},
	{Value: "confidence", Label: "Confidence"},
	{Value: "inclusion", Label: "Inclusion"},
	{Value: "mattering", Label: "Mattering"},
	{Value: "wellbeing", Label: "Wellbeing"},
	{Value: "voice", Label: "Voice"},
})

// Placements: where the activity sits relative to the timetable.
var Placements = named("placements", List{
	{Value: "curricular", Label: "Curricular", Hint: "Inside timetabled teaching: reaches commuters and carers"},
	{Value: "co_curricular", Label: "Co-curricular", Hint: "Linked to the course, outside timetabled hours"},
	{Value: "extra_curricular", Label: "Extra-curricular", Hint: "Outside the course"},
})

// Levels at which belonging is built.
var Levels = named("levels", List{
	{Value: "module", Label: "Module"},
	{Value: "programme", Label: "Programme"},
	{Value: "department", Label: "Department"},
	{Value: "institution", Label: "Institution"},
})

// Statuses an activity moves through.
var Statuses = named("statuses", List{
	{Value: "idea", Label: "Idea", Hint: "A draft: not yet planned"},
	{Value: "planned", Label: "Planned", Hint: "Agreed, with aims"},
	{Value: "scheduled", Label: "Scheduled", Hint: "Dates and rooms booked"},
	{Value: "running", Label: "Running", Hint: "Sessions under way"},
	{Value: "completed", Label: "Completed", Hint: "All sessions held"},
	{Value: "evaluated", Label: "Evaluated", Hint: "Outcomes and evidence recorded"},
})

// Partnerships with students.
var Partnerships = named("partnerships", List{
	{Value: "for", Label: "For students", Hint: "Staff design and run it"},
	{Value: "with", Label: "With students", Hint: "Co-created with students"},
	{Value: "by", Label: "By students", Hint: "Led by students"},
})

// AudienceLevels are who an activity is for.
var AudienceLevels = named("audience_levels", List{
	{Value: "ug", Label: "Undergraduate"},
	{Value: "pgt", Label: "Postgraduate taught"},
	{Value: "pgr", Label: "Postgraduate research"},
	{Value: "foundation", Label: "Foundation year"},
	{Value: "all", Label: "All students"},
})

// Checklist is the inclusivity checklist.
var Checklist = named("checklist", List{
	{Value: "in_timetabled_hours", Label: "In timetabled hours", Hint: "Students do not have to stay late or come in specially"},
	{Value: "online_option", Label: "Online or hybrid option"},
	{Value: "free_to_students", Label: "Free to students"},
	{Value: "accessible", Label: "Accessible venue and materials"},
	{Value: "suits_commuters_carers", Label: "Suits commuters and carers"},
	{Value: "alcohol_free", Label: "Alcohol-free"},
	{Value: "dietary_needs_met", Label: "Dietary needs met", Hint: "If food is offered"},
})
