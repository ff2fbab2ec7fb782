package partner

import (
	"net/http"

	"belonging/internal/access"
	"belonging/internal/audit"
	"belonging/internal/httpx"
	"belonging/internal/httpx/form"
	"belonging/internal/i18n"
	"belonging/internal/reqctx"
	"belonging/internal/store"
	"belonging/web"
	page "belonging/web/pages/partner"
	"belonging/web/paths"
)

// SessionNotes shows the form for a session's notes.
func (h *Handler) SessionNotes(w http.ResponseWriter, r *http.Request) {
	s, ok := h.Access.PartnerSession(w, r)
	if !ok {
		return
	}
	u := reqctx.UserFrom(r.Context())
	notes, err := h.Queries.GetSessionNotes(r.Context(), store.GetSessionNotesParams{InstitutionID: u.InstitutionID, ID: s.ID})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.renderNotes(w, r, http.StatusOK, s, page.NotesForm{Notes: notes})
}

func (h *Handler) renderNotes(w http.ResponseWriter, r *http.Request, status int, s access.Session, v page.NotesForm) {
	ctx := r.Context()
	v.ActivityID, v.SessionID, v.Session = s.Activity.ID, s.ID, i18n.FullDate(ctx, s.SessionDate)
	httpx.Render(w, r, status, web.Page{Title: i18n.T(ctx, "partner.notes.title", "Date", v.Session), Section: "partner",
		Breadcrumbs: []web.Crumb{homeCrumb(ctx), {Label: s.Activity.Title, URL: paths.PartnerActivity(s.Activity.ID)}, {Label: i18n.T(ctx, "partner.crumb.notes")}}}, page.Notes(v))
}

// SaveSessionNotes keeps a session's notes.
func (h *Handler) SaveSessionNotes(w http.ResponseWriter, r *http.Request) {
	s, ok := h.Access.PartnerSession(w, r)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v := page.NotesForm{Notes: vals.Text("notes")}
	if v.Notes == "" {
		v.Add("notes", i18n.T(r.Context(), "partner.error.notes"))
	}
	v.Check(form.MaxLength(v.Notes, maxText), "notes", i18n.T(r.Context(), "partner.error.notes_long"))
	if !v.Valid() {
		h.renderNotes(w, r, http.StatusUnprocessableEntity, s, v)
		return
	}
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		before, err := q.GetSessionNotes(ctx, store.GetSessionNotesParams{InstitutionID: u.InstitutionID, ID: s.ID})
		if err != nil {
			return err
		}
		if err := q.SetSessionNotes(ctx, store.SetSessionNotesParams{InstitutionID: u.InstitutionID, ID: s.ID, Notes: v.Notes}); err != nil {
			return err
		}
		return audit.By(u).Record(ctx, q, "update", "session", s.ID, audit.Diff(map[string]any{"notes": before}, map[string]any{"notes": v.Notes}))
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "partner.flash.notes"))
	httpx.SeeOther(w, r, paths.PartnerActivity(s.Activity.ID))
}

// QuoteForm shows the form adding a student's words to an outcome.
func (h *Handler) QuoteForm(w http.ResponseWriter, r *http.Request) {
	o, ok := h.Access.PartnerOutcome(w, r)
	if !ok {
		return
	}
	h.renderQuote(w, r, http.StatusOK, o, page.QuoteForm{})
}

func (h *Handler) renderQuote(w http.ResponseWriter, r *http.Request, status int, o access.Outcome, v page.QuoteForm) {
	ctx := r.Context()
	v.ActivityID, v.OutcomeID, v.Outcome, v.Quotes = o.Activity.ID, o.ID, i18n.FullDate(ctx, o.OutcomeDate), o.StudentQuotes
	httpx.Render(w, r, status, web.Page{Title: i18n.T(ctx, "partner.quote.title"), Section: "partner",
		Breadcrumbs: []web.Crumb{homeCrumb(ctx), {Label: o.Activity.Title, URL: paths.PartnerActivity(o.Activity.ID)}, {Label: i18n.T(ctx, "partner.quote.title")}}}, page.Quote(v))
}

// AddQuote adds a student's words to an outcome's quotes.
func (h *Handler) AddQuote(w http.ResponseWriter, r *http.Request) {
	o, ok := h.Access.PartnerOutcome(w, r)
	if !ok {
		return
	}
	vals, ok := httpx.ParseForm(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), reqctx.UserFrom(r.Context())
	v := page.QuoteForm{Quote: vals.Text("quote")}
	if v.Quote == "" {
		v.Add("quote", i18n.T(r.Context(), "partner.error.quote"))
	} else if room := maxText - len([]rune(o.StudentQuotes)) - 2; !form.MaxLength(v.Quote, max(room, 0)) {
		v.Add("quote", i18n.T(r.Context(), "partner.error.quote_full"))
	}
	if !v.Valid() {
		h.renderQuote(w, r, http.StatusUnprocessableEntity, o, v)
		return
	}
	err := store.InTx(ctx, h.Pool, func(q *store.Queries) error {
		after, err := q.AddStudentQuote(ctx, store.AddStudentQuoteParams{InstitutionID: u.InstitutionID, ID: o.ID, Quote: v.Quote})
		if err != nil {
			return err
		}
		return audit.By(u).Record(ctx, q, "update", "outcome", o.ID,
			audit.Diff(map[string]any{"student_quotes": o.StudentQuotes}, map[string]any{"student_quotes": after}))
	})
	if err != nil {
		httpx.ServerError(w, r, err)
		return
	}
	h.Sessions.Flash(ctx, "success", i18n.T(ctx, "partner.flash.quote"))
	httpx.SeeOther(w, r, paths.PartnerActivity(o.Activity.ID))
}
