// Package vocab is the product's shared vocabulary: the kinds of activity,
// journey stages, belonging dimensions, placements, levels, statuses,
// partnership and the inclusivity checklist, each with its label, in the
// order people see them. Stored values never change; labels may.
package vocab

// Term is one value with its label and an optional explanation.
type Term struct {
	Value string
	Label string
	Hint  string
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
var Kinds = List{
	{"induction", "Induction event", "A welcome or orientation event"},
	{"extended_induction", "Extended induction", "Induction that continues through terms 1 and 2"},
	{"social", "Social gathering", "Coffee mornings, pizza evenings, walks"},
	{"meet_researcher", "Meet the Researcher", "Students meet staff and their research"},
	{"research_conference", "Student research conference", "Students present their own work"},
	{"mentoring", "Peer or transition mentoring", "Students supporting students"},
	{"ambassadors", "Student ambassadors", "Students representing the course"},
	{"small_group", "Small-group learning", "Tutorial or learning communities"},
	{"co_created_resource", "Co-created resource", "Made with students, such as a guide or podcast"},
	{"shared_space", "Shared space", "A place for the cohort to meet"},
	{"other", "Other", ""},
}

// Stages of the student journey, in order.
var Stages = List{
	{"pre_arrival", "Pre-arrival", ""},
	{"welcome_week", "Welcome week", ""},
	{"term_1", "Term 1", ""},
	{"term_2", "Term 2", ""},
	{"term_3", "Term 3", ""},
	{"transition", "Transition to next year", ""},
	{"final_year", "Final year", ""},
	{"postgraduate", "Postgraduate", ""},
}

// Dimensions of belonging an activity can target.
var Dimensions = List{
	{"peers", "Connection with peers", ""},
	{"staff", "Relationships with staff", ""},
	{"confidence", "Academic confidence", ""},
	{"inclusion", "Inclusion and diversity", ""},
	{"mattering", "Mattering (feeling valued)", ""},
	{"wellbeing", "Wellbeing", ""},
	{"voice", "Student agency and voice", ""},
}

// ShortDimensions are compact labels for table headings.
var ShortDimensions = List{
	{"peers", "Peers", ""},
	{"staff", "Staff", ""},
	{"confidence", "Confidence", ""},
	{"inclusion", "Inclusion", ""},
	{"mattering", "Mattering", ""},
	{"wellbeing", "Wellbeing", ""},
	{"voice", "Voice", ""},
}

// Placements: where the activity sits relative to the timetable.
var Placements = List{
	{"curricular", "Curricular", "Inside timetabled teaching: reaches commuters and carers"},
	{"co_curricular", "Co-curricular", "Linked to the course, outside timetabled hours"},
	{"extra_curricular", "Extra-curricular", "Outside the course"},
}

// Levels at which belonging is built.
var Levels = List{
	{"module", "Module", ""},
	{"programme", "Programme", ""},
	{"department", "Department", ""},
	{"institution", "Institution", ""},
}

// Statuses an activity moves through.
var Statuses = List{
	{"idea", "Idea", "A draft: not yet planned"},
	{"planned", "Planned", "Agreed, with aims"},
	{"scheduled", "Scheduled", "Dates and rooms booked"},
	{"running", "Running", "Sessions under way"},
	{"completed", "Completed", "All sessions held"},
	{"evaluated", "Evaluated", "Outcomes and evidence recorded"},
}

// Partnerships with students.
var Partnerships = List{
	{"for", "For students", "Staff design and run it"},
	{"with", "With students", "Co-created with students"},
	{"by", "By students", "Led by students"},
}

// AudienceLevels are who an activity is for.
var AudienceLevels = List{
	{"ug", "Undergraduate", ""},
	{"pgt", "Postgraduate taught", ""},
	{"pgr", "Postgraduate research", ""},
	{"foundation", "Foundation year", ""},
	{"all", "All students", ""},
}

// Checklist is the inclusivity checklist.
var Checklist = List{
	{"in_timetabled_hours", "In timetabled hours", "Students do not have to stay late or come in specially"},
	{"online_option", "Online or hybrid option", ""},
	{"free_to_students", "Free to students", ""},
	{"accessible", "Accessible venue and materials", ""},
	{"suits_commuters_carers", "Suits commuters and carers", ""},
	{"alcohol_free", "Alcohol-free", ""},
	{"dietary_needs_met", "Dietary needs met", "If food is offered"},
}
