package cohort

import (
	"context"

	"belonging/internal/i18n"
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

// Sentences sets the plan's reach against the profile in plain words, each
// saying how it was reasoned. A sentence that needs a count the profile
// does not give (not known, or hidden) is left out.
func Sentences(ctx context.Context, p Profile, r Reach) []string {
	if r.Total == 0 || p.Size == 0 {
		return nil
	}
	acts := i18n.N(ctx, "cohort.reach.activities", r.Total)
	var out []string
	commuting, carers := p.Count("commuting"), p.Count("carers")
	if commuting != nil && r.OutsideHours > 0 {
		stay := p.Size - *commuting
		out = append(out, i18n.N(ctx, "cohort.reach.outside", r.OutsideHours, "Total", r.Total, "Activities", acts, "Percent", share(stay, p.Size), "Stay", stay, "Size", p.Size))
	}
	if commuting != nil || carers != nil {
		who := ""
		switch {
		case commuting != nil && carers != nil:
			who = i18n.T(ctx, "cohort.reach.who.both", "Commute", share(*commuting, p.Size), "Care", share(*carers, p.Size))
		case commuting != nil:
			who = i18n.T(ctx, "cohort.reach.who.commute", "Commute", share(*commuting, p.Size))
		default:
			who = i18n.T(ctx, "cohort.reach.who.care", "Care", share(*carers, p.Size))
		}
		out = append(out, i18n.T(ctx, "cohort.reach.suit", "Total", r.Total, "Activities", acts, "Suit", r.SuitCommuters, "Who", who))
	}
	if r.InTeaching > 0 {
		out = append(out, i18n.T(ctx, "cohort.reach.teaching", "Total", r.Total, "Activities", acts, "InTeaching", r.InTeaching, "Size", p.Size))
	}
	if disabled := p.Count("disabled"); disabled != nil && *disabled > 0 {
		out = append(out, i18n.T(ctx, "cohort.reach.accessible", "Total", r.Total, "Activities", acts, "Accessible", r.Accessible, "Percent", share(*disabled, p.Size), "Disabled", *disabled))
	}
	return out
}
