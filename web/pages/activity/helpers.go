package activity

import (
	"net/url"
	"strconv"

	"belonging/internal/vocab"
	"belonging/web/components"
	"belonging/web/paths"
)

func options(l vocab.List) []components.Option {
	out := make([]components.Option, len(l))
	for i, t := range l {
		out[i] = components.Option{Value: t.Value, Label: t.Label, Hint: t.Hint}
	}
	return out
}

func yearOfStudyOptions() []components.Option {
	out := make([]components.Option, 0, 6)
	for y := 1; y <= 6; y++ {
		out = append(out, components.Option{Value: strconv.Itoa(y), Label: "Year " + strconv.Itoa(y)})
	}
	return out
}

// countSentence says how many activities the plan lists: "7 activities",
// or with filters "1 activity matches the filters".
func countSentence(n int, filtered bool) string {
	s := strconv.Itoa(n) + " " + activitiesWord(n)
	switch {
	case !filtered:
		return s
	case n == 1:
		return s + " matches the filters"
	}
	return s + " match the filters"
}

func activitiesWord(n int) string {
	if n == 1 {
		return "activity"
	}
	return "activities"
}

// statusKind chooses the tag style of a status; the text always names it.
func statusKind(status string) string {
	switch status {
	case "idea":
		return "warn"
	case "planned", "scheduled":
		return "info"
	case "running":
		return "brand"
	case "completed", "evaluated":
		return "ok"
	}
	return "info"
}

// cellURL is the plan's list of the activities counted in one cell of the
// coverage map.
func (c Coverage) cellURL(stage, dimension string) string {
	q := url.Values{"year": {strconv.Itoa(c.Year)}, "stage": {stage}, "dimension": {dimension}}
	return paths.PlanFiltered(c.ProgrammeID, q) + "#activities-title"
}
