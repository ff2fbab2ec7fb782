package toc

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"

	"belonging/internal/access"
	"belonging/internal/audit"
	"belonging/internal/auth"
	"belonging/internal/httpx"
	"belonging/internal/httpx/form"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	"belonging/web/components"
	page "belonging/web/pages/toc"
	"belonging/web/paths"
)

// Handler serves the theory-of-change pages.
type Handler struct {
	Pool    *pgxpool.Pool
	Queries *store.Queries
	// Access loads the activity each route names and answers 404 or 403:
	// whoever may see the activity sees its theory of change, whoever may
	// edit the activity edits it.
	Access   *access.Loader
	Sessions *auth.Sessions
}

// Longest entry, and longest evidence note, in characters.
const (
	maxBody = 1000
	maxNote = 2000
	// maxPartText is the length of an activity's free-text column, which
	// holds a part's entries joined by newlines.
	maxPartText = 4000
)

// Show is an activity's theory of change.
func (h *Handler) Show(w http.ResponseWriter, r *http.Request) {
	a, ok := h.Access.Activity(w, r, auth.ViewProgramme)
	if !ok {
		return
	}
	h.renderShow(w, r, http.StatusOK, a, page.EntryForm{})
}

func (h *Handler) renderShow(w http.ResponseWriter, r *http.Request, status int, a access.Activity, add page.EntryForm) {
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	m, err := Load(ctx, h.Queries, u.InstitutionID, a.ID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	v := page.Page{ActivityID: a.ID, Title: a.Title, CanEdit: access.Can(r, auth.EditActivity, a.Target), Rows: m.Rows(ctx),
		Diagram: m.Diagram(ctx), Add: add, Parts: partOptions(ctx), Terms: TermsIn(ctx)}
	httpx.Render(w, r, status, web.Page{Title: i18n.T(ctx, "toc.page.title", "Title", a.Title), Section: "programmes", Breadcrumbs: []web.Crumb{
		{Label: a.ProgrammeCode, URL: paths.Plan(a.ProgrammeID, int(a.AcademicYear))}, {Label: a.Title, URL: paths.Activity(a.ID)},
		{Label: i18n.T(ctx, "toc.title")}}}, page.Show(v))
}

func partOptions(ctx context.Context) []components.Option {
	out := make([]components.Option, len(Parts))
	for i, p := range Parts {
		out[i] = components.Option{Value: p.Value, Label: p.LabelIn(ctx), Hint: p.HintIn(ctx)}
	}
	return out
}

// Add adds an entry at the end of its part.
func (h *Handler) Add(w http.ResponseWriter, r *http.Request) {
	a, ok := h.Access.Activity(w, r, auth.EditActivity)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	m, err := Load(ctx, h.Queries, u.InstitutionID, a.ID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	f := page.EntryForm{Part: vals.Text("part"), Term: vals.Text("term"), Body: oneLine(vals.Raw("body"))}
	p, known := part(f.Part)
	f.Check(known, "part", i18n.T(ctx, "toc.error.part"))
	if f.Part == "outcome" {
		f.Check(form.OneOf(f.Term, "short", "medium", "long"), "term", i18n.T(ctx, "toc.error.term"))
	}
	checkBody(ctx, &f, m, p, 0)
	if !f.Valid() {
		h.renderShow(w, r, http.StatusUnprocessableEntity, a, f)
		return
	}
	var termArg *string
	if f.Part == "outcome" {
		termArg = &f.Term
	}
	err = store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		id, err := q.AddTocEntry(ctx, store.AddTocEntryParams{InstitutionID: u.InstitutionID, ActivityID: a.ID, Part: f.Part,
			Term: termArg, Body: f.Body})
		if err != nil {
			return err
		}
		return audit.By(u).Record(ctx, q, "create", "toc_entry", id, audit.Created(map[string]any{
			"activity_id": a.ID, "part": f.Part, "term": f.Term, "body": f.Body}))
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "toc.flash.added", "Part", p.LabelIn(ctx)))
	httpx.SeeOther(w, r, paths.TheoryOfChange(a.ID))
}

// oneLine keeps an entry to one paragraph: each entry is one line of its
// part's text on the activity.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// checkBody checks an entry's text, and that its part's text (the entries
// joined by newlines, without the entry being replaced) still fits the
// activity's column.
func checkBody(ctx context.Context, f *page.EntryForm, m Model, p Part, replacing int64) {
	switch {
	case f.Body == "":
		f.Add("body", i18n.T(ctx, "toc.error.body"))
	case !form.MaxLength(f.Body, maxBody):
		f.Add("body", i18n.T(ctx, "toc.error.body.long", "Max", maxBody))
	case p.Column:
		total := len([]rune(f.Body))
		for _, e := range m.Of(p.Value) {
			if e.ID != replacing {
				total += 1 + len([]rune(e.Body))
			}
		}
		if total > maxPartText {
			f.Add("body", i18n.T(ctx, "toc.error.part.long", "Part", strings.ToLower(p.HeadingIn(ctx)), "Max", components.Number(maxPartText)))
		}
	}
}

// entry loads the activity the route names (for editing) and its entry.
func (h *Handler) entry(w http.ResponseWriter, r *http.Request) (access.Activity, Model, Entry, bool) {
	a, ok := h.Access.Activity(w, r, auth.EditActivity)
	if !ok {
		return a, Model{}, Entry{}, false
	}
	id, ok := httpx.IDParam(w, r, "entry")
	if !ok {
		return a, Model{}, Entry{}, false
	}
	u := reqctx.UserFrom(r.Context())
	m, err := Load(r.Context(), h.Queries, u.InstitutionID, a.ID)
	if err != nil {
		httpx.ServerError(w, r, err)
		return a, Model{}, Entry{}, false
	}
	e, found := m.Get(id)
	if !found {
		httpx.NotFound(w, r)
		return a, Model{}, Entry{}, false
	}
	return a, m, e, true
}

// Edit shows one entry's form.
func (h *Handler) Edit(w http.ResponseWriter, r *http.Request) {
	a, m, e, ok := h.entry(w, r)
	if !ok {
		return
	}
	f := page.EntryForm{ID: e.ID, Part: e.Part, Term: term(e), Body: e.Body, EvidenceNote: e.EvidenceNote}
	if e.EvidenceID != nil {
		f.EvidenceID = strconv.FormatInt(*e.EvidenceID, 10)
	}
	for _, id := range e.From {
		f.Elements = append(f.Elements, strconv.FormatInt(id, 10))
	}
	h.renderEdit(w, r, http.StatusOK, a, m, f)
}

func (h *Handler) renderEdit(w http.ResponseWriter, r *http.Request, status int, a access.Activity, m Model, f page.EntryForm) {
	choices, err := h.evidenceChoices(r.Context(), a)
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	ctx := r.Context()
	p, _ := part(f.Part)
	f.PartLabel = p.changeHeading(ctx)
	f.Terms, f.EvidenceChoices = TermsIn(ctx), choices
	for _, el := range m.Of("activity") {
		f.ElementChoices = append(f.ElementChoices, components.Option{Value: strconv.FormatInt(el.ID, 10), Label: el.Body})
	}
	httpx.Render(w, r, status, web.Page{Title: i18n.T(ctx, "toc.edit.page", "Title", a.Title), Section: "programmes", Breadcrumbs: []web.Crumb{
		{Label: a.ProgrammeCode, URL: paths.Plan(a.ProgrammeID, int(a.AcademicYear))}, {Label: a.Title, URL: paths.Activity(a.ID)},
		{Label: i18n.T(ctx, "toc.title"), URL: paths.TheoryOfChange(a.ID)}, {Label: i18n.T(ctx, "toc.edit.crumb")}}}, page.EditEntry(a.ID, a.Title, f))
}

func (h *Handler) evidenceChoices(ctx context.Context, a access.Activity) ([]components.Option, error) {
	rows, err := h.Queries.ListActivityEvidenceChoices(ctx, store.ListActivityEvidenceChoicesParams{InstitutionID: a.InstitutionID, ActivityID: a.ID})
	if err != nil {
		return nil, err
	}
	out := make([]components.Option, len(rows))
	for i, e := range rows {
		out[i] = components.Option{Value: strconv.FormatInt(e.ID, 10), Label: e.Title}
	}
	return out, nil
}

// Update saves one entry: its text, an outcome's term and the elements
// that lead to it, an assumption's evidence.
func (h *Handler) Update(w http.ResponseWriter, r *http.Request) {
	a, m, e, ok := h.entry(w, r)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	f := page.EntryForm{ID: e.ID, Part: e.Part, Body: oneLine(vals.Raw("body"))}
	p, _ := part(e.Part)
	checkBody(ctx, &f, m, p, e.ID)
	var evidenceArg *int64
	var newTerm *string
	var from []int64
	if e.Part == "outcome" {
		f.Term = vals.Text("term")
		f.Check(form.OneOf(f.Term, "short", "medium", "long"), "term", i18n.T(ctx, "toc.error.term"))
		newTerm = &f.Term
		f.Elements = vals.List("from")
		elements := m.Of("activity")
		for _, s := range f.Elements {
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil || !slices.ContainsFunc(elements, func(el Entry) bool { return el.ID == id }) {
				f.Add("from", i18n.T(ctx, "toc.error.from"))
				break
			}
			from = append(from, id)
		}
	}
	if e.Part == "assumption" {
		f.EvidenceNote, f.EvidenceID = strings.TrimSpace(vals.Raw("evidence_note")), vals.Text("evidence")
		f.Check(form.MaxLength(f.EvidenceNote, maxNote), "evidence_note", i18n.T(ctx, "toc.error.note.long", "Max", maxNote))
		if f.EvidenceID != "" {
			choices, err := h.evidenceChoices(ctx, a)
			if err != nil {
				httpx.ServerError(w, r, err)
				return
			}
			id, err := strconv.ParseInt(f.EvidenceID, 10, 64)
			if err != nil || !slices.ContainsFunc(choices, func(c components.Option) bool { return c.Value == f.EvidenceID }) {
				f.Add("evidence", i18n.T(ctx, "toc.error.evidence"))
			} else {
				evidenceArg = &id
			}
		}
	}
	if !f.Valid() {
		h.renderEdit(w, r, http.StatusUnprocessableEntity, a, m, f)
		return
	}
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		if err := q.UpdateTocEntry(ctx, store.UpdateTocEntryParams{InstitutionID: u.InstitutionID, ActivityID: a.ID, ID: e.ID,
			Term: newTerm, Body: f.Body, EvidenceNote: f.EvidenceNote, EvidenceID: evidenceArg}); err != nil {
			return err
		}
		if e.Part == "outcome" {
			if err := q.DeleteTocLinksOfOutcome(ctx, store.DeleteTocLinksOfOutcomeParams{InstitutionID: u.InstitutionID,
				ActivityID: a.ID, OutcomeID: e.ID}); err != nil {
				return err
			}
			if err := q.AddTocLinks(ctx, store.AddTocLinksParams{InstitutionID: u.InstitutionID, ActivityID: a.ID, OutcomeID: e.ID,
				ElementIds: from}); err != nil {
				return err
			}
		}
		return audit.By(u).Record(ctx, q, "update", "toc_entry", e.ID, audit.Diff(
			map[string]any{"body": e.Body, "term": term(e), "from": ids(e.From), "evidence_note": e.EvidenceNote, "evidence_id": idOf(e.EvidenceID)},
			map[string]any{"body": f.Body, "term": f.Term, "from": ids(from), "evidence_note": f.EvidenceNote, "evidence_id": idOf(evidenceArg)}))
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "toc.flash.saved"))
	httpx.SeeOther(w, r, paths.TheoryOfChange(a.ID))
}

func ids(list []int64) string {
	s := make([]string, len(list))
	for i, id := range list {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ",")
}

func idOf(id *int64) string {
	if id == nil {
		return ""
	}
	return strconv.FormatInt(*id, 10)
}

// Delete removes an entry, and its links.
func (h *Handler) Delete(w http.ResponseWriter, r *http.Request) {
	a, _, e, ok := h.entry(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		if _, err := q.DeleteTocEntry(ctx, store.DeleteTocEntryParams{InstitutionID: u.InstitutionID, ActivityID: a.ID, ID: e.ID}); err != nil {
			return err
		}
		return audit.By(u).Record(ctx, q, "delete", "toc_entry", e.ID, map[string]audit.Change{
			"activity_id": {Before: strconv.FormatInt(a.ID, 10)}, "part": {Before: e.Part}, "body": {Before: e.Body}})
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "toc.flash.removed"))
	httpx.SeeOther(w, r, paths.TheoryOfChange(a.ID))
}
