// Package casestudy turns activities into shareable case studies: writing
// one pre-filled from its activity, the review that sharing beyond the
// institution needs, the library's search, collections and bookmarks.
package casestudy

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/access"
	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/reqctx"
	"belonging/internal/store"
)

// Handler serves the case study pages.
type Handler struct {
	Pool    *pgxpool.Pool
	Queries *store.Queries
	// Access loads the records the routes name and answers 404 or 403.
	Access   *access.Loader
	Sessions *auth.Sessions
	// BaseURL makes absolute links for OpenGraph and the Atom feed.
	BaseURL string

	// facets caches the counts of the library's unsearched lists, which
	// cover every readable case study and change slowly.
	facets facetCache
}

// caseStudy loads a case study of the person's institution and checks they
// may edit it (403) or review it; a case study of another institution is
// 404, like one that does not exist.
func (h *Handler) caseStudy(w http.ResponseWriter, r *http.Request, action auth.Action) (store.GetCaseStudyRow, bool) {
	id, ok := httpx.IDParam(w, r, "id")
	if !ok {
		return store.GetCaseStudyRow{}, false
	}
	u := reqctx.UserFrom(r.Context())
	c, err := h.Queries.GetCaseStudy(r.Context(), store.GetCaseStudyParams{InstitutionID: u.InstitutionID, ID: id})
	if errors.Is(err, pgx.ErrNoRows) {
		httpx.NotFound(w, r)
		return c, false
	}
	if err != nil {
		httpx.ServerError(w, r, err)
		return c, false
	}
	t := target(c)
	if !auth.Can(u, auth.EditCaseStudy, t) && !auth.Can(u, auth.ReviewCaseStudy, t) {
		httpx.NotFound(w, r)
		return c, false
	}
	if !auth.Can(u, action, t) {
		httpx.Forbidden(w, r, "Only the case study's authors can change it, and only the programme's director or an admin can approve sharing it.")
		return c, false
	}
	return c, true
}

func target(c store.GetCaseStudyRow) auth.Target {
	t := auth.Target{InstitutionID: c.InstitutionID, DepartmentID: c.DepartmentID, ProgrammeID: c.ProgrammeID,
		ModuleProgrammes: c.ModuleProgrammes, People: slices.Clone(c.ActivityTeam)}
	if c.AuthorID != nil {
		t.Author = *c.AuthorID
	}
	if c.ActivityLead != nil {
		t.People = append(t.People, *c.ActivityLead)
	}
	if c.ActivityModule != nil {
		t.ModuleID = *c.ActivityModule
	}
	return t
}

func record(ctx context.Context, q *store.Queries, u *reqctx.User, action string, id int64, changes map[string]audit.Change) error {
	return audit.Record(ctx, q, audit.Entry{InstitutionID: u.InstitutionID, ActorID: u.ID, Action: action, Entity: "case_study", EntityID: id, Changes: changes})
}

// reader says what the person may read in the library.
func reader(u *reqctx.User) store.Reader {
	if u == nil {
		return store.Reader{}
	}
	return store.Reader{SignedIn: true, InstitutionID: u.InstitutionID}
}

var nonWord = regexp.MustCompile(`[^a-z0-9]+`)

// slug makes the readable part of a case study's address from its title.
func slug(title string) string {
	s := strings.Trim(nonWord.ReplaceAllString(strings.ToLower(title), "-"), "-")
	if len(s) > 60 {
		s = strings.TrimRight(s[:60], "-")
	}
	return s
}

// URL is a case study's readable address: /case-studies/12-coffee-mornings.
func URL(id int64, title string) string {
	if s := slug(title); s != "" {
		return fmt.Sprintf("/case-studies/%d-%s", id, s)
	}
	return fmt.Sprintf("/case-studies/%d", id)
}

// refID reads the id at the start of a readable address.
func refID(ref string) (int64, bool) {
	digits, _, _ := strings.Cut(ref, "-")
	id, err := strconv.ParseInt(digits, 10, 64)
	return id, err == nil && id > 0
}

// facetCache keeps facet counts for a minute, per reader scope and
// filters, when there is no search text.
type facetCache struct {
	mu      sync.Mutex
	entries map[string]facetEntry
}

type facetEntry struct {
	counts  []store.FacetCount
	expires time.Time
}

func (c *facetCache) get(key string, now time.Time) ([]store.FacetCount, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || now.After(e.expires) {
		return nil, false
	}
	return e.counts, true
}

func (c *facetCache) put(key string, counts []store.FacetCount, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) > 1000 {
		c.entries = map[string]facetEntry{}
	}
	c.entries[key] = facetEntry{counts: counts, expires: now.Add(time.Minute)}
}
