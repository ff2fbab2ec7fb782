package rights

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"belonging/internal/access"
	"belonging/internal/audit"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	page "belonging/web/pages/rights"
	"belonging/web/paths"
)

// Pseudonym is the name an erased person is shown by; their own id tells
// erased colleagues apart and says nothing about who they were.
func Pseudonym(personID int64) string {
	return "Former member of staff " + strconv.FormatInt(personID, 10)
}

// PseudonymousEmail is an erased person's address: in the .invalid domain
// (RFC 2606), so no mail can reach it and no one can sign up with it.
func PseudonymousEmail(personID int64) string {
	return "erased-" + strconv.FormatInt(personID, 10) + "@erased.invalid"
}

// ErasePage says what erasing a person does, and asks the admin to
// confirm, or says why they cannot erase them yet.
func (h *Handler) ErasePage(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Person(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	var v page.ErasePage
	if p.ErasedAt == nil {
		var err error
		if v.Refusal, err = refusal(ctx, h.Queries, u.InstitutionID, p); err != nil {
			httpx.ServerError(w, r, err)
			return
		}
	}
	h.render(w, r, http.StatusOK, p, v)
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, p access.Person, v page.ErasePage) {
	u := reqctx.UserFrom(r.Context())
	v.ID, v.Name, v.Email, v.ErasedAt, v.Self, v.Pseudonym = p.ID, p.Name, p.Email, p.ErasedAt, p.ID == u.ID, Pseudonym(p.ID)
	ctx := r.Context()
	httpx.Render(w, r, status, web.Page{Title: i18n.T(ctx, "rights.erase.title", "Name", p.Name), Section: "admin",
		Breadcrumbs: []web.Crumb{{Label: i18n.T(ctx, "nav.administration"), URL: paths.Admin}, {Label: i18n.T(ctx, "rights.erase.crumb.people"), URL: paths.People},
			{Label: p.Name, URL: paths.Person(p.ID)}, {Label: i18n.T(ctx, "rights.erase.crumb")}}}, page.Erase(v))
}

// refusal says why p cannot be erased: the institution's break-glass
// admin (who signs in with a password when the university's sign-in
// fails) and its last admin stay, so nobody locks the institution out.
func refusal(ctx context.Context, q *store.Queries, institutionID int64, p access.Person) (string, error) {
	breakGlass, err := q.LockInstitutionForErasure(ctx, institutionID)
	if err != nil {
		return "", err
	}
	if breakGlass != nil && *breakGlass == p.ID {
		return i18n.T(ctx, "rights.erase.refusal.break_glass", "Name", p.Name), nil
	}
	admin, err := q.IsAdmin(ctx, store.IsAdminParams{InstitutionID: institutionID, UserID: p.ID})
	if err != nil || !admin {
		return "", err
	}
	others, err := q.CountOtherAdmins(ctx, store.CountOtherAdminsParams{InstitutionID: institutionID, UserID: p.ID})
	if err != nil || others > 0 {
		return "", err
	}
	return i18n.T(ctx, "rights.erase.refusal.only_admin", "Name", p.Name), nil
}

// formerFirst lists every name and address a person had, once each,
// longest first, so that "Dr Tom Okafor" is replaced before "Tom Okafor".
func formerFirst(name, email string, former []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range append([]string{name, email}, former...) {
		if k := strings.ToLower(strings.TrimSpace(s)); k != "" && !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

// errErased is a person erased since the page was loaded.
var errErased = errors.New("erased already")

// Erase pseudonymises a person, in one transaction: their name and email
// everywhere they appear in the institution's records, no way to sign in,
// no sessions, no roles; their work and the audit log's entries stay.
func (h *Handler) Erase(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Person(w, r)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v := page.ErasePage{Confirm: vals.Bool("confirm")}
	if p.ErasedAt != nil {
		h.render(w, r, http.StatusConflict, p, v)
		return
	}
	v.Check(v.Confirm, "confirm", i18n.T(ctx, "rights.erase.confirm.error", "Name", p.Name))
	if !v.Valid() {
		h.render(w, r, http.StatusUnprocessableEntity, p, v)
		return
	}
	pseudonym, pseudoEmail := Pseudonym(p.ID), PseudonymousEmail(p.ID)
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		// The institution's row is locked first, so two admins erasing
		// each other at once are taken one after the other.
		var err error
		if v.Refusal, err = refusal(ctx, q, u.InstitutionID, p); err != nil || v.Refusal != "" {
			return err
		}
		old, err := q.ErasePerson(ctx, store.ErasePersonParams{Pseudonym: pseudonym, PseudonymousEmail: pseudoEmail, InstitutionID: u.InstitutionID, ID: p.ID})
		if errors.Is(err, pgx.ErrNoRows) {
			return errErased
		}
		if err != nil {
			return err
		}
		steps := []func() error{
			func() error { return q.EraseSessions(ctx, &p.ID) },
			func() error { return q.EraseIdentities(ctx, p.ID) },
			func() error { return q.ErasePasswordResets(ctx, p.ID) },
			func() error {
				return q.EraseMemberships(ctx, store.EraseMembershipsParams{InstitutionID: u.InstitutionID, UserID: p.ID})
			},
			func() error {
				return q.EraseInvitations(ctx, store.EraseInvitationsParams{InstitutionID: u.InstitutionID, Email: old.Email})
			},
			func() error {
				return q.EraseNotifications(ctx, store.EraseNotificationsParams{InstitutionID: u.InstitutionID, UserID: p.ID})
			},
			func() error { return q.EraseNotificationSettings(ctx, p.ID) },
			func() error { return q.EraseBookmarks(ctx, p.ID) },
			func() error {
				return q.EraseCalendarFeeds(ctx, store.EraseCalendarFeedsParams{InstitutionID: u.InstitutionID, UserID: &p.ID})
			},
			func() error { return q.EraseSignInFailures(ctx, old.Email) },
			func() error { return q.EraseSAMLRequests(ctx, old.Email) },
			func() error { return q.EraseDevMail(ctx, old.Email) },
		}
		for _, step := range steps {
			if err := step(); err != nil {
				return err
			}
		}
		// The audit log's entries about them hold the names and addresses
		// they had; other records may repeat any of them: the audit log's
		// values, notifications about their work, lists of staff.
		former, err := q.ForgetIdentity(ctx, u.InstitutionID, p.ID, pseudonym, pseudoEmail)
		if err != nil {
			return err
		}
		var words store.Words
		find := formerFirst(old.Name, old.Email, former)
		for _, s := range find {
			if strings.Contains(s, "@") {
				words.Replace(s, pseudoEmail)
			} else {
				words.Replace(s, pseudonym)
			}
		}
		if _, err := q.ScrubWords(ctx, u.InstitutionID, &words, find...); err != nil {
			return err
		}
		return audit.By(u).Record(ctx, q, "erase", "user", p.ID, map[string]audit.Change{"erased": {Before: false, After: true}})
	})
	if errors.Is(err, errErased) {
		httpx.SeeOther(w, r, paths.ErasePerson(p.ID))
		return
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if v.Refusal != "" {
		h.render(w, r, http.StatusConflict, p, v)
		return
	}
	if p.ID == u.ID {
		// Their own session went with the others; end the cookie too.
		if err := h.Sessions.End(ctx); err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		httpx.SeeOther(w, r, paths.SignIn)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "rights.erase.flash.done", "Pseudonym", pseudonym))
	httpx.SeeOther(w, r, paths.Person(p.ID))
}
