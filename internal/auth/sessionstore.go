package auth

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// sessionStore keeps scs sessions in PostgreSQL, like scs's pgxstore, with
// one difference that saves a round trip on every signed-in request: a
// session row names its person, and loading the session also reads what
// decides whether that person may still use it (their session epoch,
// whether they are disabled, and the counters that say whether a copy of
// them is current). The middleware that needs those finds them in a
// sessionPeek the request's context carries.
type sessionStore struct {
	pool  *pgxpool.Pool
	codec scs.Codec
	stop  chan struct{}
	done  chan struct{}
	once  sync.Once
}

// sessionPeek is what loading the session learnt about its person. Person
// is 0 when the row names nobody: an anonymous session, or one saved
// before rows named their person.
type sessionPeek struct {
	loaded             bool
	person             int64
	epoch              int32
	disabled           bool
	personVersion      int64
	institutionVersion int64
}

type peekKey struct{}

// withPeek gives the request a place for the session store to leave what
// it read about the session's person.
func withPeek(ctx context.Context) (context.Context, *sessionPeek) {
	p := &sessionPeek{}
	return context.WithValue(ctx, peekKey{}, p), p
}

func peekFrom(ctx context.Context) *sessionPeek {
	p, _ := ctx.Value(peekKey{}).(*sessionPeek)
	return p
}

func newSessionStore(pool *pgxpool.Pool, codec scs.Codec, cleanup time.Duration) *sessionStore {
	s := &sessionStore{pool: pool, codec: codec, stop: make(chan struct{}), done: make(chan struct{})}
	go s.cleanup(cleanup)
	return s
}

// FindCtx returns the session's data unless it has expired. Its person's
// state comes back in the same query, through the sessionPeek.
func (s *sessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var data []byte
	var p sessionPeek
	// The person is looked up by key inside the lateral subquery (OFFSET 0
	// keeps the planner from merging it into a join it might plan as a
	// sort or a hash of the whole users table).
	err := s.pool.QueryRow(ctx, `-- name: FindSession :one
		SELECT s.data, coalesce(s.user_id, 0), coalesce(p.session_epoch, 0), coalesce(p.disabled, false),
		       coalesce(p.access_version, 0), coalesce(p.institution_version, 0)
		FROM sessions s
		LEFT JOIN LATERAL (
		    SELECT u.session_epoch, u.disabled_at IS NOT NULL AS disabled, u.access_version,
		           (SELECT i.access_version FROM institutions i WHERE i.id = u.institution_id) AS institution_version
		    FROM users u WHERE u.id = s.user_id OFFSET 0) p ON true
		WHERE s.token = $1 AND current_timestamp < s.expiry`, token).
		Scan(&data, &p.person, &p.epoch, &p.disabled, &p.personVersion, &p.institutionVersion)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if peek := peekFrom(ctx); peek != nil {
		p.loaded = true
		*peek = p
	}
	return data, true, nil
}

// CommitCtx saves the session with the person its data names (none for an
// anonymous session).
func (s *sessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	var person *int64
	if _, values, err := s.codec.Decode(b); err == nil {
		if id, ok := values[keyUserID].(int64); ok && id != 0 {
			person = &id
		}
	} else {
		return err
	}
	_, err := s.pool.Exec(ctx, `-- name: CommitSession :exec
		INSERT INTO sessions (token, data, expiry, user_id) VALUES ($1, $2, $3, $4)
		ON CONFLICT (token) DO UPDATE SET data = EXCLUDED.data, expiry = EXCLUDED.expiry, user_id = EXCLUDED.user_id`,
		token, b, expiry, person)
	return err
}

// DeleteCtx removes the session.
func (s *sessionStore) DeleteCtx(ctx context.Context, token string) error {
	_, err := s.pool.Exec(ctx, "-- name: DeleteSession :exec\nDELETE FROM sessions WHERE token = $1", token)
	return err
}

// Find, Commit and Delete complete scs.Store; scs calls the Ctx forms.
func (s *sessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

func (s *sessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

func (s *sessionStore) Delete(token string) error { return s.DeleteCtx(context.Background(), token) }

// cleanup deletes expired sessions every interval until stopped.
func (s *sessionStore) cleanup(interval time.Duration) {
	defer close(s.done)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			if _, err := s.pool.Exec(ctx, "-- name: DeleteExpiredSessions :exec\nDELETE FROM sessions WHERE expiry < current_timestamp"); err != nil {
				slog.Warn("deleting expired sessions", "error", err)
			}
			cancel()
		case <-s.stop:
			return
		}
	}
}

// close stops the cleanup and waits for it.
func (s *sessionStore) close() {
	s.once.Do(func() { close(s.stop) })
	<-s.done
}
