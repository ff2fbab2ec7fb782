package cohort

import (
	"context"

	"belonging/internal/i18n"
)

// groupMessages are the catalogue's ids of the groups' labels.
var groupMessages = map[string]string{
	"commuting":       "cohort.group.commuting",
	"carers":          "cohort.group.carers",
	"first_in_family": "cohort.group.first_in_family",
	"mature":          "cohort.group.mature",
	"international":   "cohort.group.international",
	"disabled":        "cohort.group.disabled",
}

// LabelIn is the group's label in the reader's language.
func (g Group) LabelIn(ctx context.Context) string {
	return i18n.T(ctx, groupMessages[g.Field])
}
