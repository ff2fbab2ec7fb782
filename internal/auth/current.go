package auth

import (
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
				row, err := q.GetSessionUser(ctx, id)
				switch {
				case errors.Is(err, pgx.ErrNoRows):
					_ = s.End(ctx)
				case err != nil:
					httpx.ServerError(w, r, err)
					return
				case row.DisabledAt != nil || row.SessionEpoch != epoch:
					_ = s.End(ctx)
				default:
					u, err := userFromRow(row)
					if err != nil {
						httpx.ServerError(w, r, err)
						return
					}
					ctx = reqctx.WithUser(ctx, u)
				}
			}
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

func userFromRow(row store.GetSessionUserRow) (*reqctx.User, error) {
	u := &reqctx.User{
		ID:              row.ID,
		Name:            row.Name,
		Email:           row.Email,
		InstitutionName: row.InstitutionName,
		YearStartMonth:  int(row.YearStartMonth),
		IsCoordinator:   row.IsCoordinator,
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
