package casestudy

import (
	"context"

	"belonging/internal/i18n"
)

// VisibilityLabelIn is VisibilityLabel in the reader's language.
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
