package home

import (
	"context"

	"belonging/internal/i18n"
	page "belonging/web/pages/home"
)

// listOnce keeps a module leader's home from naming a session twice. The
// module section ("Your modules") is the most specific place for a
// session of a led module, so a coming session it lists leaves "Coming
// up", and an outcome to record it lists leaves the items of "Waiting for
// you", whose count still holds it (the navigation's count agrees), with
// a line saying where it is.
func listOnce(ctx context.Context, v *page.HomeView) {
	if v.Modules == nil {
		return
	}
	upcoming, due := map[int64]bool{}, map[string]bool{}
	for _, m := range v.Modules.Modules {
		for _, s := range m.Upcoming {
			upcoming[s.ID] = true
		}
		for _, d := range m.Due {
			due[d.RecordURL] = true
		}
	}
	kept := v.Upcoming[:0]
	for _, s := range v.Upcoming {
		if upcoming[s.ID] {
			v.UpcomingElsewhere++
			continue
		}
		kept = append(kept, s)
	}
	v.Upcoming = kept
	for i := range v.Waiting.Groups {
		g := &v.Waiting.Groups[i]
		if g.ID != "awaiting" {
			continue
		}
		items := g.Items[:0]
		for _, it := range g.Items {
			if due[it.URL] {
				g.Elsewhere++
				continue
			}
			items = append(items, it)
		}
		g.Items = items
		if g.Elsewhere > 0 {
			g.ElsewhereNote = i18n.N(ctx, "home.waiting.elsewhere", g.Elsewhere)
		}
	}
}
