package reqctx

import (
	"context"

	"belonging/internal/i18n"
)

// RoleLabelIn is a role in words, in the reader's language.
func RoleLabelIn(ctx context.Context, role string) string {
	switch role {
	case RoleAdmin:
		return i18n.T(ctx, "people.role.admin")
	case RoleDirector:
		return i18n.T(ctx, "people.role.director")
	case RoleModuleLeader:
		return i18n.T(ctx, "people.role.module_leader")
	case RoleMember:
		return i18n.T(ctx, "people.role.member")
	case RoleViewer:
		return i18n.T(ctx, "people.role.viewer")
	case RolePartner:
		return i18n.T(ctx, "people.role.partner")
	}
	return role
}
