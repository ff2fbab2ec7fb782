package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/account"
	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/config"
	"belonging/internal/db"
	"belonging/internal/store"
	"belonging/web/paths"
)

var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

func userCmd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("user create", `Usage: belonging user create -email E -name N -role admin|coordinator [options]

Creates the first institution admin (and their institution, if new) or a
network coordinator. Everyone else is invited from the app by an admin.
The password is read from standard input with -password-stdin; otherwise a
strong one is generated and printed once.
`, stderr)
	email := fs.String("email", "", "email address (required)")
	name := fs.String("name", "", "full name (required)")
	role := fs.String("role", "admin", "admin or coordinator")
	slug := fs.String("institution", "", "institution slug, e.g. northbridge (admin only)")
	instName := fs.String("institution-name", "", "institution name, when the institution is new")
	passwordStdin := fs.Bool("password-stdin", false, "read the password from standard input")
	if len(args) > 0 && args[0] == "reset-password" {
		return resetPasswordCmd(ctx, args[1:], stdout, stderr)
	}
	if len(args) == 0 || args[0] != "create" {
		fs.Usage()
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return flag.ErrHelp
		}
		return errors.New(`user needs the subcommand "create" or "reset-password"`)
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	*email, *name = strings.TrimSpace(*email), strings.TrimSpace(*name)
	switch {
	case !strings.Contains(*email, "@") || len(*email) > 254:
		return errors.New("-email must be an email address")
	case *name == "" || len(*name) > 200:
		return errors.New("-name is required (at most 200 characters)")
	case *role != "admin" && *role != "coordinator":
		return errors.New("-role must be admin or coordinator; invite other roles from the app")
	case *role == "admin" && !slugPattern.MatchString(*slug):
		return errors.New("-institution must be a slug of lower-case letters, digits and hyphens")
	case *role == "coordinator" && *slug != "":
		return errors.New("a coordinator belongs to no institution: leave out -institution")
	}

	password, generated := "", false
	if *passwordStdin {
		var err error
		if password, err = readLine(stdin); err != nil {
			return fmt.Errorf("read password: %w", err)
		}
		if problem := auth.PasswordProblem(context.Background(), password, *email); problem != "" {
			return fmt.Errorf("password refused: %s", problem)
		}
	} else {
		password, generated = rand.Text(), true
	}

	_, pool, err := openDatabase(ctx)
	if err != nil {
		return err
	}
	defer pool.Close()
	hash, err := auth.HashPassword(ctx, password)
	if err != nil {
		return err
	}

	err = store.InTx(ctx, pool, func(q *store.Queries) error {
		var instID *int64
		if *role == "admin" {
			inst, err := q.GetInstitutionBySlug(ctx, *slug)
			switch {
			case errors.Is(err, pgx.ErrNoRows):
				if *instName == "" {
					return fmt.Errorf("there is no institution %q yet: give its name with -institution-name to create it", *slug)
				}
				id, err := q.CreateInstitution(ctx, store.CreateInstitutionParams{Slug: *slug, Name: *instName, Kind: "university"})
				if err != nil {
					return err
				}
				instID = &id
				fmt.Fprintf(stdout, "created institution %s (%s)\n", *instName, *slug)
			case err != nil:
				return err
			default:
				instID = &inst.ID
			}
		}
		userID, err := q.CreateUser(ctx, store.CreateUserParams{
			InstitutionID: instID, Email: *email, Name: *name, PasswordHash: hash, IsCoordinator: *role == "coordinator",
		})
		if err != nil {
			if db.IsUniqueViolation(err) {
				return fmt.Errorf("there is already an account for %s", *email)
			}
			return err
		}
		if instID != nil {
			if _, err := q.CreateMembership(ctx, store.CreateMembershipParams{InstitutionID: *instID, UserID: userID, Role: "admin"}); err != nil {
				return err
			}
		}
		var inst int64
		if instID != nil {
			inst = *instID
		}
		return audit.System(inst).Record(ctx, q, "create", "user", userID,
			audit.Created(map[string]any{"email": *email, "name": *name, "role": *role}))
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created %s %s <%s>\n", *role, *name, *email)
	if generated {
		fmt.Fprintf(stdout, "password (shown once; change it after signing in): %s\n", password)
	}
	return nil
}

// resetPasswordCmd prints a single-use reset link for a person, for the
// operator to pass on (a coordinator, or an admin locked out of their
// institution). Older links stop working; the person's sessions end when
// they use it.
func resetPasswordCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("user reset-password", `Usage: belonging user reset-password -email E

Prints a link, valid for 30 minutes and usable once, with which the person
chooses a new password. Pass it on to them yourself; nothing is emailed.
`, stderr)
	email := fs.String("email", "", "the person's email address (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !strings.Contains(*email, "@") || len(*email) > 254 {
		return errors.New("-email must be an email address")
	}
	cfg, pool, err := openDatabase(ctx)
	if err != nil {
		return err
	}
	defer pool.Close()
	var token string
	err = store.InTx(ctx, pool, func(q *store.Queries) error {
		u, err := q.GetUserForReset(ctx, strings.TrimSpace(*email))
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return fmt.Errorf("there is no account for %s", *email)
		case err != nil:
			return err
		case u.DisabledAt != nil:
			return fmt.Errorf("the account of %s is disabled: enable it first", u.Email)
		}
		if _, token, err = account.IssueReset(ctx, q, cfg.SigningKey, u.ID, nil); err != nil {
			return err
		}
		var inst int64
		if u.InstitutionID != nil {
			inst = *u.InstitutionID
		}
		return audit.System(inst).Record(ctx, q, "issue_password_reset", "user", u.ID, nil)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "reset link for %s (valid for 30 minutes, usable once):\n%s%s\n", *email,
		strings.TrimRight(cfg.BaseURL.String(), "/"), paths.ResetPassword(token))
	return nil
}

// readLine reads one line from r, without its line ending: a secret given
// on standard input rather than as an option others can see.
func readLine(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// openDatabase reads the configuration and opens a small pool for a
// command-line task.
func openDatabase(ctx context.Context) (config.Config, *pgxpool.Pool, error) {
	cfg, err := config.Load(os.Getenv)
	if err != nil {
		return cfg, nil, err
	}
	pool, err := db.Open(ctx, cfg.DatabaseURL, db.PoolOptions{MaxConns: 2, ConnectTimeout: cfg.DBConnectTimeout})
	return cfg, pool, err
}
