package casestudy

import (
	"cmp"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/access"
	"belonging/internal/acyear"
	"belonging/internal/auth"
	"belonging/internal/codes"
	"belonging/internal/httpx"
	"belonging/internal/httpx/form"
	"belonging/internal/i18n"
	"belonging/internal/libsearch"
	"belonging/internal/markdown"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/internal/vocab"
	"belonging/web"
	"belonging/web/components"
	page "belonging/web/pages/casestudy"
	"belonging/web/paths"
)

// Show displays a case study at its readable address: the publication to
// anyone allowed to read it, or (with ?draft=1) the draft to its editors
// and reviewers. Anyone else, including another institution looking at a
// draft, gets 404.
func (h *Handler) Show(w http.ResponseWriter, r *http.Request) {
	id, ok := refID(chi.URLParam(r, "ref"))
	if !ok {
		httpx.NotFound(w, r)
		return
	}
	h.show(w, r, id, showOptions{draft: r.URL.Query().Get("draft") == "1", status: http.StatusOK})
}

// showOptions say which version to show and any form errors to show in it.
type showOptions struct {
	draft      bool
	status     int
	review     page.ReviewForm
	collection form.Errors
}

func (h *Handler) show(w http.ResponseWriter, r *http.Request, id int64, o showOptions) {
	r, err := h.prefetchShow(r, id)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	wantDraft, status := o.draft, o.status
	v := page.CaseStudyPage{ID: id, SignedIn: u != nil, Review: o.review, CollectionAdd: o.collection}
	var draft *store.GetCaseStudyRow
	if u != nil && u.InstitutionID != 0 {
		c, err := h.Queries.GetCaseStudy(ctx, store.GetCaseStudyParams{InstitutionID: u.InstitutionID, ID: id})
		switch {
		case err == nil:
			t := access.CaseStudyTarget(c)
			v.CanEdit, v.CanReview = auth.Can(u, auth.EditCaseStudy, t), auth.Can(u, auth.ReviewCaseStudy, t)
			if v.CanEdit || v.CanReview {
				draft = &c
				v.Status = &page.Status{DraftVersion: int(c.Version), Requested: c.RequestedVisibility, ReviewState: c.ReviewState,
					ReviewComment: c.ReviewComment, Reviewer: c.ReviewerName, ReviewedAt: c.ReviewedAt}
				if c.PublishedVisibility != nil {
					v.Status.Published, v.Status.PublishedVersion = *c.PublishedVisibility, int(*c.PublishedVersion)
				}
			}
		case !errors.Is(err, pgx.ErrNoRows):
			httpx.ServerError(w, r, err)
			return
		}
	}
	pub, err := h.Queries.GetPublication(ctx, id)
	readable := err == nil && auth.CanRead(u, pub.Visibility, pub.InstitutionID)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		httpx.ServerError(w, r, err)
		return
	}
	switch {
	case draft != nil && (wantDraft || !readable):
		if err := h.fillDraft(r, &v, *draft); err != nil {
			httpx.ServerError(w, r, err)
			return
		}
	case readable:
		if err := fillPublication(&v, pub); err != nil {
			httpx.ServerError(w, r, err)
			return
		}
	default:
		httpx.NotFound(w, r)
		return
	}
	if u != nil && !v.Draft {
		if v.Bookmarked, err = h.Queries.IsBookmarked(ctx, store.IsBookmarkedParams{UserID: u.ID, CaseStudyID: id}); err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		if v.CanCurate = auth.CanCurate(u); v.CanCurate {
			cols, err := h.Queries.ListOwnCollections(ctx, ownCollections(u))
			if err != nil {
				httpx.ServerError(w, r, err)
				return
			}
			for _, c := range cols {
				label := c.Title
				if c.ProgrammeCode != "" {
					label = i18n.T(ctx, "casestudy.show.collect.team", "Title", c.Title, "Code", c.ProgrammeCode)
				}
				v.Collections = append(v.Collections, components.Option{Value: strconv.FormatInt(c.ID, 10), Label: label})
			}
		}
	}
	if !v.Draft {
		if v.Similar, err = h.similarTo(ctx, auth.LibraryReader(u), pub); err != nil {
			httpx.ServerError(w, r, err)
			return
		}
	}
	v.URL = paths.CaseStudy(id, v.Title)
	p := web.Page{Title: v.Title, Section: "library", Description: v.Summary}
	if !v.Draft && v.Visibility == "public" {
		abs := h.BaseURL + v.URL
		p.Meta = []web.Meta{{Property: "og:type", Content: "article"}, {Property: "og:title", Content: v.Title},
			{Property: "og:description", Content: v.Summary}, {Property: "og:url", Content: abs},
			{Property: "og:site_name", Content: i18n.T(ctx, "casestudy.og.site")}}
	}
	p.Breadcrumbs = []web.Crumb{{Label: i18n.T(ctx, "library.title"), URL: paths.Library}, {Label: v.Title}}
	httpx.Render(w, r, status, p, page.Show(v))
}

func fillPublication(v *page.CaseStudyPage, p store.GetPublicationRow) error {
	var sections []storedSection
	if err := json.Unmarshal(p.Sections, &sections); err != nil {
		return err
	}
	var evidence []storedEvidence
	if err := json.Unmarshal(p.Evidence, &evidence); err != nil {
		return err
	}
	v.Title, v.Summary, v.Kind, v.Stage, v.Dimensions, v.Placement = p.Title, p.Summary, p.Kind, p.Stage, p.Dimensions, p.Placement
	v.Strength, v.Year, v.Institution, v.InstitutionType = int(p.EvidenceStrength), int(p.AcademicYear), p.InstitutionName, p.InstitutionType
	v.Discipline, v.Visibility, v.Published = p.Discipline, p.Visibility, p.PublishedAt
	for _, s := range sections {
		v.Sections = append(v.Sections, page.Section{ID: s.ID, Title: s.Title, HTML: markdown.HTML(s.Markdown)})
	}
	for _, e := range evidence {
		v.Evidence = append(v.Evidence, page.EvidenceItem{Title: e.Title, Kind: e.Kind, Strength: e.Strength, Details: e.Details})
	}
	return nil
}

func (h *Handler) fillDraft(r *http.Request, v *page.CaseStudyPage, c store.GetCaseStudyRow) error {
	inst, err := h.Queries.GetInstitution(r.Context(), c.InstitutionID)
	if err != nil {
		return err
	}
	v.Draft = true
	v.Title, v.Summary, v.Kind, v.Stage, v.Dimensions, v.Placement = c.Title, markdown.Text(c.Summary), c.Kind, c.Stage, c.Dimensions, c.Placement
	v.Strength, v.Year, v.Institution, v.InstitutionType = int(c.EvidenceStrength), int(c.AcademicYear), inst.Name, c.InstitutionType
	v.Discipline, v.Visibility = c.Discipline, "draft"
	for _, s := range sectionsOf(c) {
		v.Sections = append(v.Sections, page.Section{ID: s.ID, Title: s.Title, HTML: markdown.HTML(s.Markdown)})
	}
	linked, err := h.Queries.LinkedEvidence(r.Context(), c.ID)
	if err != nil {
		return err
	}
	for _, e := range linked {
		v.Evidence = append(v.Evidence, page.EvidenceItem{Title: e.Title, Kind: e.Kind, Strength: int(e.Strength),
			Details: evidenceDetails(e.Instrument, e.SampleSize, e.ResponseRate, e.Comparison, e.EffectSize)})
	}
	return nil
}

const perPage = 20

// Library searches the case studies the reader may see. Filters are plain
// GET parameters, so a search is a link to share; unknown filter values
// are ignored and the rest kept.
func (h *Handler) Library(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	q := r.URL.Query()
	text := strings.TrimSpace(q.Get("q"))
	if len([]rune(text)) > 500 {
		text = string([]rune(text)[:500])
	}
	lq := store.LibraryQuery{Reader: auth.LibraryReader(u), Newest: q.Get("sort") == "newest" || text == ""}
	search := libsearch.Parse(text)
	keep := func(name string, l vocab.List) []string {
		var out []string
		for _, v := range q[name] {
			if l.Has(v) {
				out = append(out, v)
			}
		}
		return out
	}
	lq.Kinds, lq.Stages, lq.Dimensions, lq.Placements = keep("kind", vocab.Kinds), keep("stage", vocab.Stages), keep("dimension", vocab.Dimensions), keep("placement", vocab.Placements)
	for _, s := range q["strength"] {
		if n, err := strconv.Atoi(s); err == nil && n >= 0 && n <= 3 {
			lq.Strengths = append(lq.Strengths, n)
		}
	}
	for _, s := range q["institution"] {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 0 {
			lq.Institutions = append(lq.Institutions, n)
		}
	}
	for _, s := range q["year"] {
		if n, err := strconv.Atoi(s); err == nil && n >= 2000 && n <= 2100 {
			lq.Years = append(lq.Years, n)
		}
	}
	for _, s := range q["discipline"] {
		if s = strings.TrimSpace(s); s != "" && len(s) <= 200 {
			lq.Disciplines = append(lq.Disciplines, s)
		}
	}
	v := page.LibraryPage{Q: text, Sort: q.Get("sort"), SignedIn: u != nil}
	// Evaluation codes are each institution's: a member filters by their
	// own institution's codes, matched by code across the network.
	if u != nil && u.InstitutionID != 0 {
		voc, err := codes.Load(ctx, h.Queries, u.InstitutionID)
		if err != nil {
			httpx.ServerError(w, r, err)
			return
		}
		lq.Codes, v.CodeType, v.CodeRisk = voc.Filter(q.Get("type"), q.Get("risk"))
		v.Types, v.Risks = voc.FilterOptions()
	}
	paging := httpx.PagingFrom(r, perPage)
	lq.Limit, lq.Offset = perPage, int(paging.Offset())

	// Read from the replica when there is one close enough behind, from
	// the primary otherwise; a failed replica's read starts again on the
	// primary from the same page and query.
	var facets []store.FacetCount
	var order []int64
	var reachable int
	var searched found
	base, baseQuery := v, lq
	src, err := h.Reads.Read(ctx, h.Pool, func(pool *pgxpool.Pool) error {
		qs := h.Queries
		if pool != h.Pool {
			qs = store.New(pool)
		}
		v, lq = base, baseQuery
		var anyWords string
		if text != "" {
			compiled := store.SearchQueries{Empty: true}
			if !search.Empty() {
				var err error
				if compiled, err = h.compiled.Compile(ctx, qs, search.All(), search.Any(), search.Phrase(), search.Exact(), search.InTitle()); err != nil {
					return err
				}
			}
			if compiled.Empty {
				v.Message = i18n.T(ctx, "library.message.common")
			} else {
				lq.Match, lq.Phrase, lq.Exact, lq.InTitle, anyWords = compiled.All, compiled.Phrase, compiled.Exact, compiled.InTitle, compiled.Any
				lq.RarestShare = compiled.RarestShare
			}
		}
		ranked := lq.Match != "" && !lq.Newest
		facets, order, searched = nil, nil, found{}
		if lq.Match != "" {
			var err error
			if searched, err = h.searchMatches(ctx, qs, lq, anyWords, ranked); err != nil {
				return err
			}
			facets, v.Total, v.More, order = searched.facets, searched.total, searched.more, searched.order
		} else {
			var err error
			if searched, err = h.libraryFacets(ctx, qs, lq); err != nil {
				return err
			}
			facets = searched.facets
			for _, f := range facets {
				if f.Facet == "total" {
					v.Total = f.Count
				}
			}
		}
		reachable = v.Total
		if ranked {
			reachable = len(order)
			v.Deep, v.Ranked = v.More && lq.Offset+perPage >= len(order), len(order)
		}
		if v.Message == "" && lq.Offset < reachable {
			if ranked {
				var err error
				if v.Hits, err = h.rankedPage(ctx, qs, searched, lq); err != nil {
					return err
				}
			} else {
				var err error
				if v.Hits, err = h.listPage(ctx, qs, searched, lq); err != nil {
					return err
				}
			}
		}
		if v.Message == "" && lq.Offset == 0 {
			v.Partial = searched.partial
		}
		return nil
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	if src.Replica {
		v.AsOf = asOf(ctx, src.Lag(time.Now()))
	}
	if v.Message != "" {
		v.Total = 0
	} else {
		v.Facets, v.FacetFields = h.searchFacets(ctx, searched, facets, lq)
	}
	switch {
	case v.Total == 0 && v.Message == "" && len(v.Partial) > 0:
		v.Message = i18n.T(ctx, "library.message.partial")
	case v.Total == 0 && v.Message == "":
		v.Message = i18n.T(ctx, "library.message.none")
	}
	v.Pager = components.Pager{Page: paging.Page, PerPage: perPage, Total: reachable, Path: paths.Library, Query: q}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(ctx, "library.title"), Section: "library",
		HeadLinks: []web.HeadLink{{Rel: "alternate", Type: "application/atom+xml", Href: paths.LibraryFeed, Title: i18n.T(ctx, "library.feed.title")}}}, page.Library(v))
}

// libraryFacets counts the case studies of a list without search text by
// facet. The counts cover every readable case study and change only when
// something is published, so they are kept a minute, and their facets
// drawn with them (searchFacets, by the number they were kept under).
func (h *Handler) libraryFacets(ctx context.Context, qs *store.Queries, lq store.LibraryQuery) (found, error) {
	key := "list|" + filterKey(lq)
	counts, number, err := h.facets.load(ctx, key, func(ctx context.Context) ([]store.FacetCount, error) { return qs.LibraryFacets(ctx, lq) })
	return found{facets: counts, key: key, version: number}, err
}

// countMatches counts a text search's matches by facet, as LibraryFacets
// does for a list, from the counted sample of store.LibraryMatches. With
// more than store.CountCap matches the total is CountCap and more is
// true; the facet values are then those of the sample, without meaning in
// their counts.
func countMatches(matches []store.LibraryMatch) (counts []store.FacetCount, total int, more bool) {
	type key struct{ facet, value string }
	// One map lookup per value, sized for a page of matches' facets, and
	// the counts kept in the order values were first seen, after the
	// total.
	index := make(map[key]int, 128)
	counts = append(make([]store.FacetCount, 0, 128), store.FacetCount{Facet: "total"})
	add := func(facet, value, label string) {
		k := key{facet, value}
		i, seen := index[k]
		if !seen {
			i = len(counts)
			index[k] = i
			counts = append(counts, store.FacetCount{Facet: facet, Value: value, Label: label})
		}
		counts[i].Count++
	}
	for _, m := range matches {
		if !m.Sample {
			continue
		}
		total++
		add("kind", m.Kind, "")
		add("stage", m.Stage, "")
		for _, d := range m.Dimensions {
			add("dimension", d, "")
		}
		add("placement", m.Placement, "")
		if m.Discipline != "" {
			add("discipline", m.Discipline, "")
		}
		add("strength", strconv.Itoa(int(m.EvidenceStrength)), "")
		add("institution", strconv.FormatInt(m.InstitutionID, 10), m.InstitutionName)
		add("year", strconv.Itoa(int(m.AcademicYear)), "")
	}
	if total > store.CountCap {
		total, more = store.CountCap, true
	}
	counts[0].Count = total
	return counts, total, more
}

// rankMatches orders the matches, counted and newest together, by
// relevance, then newest id first among equals.
func rankMatches(matches []store.LibraryMatch) []int64 {
	rank := map[int64]float64{}
	for _, m := range matches {
		rank[m.ID] = m.Rank
	}
	ids := slices.Collect(maps.Keys(rank))
	slices.SortFunc(ids, func(a, b int64) int {
		if c := cmp.Compare(rank[b], rank[a]); c != 0 {
			return c
		}
		return cmp.Compare(b, a)
	})
	return ids
}

// hitViews are hits as the page shows them, and about how many bytes
// they hold.
func hitViews(hits []store.LibraryHit) ([]page.Hit, int) {
	views := make([]page.Hit, len(hits))
	size := 0
	for i, hit := range hits {
		views[i] = hitView(hit)
		size += hitSize(views[i]) + 2*len(hit.Snippet)
	}
	return views, size
}

func hitView(hit store.LibraryHit) page.Hit {
	snippet := libsearch.Snippet(hit.Snippet, store.MarkStart, store.MarkStop, hit.Cut)
	return page.Hit{ID: hit.ID, URL: paths.CaseStudy(hit.ID, hit.Title), Title: hit.Title, Snippet: page.Snippet(snippet, store.MarkStart, store.MarkStop),
		Institution: hit.InstitutionName, Kind: hit.Kind, Stage: hit.Stage, Dimensions: hit.Dimensions, Strength: int(hit.EvidenceStrength),
		Year: int(hit.AcademicYear), Visibility: hit.Visibility, Published: hit.PublishedAt}
}

// facetGroups orders each facet's values as people expect, with the
// chosen ones ticked.
func facetGroups(ctx context.Context, counts []store.FacetCount, lq store.LibraryQuery) []page.FacetGroup {
	by := map[string]map[string]store.FacetCount{}
	for _, c := range counts {
		if by[c.Facet] == nil {
			by[c.Facet] = map[string]store.FacetCount{}
		}
		by[c.Facet][c.Value] = c
	}
	fromVocab := func(name, label string, l vocab.List, chosen []string) page.FacetGroup {
		g := page.FacetGroup{Name: name, Label: label}
		for _, t := range l {
			n := by[name][t.Value].Count
			sel := slices.Contains(chosen, t.Value)
			if n > 0 || sel {
				g.Options = append(g.Options, page.FacetOption{Value: t.Value, Label: t.LabelIn(ctx), Count: n, Selected: sel})
			}
		}
		return g
	}
	sorted := func(name, label string, chosen []string, labelOf func(store.FacetCount) string, desc bool) page.FacetGroup {
		g := page.FacetGroup{Name: name, Label: label}
		// Each value's label and sort key worked out once, not at every
		// comparison: a network holds a hundred institutions or more.
		type option struct {
			page.FacetOption
			key string
		}
		var values []option
		for _, c := range by[name] {
			o := option{FacetOption: page.FacetOption{Value: c.Value, Label: labelOf(c), Count: c.Count, Selected: slices.Contains(chosen, c.Value)}}
			if o.key = strings.ToLower(o.Label); desc {
				o.key = c.Value
			}
			values = append(values, o)
		}
		slices.SortFunc(values, func(a, b option) int {
			if desc {
				return strings.Compare(b.key, a.key)
			}
			return strings.Compare(a.key, b.key)
		})
		for _, o := range values {
			g.Options = append(g.Options, o.FacetOption)
		}
		return g
	}
	strengths := page.FacetGroup{Name: "strength", Label: i18n.T(ctx, "library.facet.strength")}
	for n := 3; n >= 0; n-- {
		c := by["strength"][strconv.Itoa(n)]
		sel := slices.Contains(lq.Strengths, n)
		if c.Count > 0 || sel {
			strengths.Options = append(strengths.Options, page.FacetOption{Value: strconv.Itoa(n), Label: page.StrengthLabelIn(ctx, n), Count: c.Count, Selected: sel})
		}
	}
	toStrings := func(ns any) []string {
		var out []string
		switch x := ns.(type) {
		case []int64:
			for _, n := range x {
				out = append(out, strconv.FormatInt(n, 10))
			}
		case []int:
			for _, n := range x {
				out = append(out, strconv.Itoa(n))
			}
		}
		return out
	}
	return []page.FacetGroup{
		fromVocab("kind", i18n.T(ctx, "library.facet.kind"), vocab.Kinds, lq.Kinds),
		fromVocab("stage", i18n.T(ctx, "library.facet.stage"), vocab.Stages, lq.Stages),
		fromVocab("dimension", i18n.T(ctx, "library.facet.dimension"), vocab.Dimensions, lq.Dimensions),
		fromVocab("placement", i18n.T(ctx, "library.facet.placement"), vocab.Placements, lq.Placements),
		strengths,
		sorted("discipline", i18n.T(ctx, "library.facet.discipline"), lq.Disciplines, func(c store.FacetCount) string { return c.Value }, false),
		sorted("institution", i18n.T(ctx, "library.facet.institution"), toStrings(lq.Institutions), func(c store.FacetCount) string { return c.Label }, false),
		sorted("year", i18n.T(ctx, "library.facet.year"), toStrings(lq.Years), func(c store.FacetCount) string {
			y, _ := strconv.Atoi(c.Value)
			return acyear.Label(y)
		}, true),
	}
}

// atomFeed is an Atom 1.0 document.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Link    []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title   string     `xml:"title"`
	ID      string     `xml:"id"`
	Updated string     `xml:"updated"`
	Link    atomLink   `xml:"link"`
	Summary string     `xml:"summary"`
	Author  atomAuthor `xml:"author"`
}

// Feed is the Atom feed of newly published network and public case
// studies; a reader who is not signed in (as most feed readers are not)
// gets the public ones.
func (h *Handler) Feed(w http.ResponseWriter, r *http.Request) {
	u := reqctx.UserFrom(r.Context())
	hits, err := h.Queries.RecentPublications(r.Context(), auth.LibraryReader(u), 50)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	feed := atomFeed{Title: "Belonging: newly published case studies", ID: h.BaseURL + paths.LibraryFeed,
		Updated: time.Unix(0, 0).UTC().Format(time.RFC3339), Author: atomAuthor{Name: "Belonging"},
		Link: []atomLink{{Href: h.BaseURL + paths.LibraryFeed, Rel: "self"}, {Href: h.BaseURL + paths.Library, Rel: "alternate"}}}
	for i, hit := range hits {
		updated := hit.PublishedAt.UTC().Format(time.RFC3339)
		if i == 0 {
			feed.Updated = updated
		}
		link := h.BaseURL + paths.CaseStudy(hit.ID, hit.Title)
		feed.Entries = append(feed.Entries, atomEntry{Title: hit.Title, ID: link, Updated: updated, Link: atomLink{Href: link},
			Summary: hit.Summary, Author: atomAuthor{Name: hit.InstitutionName}})
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	_, _ = w.Write([]byte(xml.Header))
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	_ = enc.Encode(feed)
}

// ToggleBookmark bookmarks a case study the person may read, or removes
// the bookmark.
func (h *Handler) ToggleBookmark(w http.ResponseWriter, r *http.Request) {
	pub, ok := h.Access.Publication(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	added, err := h.Queries.ToggleBookmark(ctx, store.ToggleBookmarkParams{UserID: u.ID, CaseStudyID: pub.CaseStudyID})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	msg := i18n.T(ctx, "casestudy.flash.unbookmarked")
	if added {
		msg = i18n.T(ctx, "casestudy.flash.bookmarked")
	}
	h.Sessions.Flash(ctx, "success", msg)
	httpx.SeeOther(w, r, paths.CaseStudy(pub.CaseStudyID, pub.Title))
}

// Bookmarks lists the person's bookmarks they may still read.
func (h *Handler) Bookmarks(w http.ResponseWriter, r *http.Request) {
	u := reqctx.UserFrom(r.Context())
	hits, err := h.Queries.Bookmarked(r.Context(), auth.LibraryReader(u), u.ID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	var v page.BookmarksPage
	v.Hits, _ = hitViews(hits)
	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(r.Context(), "library.nav.bookmarks"), Section: "library"}, page.Bookmarks(v))
}

// List shows the case studies the person writes or reviews.
func (h *Handler) List(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	if u.InstitutionID == 0 {
		httpx.SeeOther(w, r, paths.Library)
		return
	}
	// Their own, and those of the programmes whose reviews are theirs.
	rows, err := h.Queries.ListCaseStudiesFor(ctx, store.ListCaseStudiesForParams{InstitutionID: u.InstitutionID, UserID: &u.ID,
		ProgrammeIds: auth.PlannedProgrammes(u), AllProgrammes: u.IsAdmin()})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	var v page.ListPage
	for _, c := range rows {
		row := page.ListRow{ID: c.ID, Title: c.Title, Programme: c.ProgrammeCode, Author: c.AuthorName, Updated: c.UpdatedAt}
		switch {
		case c.ReviewState == "pending":
			row.State, row.StateKind = i18n.T(ctx, "casestudy.state.pending"), "warn"
		case c.ReviewState == "changes_requested":
			row.State, row.StateKind = i18n.T(ctx, "casestudy.state.changes"), "bad"
		case c.PublishedVisibility != nil:
			row.State, row.StateKind = i18n.T(ctx, "casestudy.state.published", "Visibility", page.VisibilityLabelIn(ctx, *c.PublishedVisibility)), "ok"
		default:
			row.State, row.StateKind = i18n.T(ctx, "casestudy.state.draft"), "info"
		}
		v.Rows = append(v.Rows, row)
	}
	httpx.Render(w, r, http.StatusOK, web.Page{Title: i18n.T(ctx, "library.list.title"), Section: "library"}, page.List(v))
}

// ActivitySection lists the activity's case studies on its page, with a
// way to write one for those who may.
func (h *Handler) ActivitySection(r *http.Request, a access.Activity) (templ.Component, error) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	rows, err := h.Queries.ListActivityCaseStudies(r.Context(), store.ListActivityCaseStudiesParams{InstitutionID: a.InstitutionID, ActivityID: &a.ID})
	if err != nil {
		return nil, err
	}
	v := page.ActivityCaseStudies{ActivityID: a.ID, CanWrite: auth.Can(u, auth.EditActivity, a.Target)}
	for _, c := range rows {
		row := page.ListRow{ID: c.ID, Title: c.Title, State: i18n.T(ctx, "casestudy.state.draft"), StateKind: "info"}
		switch {
		case c.ReviewState == "pending":
			row.State, row.StateKind = i18n.T(ctx, "casestudy.state.pending"), "warn"
		case c.PublishedVisibility != nil:
			row.State, row.StateKind = i18n.T(ctx, "casestudy.state.published", "Visibility", page.VisibilityLabelIn(ctx, *c.PublishedVisibility)), "ok"
		}
		v.Rows = append(v.Rows, row)
	}
	return page.ActivitySection(v), nil
}
