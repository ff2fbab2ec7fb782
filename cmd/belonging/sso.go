package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/audit"
	"belonging/internal/config"
	"belonging/internal/httpx/form"
	"belonging/internal/sso"
	"belonging/internal/store"
)

const ssoUsage = `Usage: belonging institution sso <subcommand> [options]

Sets up sign-in with university accounts from the command line, as an
institution's admin does at /admin/sign-in. Every change is audited, as the
system. A network provider (-network) signs in network coordinators, who
belong to no institution; it is set up only here.

Subcommands:
  list       -institution SLUG | -network
  settings   -institution SLUG [-domains D] [-passwords allowed|off]
             [-break-glass EMAIL] [-unknown-people refuse|create]
  add-oidc   -institution SLUG | -network  -name N -flavour entra|google|generic
             [-tenant T] [-issuer URL] -client-id ID (-secret-ref REF | -secret-stdin) [-enable]
  add-saml   -institution SLUG -name N (-metadata-url URL | -metadata-file F)
             [-entity-id E] [-federation-cert-file F] [-subject S] [-enable]
  enable     -id N
  disable    -id N
  remove     -id N

Run "belonging institution sso <subcommand> --help" for its options.
`

func institutionCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "sso" {
		fmt.Fprint(stderr, ssoUsage)
		return errors.New(`institution needs the subcommand "sso"`)
	}
	args = args[1:]
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, ssoUsage)
		if len(args) == 0 {
			return errors.New("institution sso needs a subcommand")
		}
		return flag.ErrHelp
	}
	sub, rest := args[0], args[1:]
	switch sub {
	case "list":
		return ssoList(ctx, rest, stdout, stderr)
	case "settings":
		return ssoSettings(ctx, rest, stdout, stderr)
	case "add-oidc", "add-saml":
		return ssoAdd(ctx, sub, rest, stdin, stdout, stderr)
	case "enable", "disable", "remove":
		return ssoChange(ctx, sub, rest, stdout, stderr)
	}
	fmt.Fprint(stderr, ssoUsage)
	return fmt.Errorf("unknown subcommand %q", sub)
}

// whose names the providers' owner: an institution by its slug, or the
// network.
type whose struct {
	slug    *string
	network *bool
}

func whoseFlags(fs *flag.FlagSet) whose {
	return whose{slug: fs.String("institution", "", "the institution's slug, e.g. northbridge"),
		network: fs.Bool("network", false, "the network's providers, for coordinators")}
}

// resolve returns the institution's id (nil for the network).
func (o whose) resolve(ctx context.Context, q *store.Queries) (*int64, string, error) {
	switch {
	case *o.network && *o.slug != "":
		return nil, "", errors.New("give -institution or -network, not both")
	case *o.network:
		return nil, "the network", nil
	case *o.slug == "":
		return nil, "", errors.New("give -institution SLUG (or -network for coordinators' providers)")
	}
	inst, err := q.GetInstitutionBySlug(ctx, *o.slug)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, "", fmt.Errorf("there is no institution %q", *o.slug)
	}
	return &inst.ID, inst.Name, err
}

// open connects to the database and resolves the owner; the caller
// closes the pool when err is nil.
func (o whose) open(ctx context.Context) (config.Config, *pgxpool.Pool, *int64, string, error) {
	cfg, pool, err := openDatabase(ctx)
	if err != nil {
		return cfg, nil, nil, "", err
	}
	instID, name, err := o.resolve(ctx, store.New(pool))
	if err != nil {
		pool.Close()
		return cfg, nil, nil, "", err
	}
	return cfg, pool, instID, name, nil
}

// recorder records as the system, in the institution's log (or the
// network's).
func recorder(institutionID *int64) audit.Recorder {
	if institutionID == nil {
		return audit.System(0)
	}
	return audit.System(*institutionID)
}

// formProblems turns a form's errors into one error naming each option.
func formProblems(errs *form.Errors, option map[string]string) error {
	if errs.Valid() {
		return nil
	}
	var b strings.Builder
	for _, e := range errs.List() {
		name := option[e.Field]
		if name == "" {
			name = e.Field
		}
		if name != "" {
			name = "-" + name + ": "
		}
		fmt.Fprintf(&b, "\n  %s%s", name, e.Message)
	}
	return errors.New("nothing was changed:" + b.String())
}

func ssoList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("institution sso list", "Usage: belonging institution sso list -institution SLUG | -network\n\nPrints the sign-in settings and the identity providers.\n", stderr)
	o := whoseFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	_, pool, instID, name, err := o.open(ctx)
	if err != nil {
		return err
	}
	defer pool.Close()
	q := store.New(pool)
	fmt.Fprintf(stdout, "Sign-in for %s\n", name)
	if instID != nil {
		s, err := q.GetSignInSettings(ctx, *instID)
		if err != nil {
			return err
		}
		domains, err := q.ListInstitutionDomains(ctx, *instID)
		if err != nil {
			return err
		}
		passwords := "allowed"
		if !s.PasswordsAllowed {
			passwords = "off (break-glass admin: " + s.BreakGlassEmail + ")"
		}
		fmt.Fprintf(stdout, "  domains:         %s\n  passwords:       %s\n  unknown people:  %s\n",
			strings.Join(domains, ", "), passwords, s.UnknownPeople)
	}
	providers, err := q.ListProviders(ctx, instID)
	if err != nil {
		return err
	}
	if len(providers) == 0 {
		fmt.Fprintln(stdout, "No identity providers.")
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tKIND\tSHOWN\tWORKED")
	for _, p := range providers {
		kind := "SAML 2.0"
		if p.Protocol == "oidc" {
			kind = "OpenID Connect (" + p.OidcFlavour + ")"
		}
		worked := "not yet"
		if p.VerifiedAt != nil {
			worked = p.VerifiedAt.Format("2 January 2006")
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", p.ID, p.Name, kind, yesNo(p.Enabled), worked)
	}
	return tw.Flush()
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func ssoSettings(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("institution sso settings", `Usage: belonging institution sso settings -institution SLUG [options]

Changes the options given; the others keep their values. Passwords can be
turned off only once a provider has signed someone in, and with a
break-glass admin who keeps a password.
`, stderr)
	slug := fs.String("institution", "", "the institution's slug (required)")
	domains := fs.String("domains", "", "the institution's email domains, separated by commas")
	passwords := fs.String("passwords", "", "allowed or off")
	breakGlass := fs.String("break-glass", "", "email address of the admin who keeps a password")
	unknown := fs.String("unknown-people", "", "refuse, or create accounts with no roles for people nobody invited")
	if err := fs.Parse(args); err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	_, pool, err := openDatabase(ctx)
	if err != nil {
		return err
	}
	defer pool.Close()
	return store.InTx(ctx, pool, func(q *store.Queries) error {
		instID, name, err := whose{slug: slug, network: new(bool)}.resolve(ctx, q)
		if err != nil {
			return err
		}
		cur, err := q.GetSignInSettings(ctx, *instID)
		if err != nil {
			return err
		}
		curDomains, err := q.ListInstitutionDomains(ctx, *instID)
		if err != nil {
			return err
		}
		in := sso.SettingsInput{Domains: strings.Join(curDomains, ","), Passwords: "allowed", UnknownPeople: cur.UnknownPeople}
		if !cur.PasswordsAllowed {
			in.Passwords = "off"
		}
		if cur.BreakGlassUserID != nil {
			in.BreakGlass = strconv.FormatInt(*cur.BreakGlassUserID, 10)
		}
		if given["domains"] {
			in.Domains = *domains
		}
		if given["passwords"] {
			in.Passwords = *passwords
		}
		if given["unknown-people"] {
			in.UnknownPeople = *unknown
		}
		var errs form.Errors
		if given["break-glass"] {
			in.BreakGlass = ""
			if *breakGlass != "" {
				u, err := q.GetUserForReset(ctx, strings.TrimSpace(*breakGlass))
				switch {
				case errors.Is(err, pgx.ErrNoRows):
					errs.Add("break_glass", "there is no account for "+*breakGlass)
				case err != nil:
					return err
				default:
					in.BreakGlass = strconv.FormatInt(u.ID, 10)
				}
			}
		}
		settings, err := sso.CheckSettings(ctx, q, *instID, in, &errs)
		if err != nil {
			return err
		}
		if err := formProblems(&errs, map[string]string{"domains": "domains", "passwords": "passwords",
			"break_glass": "break-glass", "unknown_people": "unknown-people"}); err != nil {
			return err
		}
		if err := sso.SaveSettings(ctx, q, audit.System(*instID), *instID, settings); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "saved the sign-in settings of %s\n", name)
		return nil
	})
}

func ssoAdd(ctx context.Context, sub string, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	protocol := strings.TrimPrefix(sub, "add-")
	fs := newFlagSet("institution sso "+sub, "Usage: belonging institution sso "+sub+` [options]

Adds an identity provider, hidden from the sign-in page unless -enable is
given. Its settings are checked as on the admin page: an Entra tenant (not
common or organizations), a generic issuer's configuration, SAML metadata
and its signature. Client secrets are never given as an option: name where
the operator keeps it (-secret-ref env:SSO_SECRET_… or file:NAME), or pass
it on standard input with -secret-stdin to keep it sealed with
SSO_ENCRYPTION_KEY.
`, stderr)
	o := whoseFlags(fs)
	in := sso.ProviderInput{Protocol: protocol}
	fs.StringVar(&in.Name, "name", "", "the name people see on the sign-in button (required)")
	fs.BoolVar(&in.Enabled, "enable", false, "show it on the sign-in page at once")
	secretStdin := false
	var metadataFile, certFile string
	if protocol == "oidc" {
		fs.StringVar(&in.Flavour, "flavour", "entra", "entra, google or generic")
		fs.StringVar(&in.Tenant, "tenant", "", "Entra ID: the directory (tenant) ID or domain")
		fs.StringVar(&in.Issuer, "issuer", "", "generic: the provider's issuer address")
		fs.StringVar(&in.ClientID, "client-id", "", "the client ID the provider gave Belonging (required)")
		fs.StringVar(&in.SecretRef, "secret-ref", "", "where the client secret is kept: env:SSO_SECRET_… or file:NAME")
		fs.BoolVar(&secretStdin, "secret-stdin", false, "read the client secret from standard input, to keep it sealed")
	} else {
		fs.StringVar(&in.MetadataURL, "metadata-url", "", "the IdP's (or the federation's) metadata address")
		fs.StringVar(&metadataFile, "metadata-file", "", "a file holding the IdP's metadata")
		fs.StringVar(&in.EntityID, "entity-id", "", "the IdP's entity ID (required for a federation's aggregate)")
		fs.StringVar(&certFile, "federation-cert-file", "", "PEM certificate that signs the metadata")
		fs.StringVar(&in.Subject, "subject", "eppn", "the identifier kept: eppn, pairwise-id, subject-id or nameid")
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if protocol == "saml" && *o.network {
		return errors.New("a network provider must be OpenID Connect: SAML's addresses belong to an institution")
	}
	for _, f := range []struct {
		name string
		into *string
	}{{metadataFile, &in.MetadataXML}, {certFile, &in.SigningCert}} {
		if f.name == "" {
			continue
		}
		data, err := os.ReadFile(f.name)
		if err != nil {
			return err
		}
		*f.into = string(data)
	}
	if secretStdin {
		var err error
		if in.ClientSecret, err = readLine(stdin); err != nil {
			return fmt.Errorf("read the client secret: %w", err)
		}
		if in.ClientSecret == "" {
			return errors.New("-secret-stdin: standard input held no secret")
		}
	}
	cfg, pool, instID, name, err := o.open(ctx)
	if err != nil {
		return err
	}
	defer pool.Close()
	var errs form.Errors
	params := ssoSetup(cfg).Prepare(ctx, in, nil, &errs)
	if err := formProblems(&errs, map[string]string{"name": "name", "flavour": "flavour", "tenant": "tenant", "issuer": "issuer",
		"client_id": "client-id", "client_secret": "secret-stdin", "secret_ref": "secret-ref", "metadata_url": "metadata-url",
		"metadata_xml": "metadata-file", "entity_id": "entity-id", "signing_cert": "federation-cert-file", "subject": "subject"}); err != nil {
		return err
	}
	var id int64
	err = store.InTx(ctx, pool, func(q *store.Queries) error {
		id, err = sso.AddProvider(ctx, q, recorder(instID), instID, params)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "added provider %d, %s, for %s\n", id, params.Name, name)
	if !params.Enabled {
		fmt.Fprintf(stdout, "it is hidden from the sign-in page until: belonging institution sso enable -id %d\n", id)
	}
	return nil
}

// ssoSetup is what checking a provider needs, as the server has it.
func ssoSetup(cfg config.Config) sso.Setup {
	return sso.Setup{Secrets: sso.Secrets{Key: cfg.SSOEncryptionKey, Dir: cfg.SSOSecretsDir, Getenv: os.Getenv},
		HTTP: sso.NewHTTPClient(cfg.Development()), AllowHTTP: cfg.Development()}
}

func ssoChange(ctx context.Context, sub string, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("institution sso "+sub, "Usage: belonging institution sso "+sub+` -id N

enable shows the provider on the sign-in page; disable hides it; remove
deletes it and the links people's accounts have to it. A provider that is
the last way in while passwords are off cannot be hidden or removed.
`, stderr)
	id := fs.Int64("id", 0, "the provider's id, from list (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *id <= 0 {
		return errors.New("give the provider's -id (see: belonging institution sso list)")
	}
	_, pool, err := openDatabase(ctx)
	if err != nil {
		return err
	}
	defer pool.Close()
	return store.InTx(ctx, pool, func(q *store.Queries) error {
		p, err := q.GetProvider(ctx, *id)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("there is no provider %d", *id)
		} else if err != nil {
			return err
		}
		if sub != "enable" {
			if problem, err := sso.LastWayIn(ctx, q, p.InstitutionID, p.ID); err != nil {
				return err
			} else if problem != "" {
				return errors.New("nothing was changed: " + problem)
			}
		}
		rec := recorder(p.InstitutionID)
		switch sub {
		case "remove":
			if err := q.DeleteProvider(ctx, p.ID); err != nil {
				return err
			}
			if err := rec.Record(ctx, q, "delete", "identity_provider", p.ID, map[string]audit.Change{"name": {Before: p.Name}}); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "removed %s\n", p.Name)
			return nil
		default:
			enabled := sub == "enable"
			if p.Enabled == enabled {
				fmt.Fprintf(stdout, "%s is already %sd\n", p.Name, sub)
				return nil
			}
			if err := q.SetProviderEnabled(ctx, store.SetProviderEnabledParams{ID: p.ID, Enabled: enabled}); err != nil {
				return err
			}
			if err := rec.Record(ctx, q, "update", "identity_provider", p.ID, map[string]audit.Change{"enabled": {Before: p.Enabled, After: enabled}}); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%sd %s\n", sub, p.Name)
			return nil
		}
	})
}
