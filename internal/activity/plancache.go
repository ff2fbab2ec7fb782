package activity

import (
	"time"

	page "belonging/web/pages/activity"
)

// planKey names a plan page's drawn parts: besides the plan, they depend
// on the filter, the language and the hour (the next session is counted
// from today). A list filtered by evaluation code is not kept.
type planKey struct {
	programme int64
	year      int
	lang      string
	hour      int64
	filter    string
}

func newPlanKey(programme int64, year int, lang string, today time.Time, f page.PlanFilter) planKey {
	filter := f.Kind + "|" + f.Stage + "|" + f.Dimension + "|" + f.Status + "|" + f.Placement + "|" + f.YearOfStudy
	return planKey{programme: programme, year: year, lang: lang, hour: today.Truncate(time.Hour).Unix(), filter: filter}
}

// planParts are a plan page's parts drawn from its activities alone.
type planParts struct {
	figures  page.Figures
	years    []int32
	headline string
	coverage string
	list     string
}

func (p planParts) size() int { return len(p.headline) + len(p.coverage) + len(p.list) }

// exportKey names a plan's export.
type exportKey struct {
	programme int64
	year      int
}
