// Package seed loads the demo data: two institutions with their schools,
// programmes, modules and one person in each role, so that a new checkout
// has something real to click through. Running it again changes nothing.
package seed

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/acyear"
	"belonging/internal/auth"
	"belonging/internal/db"
)

// DemoPassword signs in every demo account. It is printed by the seed
// command; seed refuses to run in production.
const DemoPassword = "belonging-demo-2026"

type institution struct {
	slug, name, kind string
	// domains are the institution's email domains (sign-in through its
	// identity provider finds it by them).
	domains []string
	// shares its figures with the network report.
	shares      bool
	departments []department
}

type department struct {
	name       string
	programmes []programme
	modules    []module
}

type programme struct {
	code, title, level, subject string
	cohort, years               int
	// modules served, with the year of study.
	modules map[string]int
}

type module struct {
	code, title string
	credits     int
}

// Person is a demo account and the role it holds.
type Person struct {
	Email, Name string
	Institution string // slug; "" for a coordinator
	Role        string // admin, director, module_leader, member, viewer, coordinator
	Scope       string // programme or module code, or department name
	Describe    string
}

var institutions = []institution{
	{
		slug: "northbridge", name: "Northbridge University", kind: "Research-intensive university", shares: true, domains: []string{"northbridge.ac.uk"},
		departments: []department{
			{
				name: "School of Biosciences",
				programmes: []programme{
					{code: "C100", title: "BSc Biological Sciences", level: "ug", subject: "Biosciences", cohort: 180, years: 3,
						modules: map[string]int{"BIO1001": 1, "BIO1002": 1, "BIO1010": 1, "BIO2005": 2, "BIO3099": 3}},
					{code: "B940", title: "BSc Biomedical Science", level: "ug", subject: "Biosciences", cohort: 120, years: 3,
						modules: map[string]int{"BIO1001": 1, "BIO1010": 1, "BIO2005": 2}},
					{code: "C7A1", title: "MSc Molecular Biology", level: "pgt", subject: "Biosciences", cohort: 40, years: 1,
						modules: map[string]int{"BIO7001": 1}},
				},
				modules: []module{
					{"BIO1001", "Foundations of Cell Biology", 20},
					{"BIO1002", "Genetics and Evolution", 20},
					{"BIO1010", "Skills for Bioscientists", 20},
					{"BIO2005", "Research Methods in the Life Sciences", 20},
					{"BIO3099", "Final-Year Research Project", 40},
					{"BIO7001", "Advanced Molecular Techniques", 30},
				},
			},
			{
				name: "School of Psychology",
				programmes: []programme{
					{code: "C800", title: "BSc Psychology", level: "ug", subject: "Psychology", cohort: 220, years: 3,
						modules: map[string]int{"PSY1001": 1, "PSY1003": 1}},
				},
				modules: []module{
					{"PSY1001", "Introduction to Psychology", 20},
					{"PSY1003", "Statistics and Research Design", 20},
				},
			},
			{
				name: "School of Engineering",
				programmes: []programme{
					{code: "H300", title: "MEng Mechanical Engineering", level: "ug", subject: "Engineering", cohort: 150, years: 4,
						modules: map[string]int{"ENG1001": 1}},
				},
				modules: []module{{"ENG1001", "Engineering Design and Practice", 20}},
			},
		},
	},
	{
		slug: "eastmere", name: "University of Eastmere", kind: "Teaching-focused university", shares: true, domains: []string{"eastmere.ac.uk"},
		departments: []department{
			{
				name: "Department of History",
				programmes: []programme{
					{code: "V100", title: "BA History", level: "ug", subject: "History", cohort: 90, years: 3,
						modules: map[string]int{"HIS1001": 1, "HIS1005": 1}},
				},
				modules: []module{
					{"HIS1001", "Making History: Sources and Methods", 20},
					{"HIS1005", "Britain and the World since 1800", 20},
				},
			},
			{
				name: "School of Nursing and Midwifery",
				programmes: []programme{
					{code: "B740", title: "BSc Adult Nursing", level: "ug", subject: "Nursing", cohort: 160, years: 3,
						modules: map[string]int{"NUR1001": 1}},
				},
				modules: []module{{"NUR1001", "Foundations of Nursing Practice", 40}},
			},
		},
	},
}

// People are the demo accounts, one per role, printed after seeding.
var People = []Person{
	{"admin@northbridge.ac.uk", "Priya Shah", "northbridge", "admin", "", "Institution admin, Northbridge University"},
	{"director@northbridge.ac.uk", "Dr Helen Carter", "northbridge", "director", "C100", "Programme director, BSc Biological Sciences"},
	{"leader@northbridge.ac.uk", "Dr Tom Okafor", "northbridge", "module_leader", "BIO1001", "Module leader, BIO1001 Foundations of Cell Biology"},
	{"member@northbridge.ac.uk", "Aisha Rahman", "northbridge", "member", "C100", "Team member (GTA), BSc Biological Sciences"},
	{"viewer@northbridge.ac.uk", "Sam Lee", "northbridge", "viewer", "School of Biosciences", "Viewer (student quality reviewer), School of Biosciences"},
	{"coordinator@belonging.network", "Morgan Ellis", "", "coordinator", "", "Network coordinator, across institutions"},
	{"admin@eastmere.ac.uk", "James Whitfield", "eastmere", "admin", "", "Institution admin, University of Eastmere"},
	{"director@eastmere.ac.uk", "Dr Ruth Adeyemi", "eastmere", "director", "V100", "Programme director, BA History"},
	// A student who co-creates two of the Biosciences activities.
	{"partner@northbridge.ac.uk", "Maya Thompson", "northbridge", "partner", "", "Student partner on two BSc Biological Sciences activities"},
}

// partnerActivities are the activities of this year the demo student
// partner co-creates.
var partnerActivities = []string{"Pizza evenings for first years", "Lunch club for commuting students"}

// colleagues fill out the demo teams; they are not printed.
var colleagues = []Person{
	{"f.macleod@northbridge.ac.uk", "Dr Fiona MacLeod", "northbridge", "module_leader", "BIO1010", ""},
	{"r.osei@northbridge.ac.uk", "Dr Richard Osei", "northbridge", "director", "B940", ""},
	{"j.nowak@northbridge.ac.uk", "Julia Nowak", "northbridge", "member", "C100", ""},
	{"l.barker@northbridge.ac.uk", "Prof Lena Barker", "northbridge", "director", "C800", ""},
	{"m.hughes@eastmere.ac.uk", "Dr Megan Hughes", "eastmere", "module_leader", "HIS1001", ""},
	{"k.achterberg@eastmere.ac.uk", "Karl Achterberg", "eastmere", "director", "B740", ""},
}

// invitations are waiting to be accepted, one per institution.
var invitations = []struct {
	Institution, Email, Role, Scope, InvitedBy string
}{
	{"northbridge", "new.lecturer@northbridge.ac.uk", "module_leader", "BIO1002", "admin@northbridge.ac.uk"},
	{"eastmere", "new.lecturer@eastmere.ac.uk", "module_leader", "HIS1005", "admin@eastmere.ac.uk"},
}

// Run loads the demo data, reporting to out. It is idempotent: rows are
// matched by their natural keys and left alone when present.
func Run(ctx context.Context, pool *pgxpool.Pool, out io.Writer) error {
	hash, err := auth.HashPassword(ctx, DemoPassword)
	if err != nil {
		return err
	}
	return Load(ctx, pool, out, hash)
}

// Load is Run with the demo accounts' password hash given, so that test
// databases can use a cheaper hash of the same password.
func Load(ctx context.Context, pool *pgxpool.Pool, out io.Writer, passwordHash string) error {
	return LoadAt(ctx, pool, out, passwordHash, time.Now())
}

// LoadAt is Load as if the demo were loaded at now: its plans are for the
// academic year now falls in and the one before, and its surveys and
// outcomes are dated from now. Tests load it on chosen days of the year.
func LoadAt(ctx context.Context, pool *pgxpool.Pool, out io.Writer, passwordHash string, now time.Time) error {
	hash := passwordHash
	current := yearOf(now)
	err := db.WithTx(ctx, pool, func(tx pgx.Tx) error {
		// Seeding twice at once must not race: take a transaction lock.
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(424242)"); err != nil {
			return err
		}
		for _, in := range institutions {
			if err := seedInstitution(ctx, tx, in); err != nil {
				return fmt.Errorf("institution %s: %w", in.slug, err)
			}
		}
		for _, p := range append(People[:len(People):len(People)], colleagues...) {
			if err := seedPerson(ctx, tx, p, hash); err != nil {
				return fmt.Errorf("person %s: %w", p.Email, err)
			}
		}
		for _, inv := range invitations {
			if err := seedInvitation(ctx, tx, inv.Institution, inv.Email, inv.Role, inv.Scope, inv.InvitedBy); err != nil {
				return fmt.Errorf("invitation %s: %w", inv.Email, err)
			}
		}
		if err := seedActivities(ctx, tx, current); err != nil {
			return err
		}
		if err := seedCodes(ctx, tx); err != nil {
			return err
		}
		if err := seedOutcomes(ctx, tx, current, acyear.DateOf(now)); err != nil {
			return err
		}
		if err := seedCaseStudies(ctx, tx, current); err != nil {
			return err
		}
		if err := seedTocs(ctx, tx, current); err != nil {
			return err
		}
		if err := seedPartners(ctx, tx, current); err != nil {
			return err
		}
		if err := seedSurveys(ctx, tx, current, now); err != nil {
			return err
		}
		if err := seedCohortFigures(ctx, tx, current); err != nil {
			return err
		}
		return seedComparisons(ctx, tx, current)
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "Demo data is ready. Sign in with any of these (password "+DemoPassword+"):")
	for _, p := range People {
		fmt.Fprintf(out, "  %-32s %s\n", p.Email, p.Describe)
	}
	return nil
}

func seedInstitution(ctx context.Context, tx pgx.Tx, in institution) error {
	var instID int64
	err := tx.QueryRow(ctx, `
		INSERT INTO institutions (slug, name, kind, share_network_figures) VALUES ($1, $2, $3, $4)
		ON CONFLICT (slug) DO UPDATE SET slug = EXCLUDED.slug
		RETURNING id`, in.slug, in.name, in.kind, in.shares).Scan(&instID)
	if err != nil {
		return err
	}
	for _, d := range in.domains {
		if _, err := tx.Exec(ctx, `INSERT INTO institution_domains (institution_id, domain) VALUES ($1, $2) ON CONFLICT DO NOTHING`, instID, d); err != nil {
			return err
		}
	}
	for _, d := range in.departments {
		var deptID int64
		err := tx.QueryRow(ctx, `
			WITH ins AS (
				INSERT INTO departments (institution_id, name) VALUES ($1, $2)
				ON CONFLICT (institution_id, lower(name)) DO NOTHING RETURNING id)
			SELECT id FROM ins
			UNION ALL SELECT id FROM departments WHERE institution_id = $1 AND lower(name) = lower($2)
			LIMIT 1`, instID, d.name).Scan(&deptID)
		if err != nil {
			return err
		}
		moduleIDs := map[string]int64{}
		for _, m := range d.modules {
			var id int64
			err := tx.QueryRow(ctx, `
				WITH ins AS (
					INSERT INTO modules (institution_id, department_id, code, title, credits) VALUES ($1, $2, $3, $4, $5)
					ON CONFLICT (institution_id, lower(code)) DO NOTHING RETURNING id)
				SELECT id FROM ins
				UNION ALL SELECT id FROM modules WHERE institution_id = $1 AND lower(code) = lower($3)
				LIMIT 1`, instID, deptID, m.code, m.title, m.credits).Scan(&id)
			if err != nil {
				return err
			}
			moduleIDs[m.code] = id
		}
		for _, p := range d.programmes {
			var progID int64
			err := tx.QueryRow(ctx, `
				WITH ins AS (
					INSERT INTO programmes (institution_id, department_id, code, title, level, subject_area, cohort_size, years)
					VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
					ON CONFLICT (institution_id, lower(code)) DO NOTHING RETURNING id)
				SELECT id FROM ins
				UNION ALL SELECT id FROM programmes WHERE institution_id = $1 AND lower(code) = lower($3)
				LIMIT 1`, instID, deptID, p.code, p.title, p.level, p.subject, p.cohort, p.years).Scan(&progID)
			if err != nil {
				return err
			}
			for code, year := range p.modules {
				_, err := tx.Exec(ctx, `
					INSERT INTO programme_modules (institution_id, programme_id, module_id, year_of_study)
					VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, instID, progID, moduleIDs[code], year)
				if err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func seedPerson(ctx context.Context, tx pgx.Tx, p Person, hash string) error {
	var instID *int64
	if p.Institution != "" {
		var id int64
		if err := tx.QueryRow(ctx, `SELECT id FROM institutions WHERE slug = $1`, p.Institution).Scan(&id); err != nil {
			return err
		}
		instID = &id
	}
	var userID int64
	err := tx.QueryRow(ctx, `
		WITH ins AS (
			INSERT INTO users (institution_id, email, name, password_hash, is_coordinator, student_partner)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (lower(email)) DO NOTHING RETURNING id)
		SELECT id FROM ins
		UNION ALL SELECT id FROM users WHERE lower(email) = lower($2)
		LIMIT 1`, instID, p.Email, p.Name, hash, p.Role == "coordinator", p.Role == "partner").Scan(&userID)
	if err != nil {
		return err
	}
	// A student partner's memberships name activities, added with them.
	if p.Role == "coordinator" || p.Role == "partner" {
		return nil
	}
	var deptID, progID, modID *int64
	switch p.Role {
	case "director", "member":
		progID = new(int64)
		err = tx.QueryRow(ctx, `SELECT id FROM programmes WHERE institution_id = $1 AND code = $2`, instID, p.Scope).Scan(progID)
	case "module_leader":
		modID = new(int64)
		err = tx.QueryRow(ctx, `SELECT id FROM modules WHERE institution_id = $1 AND code = $2`, instID, p.Scope).Scan(modID)
	case "viewer":
		deptID = new(int64)
		err = tx.QueryRow(ctx, `SELECT id FROM departments WHERE institution_id = $1 AND name = $2`, instID, p.Scope).Scan(deptID)
	}
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `
		INSERT INTO memberships (institution_id, user_id, role, department_id, programme_id, module_id)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT DO NOTHING`, instID, userID, p.Role, deptID, progID, modID)
	return err
}

// seedInvitation adds a waiting invitation unless one exists for the email.
// Its token is random and not kept: the invitation is there to be seen and
// withdrawn in the demo, not accepted.
func seedInvitation(ctx context.Context, tx pgx.Tx, institution, email, role, moduleCode, invitedBy string) error {
	token := make([]byte, 32)
	if _, err := rand.Read(token); err != nil {
		return err
	}
	hash := sha256.Sum256(token)
	_, err := tx.Exec(ctx, `
		INSERT INTO invitations (institution_id, email, role, module_id, token_hash, invited_by, expires_at)
		SELECT i.id, $2, $3, m.id, $5, u.id, now() + interval '7 days'
		FROM institutions i
		JOIN modules m ON m.institution_id = i.id AND m.code = $4
		JOIN users u ON lower(u.email) = lower($6)
		WHERE i.slug = $1
		  AND NOT EXISTS (SELECT 1 FROM invitations x WHERE x.institution_id = i.id AND lower(x.email) = lower($2))`,
		institution, email, role, moduleCode, hash[:], invitedBy)
	return err
}

// CurrentYear is the academic year the demo plans are made for: the one
// today falls in, so the demo always has sessions past and to come.
func CurrentYear() int { return yearOf(time.Now()) }

func yearOf(now time.Time) int { return acyear.Of(now, acyear.DefaultStartMonth) }

// Fingerprint changes whenever the demo data does, so test templates built
// from it are rebuilt.
func Fingerprint() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%#v|%#v|%#v|%#v|%s|%d", institutions, People, colleagues, invitations, DemoPassword, CurrentYear())
	fmt.Fprintf(&b, "|%#v|%s|%#v|%#v|%#v", demoOutcomes, time.Now().UTC().Format("2006-01-02"), demoCaseStudies, networkInstitutions, libraryKinds)
	fmt.Fprintf(&b, "|%#v|%#v|%#v", libraryContexts, libraryLessons, libraryAdvice)
	fmt.Fprintf(&b, "|%#v|%#v", demoSurveys, demoInstruments)
	for _, a := range demoActivities {
		sessions := a.sessions
		a.sessions = nil
		fmt.Fprintf(&b, "|%#v", a)
		if sessions != nil {
			fmt.Fprintf(&b, "%v", sessions(CurrentYear()+a.yearOffset))
		}
	}
	return b.String()
}

// seedPartners makes the demo student partner a partner on this year's
// partnerActivities.
func seedPartners(ctx context.Context, tx pgx.Tx, year int) error {
	_, err := tx.Exec(ctx, `
		INSERT INTO memberships (institution_id, user_id, role, activity_id)
		SELECT a.institution_id, u.id, 'partner', a.id
		FROM activities a
		JOIN institutions i ON i.id = a.institution_id AND i.slug = 'northbridge'
		JOIN users u ON lower(u.email) = 'partner@northbridge.ac.uk'
		WHERE a.title = ANY ($1) AND a.academic_year = $2
		ON CONFLICT DO NOTHING`, partnerActivities, year)
	return err
}
