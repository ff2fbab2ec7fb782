package sso

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/db"
	"belonging/internal/httpx"
	"belonging/internal/i18n"
	"belonging/internal/jobs"
	"belonging/internal/language"
	"belonging/internal/store"
	"belonging/web/paths"
)

// Identity is who a provider says signed in, after its answer verified.
type Identity struct {
	// Subject is the provider's lasting identifier for the person: the
	// ID token's sub, or the SAML attribute the institution chose.
	Subject string `json:"sub"`
	Email   string `json:"email"`
	// EmailVerified is the provider's email_verified claim, nil when it
	// sent none.
	EmailVerified *bool  `json:"email_verified,omitempty"`
	Name          string `json:"name"`
	// Affiliations are the eduPerson affiliations (unscoped: "staff")
	// a SAML IdP released, within the institution's scopes.
	Affiliations []string `json:"affiliations,omitempty"`
	// SAML session, for signing out at the IdP.
	NameID       string `json:"name_id,omitempty"`
	SessionIndex string `json:"session_index,omitempty"`
}

// staffAffiliations are the eduPerson affiliations of staff. Where an IdP
// releases affiliations, an account is only made for these: students
// never get accounts.
var staffAffiliations = []string{"staff", "faculty", "employee"}

// account is the person a sign-in ends with.
type account struct {
	ID      int64
	Epoch   int32
	Created bool // made by this sign-in, with no roles
	Name    string
	Email   string
}

// retryFor is where a refused sign-in through p offers to start again.
func (h *Handler) retryFor(p provider) string {
	if p.network() {
		return paths.SignIn
	}
	return paths.SignInInstitution(p.InstitutionSlug)
}

// finish signs in the person a provider vouched for: through the account
// linked to their subject, or, at a first sign-in, the account with their
// verified address, or a pending invitation (whose roles they receive), or
// (if the institution chose so) a new account with no roles. The session
// is renewed, as at any sign-in.
func (h *Handler) finish(w http.ResponseWriter, r *http.Request, p provider, person Identity, next string, signOut auth.ProviderSignOut) {
	ctx := r.Context()
	var acct account
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		var err error
		acct, err = h.resolve(ctx, q, p, person)
		if err != nil {
			return err
		}
		if acct.Created && p.InstitutionID != nil {
			// The admins are told by a job committed with the account.
			if err := h.Jobs.Enqueue(ctx, q, NewcomerMail{UserID: acct.ID, MessageID: h.Sender.NewMessageID()},
				jobs.For(*p.InstitutionID, jobs.QueueMail)); err != nil {
				return err
			}
		}
		return q.MarkProviderVerified(ctx, p.ID)
	})
	// The person reads what follows (a refusal, or the welcome of an
	// account just made) in their institution's language unless they
	// chose one: the request did not know the institution until now.
	if p.InstitutionID != nil {
		lang, lerr := h.Queries.GetInstitutionLanguage(ctx, *p.InstitutionID)
		if lerr != nil && !errors.Is(lerr, pgx.ErrNoRows) {
			httpx.ServerError(w, r, lerr)
			return
		}
		language.Institution(w, r, lang)
	}
	var ref *refusal
	if errors.As(err, &ref) {
		ref.institution, ref.retry = p.displayName(ctx), h.retryFor(p)
		h.render(w, r, ref)
		return
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if err := h.Sessions.Start(ctx, acct.ID, acct.Epoch); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if err := h.Sessions.RememberProviderSignOut(ctx, signOut); err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if acct.Created {
		h.Sessions.Flash(ctx, "success", i18n.T(ctx, "sso.flash.welcome"))
	}
	httpx.SeeOther(w, r, auth.SafeNext(next))
}

// resolve finds or makes the account for person, inside the sign-in's
// transaction. A refusal is returned as a *refusal.
func (h *Handler) resolve(ctx context.Context, q *store.Queries, p provider, person Identity) (account, error) {
	if person.Subject == "" {
		return account{}, refuse(reasonMissingAttributes, errors.New("no subject"))
	}
	linked, err := q.GetIdentity(ctx, store.GetIdentityParams{ProviderID: p.ID, Subject: person.Subject})
	switch {
	case err == nil:
		u, err := q.GetSSOUser(ctx, linked.UserID)
		if err != nil {
			return account{}, err
		}
		if err := belongs(p, u); err != nil {
			return account{}, err
		}
		if err := q.TouchIdentity(ctx, linked.ID); err != nil {
			return account{}, err
		}
		return account{ID: u.ID, Epoch: u.SessionEpoch, Name: u.Name, Email: u.Email}, nil
	case !errors.Is(err, pgx.ErrNoRows):
		return account{}, err
	}

	// A first sign-in: find the account by a trusted address.
	if ok, why := emailTrusted(person.Email, person.EmailVerified, p.Domains); !ok {
		return account{}, refuse(why, fmt.Errorf("address %q not trusted", person.Email))
	}
	u, err := q.GetSSOUserByEmail(ctx, person.Email)
	switch {
	case err == nil:
		if err := belongs(p, store.GetSSOUserRow(u)); err != nil {
			return account{}, err
		}
		return h.link(ctx, q, p, person, account{ID: u.ID, Epoch: u.SessionEpoch, Name: u.Name, Email: u.Email})
	case !errors.Is(err, pgx.ErrNoRows):
		return account{}, err
	case p.network():
		// Coordinators are made by the operator, never by a sign-in.
		return account{}, refuse(reasonNoAccount, errors.New("no coordinator account"))
	}
	return h.createAccount(ctx, q, p, person)
}

// belongs refuses an account that a provider may not sign in: one of
// another institution (or, for a network provider, not a coordinator),
// or a disabled one.
func belongs(p provider, u store.GetSSOUserRow) error {
	switch {
	case p.network() && !u.IsCoordinator:
		return refuse(reasonOtherInstitution, errors.New("network provider, institution account"))
	case !p.network() && (u.InstitutionID == nil || *u.InstitutionID != *p.InstitutionID):
		return refuse(reasonOtherInstitution, errors.New("account of another institution"))
	case u.DisabledAt != nil:
		return refuse(reasonDisabled, errors.New("account disabled"))
	}
	return nil
}

// link records the provider's subject for an existing account.
func (h *Handler) link(ctx context.Context, q *store.Queries, p provider, person Identity, acct account) (account, error) {
	if other, err := q.GetIdentityOfUser(ctx, store.GetIdentityOfUserParams{ProviderID: p.ID, UserID: acct.ID}); err == nil {
		return account{}, refuse(reasonAlreadyLinked, fmt.Errorf("account linked to subject %q", other.Subject))
	} else if !errors.Is(err, pgx.ErrNoRows) {
		return account{}, err
	}
	id, err := q.CreateIdentity(ctx, store.CreateIdentityParams{ProviderID: p.ID, UserID: acct.ID, Subject: person.Subject})
	if err != nil {
		return account{}, err
	}
	inst := int64(0)
	if p.InstitutionID != nil {
		inst = *p.InstitutionID
	}
	return acct, audit.Actor(inst, acct.ID).Record(ctx, q, "link", "sso_identity", id,
		audit.Created(map[string]any{"provider_id": p.ID, "provider": p.Name, "user_id": acct.ID}))
}

// createAccount makes the account of a person signing in for the first
// time: with the roles of their pending invitations, or with none if the
// institution lets people in without an invitation.
func (h *Handler) createAccount(ctx context.Context, q *store.Queries, p provider, person Identity) (account, error) {
	inst := *p.InstitutionID
	invitations, err := q.ListOpenInvitationsForEmail(ctx, store.ListOpenInvitationsForEmailParams{InstitutionID: inst, Email: person.Email})
	if err != nil {
		return account{}, err
	}
	if len(invitations) == 0 {
		settings, err := q.GetSignInSettings(ctx, inst)
		if err != nil {
			return account{}, err
		}
		if settings.UnknownPeople != "create" {
			return account{}, refuse(reasonNoAccount, errors.New("no account and no invitation"))
		}
		if len(person.Affiliations) > 0 && !slices.ContainsFunc(person.Affiliations, func(a string) bool { return slices.Contains(staffAffiliations, a) }) {
			return account{}, refuse(reasonNotStaff, fmt.Errorf("affiliations %v", person.Affiliations))
		}
	}
	name := strings.TrimSpace(person.Name)
	if name == "" || len(name) > 200 {
		name = person.Email[:strings.LastIndexByte(person.Email, '@')]
	}
	id, err := q.CreateUser(ctx, store.CreateUserParams{InstitutionID: &inst, Email: person.Email, Name: name})
	if db.IsUniqueViolation(err) {
		return account{}, refuse(reasonOtherInstitution, err)
	}
	if err != nil {
		return account{}, err
	}
	acct := account{ID: id, Epoch: 1, Name: name, Email: person.Email, Created: len(invitations) == 0}
	rec := audit.Actor(inst, id)
	var roles []string
	for _, inv := range invitations {
		if _, err := q.CreateMembership(ctx, store.CreateMembershipParams{InstitutionID: inst, UserID: id, Role: inv.Role,
			DepartmentID: inv.DepartmentID, ProgrammeID: inv.ProgrammeID, ModuleID: inv.ModuleID, ActivityID: inv.ActivityID}); err != nil && !db.IsUniqueViolation(err) {
			return account{}, err
		}
		// An account made by a student partner's invitation is a student's.
		if inv.Role == "partner" {
			if err := q.MarkStudentPartner(ctx, id); err != nil {
				return account{}, err
			}
		}
		if err := q.MarkInvitationAccepted(ctx, inv.ID); err != nil {
			return account{}, err
		}
		roles = append(roles, inv.Role+" of "+inv.ScopeLabel)
	}
	action := "accept"
	if acct.Created {
		action = "create_without_roles"
	}
	if err := rec.Record(ctx, q, action, "user", id, audit.Created(map[string]any{
		"email": person.Email, "name": name, "roles": roles, "signed_in_with": p.Name})); err != nil {
		return account{}, err
	}
	if _, err := h.link(ctx, q, p, person, acct); err != nil {
		return account{}, err
	}
	return acct, nil
}
