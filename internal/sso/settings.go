package sso

import (
	"context"
	"errors"
	"strconv"

	"github.com/jackc/pgx/v5"

	"belonging/internal/audit"
	"belonging/internal/httpx/form"
	"belonging/internal/i18n"
	"belonging/internal/store"
)

// SettingsInput is an institution's sign-in settings as an admin types them
// on the admin page or the operator gives them on the command line.
type SettingsInput struct {
	Domains       string // one per line, or separated by commas or spaces
	Passwords     string // "allowed" or "off"
	BreakGlass    string // the break-glass admin's user id, or ""
	UnknownPeople string // "refuse" or "create"
}

// Settings are checked sign-in settings, ready to save.
type Settings struct {
	Domains          []string
	PasswordsAllowed bool
	BreakGlassUserID *int64
	UnknownPeople    string
}

// CheckSettings checks in for an institution, field by field in the order
// the admin page shows them: domains nobody else holds, passwords off only
// once a provider has signed someone in and with a break-glass admin, and
// a choice for people nobody invited.
func CheckSettings(ctx context.Context, q *store.Queries, institutionID int64, in SettingsInput, errs *form.Errors) (Settings, error) {
	out := Settings{Domains: splitDomains(in.Domains), PasswordsAllowed: in.Passwords == "allowed", UnknownPeople: in.UnknownPeople}
	for _, d := range out.Domains {
		if !domainPattern.MatchString(d) || len(d) > 253 {
			errs.Add("domains", i18n.T(ctx, "sso.admin.error.domain_form", "Domain", d))
			break
		}
		owner, err := q.FindDomainOwner(ctx, d)
		if err == nil && owner.ID != institutionID {
			errs.Add("domains", i18n.T(ctx, "sso.admin.error.domain_taken", "Domain", d))
			break
		} else if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return out, err
		}
	}
	errs.Check(len(out.Domains) <= maxDomains, "domains", i18n.T(ctx, "sso.admin.error.domains_max", "Max", strconv.Itoa(maxDomains)))
	errs.Check(form.OneOf(in.Passwords, "allowed", "off"), "passwords", i18n.T(ctx, "sso.admin.error.passwords"))
	if in.BreakGlass != "" {
		id, err := strconv.ParseInt(in.BreakGlass, 10, 64)
		ok := err == nil
		if ok {
			if ok, err = q.IsActiveAdmin(ctx, store.IsActiveAdminParams{InstitutionID: institutionID, UserID: id}); err != nil {
				return out, err
			}
		}
		if ok {
			out.BreakGlassUserID = &id
		} else {
			errs.Add("break_glass", i18n.T(ctx, "sso.admin.error.break_glass_listed"))
		}
	}
	if in.Passwords == "off" {
		working, err := q.CountWorkingProviders(ctx, &institutionID)
		if err != nil {
			return out, err
		}
		errs.Check(working > 0, "passwords", i18n.T(ctx, "sso.admin.error.passwords_off"))
		errs.Check(out.BreakGlassUserID != nil || errs.Get("break_glass") != "", "break_glass", i18n.T(ctx, "sso.admin.error.break_glass"))
	}
	errs.Check(form.OneOf(in.UnknownPeople, "refuse", "create"), "unknown_people", i18n.T(ctx, "sso.admin.error.unknown"))
	return out, nil
}

// SaveSettings writes checked settings and records what changed, if
// anything, as rec.
func SaveSettings(ctx context.Context, q *store.Queries, rec audit.Recorder, institutionID int64, s Settings) error {
	before, err := q.GetSignInSettings(ctx, institutionID)
	if err != nil {
		return err
	}
	oldDomains, err := q.ListInstitutionDomains(ctx, institutionID)
	if err != nil {
		return err
	}
	if err := q.UpdateSignInSettings(ctx, store.UpdateSignInSettingsParams{ID: institutionID, PasswordsAllowed: s.PasswordsAllowed,
		BreakGlassUserID: s.BreakGlassUserID, UnknownPeople: s.UnknownPeople}); err != nil {
		return err
	}
	if err := q.DeleteInstitutionDomains(ctx, institutionID); err != nil {
		return err
	}
	for _, d := range s.Domains {
		if err := q.AddInstitutionDomain(ctx, store.AddInstitutionDomainParams{InstitutionID: institutionID, Domain: d}); err != nil {
			return err
		}
	}
	changes := audit.Diff(
		map[string]any{"passwords_allowed": before.PasswordsAllowed, "break_glass_user_id": before.BreakGlassUserID, "unknown_people": before.UnknownPeople, "domains": oldDomains},
		map[string]any{"passwords_allowed": s.PasswordsAllowed, "break_glass_user_id": s.BreakGlassUserID, "unknown_people": s.UnknownPeople, "domains": s.Domains})
	if len(changes) == 0 {
		return nil
	}
	return rec.Record(ctx, q, "update_sign_in", "institution", institutionID, changes)
}

// AddProvider keeps a checked provider for an institution (nil: the
// network's, for coordinators) and records it as rec.
func AddProvider(ctx context.Context, q *store.Queries, rec audit.Recorder, institutionID *int64, params store.CreateProviderParams) (int64, error) {
	params.InstitutionID = institutionID
	id, err := q.CreateProvider(ctx, params)
	if err != nil {
		return 0, err
	}
	return id, rec.Record(ctx, q, "create", "identity_provider", id, audit.Created(providerAudit(params)))
}

// LastWayIn says why a provider may not be hidden or removed: when
// passwords are off and it is the last working provider, nobody but the
// break-glass admin could sign in. It says "" when it may. A network
// provider may always go: coordinators keep their passwords.
func LastWayIn(ctx context.Context, q *store.Queries, institutionID *int64, providerID int64) (string, error) {
	if institutionID == nil {
		return "", nil
	}
	s, err := q.GetSignInSettings(ctx, *institutionID)
	if err != nil || s.PasswordsAllowed {
		return "", err
	}
	providers, err := q.ListProviders(ctx, institutionID)
	if err != nil {
		return "", err
	}
	for _, p := range providers {
		if p.ID != providerID && p.Enabled && p.VerifiedAt != nil {
			return "", nil
		}
	}
	return i18n.T(ctx, "sso.provider.error.last_way_in"), nil
}
