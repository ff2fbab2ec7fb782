package auth

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"

	"github.com/jackc/pgx/v5"

	"belonging/internal/httpx"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web/paths"
)

// CurrentUser is middleware that puts the signed-in person, if any, into
// the request context, and the waiting flash message on a page view. A
// session whose person is disabled, deleted or signed out elsewhere (an
// older epoch) is ended here.
//
// Loading the session has already read the person's state (see
// sessionStore), so a signed-in request costs one query: the person
// themselves comes from this server's copy when its counters match the
// database's, and is read afresh otherwise. A session saved before session
// rows named their person is checked against the database in full, and
// saved again so that its row names them.
func CurrentUser(s *Sessions, q *store.Queries) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx := r.Context()
			if r.Method == http.MethodGet && !httpx.IsHTMX(r) {
				if f, ok := s.popFlash(ctx); ok {
					ctx = reqctx.WithFlash(ctx, f)
				}
			}
			if id, epoch, ok := s.identity(ctx); ok {
				u, err := s.person(ctx, q, id, epoch)
				switch {
				case err != nil:
					httpx.ServerError(w, r, err)
					return
				case u == nil:
					_ = s.End(ctx)
				default:
					ctx = reqctx.WithUser(ctx, u)
				}
			}
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// person returns the signed-in person of a session that names id and
// epoch, or nil when the session may no longer be used.
func (s *Sessions) person(ctx context.Context, q *store.Queries, id int64, epoch int32) (*reqctx.User, error) {
	peek := peekFrom(ctx)
	if peek == nil || !peek.loaded || peek.person != id {
		// The row does not name the person: save it so that it will.
		s.Manager.Put(ctx, keyUserID, id)
		peek = nil
	} else {
		if peek.disabled || peek.epoch != epoch {
			return nil, nil
		}
		if u := s.people.get(id, peek.personVersion, peek.institutionVersion); u != nil {
			return u, nil
		}
	}
	row, err := q.GetSessionUser(ctx, id)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if row.DisabledAt != nil || row.SessionEpoch != epoch {
		return nil, nil
	}
	u, err := userFromRow(row)
	if err != nil {
		return nil, err
	}
	s.people.put(u, row.AccessVersion, row.InstitutionAccessVersion)
	return u, nil
}

func userFromRow(row store.GetSessionUserRow) (*reqctx.User, error) {
	u := &reqctx.User{
		ID:              row.ID,
		Name:            row.Name,
		Email:           row.Email,
		InstitutionName: row.InstitutionName,
		InstitutionSlug: row.InstitutionSlug,
		YearStartMonth:  int(row.YearStartMonth),
		Language:        row.InstitutionLanguage,
		IsCoordinator:   row.IsCoordinator,
		StudentPartner:  row.StudentPartner,
	}
	if row.InstitutionID != nil {
		u.InstitutionID = *row.InstitutionID
	}
	if err := json.Unmarshal(row.Memberships, &u.Memberships); err != nil {
		return nil, err
	}
	return u, nil
}

// RequireUser sends anonymous requests to the sign-in page, remembering
// where they were going.
func RequireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if reqctx.UserFrom(r.Context()) == nil {
			target := paths.SignIn
			if r.Method == http.MethodGet && r.URL.Path != "/" {
				target += "?next=" + url.QueryEscape(r.URL.RequestURI())
			}
			if httpx.IsHTMX(r) {
				w.Header().Set("HX-Redirect", target)
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			http.Redirect(w, r, target, http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// SafeNext returns next when it is a path on this site, otherwise "/": the
// sign-in page must not become an open redirect.
func SafeNext(next string) string {
	if next == "" || next[0] != '/' || len(next) > 1 && (next[1] == '/' || next[1] == '\\') {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return next
}

// RequireAdmin lets through only people the policy allows to administer
// their institution; everyone else gets a 403 page saying who can.
func RequireAdmin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := reqctx.UserFrom(r.Context())
		if !Can(u, Administer, Target{InstitutionID: u.InstitutionID}) {
			httpx.Forbidden(w, r, "Only your institution's administrators can use this page. If you need something changed, ask one of them.")
			return
		}
		next.ServeHTTP(w, r)
	})
}
