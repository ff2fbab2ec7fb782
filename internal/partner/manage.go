package partner

import (
	"context"
	"errors"
	"net/http"
	"net/mail"

	"github.com/jackc/pgx/v5"

	"belonging/internal/access"
	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/db"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	page "belonging/web/pages/partner"
	"belonging/web/paths"
)

// Partners shows an activity's student partners and the form inviting one,
// for the programme's director.
func (h *Handler) Partners(w http.ResponseWriter, r *http.Request) {
	a, ok := h.Access.Activity(w, r, auth.ManagePartners)
	if !ok {
		return
	}
	h.renderPartners(w, r, http.StatusOK, a, page.PartnersPage{})
}

func (h *Handler) renderPartners(w http.ResponseWriter, r *http.Request, status int, a access.Activity, v page.PartnersPage) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v.ActivityID, v.Title = a.ID, a.Title
	partners, err := h.Queries.ListActivityPartners(ctx, store.ListActivityPartnersParams{InstitutionID: u.InstitutionID, ActivityID: a.ID})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	for _, p := range partners {
		v.Partners = append(v.Partners, page.PartnerRow{ID: p.ID, Name: p.Name, Email: p.Email, Since: p.CreatedAt})
	}
	invitations, err := h.Queries.ListActivityPartnerInvitations(ctx, store.ListActivityPartnerInvitationsParams{InstitutionID: u.InstitutionID, ActivityID: a.ID})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	for _, i := range invitations {
		v.Invitations = append(v.Invitations, page.InvitationRow{Email: i.Email, Expires: i.ExpiresAt})
	}
	httpx.Render(w, r, status, web.Page{Title: i18n.T(ctx, "partner.partners.page", "Title", a.Title), Section: "programmes",
		Breadcrumbs: []web.Crumb{{Label: a.Title, URL: paths.Activity(a.ID)}, {Label: i18n.T(ctx, "partner.partners.title")}}}, page.Partners(v))
}

// errStaffAccount is an address that belongs to a member of staff here.
var errStaffAccount = errors.New("the address is a member of staff's")

// Invite adds a student partner to the activity: a student partner's
// account here is added at once; any other address is sent an invitation.
func (h *Handler) Invite(w http.ResponseWriter, r *http.Request) {
	a, ok := h.Access.Activity(w, r, auth.ManagePartners)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v := page.PartnersPage{Email: vals.Text("email")}
	addr, err := mail.ParseAddress(v.Email)
	switch {
	case v.Email == "":
		v.Add("email", i18n.T(r.Context(), "partner.error.email"))
	case err != nil || addr.Address != v.Email || len(v.Email) > 254:
		v.Add("email", i18n.T(r.Context(), "partner.error.email_form"))
	}
	if !v.Valid() {
		h.renderPartners(w, r, http.StatusUnprocessableEntity, a, v)
		return
	}
	var added string
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		var err error
		added, err = h.add(ctx, q, u, a, v.Email)
		return err
	})
	switch {
	case errors.Is(err, errStaffAccount):
		v.Add("email", i18n.T(r.Context(), "partner.error.staff"))
		h.renderPartners(w, r, http.StatusUnprocessableEntity, a, v)
		return
	case db.IsUniqueViolation(err):
		v.Add("email", i18n.T(r.Context(), "partner.error.already"))
		h.renderPartners(w, r, http.StatusUnprocessableEntity, a, v)
		return
	case err != nil:
		httpx.ServerError(w, r, err)
		return
	}
	message := i18n.T(r.Context(), "partner.flash.invited", "Email", v.Email)
	if added != "" {
		message = i18n.T(r.Context(), "partner.flash.added", "Name", added)
	}
	h.Sessions.Flash(ctx, "success", message)
	httpx.SeeOther(w, r, paths.ActivityPartners(a.ID))
}

// add makes email a partner on a: at once for a student partner's account
// here (returning their name), by invitation otherwise. An account
// elsewhere is answered as any invitation is, so a director cannot learn
// who has an account where.
func (h *Handler) add(ctx context.Context, q *store.Queries, u *reqctx.User, a access.Activity, email string) (string, error) {
	acct, err := q.GetAccountForPartner(ctx, email)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return "", h.People.InvitePartner(ctx, q, u, email, a.ID, a.Title, false)
	case err != nil:
		return "", err
	case acct.InstitutionID == nil || *acct.InstitutionID != u.InstitutionID:
		return "", h.People.InvitePartner(ctx, q, u, email, a.ID, a.Title, true)
	case !acct.StudentPartner:
		return "", errStaffAccount
	}
	if _, err := q.CreateMembership(ctx, store.CreateMembershipParams{InstitutionID: u.InstitutionID, UserID: acct.ID, Role: reqctx.RolePartner,
		ActivityID: &a.ID}); err != nil {
		return "", err
	}
	return acct.Name, audit.By(u).Record(ctx, q, "add_partner", "activity", a.ID, audit.Created(map[string]any{"partner": acct.Name}))
}

// Remove takes a student partner off the activity. Their access to it ends
// with their next request (the membership's counter, migration 30).
func (h *Handler) Remove(w http.ResponseWriter, r *http.Request) {
	a, ok := h.Access.Activity(w, r, auth.ManagePartners)
	if !ok {
		return
	}
	userID, ok := httpx.IDParam(w, r, "userID")
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	var name string
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		var err error
		if name, err = q.RemovePartner(ctx, store.RemovePartnerParams{InstitutionID: u.InstitutionID, ActivityID: a.ID, UserID: userID}); err != nil {
			return err
		}
		return audit.By(u).Record(ctx, q, "remove_partner", "activity", a.ID, audit.Diff(map[string]any{"partner": name}, nil))
	})
	if errors.Is(err, pgx.ErrNoRows) {
		httpx.NotFound(w, r)
		return
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "partner.flash.removed", "Name", name))
	httpx.SeeOther(w, r, paths.ActivityPartners(a.ID))
}
