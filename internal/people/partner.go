package people

import (
	"context"

	"belonging/internal/audit"
	"belonging/internal/jobs"
	"belonging/internal/reqctx"
	"belonging/internal/store"
)

// InvitePartner invites email, in q's transaction, to co-create activity
// activityID as a student partner: an invitation like any other, whose
// acceptance makes a student partner's account. The holder of an account
// elsewhere is told so by email, with no link, as Invite does.
func (h *Handler) InvitePartner(ctx context.Context, q *store.Queries, u *reqctx.User, email string, activityID int64, activityTitle string, elsewhere bool) error {
	_, salt, hash, err := newInvitationToken(h.LinkKey)
	if err != nil {
		return err
	}
	id, err := q.CreateInvitation(ctx, store.CreateInvitationParams{InstitutionID: u.InstitutionID, Email: email, Role: reqctx.RolePartner,
		ActivityID: &activityID, TokenHash: hash, LinkSalt: salt, InvitedBy: u.ID, ExpiresAt: nowUTC().Add(InvitationLifetime)})
	if err != nil {
		return err
	}
	if err := audit.By(u).Record(ctx, q, "invite", "invitation", id,
		audit.Created(map[string]any{"email": email, "role": reqctx.RolePartner, "scope": activityTitle})); err != nil {
		return err
	}
	return h.Jobs.Enqueue(ctx, q, InvitationMail{InvitationID: id, MessageID: h.Sender.NewMessageID(), Elsewhere: elsewhere},
		jobs.For(u.InstitutionID, jobs.QueueMail))
}
