// Package rights serves the data rights of staff: a person downloads
// everything Belonging holds about them, an institution admin downloads
// it for a person of their institution, and an admin erases a person
// (their name and email pseudonymised, sign-in made impossible, their
// work kept under the pseudonym). docs/privacy.md describes both.
package rights

import (
	"fmt"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/access"
	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/reqctx"
	"belonging/internal/store"
)

// Handler serves the download and erasure routes.
type Handler struct {
	Pool    *pgxpool.Pool
	Queries *store.Queries
	// Access loads the person a route names for an admin, answering 404
	// for another institution's.
	Access   *access.Loader
	Sessions *auth.Sessions
	// Now is the clock stamped on downloads (time.Now when nil).
	Now func() time.Time
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

// OwnData downloads everything held about the signed-in person.
func (h *Handler) OwnData(w http.ResponseWriter, r *http.Request) {
	u := reqctx.UserFrom(r.Context())
	h.download(w, r, u.InstitutionID, u.ID)
}

// PersonData downloads everything held about a person of the admin's
// institution, for answering their request. The download is audited.
func (h *Handler) PersonData(w http.ResponseWriter, r *http.Request) {
	p, ok := h.Access.Person(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		return audit.By(u).Record(ctx, q, "export", "user", p.ID, nil)
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.download(w, r, u.InstitutionID, p.ID)
}

// download builds the whole archive before sending a byte, so a failed
// query is an error page, never half a zip.
func (h *Handler) download(w http.ResponseWriter, r *http.Request, institutionID, personID int64) {
	now := h.now().UTC()
	data, err := collect(r.Context(), h.Queries, institutionID, personID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	zipped, err := data.zip(now)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="belonging-person-%d-%s.zip"`, personID, now.Format("2006-01-02")))
	w.Header().Set("Content-Length", fmt.Sprint(len(zipped)))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(zipped)
}
