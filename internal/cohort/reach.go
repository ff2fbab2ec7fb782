package cohort

import (
	"fmt"

	"belonging/internal/store"
)

// Reach is what a plan's activities offer: how many there are and how many
// of them meet each condition that decides who can come.
type Reach struct {
	Total         int
	SuitCommuters int
	InTeaching    int
	OutsideHours  int
	Accessible    int
}

func reachOf(r store.CohortReachRow) Reach {
	return Reach{Total: int(r.Total), SuitCommuters: int(r.SuitCommuters), InTeaching: int(r.InTeaching),
		OutsideHours: int(r.OutsideHours), Accessible: int(r.Accessible)}
}

// share is part of whole as a whole percentage, rounded.
func share(part, whole int) int {
	if whole == 0 {
		return 0
	}
	return (part*100 + whole/2) / whole
}

func activities(n int) string {
	if n == 1 {
		return "1 activity"
	}
	return fmt.Sprintf("%d activities", n)
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// Sentences sets the plan's reach against the profile in plain words, each
// saying how it was reasoned. A sentence that needs a count the profile
// does not give (not known, or hidden) is left out.
func Sentences(p Profile, r Reach) []string {
	if r.Total == 0 || p.Size == 0 {
		return nil
	}
	var out []string
	commuting, carers := p.Count("commuting"), p.Count("carers")
	if commuting != nil && r.OutsideHours > 0 {
		stay := p.Size - *commuting
		out = append(out, fmt.Sprintf("%d of %s %s outside timetabled teaching and not marked as suiting commuters and carers. "+
			"Evening or extra-curricular events like these reach at most the %d%% of students who do not commute (%d of %d). "+
			"That is an upper bound: students who commute often cannot stay on or come back, and not everyone who lives nearby comes.",
			r.OutsideHours, activities(r.Total), isAre(r.OutsideHours), share(stay, p.Size), stay, p.Size))
	}
	if commuting != nil || carers != nil {
		who := ""
		switch {
		case commuting != nil && carers != nil:
			who = fmt.Sprintf("%d%% of this cohort commute and %d%% have caring responsibilities", share(*commuting, p.Size), share(*carers, p.Size))
		case commuting != nil:
			who = fmt.Sprintf("%d%% of this cohort commute", share(*commuting, p.Size))
		default:
			who = fmt.Sprintf("%d%% of this cohort have caring responsibilities", share(*carers, p.Size))
		}
		out = append(out, fmt.Sprintf("%d of %s suit commuters and carers (from the inclusivity checklist); %s.",
			r.SuitCommuters, activities(r.Total), who))
	}
	if r.InTeaching > 0 {
		out = append(out, fmt.Sprintf("%d of %s run inside timetabled teaching, so they can reach all %d students, "+
			"commuters and carers included, who come to teaching.", r.InTeaching, activities(r.Total), p.Size))
	}
	if disabled := p.Count("disabled"); disabled != nil && *disabled > 0 {
		out = append(out, fmt.Sprintf("%d of %s have an accessible venue and materials; %d%% of this cohort (%d students) are disabled.",
			r.Accessible, activities(r.Total), share(*disabled, p.Size), *disabled))
	}
	return out
}
