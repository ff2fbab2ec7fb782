package activity

import (
	"context"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"belonging/internal/i18n"
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

func yearOfStudyOptions(ctx context.Context) []components.Option {
	out := make([]components.Option, 0, 6)
	for y := 1; y <= 6; y++ {
		out = append(out, components.Option{Value: strconv.Itoa(y), Label: i18n.T(ctx, "plan.filter.year", "Year", y)})
	}
	return out
}

// countSentence says how many activities the plan lists: "7 activities",
// or with filters "1 activity matches the filters".
func countSentence(ctx context.Context, n int, filtered bool) string {
	if filtered {
		return i18n.N(ctx, "plan.count.filtered", n)
	}
	return i18n.N(ctx, "plan.count", n)
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
//
// The map has a link per cell, so the address is written directly rather
// than through url.Values (which sorts and allocates): the same text, with
// the parameters in the order Encode gives them.
func (c Coverage) cellURL(stage, dimension string) string {
	return paths.Programme(c.ProgrammeID) + "?dimension=" + url.QueryEscape(dimension) +
		"&stage=" + url.QueryEscape(stage) + "&year=" + strconv.Itoa(c.Year) + "#activities-title"
}

// biggestGaps puts the map's largest gaps into words, biggest first: the
// journey stages with no activity at all, then the dimensions missing from
// the most stages (at most three), so a reader need not scan the grid.
func (c Coverage) biggestGaps(ctx context.Context) []string {
	stages, dimensions := vocab.Stages.In(ctx), vocab.Dimensions.In(ctx)
	var out []string
	for _, s := range stages {
		empty := true
		for _, d := range dimensions {
			if c.Counts[s.Value][d.Value] > 0 {
				empty = false
				break
			}
		}
		if empty {
			out = append(out, i18n.T(ctx, "plan.gaps.stage", "Stage", s.Label))
		}
	}
	type gap struct {
		label  string
		missed []string
	}
	var dims []gap
	for _, d := range dimensions {
		g := gap{label: d.Label}
		for _, s := range stages {
			if c.Counts[s.Value][d.Value] == 0 {
				g.missed = append(g.missed, s.Label)
			}
		}
		if len(g.missed) > 0 {
			dims = append(dims, g)
		}
	}
	sort.SliceStable(dims, func(i, j int) bool { return len(dims[i].missed) > len(dims[j].missed) })
	for i, g := range dims {
		if i == 3 {
			break
		}
		if len(g.missed) == len(stages) {
			out = append(out, i18n.T(ctx, "plan.gaps.dimension.all", "Dimension", g.label))
			continue
		}
		out = append(out, i18n.T(ctx, "plan.gaps.dimension", "Dimension", g.label, "Missed", len(g.missed), "Stages", len(stages),
			"List", strings.Join(g.missed, ", ")))
	}
	return out
}
