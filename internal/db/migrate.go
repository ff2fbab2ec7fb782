package db

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/golang-migrate/migrate/v4"
	_ "github.com/golang-migrate/migrate/v4/database/pgx/v5" // registers the pgx5:// scheme
	"github.com/golang-migrate/migrate/v4/source/iofs"

	"belonging/migrations"
)

// Migrator applies the embedded migrations to one database.
type Migrator struct {
	m *migrate.Migrate
}

// NewMigrator prepares to migrate the database at databaseURL.
func NewMigrator(databaseURL string) (*Migrator, error) {
	src, err := iofs.New(migrations.FS, ".")
	if err != nil {
		return nil, fmt.Errorf("read embedded migrations: %w", err)
	}
	u, err := url.Parse(databaseURL)
	if err != nil {
		return nil, errors.New("DATABASE_URL is not a valid URL")
	}
	u.Scheme = "pgx5"
	m, err := migrate.NewWithSourceInstance("iofs", src, u.String())
	if err != nil {
		return nil, fmt.Errorf("connect for migrations: %w", err)
	}
	// Several app servers may start together; the ones that wait for the
	// lock must outlast a long migration instead of failing after 15 s.
	m.LockTimeout = 10 * time.Minute
	return &Migrator{m: m}, nil
}

// Close releases the migrator's connection.
func (mg *Migrator) Close() error {
	srcErr, dbErr := mg.m.Close()
	return errors.Join(srcErr, dbErr)
}

// Up applies every pending migration.
func (mg *Migrator) Up() error { return ignoreNoChange(mg.m.Up()) }

// Down reverts every applied migration.
func (mg *Migrator) Down() error { return ignoreNoChange(mg.m.Down()) }

// Steps applies (n > 0) or reverts (n < 0) n migrations.
func (mg *Migrator) Steps(n int) error { return ignoreNoChange(mg.m.Steps(n)) }

// Force records version v as applied and clean, for recovery after a
// failed migration has been repaired by hand.
func (mg *Migrator) Force(v int) error { return mg.m.Force(v) }

// Version returns the applied version (0 when none) and whether the last
// migration failed half way.
func (mg *Migrator) Version() (version uint, dirty bool, err error) {
	v, dirty, err := mg.m.Version()
	if errors.Is(err, migrate.ErrNilVersion) {
		return 0, false, nil
	}
	return v, dirty, err
}

// CheckCurrent returns an error saying what to do when the database is
// dirty or behind the migrations built into this binary.
func (mg *Migrator) CheckCurrent() error {
	v, dirty, err := mg.Version()
	if err != nil {
		return fmt.Errorf("read migration version: %w", err)
	}
	if dirty {
		return fmt.Errorf("the database is dirty: migration %d failed part way. Repair the schema by hand, then run `belonging migrate force %d` (the last version that applied cleanly) and `belonging migrate up`", v, int(v)-1)
	}
	latest := LatestVersion()
	if v < latest {
		return fmt.Errorf("the database is at migration %d but this build needs %d: run `belonging migrate up` (or set MIGRATE_ON_START=true)", v, latest)
	}
	if v > latest {
		return fmt.Errorf("the database is at migration %d, newer than this build knows (%d): deploy the newer build", v, latest)
	}
	return nil
}

// LatestVersion is the highest migration version embedded in the binary.
func LatestVersion() uint {
	var latest uint
	names, _ := fs.Glob(migrations.FS, "*.up.sql")
	sort.Strings(names)
	for _, name := range names {
		prefix, _, _ := strings.Cut(path.Base(name), "_")
		if n, err := strconv.ParseUint(prefix, 10, 64); err == nil && uint(n) > latest {
			latest = uint(n)
		}
	}
	return latest
}

func ignoreNoChange(err error) error {
	if errors.Is(err, migrate.ErrNoChange) {
		return nil
	}
	return err
}
