package vocab

// Inclusivity is an activity's inclusivity checklist the way activities
// keep it: one yes/no column for each item of Checklist. It is the one
// place where those columns meet the checklist's values, which forms,
// the CSV files, the audit log and case studies use.
type Inclusivity struct {
	InTimetabledHours    bool
	OnlineOption         bool
	FreeToStudents       bool
	Accessible           bool
	SuitsCommutersCarers bool
	AlcoholFree          bool
	DietaryNeedsMet      bool
}

// item pairs each value of Checklist with its column.
func (c *Inclusivity) item(value string) *bool {
	switch value {
	case "in_timetabled_hours":
		return &c.InTimetabledHours
	case "online_option":
		return &c.OnlineOption
	case "free_to_students":
		return &c.FreeToStudents
	case "accessible":
		return &c.Accessible
	case "suits_commuters_carers":
		return &c.SuitsCommutersCarers
	case "alcohol_free":
		return &c.AlcoholFree
	case "dietary_needs_met":
		return &c.DietaryNeedsMet
	}
	return nil
}

// InclusivityOf is the checklist with the items named by values (values
// of Checklist, as a form or a CSV file names them) met. Values that are
// not on the checklist are ignored: callers validate them first.
func InclusivityOf(values []string) Inclusivity {
	var c Inclusivity
	for _, v := range values {
		if on := c.item(v); on != nil {
			*on = true
		}
	}
	return c
}

// Has reports whether the item value is met.
func (c Inclusivity) Has(value string) bool {
	on := c.item(value)
	return on != nil && *on
}

// Met lists the values of the items met, in the checklist's order.
func (c Inclusivity) Met() []string {
	var out []string
	for _, t := range Checklist {
		if c.Has(t.Value) {
			out = append(out, t.Value)
		}
	}
	return out
}
