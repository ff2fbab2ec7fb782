package casestudy

import (
	"context"
	"strings"

	"belonging/internal/i18n"
	"belonging/web/pages/evidence"
)

// VisibilityLabelIn says who can read a publication, in the reader's
// language.
func VisibilityLabelIn(ctx context.Context, v string) string {
	switch v {
	case "institution":
		return i18n.T(ctx, "casestudy.visibility.institution")
	case "network":
		return i18n.T(ctx, "casestudy.visibility.network")
	case "public":
		return i18n.T(ctx, "casestudy.visibility.public")
	case "draft":
		return i18n.T(ctx, "casestudy.state.draft")
	}
	return v
}

// StrengthLabelIn names an evidence strength for readers, in their
// language: evidence's own names of the types, and for a case study with
// none rated, that it has none.
func StrengthLabelIn(ctx context.Context, n int) string {
	if n >= 1 && n <= 3 {
		return evidence.StrengthLabelIn(ctx, n)
	}
	return i18n.T(ctx, "casestudy.strength.none")
}

// sectionMessages are the catalogue's ids of a case study's headings, by
// the section's id (kept with each publication, so a publication's
// headings read in the reader's language whatever language it was
// published in).
var sectionMessages = map[string]string{
	"context":     "casestudy.section.context",
	"what-we-did": "casestudy.section.what_we_did",
	"partnership": "casestudy.section.partnership",
	"inclusivity": "casestudy.section.inclusivity",
	"impact":      "casestudy.section.impact",
	"lessons":     "casestudy.section.lessons",
	"advice":      "casestudy.section.advice",
	"cost":        "casestudy.section.cost",
}

// SectionTitleIn is the heading of the section id in the reader's
// language; stored is the heading kept with a publication, shown for an
// id the catalogues do not know.
func SectionTitleIn(ctx context.Context, id, stored string) string {
	if msg, ok := sectionMessages[id]; ok {
		return i18n.T(ctx, msg)
	}
	return stored
}

// shareWithIn names who a case study is shared with, inside a sentence:
// "with the network", "â'r rhwydwaith".
func shareWithIn(ctx context.Context, v string) string {
	switch v {
	case "institution":
		return i18n.T(ctx, "casestudy.share_with.institution")
	case "network":
		return i18n.T(ctx, "casestudy.share_with.network")
	case "public":
		return i18n.T(ctx, "casestudy.share_with.public")
	}
	return i18n.T(ctx, "casestudy.share_with.other", "Who", VisibilityLabelIn(ctx, v))
}

// reviewLabelIn says where a case study's review stands.
func reviewLabelIn(ctx context.Context, state, requested string) string {
	switch state {
	case "pending":
		return i18n.T(ctx, "casestudy.review.pending", "With", shareWithIn(ctx, requested))
	case "approved":
		return i18n.T(ctx, "casestudy.review.approved", "With", shareWithIn(ctx, requested))
	case "changes_requested":
		return i18n.T(ctx, "casestudy.state.changes")
	}
	return i18n.T(ctx, "casestudy.review.none")
}

// SharedLabel and SharedHint say what sharing means for this collection.
func (f CollectionForm) SharedLabel(ctx context.Context) string {
	switch {
	case f.ID == 0 && len(f.Keepers) > 1:
		return i18n.T(ctx, "library.collection.shared.choice")
	case f.Team:
		return i18n.T(ctx, "library.collection.shared.team", "Institution", f.Institution)
	}
	return i18n.T(ctx, "library.collection.shared.network")
}

// SharedHint explains SharedLabel.
func (f CollectionForm) SharedHint(ctx context.Context) string {
	switch {
	case f.ID == 0 && len(f.Keepers) > 1:
		return i18n.T(ctx, "library.collection.shared.choice.hint")
	case f.Team:
		return i18n.T(ctx, "library.collection.shared.team.hint")
	}
	return i18n.T(ctx, "library.collection.shared.network.hint")
}

// caption says whose the collection is, how many case studies it holds
// and, to its keepers, when no one else sees it.
func (c CollectionRow) caption(ctx context.Context) string {
	var parts []string
	if c.Team != "" {
		parts = append(parts, i18n.T(ctx, "library.collections.team", "Team", c.Team))
	}
	parts = append(parts, c.Owner, i18n.N(ctx, "library.collections.items", c.Items))
	if c.Mine && !c.Shared {
		if c.Team != "" {
			parts = append(parts, i18n.T(ctx, "library.collection.private"))
		} else {
			parts = append(parts, i18n.T(ctx, "library.collections.not_shared"))
		}
	}
	return strings.Join(parts, " · ")
}

// caption says whose the collection is and who it is shared with.
func (v CollectionPage) caption(ctx context.Context) string {
	var parts []string
	if v.Team != "" {
		parts = append(parts, i18n.T(ctx, "library.collection.by_team", "Team", v.Team, "Owner", v.Owner))
		if v.Shared {
			parts = append(parts, i18n.T(ctx, "library.collection.shared_institution"))
		} else {
			parts = append(parts, i18n.T(ctx, "library.collection.private"))
		}
	} else {
		parts = append(parts, i18n.T(ctx, "library.collection.by", "Owner", v.Owner))
		if v.Shared {
			parts = append(parts, i18n.T(ctx, "library.collection.shared_network"))
		}
	}
	return strings.Join(parts, " · ")
}
